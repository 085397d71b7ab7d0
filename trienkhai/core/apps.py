from django.apps import AppConfig
from django.core.signals import setting_changed
from django.urls import register_converter


class CoreConfig(AppConfig):
    name = "trienkhai.core"

    def ready(self) -> None:
        from .converters import IdConverter, NumberConverter

        # Before any URLconf is read: every app's URLs use <id:...> for database ids.
        register_converter(IdConverter, "id")
        register_converter(NumberConverter, "num")
        from . import checks  # noqa: F401  (registers the deploy checks)

        # lib is Django-free: the upload bounds come from settings here, and again when a test changes them.
        configure_uploads()
        setting_changed.connect(_upload_setting_changed)


def configure_uploads() -> None:
    from django.conf import settings

    from trienkhai.lib import uploads

    uploads.configure(
        archive=uploads.ArchiveLimits(
            max_total=settings.UPLOAD_MAX_INFLATED_BYTES,
            max_member=settings.UPLOAD_MAX_MEMBER_BYTES,
            max_ratio=settings.UPLOAD_MAX_RATIO,
        ),
        max_pixels=settings.UPLOAD_MAX_PIXELS,
    )


def _upload_setting_changed(*, setting: str, **kwargs: object) -> None:
    if setting.startswith("UPLOAD_MAX_"):
        configure_uploads()
