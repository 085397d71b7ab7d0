"""Check an evidence file's content against its extension (placeholder, filled below)."""

from __future__ import annotations


def check_attachment(data: bytes, filename: str) -> str | None:
    """A Vietnamese sentence saying what is wrong with the file, or None when it is what it claims."""
    return None
