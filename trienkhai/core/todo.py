"""The home page's to-do list ("Việc cần làm"), gathered from every app.

An app that has work for users adds a module `home.py` with `todo_sections(user, *, on)` returning
`Section`s, and may add `panels(user, *, on)` returning `Panel`s (blocks such as "my units"). The project's
home view collects them (`collect`), so a new app adds its section without anything importing upward.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .apps_registry import app_modules


@dataclass
class Item:
    """One thing to do: a report to submit, a plan to make, a report to review ..."""

    kind: str
    title: str
    unit_name: str
    url: str
    deadline: dt.date | None
    status: str = ""
    # Who sent it: "27/KH-LĐLĐ" alone cannot tell two federations' plans apart.
    issuer: str = ""
    today: dt.date | None = None

    @property
    def overdue(self) -> bool:
        return self.deadline is not None and self.today is not None and self.deadline < self.today


@dataclass
class Section:
    """A box of the to-do list: its title, its items, what it says when empty, and its place."""

    title: str
    items: list[Item]
    empty: str
    order: int = 100
    # An empty box that says nothing to this user (nothing returned, nothing to review for a CĐCS) is
    # left out rather than shown with its zero.
    keep_empty: bool = True


@dataclass
class Panel:
    """A block of the home page below the to-do list, drawn by its own template."""

    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


def by_deadline(item: Item) -> tuple[dt.date, str]:
    return item.deadline or dt.date.max, item.title


def collect(user, *, on: dt.date) -> tuple[list[Section], list[Panel]]:
    """Every app's to-do sections and home panels for `user`, each list in its order."""
    sections: list[Section] = []
    panels: list[Panel] = []
    for module in app_modules("home"):
        if hasattr(module, "todo_sections"):
            sections.extend(module.todo_sections(user, on=on))
        if hasattr(module, "panels"):
            panels.extend(module.panels(user, on=on))
    sections = [s for s in sections if s.items or s.keep_empty]
    for section in sections:
        for item in section.items:
            item.today = on
    return sorted(sections, key=lambda s: s.order), sorted(panels, key=lambda p: p.order)
