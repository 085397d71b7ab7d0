"""How a person's name is shown: in Vietnamese order, family and middle names before the given name.

Django's User keeps the given name in `first_name` ("Lan") and the family and middle names in
`last_name` ("Nguyễn Thị"); its `get_full_name()` puts the given name first ("Lan Nguyễn Thị"), which
no Vietnamese reader writes. Every page, dropdown, history, notification and issued document names a
person through `display_name` (templates through the `person` filter); tests/test_names.py keeps it so.
"""

from __future__ import annotations

from typing import Any


def display_name(user: Any, empty: str = "") -> str:
    """ "Nguyễn Thị Lan": family and middle names, then the given name; the username when the account
    has no name; `empty` when there is no user (rows written by the demo loader or the task worker)."""
    if user is None:
        return empty
    parts = [(user.last_name or "").strip(), (user.first_name or "").strip()]
    return " ".join(p for p in parts if p) or user.get_username()


def split_full_name(full_name: str) -> tuple[str, str]:
    """(family and middle names, given name) of a name written in Vietnamese order: the given name is the
    last word ("Nguyễn Thị Lan" -> ("Nguyễn Thị", "Lan"))."""
    family, _, given = " ".join(full_name.split()).rpartition(" ")
    return family, given
