from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "trienkhai.reports"
    verbose_name = "Báo cáo"
