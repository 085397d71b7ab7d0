"""`trienkhai schedule_reminders`: make sure exactly one daily run (07:00: the reminders and every app's
daily job) and one nightly backup (BACKUP_AT, unless BACKUP_SCHEDULE is off) are queued (idempotent). The
name is the one deployments already call."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from trienkhai.core.tasks import BACKUP_PATH, DAILY_PATH, schedule_backups, schedule_daily


class Command(BaseCommand):
    help = (
        "Đặt lịch chạy nhắc việc hằng ngày lúc 07:00 và sao lưu hằng đêm trên hàng đợi công việc "
        "(chạy lại không tạo trùng)."
    )

    def handle(self, *args, **options) -> None:
        from django_tasks_db.models import DBTaskResult

        added = schedule_daily()
        run = DBTaskResult.objects.filter(task_path=DAILY_PATH, status="READY").order_by("run_after").first()
        when = timezone.localtime(run.run_after).strftime("%d/%m/%Y %H:%M") if run else "?"
        self.stdout.write(
            ("Đã đặt lịch" if added else "Đã có lịch") + f" nhắc việc: lần chạy tới lúc {when}."
        )
        added = schedule_backups()
        run = DBTaskResult.objects.filter(task_path=BACKUP_PATH, status="READY").order_by("run_after").first()
        if run is None:
            self.stdout.write("Không đặt lịch sao lưu (BACKUP_SCHEDULE tắt).")
            return
        when = timezone.localtime(run.run_after).strftime("%d/%m/%Y %H:%M")
        self.stdout.write(("Đã đặt lịch" if added else "Đã có lịch") + f" sao lưu: lần chạy tới lúc {when}.")
