"""The voucher of a payment (a scan or a PDF) under the project's one upload policy, with its own bound."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from trienkhai.core.uploads import check_uploaded, policy

VOUCHER_KINDS = ("pdf", "jpeg", "png")


def voucher_max_bytes() -> int:
    return int(getattr(settings, "FINANCE_VOUCHER_MAX_BYTES", 10 * 1024 * 1024))


def check_voucher(upload: Any) -> None:
    """Raise `UploadRefused` (Vietnamese reason) unless `upload` is a PDF or an image within the bound."""
    check_uploaded(upload, policy(VOUCHER_KINDS, max_bytes=voucher_max_bytes()))
