"""`trienkhai demo [--reset]`: load the demo world (idempotent) and print the demo logins."""

from django.core.management.base import BaseCommand
from django.db import transaction

from trienkhai.orgs import demo as org_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (đơn vị, người dùng, kế hoạch mẫu). --reset: xóa và nạp lại."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--reset", action="store_true", help="Xóa dữ liệu mẫu cũ rồi nạp lại.")

    def handle(self, *args, reset: bool = False, **options) -> None:
        with transaction.atomic():
            if reset:
                org_demo.wipe()
            if org_demo.demo_exists():
                self.stdout.write("Dữ liệu mẫu đã có sẵn (dùng --reset để nạp lại).")
                units = org_demo.load_units_by_code()
            else:
                units = org_demo.build_units()
                self.stdout.write(f"Đã tạo {len(units)} đơn vị mẫu.")
            logins = org_demo.build_users(units)
        self.stdout.write("")
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung: {org_demo.DEMO_PASSWORD}):")
        for username, description in logins:
            self.stdout.write(f"  {username:<16} {description}")
