"""`trienkhai schedule_heartbeats`: make sure each task queue has one heartbeat waiting (idempotent)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from trienkhai.core.tasks import schedule_heartbeat


class Command(BaseCommand):
    help = "Đặt lịch tín hiệu “còn sống” mỗi phút cho từng hàng đợi công việc (chạy lại không tạo trùng)."

    def handle(self, *args, **options) -> None:
        for queue in settings.TASK_QUEUES:
            added = schedule_heartbeat(queue=queue)
            self.stdout.write(("Đã đặt lịch" if added else "Đã có lịch") + f" tín hiệu hàng đợi “{queue}”.")
