"""Each domain app offers its part of what the project shows as a whole (the home page, the demo), in a
module of an agreed name; the project finds those modules here, in INSTALLED_APPS order, so that nothing
has to import an app above it."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from types import ModuleType

from django.apps import apps


def app_modules(name: str) -> Iterator[ModuleType]:
    """The module `<app>.<name>` of every Triển khai app that has one, in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        if not config.name.startswith("trienkhai."):
            continue
        module_name = f"{config.name}.{name}"
        try:
            yield importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:  # an import error inside the module must not be hidden
                raise
