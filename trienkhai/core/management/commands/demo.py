"""`trienkhai demo [--reset]`: load the demo world (idempotent) and print the demo logins.

Each domain app contributes a step in `STEPS` order: a module with `build(units, stdout)` that creates
its part of the demo when it is not there yet (so running `demo` twice changes nothing).
"""

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

from trienkhai.orgs import demo as org_demo

# Documents ingest the seed plan; plans cascade it; reports fill in submissions in every state.
STEPS = ["trienkhai.documents.demo", "trienkhai.plans.demo", "trienkhai.reports.demo"]


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (đơn vị, người dùng, kế hoạch mẫu). --reset: xóa và nạp lại."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--reset", action="store_true", help="Xóa dữ liệu mẫu cũ rồi nạp lại.")

    def handle(self, *args, reset: bool = False, **options) -> None:
        with transaction.atomic():
            if reset:
                for name in reversed(STEPS):
                    module = self._step(name)
                    if module and hasattr(module, "wipe"):
                        module.wipe()
                org_demo.wipe()
            if org_demo.demo_exists():
                self.stdout.write("Dữ liệu mẫu về đơn vị đã có sẵn (dùng --reset để nạp lại).")
                units = org_demo.load_units_by_code()
            else:
                units = org_demo.build_units()
                self.stdout.write(f"Đã tạo {len(units)} đơn vị mẫu.")
            logins = org_demo.build_users(units)
            for name in STEPS:
                module = self._step(name)
                if module:
                    module.build(units, self.stdout)
        self.stdout.write("")
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung: {org_demo.DEMO_PASSWORD}):")
        for username, description in logins:
            self.stdout.write(f"  {username:<16} {description}")

    @staticmethod
    def _step(name: str):
        try:
            return importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:  # a real import error inside the step must not be hidden
                raise
            return None
