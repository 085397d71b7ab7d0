from django.apps import AppConfig, apps
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
