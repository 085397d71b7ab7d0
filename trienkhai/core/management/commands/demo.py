"""`trienkhai demo [--reset]`: load the demo world (idempotent) and print the demo logins.

Each domain app contributes a module `demo` with `build(world, stdout)` and `wipe()`; they run in
INSTALLED_APPS order (orgs builds the units and users first, then documents, plans, reports ...), each
creating its part when it is not there yet, so running `demo` twice changes nothing; a step may add
`finish(world, stdout)`, run once every step has built. `world` carries what
an earlier step hands to later ones (`units`, `logins`, `password`).
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from trienkhai.core.apps_registry import app_modules


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (đơn vị, người dùng, kế hoạch mẫu). --reset: xóa và nạp lại."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--reset", action="store_true", help="Xóa dữ liệu mẫu cũ rồi nạp lại.")
        # `make deploy-check` needs a small world with users and stored files, not the whole year of reports.
        parser.add_argument(
            "--only",
            default="",
            help="Chỉ nạp phần của các ứng dụng này, cách nhau bằng dấu phẩy (ví dụ orgs,documents,activities).",
        )

    def handle(self, *args, reset: bool = False, only: str = "", **options) -> None:
        steps = list(app_modules("demo"))
        if wanted := {name.strip() for name in only.split(",") if name.strip()}:
            steps = [step for step in steps if step.__name__.split(".")[-2] in wanted]
        world: dict = {}
        with transaction.atomic():
            if reset:
                for step in reversed(steps):
                    if hasattr(step, "wipe"):
                        step.wipe()
            for step in steps:
                step.build(world, self.stdout)
            # Steps that must follow every other: the notification settings (orgs), so that what the
            # world notified while being built is not all queued for delivery at the first start.
            for step in steps:
                if hasattr(step, "finish"):
                    step.finish(world, self.stdout)
        self.stdout.write("")
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung: {world.get('password', '')}):")
        for username, description in world.get("logins", []):
            self.stdout.write(f"  {username:<16} {description}")
