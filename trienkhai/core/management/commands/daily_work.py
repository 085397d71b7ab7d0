"""`trienkhai daily_work [--date YYYY-MM-DD]`: the apps' daily jobs as of that date (see core/daily_jobs.py)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from trienkhai.core.daily_jobs import run_all


class Command(BaseCommand):
    help = "Chạy các việc hằng ngày (chuyển ý kiến quá hạn lên cấp trên, nhắc thỏa ước sắp hết hạn...)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help="Ngày chạy, dạng YYYY-MM-DD (mặc định: hôm nay).")

    def handle(self, *args, date: str | None = None, **options) -> None:
        try:
            on = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"Ngày không hợp lệ: {date} (cần dạng YYYY-MM-DD).") from exc
        done = run_all(on=on)
        self.stdout.write(f"Đã chạy {sum(done.values())} việc hằng ngày (ngày {on.isoformat()}).")
        for name, count in done.items():
            self.stdout.write(f"  {name}: {count}")
