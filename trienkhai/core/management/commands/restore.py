"""`trienkhai restore FILE`: into an empty, migrated database, the rows and files of a backup, exactly."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from trienkhai.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Khôi phục một bản sao lưu vào cơ sở dữ liệu trống (đã chạy migrate)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="tệp sao lưu do “trienkhai backup” tạo")

    def handle(self, *args: object, **options: object) -> None:
        try:
            summary = restore_backup(path=Path(str(options["file"])))
        except BackupError as exc:
            # The contract (cli.md): one Vietnamese line on stderr, exit 2; the database is left as it was.
            sys.stderr.write(" ".join(str(exc).split()) + "\n")
            sys.exit(2)
        self.stdout.write(f"Đã khôi phục {summary.rows} dòng dữ liệu và {summary.files} tệp.")
