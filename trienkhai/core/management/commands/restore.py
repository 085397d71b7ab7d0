"""`trienkhai restore FILE`: into an empty, migrated database, the rows and files of a backup, exactly."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from trienkhai.core.backup import BackupError, restore_backup
from trienkhai.core.cli import fail


class Command(BaseCommand):
    help = "Khôi phục một bản sao lưu vào cơ sở dữ liệu trống (đã chạy migrate)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="tệp sao lưu do “trienkhai backup” tạo")

    def handle(self, *args: object, **options: object) -> None:
        try:
            summary = restore_backup(path=Path(str(options["file"])))
        except BackupError as exc:
            fail(str(exc))  # the contract (cli.md); the database is left as it was.
        self.stdout.write(f"Đã khôi phục {summary.rows} dòng dữ liệu và {summary.files} tệp.")
