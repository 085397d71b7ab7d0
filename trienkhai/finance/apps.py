from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "trienkhai.finance"
    verbose_name = "Tài chính kế hoạch"
