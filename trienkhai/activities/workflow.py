"""Activity flows: photos are bounded in number and size and checked by their content (a real JPEG, PNG or
WebP that decodes within a pixel bound), whatever their name says."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction

from trienkhai.core.uploads import check_uploaded, policy
from trienkhai.lib.uploads import UploadRefused

from .models import Activity, ActivityPhoto


def max_photos() -> int:
    return int(getattr(settings, "ACTIVITY_MAX_PHOTOS", 12))


def max_photo_bytes() -> int:
    return int(getattr(settings, "ACTIVITY_PHOTO_MAX_BYTES", 8 * 1024 * 1024))


def check_photo(upload: Any) -> tuple[str | None, tuple[int, int] | None]:
    """(message, size): a Vietnamese message when the file is not a photo we keep, else its size."""
    if upload.size > max_photo_bytes():
        return f"Ảnh «{upload.name}» quá lớn; tối đa {max_photo_bytes() // 1048576} MB.", None
    try:
        checked = check_uploaded(upload, policy(("jpeg", "png", "webp"), max_bytes=max_photo_bytes()))
    except UploadRefused as exc:
        return f"Không nhận ảnh «{upload.name}»: {exc}", None
    return None, checked.size


@transaction.atomic
def add_photo(*, activity: Activity, upload: Any, size: tuple[int, int], user: User | None) -> ActivityPhoto:
    photo = ActivityPhoto(
        activity=activity,
        name=upload.name[:255],
        size=upload.size,
        width=size[0],
        height=size[1],
        uploaded_by=user,
    )
    photo.file.save(upload.name, upload, save=False)
    photo.save()
    return photo
