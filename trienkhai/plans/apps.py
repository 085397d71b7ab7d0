from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "trienkhai.plans"
    verbose_name = "Kế hoạch"
