"""What apps above `plans` add to the plan page, without `plans` knowing them.

An app contributes through functions in its module `hooks.py` (found by `core.apps_registry`):
- `plan_actions(request, plan, *, can_write) -> [Link]`: next steps for the plan's own writers, shown
  among the plan's buttons and in the confirmation after publishing (the reports app: "Giao báo cáo
  cho kế hoạch này");
- `plan_links(request, plan) -> [(heading, [Link])]`: what was made for the plan, in a side card per
  heading (the reports app: its report forms).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from trienkhai.core.apps_registry import app_functions

from .models import Plan


@dataclass
class Link:
    label: str
    url: str
    id: str = ""
    detail: str = ""
    icon: str = ""


def _hooks(name: str) -> Iterator[Callable[..., Any]]:
    return app_functions("hooks", name)


def plan_actions(request: HttpRequest, plan: Plan, *, can_write: bool) -> list[Link]:
    return [link for hook in _hooks("plan_actions") for link in hook(request, plan, can_write=can_write)]


def plan_links(request: HttpRequest, plan: Plan) -> list[tuple[str, list[Link]]]:
    return [section for hook in _hooks("plan_links") for section in hook(request, plan)]
