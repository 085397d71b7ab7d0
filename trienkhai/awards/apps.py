from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "trienkhai.awards"
    verbose_name = "Thi đua, khen thưởng"
