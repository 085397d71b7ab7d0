"""The `--date` of the daily commands (core.cli.command_date): an unreadable date is refused with one
Vietnamese sentence before anything runs."""

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import SimpleTestCase


class CommandDateTests(SimpleTestCase):
    def test_daily_work_refuses_an_unreadable_date(self):
        with self.assertRaisesMessage(CommandError, "Ngày không hợp lệ: 31/12/2026 (cần dạng YYYY-MM-DD)."):
            call_command("daily_work", "--date", "31/12/2026")

    def test_send_reminders_refuses_an_unreadable_date(self):
        with self.assertRaisesMessage(CommandError, "Ngày không hợp lệ: 2026-02-30 (cần dạng YYYY-MM-DD)."):
            call_command("send_reminders", "--date", "2026-02-30")
