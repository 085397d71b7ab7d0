"""Uploads in an S3-compatible bucket: moto's server on 127.0.0.1 and a fresh bucket per test class.

`moto_server` (a session fixture, autouse in the modules that import it) starts moto's threaded server
once per test process on a free port of its own (so parallel workers and parallel runs never share one)
and stops it at the end. `S3MediaMixin` points STORAGES at a new bucket through
MEDIA_STORAGE_URL's own parser, so the tests run the settings' code path, not a hand-made backend.
No skip: when moto cannot start the tests fail (CI=true runs them).
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator

import boto3
import pytest
from django.test import override_settings

from trienkhai.core.object_storage import file_storages

_endpoint: dict[str, str] = {}
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
REGION = "us-east-1"


def moto_port() -> int:
    """A free port chosen by the system for each test process (MOTO_PORT when set, to watch the server by
    hand). A fixed port made two runs on one machine (two databases side by side) wait on each other: moto's
    start() waits for ever when its server cannot bind."""
    if os.environ.get("MOTO_PORT"):
        return int(os.environ["MOTO_PORT"])
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session", autouse=True)
def moto_server() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    saved = {k: os.environ.get(k) for k in CREDENTIALS}
    os.environ.update(CREDENTIALS)
    port = moto_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    _endpoint["url"] = f"http://127.0.0.1:{port}"
    try:
        yield _endpoint["url"]
    finally:
        server.stop()
        _endpoint.clear()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def s3_client():
    return boto3.client("s3", endpoint_url=_endpoint["url"], region_name=REGION)


def bucket_keys(bucket: str, prefix: str = "") -> list[str]:
    listed = s3_client().list_objects_v2(Bucket=bucket, Prefix=prefix)
    return sorted(item["Key"] for item in listed.get("Contents", []))


class S3MediaMixin:
    """Every file of the class in a new bucket of the moto server, under media/ (uploads) and backups/."""

    bucket: str
    media_storage_url: str
    extra_settings: dict = {}

    @classmethod
    def setUpClass(cls) -> None:
        if "url" not in _endpoint:
            raise RuntimeError(
                "moto_server is not running: import it into the test module (from .s3 import …)"
            )
        cls.bucket = f"trienkhai-test-{uuid.uuid4().hex[:12]}"
        s3_client().create_bucket(Bucket=cls.bucket)
        cls.media_storage_url = f"s3://{cls.bucket}?endpoint_url={_endpoint['url']}&region={REGION}"
        storages = file_storages(media_storage_url=cls.media_storage_url, backup_root=None)  # type: ignore[arg-type]
        cls._s3_override = override_settings(
            STORAGES={**storages, "staticfiles": {"BACKEND": "trienkhai.core.storage.StaticStorage"}},
            MEDIA_ROOT="/nonexistent-media-root-on-s3",
            **cls.extra_settings,
        )
        cls._s3_override.enable()
        super().setUpClass()  # type: ignore[misc]

    def setUp(self) -> None:
        # Each test starts from an empty bucket, as each starts from an empty database.
        client = s3_client()
        for key in bucket_keys(self.bucket):
            client.delete_object(Bucket=self.bucket, Key=key)
        super().setUp()  # type: ignore[misc]

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()  # type: ignore[misc]
        cls._s3_override.disable()
