"""Each domain app offers its part of what the project shows as a whole (the home page, the demo), in a
module of an agreed name; the project finds those modules here, in INSTALLED_APPS order, so that nothing
has to import an app above it."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

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


def app_functions(module: str, name: str) -> Iterator[Callable[..., Any]]:
    """The function `name` of every app's `<app>.<module>` that defines it, in INSTALLED_APPS order
    (an app whose module lacks it is passed over)."""
    for found in app_modules(module):
        function = getattr(found, name, None)
        if function is not None:
            yield function
