"""`trienkhai send_reminders [--date YYYY-MM-DD]`: send due and overdue reminders as of that date."""

from django.core.management.base import BaseCommand

from trienkhai.core.cli import command_date
from trienkhai.orgs.models import today
from trienkhai.reports.reminders import send_reminders


class Command(BaseCommand):
    help = "Gửi nhắc hạn nộp báo cáo và hạn xây dựng kế hoạch (mặc định: hôm nay). Chạy hằng ngày."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help="Ngày tính nhắc, dạng YYYY-MM-DD.")

    def handle(self, *args, date: str | None = None, **options) -> None:
        on = command_date(date) or today()
        sent = send_reminders(on=on)
        self.stdout.write(f"Đã gửi {sent} thông báo nhắc việc (ngày {on.isoformat()}).")
