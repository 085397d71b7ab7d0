"""Vietnamese names in Vietnamese order (issue 26, point 7): "Nguyễn Thị Lan", never "Lan Nguyễn Thị", in
the menu, dropdowns, histories, stored texts and issued documents. Every name goes through
trienkhai.core.names.display_name (templates: the `person` filter)."""

import datetime as dt
import re
from pathlib import Path

from django.test import SimpleTestCase
from django.urls import reverse

import trienkhai
from trienkhai.core.names import display_name, split_full_name
from trienkhai.legalaid.models import CaseNote
from trienkhai.legalaid.workflow import open_case
from trienkhai.orgs.demo import USERS

from .daily_world import DailyWorld
from .world import World

ROOT = Path(trienkhai.__file__).resolve().parent
NAME_HELPER = ROOT / "core" / "names.py"
# Django's get_full_name() gives "Lan Nguyễn Thị"; a name written by hand from first_name then last_name
# does the same.
GIVEN_NAME_FIRST = re.compile(
    r"get_full_name|first_name\s*\}\}?\s*\{\{?\s*[\w.]*last_name|first_name\W+last_name\b"
)


class DisplayNameTests(SimpleTestCase):
    def test_family_and_middle_names_come_before_the_given_name(self):
        class Account:
            first_name, last_name, username = "Lan", "Nguyễn Thị", "chairwoman_lan"

            def get_username(self):
                return self.username

        self.assertEqual(display_name(Account()), "Nguyễn Thị Lan")

    def test_a_full_name_splits_at_its_last_word(self):
        self.assertEqual(split_full_name("  Nguyễn  Thị Lan "), ("Nguyễn Thị", "Lan"))
        self.assertEqual(split_full_name("Lan"), ("", "Lan"))

    def test_no_code_or_template_puts_the_given_name_first(self):
        found = []
        for path in sorted(ROOT.rglob("*")):
            if (
                path.suffix not in {".py", ".html", ".txt"}
                or path == NAME_HELPER
                or "migrations" in path.parts
            ):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if GIVEN_NAME_FIRST.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
        self.assertEqual(found, [], "use trienkhai.core.names.display_name or the |person filter")

    def test_demo_users_have_a_family_name_and_a_given_name(self):
        for username, first, last, _roles in USERS:
            with self.subTest(username=username):
                self.assertEqual(len(first.split()), 1)  # the given name is one word
                self.assertTrue(last)


class NamesOnPagesTests(World):
    def test_the_menu_and_the_greeting_name_the_user_family_name_first(self):
        self.login(self.chairwoman_lan)
        response = self.client.get("/")
        self.assertContains(response, "Nguyễn Thị Lan", count=2)  # navbar and "Xin chào, …"
        self.assertNotContains(response, "Lan Nguyễn Thị")

    def test_a_new_account_keeps_the_name_as_written(self):
        self.login(self.cdcs_hoa)
        self.client.post(
            reverse("orgs:action", args=[self.school.pk, "member"]),
            {"username": "gv_lan", "full_name": "Trần Thị Lan", "role": "viewer", "start_date": "01/01/2024"},
        )
        from django.contrib.auth import get_user_model

        self.assertEqual(display_name(get_user_model().objects.get(username="gv_lan")), "Trần Thị Lan")


class NamesInStoredTextsTests(DailyWorld):
    def test_the_assignment_note_of_a_legal_case_names_the_advisor_family_name_first(self):
        case = open_case(
            origin_unit=self.school,
            user=self.cdcs_hoa,
            requester="Nguyễn Văn An",
            topic="dismissal",
            summary="Bị chấm dứt hợp đồng khi đang nghỉ ốm.",
            opened_on=dt.date(2026, 2, 1),
        )
        self.login(self.cdcs_hoa)
        self.client.post(f"/phap-ly/{case.pk}/phan-cong/", {"advisor": self.chairwoman_lan.pk})
        texts = list(CaseNote.objects.filter(case=case).values_list("text", flat=True))
        self.assertTrue(any(t.startswith("Phân công Nguyễn Thị Lan (") for t in texts), texts)
