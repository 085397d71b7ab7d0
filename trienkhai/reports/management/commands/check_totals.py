"""`trienkhai check_totals [--form ID]`: compare the stored subtree totals with the engine; list every cell
that differs and exit with status 1 when any does (the daily job runs the same check)."""

import sys

from django.core.management.base import BaseCommand, CommandError

from trienkhai.reports.models import ReportForm
from trienkhai.reports.results import stored


class Command(BaseCommand):
    help = "So sánh tổng số liệu lưu sẵn với số liệu tính từ báo cáo; báo mọi ô lệch."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--form", help="Mã số (id) biểu mẫu báo cáo.")

    def handle(self, *args, form: str | None = None, **options) -> None:
        picked = None
        if form:
            picked = ReportForm.objects.filter(pk=form if form.isdigit() else 0).first()
            if picked is None:
                raise CommandError(f"Không có biểu mẫu báo cáo mã số “{form}”.")
        drifts = stored.check(form=picked)
        for drift in drifts:
            self.stderr.write(str(drift))
        if drifts:
            self.stderr.write(f"{len(drifts)} ô lệch; chạy “trienkhai rebuild_totals” để tính lại.")
            sys.exit(1)
        self.stdout.write("Tổng số liệu lưu sẵn khớp với số liệu tính từ báo cáo.")
