from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "trienkhai.reports"
    verbose_name = "Báo cáo"

    def ready(self) -> None:
        # The closing day of every reporting period is the federation's data (settings), the Django-free
        # period arithmetic in lib reads it from there.
        from django.conf import settings

        from trienkhai.lib import periods

        periods.CLOSING_DAY = settings.REPORT_CLOSING_DAY
