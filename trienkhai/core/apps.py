from django.apps import AppConfig, apps
from django.core.signals import setting_changed
from django.urls import register_converter

# Third-party apps name themselves in English on the admin index ("Axes", "Tasks Database Backend"); their
# models are named through gettext and translated in locale/vi.
VENDOR_APP_NAMES = {"axes": "Khóa đăng nhập", "django_tasks_database": "Tác vụ nền"}


class CoreConfig(AppConfig):
    name = "trienkhai.core"
    verbose_name = "Dùng chung"

    def ready(self) -> None:
        from .converters import IdConverter, NumberConverter

        # Before any URLconf is read: every app's URLs use <id:...> for database ids.
        register_converter(IdConverter, "id")
        register_converter(NumberConverter, "num")
        from . import checks  # noqa: F401  (registers the deploy checks)

        for label, verbose_name in VENDOR_APP_NAMES.items():
            if label in apps.app_configs:
                apps.get_app_config(label).verbose_name = verbose_name
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
