from django.apps import AppConfig
from django.urls import register_converter


class CoreConfig(AppConfig):
    name = "trienkhai.core"

    def ready(self) -> None:
        from .converters import IdConverter, NumberConverter

        # Before any URLconf is read: every app's URLs use <id:...> for database ids.
        register_converter(IdConverter, "id")
        register_converter(NumberConverter, "num")
        from . import checks  # noqa: F401  (registers the deploy checks)
