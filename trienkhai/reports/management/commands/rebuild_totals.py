"""`trienkhai rebuild_totals [--form ID] [--unit CODE]`: recompute the stored subtree totals from the
approved reports (all forms, or one; every unit, or one unit's subtree)."""

import time

from django.core.management.base import BaseCommand, CommandError

from trienkhai.orgs.models import Unit
from trienkhai.reports.models import ReportForm
from trienkhai.reports.results import stored


class Command(BaseCommand):
    help = "Tính lại tổng số liệu lưu sẵn theo cây đơn vị (mọi biểu mẫu, hoặc một biểu mẫu, một đơn vị)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--form", help="Mã số (id) biểu mẫu báo cáo.")
        parser.add_argument("--unit", help="Mã đơn vị: chỉ tính lại đơn vị này và các đơn vị cấp dưới.")

    def handle(self, *args, form: str | None = None, unit: str | None = None, **options) -> None:
        picked_form = None
        if form:
            picked_form = ReportForm.objects.filter(pk=form if form.isdigit() else 0).first()
            if picked_form is None:
                raise CommandError(f"Không có biểu mẫu báo cáo mã số “{form}”.")
        picked_unit = None
        if unit:
            picked_unit = Unit.objects.filter(code__iexact=unit).first()
            if picked_unit is None:
                raise CommandError(f"Không có đơn vị mã “{unit}”.")
        started = time.monotonic()
        rows = stored.rebuild(form=picked_form, unit=picked_unit)
        seconds = time.monotonic() - started
        self.stdout.write(f"Đã tính lại {rows} dòng tổng số liệu trong {seconds:.1f} giây.")
