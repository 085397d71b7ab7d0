"""`trienkhai daily_work [--date YYYY-MM-DD]`: the apps' daily jobs as of that date (see core/daily_jobs.py)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from trienkhai.core.cli import command_date
from trienkhai.core.daily_jobs import run_all


class Command(BaseCommand):
    help = "Chạy các việc hằng ngày (chuyển ý kiến quá hạn lên cấp trên, nhắc thỏa ước sắp hết hạn...)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help="Ngày chạy, dạng YYYY-MM-DD (mặc định: hôm nay).")

    def handle(self, *args, date: str | None = None, **options) -> None:
        on = command_date(date) or timezone.localdate()
        done = run_all(on=on)
        self.stdout.write(f"Đã chạy {sum(done.values())} việc hằng ngày (ngày {on.isoformat()}).")
        for name, count in done.items():
            self.stdout.write(f"  {name}: {count}")
