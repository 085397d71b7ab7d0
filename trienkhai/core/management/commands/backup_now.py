"""`trienkhai backup_now [--drill]`: what the nightly task does, now (from cron when BACKUP_SCHEDULE is
off, or by hand): a backup into STORAGES["backups"], recorded for the administrators' home page, then the
retention; with --drill, the restore drill of the newest archive after it."""

from django.core.management.base import BaseCommand, CommandParser

from trienkhai.core.backup_runs import prune_backups, run_backup, run_drill
from trienkhai.core.cli import fail


class Command(BaseCommand):
    help = "Sao lưu ngay vào nơi lưu bản sao lưu (như lịch hằng đêm), áp dụng thời hạn giữ; --drill: diễn tập khôi phục."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--drill", action="store_true", help="sau khi sao lưu, diễn tập khôi phục bản mới nhất"
        )

    def handle(self, *args: object, **options: object) -> None:
        run = run_backup()
        if not run.ok:
            fail(f"Sao lưu không thành công: {run.message}")
        deleted = prune_backups()
        self.stdout.write(
            f"Đã sao lưu {run.rows} dòng dữ liệu và {run.files} tệp vào “{run.name}” ({run.size} byte);"
            f" đã xóa {len(deleted)} bản cũ."
        )
        if options["drill"]:
            drill = run_drill()
            if not drill.ok:
                fail(f"Diễn tập khôi phục không thành công: {drill.message}")
            self.stdout.write(f"Diễn tập khôi phục “{drill.name}”: {drill.message}")
