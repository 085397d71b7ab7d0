"""What the project's console commands share: the failure contract of docs/cli.md and the `--date`
option of the daily commands."""

from __future__ import annotations

import datetime as dt
import sys
from typing import NoReturn

from django.core.management.base import CommandError


def fail(message: str) -> NoReturn:
    """The contract of a failed command (cli.md): `message` as one Vietnamese line on stderr (its line
    breaks and runs of spaces folded), then exit status 2."""
    sys.stderr.write(" ".join(message.split()) + "\n")
    sys.stderr.flush()
    sys.exit(2)


def command_date(raw: str | None) -> dt.date | None:
    """The `--date` of a daily command (YYYY-MM-DD), None when not given; CommandError when unreadable."""
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise CommandError(f"Ngày không hợp lệ: {raw} (cần dạng YYYY-MM-DD).") from exc
