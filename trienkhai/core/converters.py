"""URL converters. `<id:pk>` is a database id: digits that fit a 64-bit signed integer. A longer number
never reaches the database (PostgreSQL refuses it with an error that would be a 500): it is a 404."""

from __future__ import annotations

MAX_ID = 2**63 - 1


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("id out of range")
        return number

    def to_url(self, value: int | str) -> str:
        return str(value)


class NumberConverter:
    """`<num:n>`: a small count such as a version number, a year or a period index (up to 9 digits,
    within PostgreSQL's 32-bit integer columns)."""

    regex = "[0-9]{1,9}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int | str) -> str:
        return str(value)


def parse_id(value: object) -> int | None:
    """A database id from user input (a form field, a query parameter); None when it is not one."""
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None
