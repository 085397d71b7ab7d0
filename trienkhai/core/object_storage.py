"""Where uploaded files and backups live: the local disk, or an S3-compatible bucket (`MEDIA_STORAGE_URL`).

Imported by the settings, so nothing here touches Django's settings. With several app servers the uploads
must be shared: `MEDIA_STORAGE_URL=s3://BUCKET?endpoint_url=https://s3.example.vn&region=hn` puts the
default file storage (documents, evidence, photos, issued documents, exports) under `media/` in the bucket
and the backups under `backups/`, through django-storages' S3 backend. The credentials are never in the
URL: boto3 reads AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or a role) from the environment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

S3_BACKEND = "storages.backends.s3.S3Storage"
FILESYSTEM_BACKEND = "django.core.files.storage.FileSystemStorage"
# Query parameters of MEDIA_STORAGE_URL and the S3Storage option each sets.
S3_PARAMETERS = {
    "endpoint_url": "endpoint_url",
    "region": "region_name",
    "addressing_style": "addressing_style",
    "signature_version": "signature_version",
    "prefix": "location",
}


class StorageUrlError(ValueError):
    """MEDIA_STORAGE_URL cannot be read; the message says what is wrong."""


def s3_options(url: str) -> dict[str, Any]:
    """The S3Storage options MEDIA_STORAGE_URL names (bucket, endpoint, region, prefix)."""
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc:
        raise StorageUrlError(f"MEDIA_STORAGE_URL must look like s3://bucket?endpoint_url=...: {url!r}")
    options: dict[str, Any] = {"bucket_name": parts.netloc}
    for key, value in parse_qsl(parts.query, keep_blank_values=False):
        if key not in S3_PARAMETERS:
            raise StorageUrlError(
                f"MEDIA_STORAGE_URL: unknown parameter {key!r} (known: {sorted(S3_PARAMETERS)})"
            )
        options[S3_PARAMETERS[key]] = value
    prefix = options.pop("location", "").strip("/")
    options["location"] = prefix
    return options


def file_storages(*, media_storage_url: str, backup_root: Path) -> dict[str, dict[str, Any]]:
    """The "default" (uploads) and "backups" entries of STORAGES.

    On S3 an uploaded file never overwrites another of the same name (as on disk, a suffix is added), the
    objects stay private (downloads go through the app, which checks the user's rights) and a backup is
    never mixed into the uploads: `media/` and `backups/` are siblings under the optional prefix.
    """
    if not media_storage_url:
        return {
            "default": {"BACKEND": FILESYSTEM_BACKEND},
            "backups": {"BACKEND": FILESYSTEM_BACKEND, "OPTIONS": {"location": str(backup_root)}},
        }
    base = s3_options(media_storage_url)
    prefix = base.pop("location")

    def under(folder: str) -> dict[str, Any]:
        return {
            **base,
            "location": f"{prefix}/{folder}" if prefix else folder,
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
        }

    return {
        "default": {"BACKEND": S3_BACKEND, "OPTIONS": under("media")},
        "backups": {"BACKEND": S3_BACKEND, "OPTIONS": under("backups")},
    }
