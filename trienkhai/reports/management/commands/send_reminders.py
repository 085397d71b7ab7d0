"""`trienkhai send_reminders [--date YYYY-MM-DD]`: send due and overdue reminders as of that date."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from trienkhai.orgs.models import today
from trienkhai.reports.reminders import send_reminders


class Command(BaseCommand):
    help = "Gửi nhắc hạn nộp báo cáo và hạn xây dựng kế hoạch (mặc định: hôm nay). Chạy hằng ngày."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help="Ngày tính nhắc, dạng YYYY-MM-DD.")

    def handle(self, *args, date: str | None = None, **options) -> None:
        try:
            on = dt.date.fromisoformat(date) if date else today()
        except ValueError as exc:
            raise CommandError(f"Ngày không hợp lệ: {date} (cần dạng YYYY-MM-DD).") from exc
        sent = send_reminders(on=on)
        self.stdout.write(f"Đã gửi {sent} thông báo nhắc việc (ngày {on.isoformat()}).")
