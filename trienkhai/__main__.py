"""The `trienkhai` console script: every Django management command, plus our own ones."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trienkhai.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["trienkhai", *sys.argv[1:]])


if __name__ == "__main__":
    main()
