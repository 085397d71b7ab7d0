"""`trienkhai backup FILE`: the whole state (database rows and every stored file) in one archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from trienkhai.core.backup import BackupError, create_backup
from trienkhai.core.cli import fail


class Command(BaseCommand):
    help = "Sao lưu toàn bộ dữ liệu (mọi bảng và mọi tệp đã tải lên) vào một tệp .zip."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="tệp sao lưu sẽ tạo, ví dụ trienkhai-2025-07-01.zip")

    def handle(self, *args: object, **options: object) -> None:
        try:
            summary = create_backup(path=Path(str(options["file"])))
        except BackupError as exc:
            fail(str(exc))  # the contract (cli.md); nothing is half-written
        for name in summary.missing:
            self.stderr.write(f"Cảnh báo: tệp “{name}” có trong dữ liệu nhưng không có trong kho tệp.")
        self.stdout.write(
            f"Đã sao lưu {summary.rows} dòng dữ liệu và {summary.files} tệp vào {options['file']}."
        )
