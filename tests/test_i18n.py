"""English UI: the EN switch (Django's set_language) turns the pages into English; Vietnamese stays the
default; the English catalog is complete (no untranslated, no fuzzy entries) and its compiled .mo is in
step with the .po, since the app runs without gettext installed."""

import ast
import datetime as dt
import gettext
import re
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase
from django.urls import reverse

from trienkhai.plans.models import Plan, Task, TaskGroup
from trienkhai.plans.workflow import publish_plan

from .world import World

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def parse_po(path: Path) -> list[dict]:
    """A tiny .po reader (polib is not installed in CI): one dict per entry, obsolete (#~) entries left out.

    Keys: flags (set), msgctxt, msgid, msgid_plural (str or None), msgstr (dict index → text; a singular
    entry has index 0 only)."""
    entries: list[dict] = []
    entry: dict | None = None
    field: tuple | None = None

    def new() -> dict:
        return {"flags": set(), "msgctxt": None, "msgid": None, "msgid_plural": None, "msgstr": {}}

    def put(key: tuple, text: str) -> None:
        if key[0] == "msgstr":
            entry["msgstr"][key[1]] = entry["msgstr"].get(key[1], "") + text
        else:
            entry[key[0]] = (entry[key[0]] or "") + text

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#~"):
            if not line and entry is not None and entry["msgid"] is not None:
                entries.append(entry)
                entry, field = None, None
            continue
        if entry is None or (line.startswith(("#", "msgctxt")) and entry["msgid"] is not None):
            if entry is not None and entry["msgid"] is not None:
                entries.append(entry)
            entry, field = new(), None
        if line.startswith("#,"):
            entry["flags"] |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            put(field, ast.literal_eval(line))
        else:
            keyword, _, rest = line.partition(" ")
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if match:
                field = ("msgstr", int(match.group(1)))
            elif keyword == "msgstr":
                field = ("msgstr", 0)
            elif keyword in ("msgid", "msgid_plural", "msgctxt"):
                field = (keyword,)
            else:
                raise AssertionError(f"unexpected line in {path.name}: {raw!r}")
            put(field, ast.literal_eval(rest))
    if entry is not None and entry["msgid"] is not None:
        entries.append(entry)
    return entries


class CatalogTests(SimpleTestCase):
    def setUp(self):
        self.entries = parse_po(PO)
        self.header = next(e for e in self.entries if e["msgid"] == "")
        self.messages = [e for e in self.entries if e["msgid"] != ""]

    def test_header_is_english_utf8_with_two_plural_forms(self):
        header = self.header["msgstr"][0]
        self.assertIn("Language: en\n", header)
        self.assertIn("charset=UTF-8", header)
        self.assertIn("Plural-Forms: nplurals=2; plural=(n != 1);", header)
        self.assertNotIn("fuzzy", self.header["flags"])

    def test_every_entry_is_translated_and_none_is_fuzzy(self):
        self.assertGreater(len(self.messages), 100)
        fuzzy = [e["msgid"] for e in self.messages if "fuzzy" in e["flags"]]
        self.assertEqual(fuzzy, [], "fuzzy entries")
        untranslated = []
        for e in self.messages:
            forms = 2 if e["msgid_plural"] is not None else 1
            if sorted(e["msgstr"]) != list(range(forms)) or not all(e["msgstr"].values()):
                untranslated.append(e["msgid"])
        self.assertEqual(untranslated, [], "untranslated entries")

    def test_placeholders_are_kept(self):
        for e in self.messages:
            wanted = sorted(PLACEHOLDER.findall(e["msgid"]))
            for index, text in e["msgstr"].items():
                found = sorted(PLACEHOLDER.findall(text))
                if e["msgid_plural"] is not None and index == 0:
                    # The singular may spell out the number, but may not invent placeholders.
                    self.assertLessEqual(set(found), set(wanted), e["msgid"])
                else:
                    self.assertEqual(found, wanted, e["msgid"])

    def test_compiled_mo_matches_the_po(self):
        with MO.open("rb") as f:
            catalog = gettext.GNUTranslations(f)._catalog
        for e in self.messages:
            key = e["msgid"] if e["msgctxt"] is None else f"{e['msgctxt']}\x04{e['msgid']}"
            if e["msgid_plural"] is None:
                self.assertEqual(catalog.get(key), e["msgstr"][0], f".mo out of date for {key!r}")
            else:
                for index, text in e["msgstr"].items():
                    self.assertEqual(catalog.get((key, index)), text, f".mo out of date for {key!r}")


class SwitchTests(World):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        plan = Plan.objects.create(
            owner_unit=cls.commune,
            number="27/KH-LĐLĐ",
            title="Kế hoạch thực hiện Nghị quyết 43-NQ/TW",
            period_start=dt.date(2024, 8, 8),
            period_end=dt.date(2028, 12, 31),
            created_by=cls.officer_minh,
        )
        group = TaskGroup.objects.create(plan=plan, position=0, label="1", title="Tuyên truyền")
        Task.objects.create(plan=plan, group=group, position=0, code="II.1.1", text="Nhiệm vụ 1")
        publish_plan(
            plan=plan,
            user=cls.officer_minh,
            units_filter=None,
            deadline=dt.date(2024, 8, 30),
            on=dt.date(2024, 8, 8),
        )
        cls.plan = plan

    def switch_to_english(self):
        response = self.client.post(reverse("set_language"), {"language": "en", "next": "/"})
        self.assertEqual(response.status_code, 302)

    def test_new_session_is_vietnamese(self):
        self.login(self.cdcs_hoa)
        response = self.client.get(reverse("home"))
        self.assertContains(response, 'lang="vi"')
        self.assertContains(response, "Đơn vị của tôi")
        self.assertNotContains(response, "My units")

    def test_home_in_english(self):
        self.login(self.cdcs_hoa)
        self.switch_to_english()
        response = self.client.get(reverse("home"))
        self.assertContains(response, 'lang="en"')
        self.assertContains(response, "My units")
        self.assertContains(response, "Organisation structure")  # navbar
        self.assertContains(response, "Grassroots union chair")  # role of cdcs_hoa
        self.assertNotContains(response, "Đơn vị của tôi")

    def test_unit_tree_in_english(self):
        self.login(self.chairwoman_lan)
        self.switch_to_english()
        response = self.client.get(reverse("orgs:tree"))
        self.assertContains(response, 'lang="en"')
        self.assertContains(response, "View structure as of")
        self.assertContains(response, "Find a unit")
        self.assertNotContains(response, "Xem cơ cấu tại ngày")

    def test_plan_list_in_english(self):
        self.login(self.cdcs_hoa)
        self.switch_to_english()
        response = self.client.get(reverse("plans:list"))
        self.assertContains(response, 'lang="en"')
        self.assertContains(response, "Plans sent to my units from above")
        self.assertContains(response, "Receiving unit")
        self.assertContains(response, "Plan title")
        self.assertNotContains(response, "Tên kế hoạch")

    def test_plan_detail_in_english(self):
        self.login(self.officer_minh)
        self.switch_to_english()
        response = self.client.get(reverse("plans:detail", args=[self.plan.pk]))
        self.assertContains(response, "Tasks and measures")
        self.assertContains(response, "Published")  # status badge
        self.assertNotContains(response, "Nhiệm vụ, giải pháp")

    def test_report_forms_in_english(self):
        self.login(self.officer_minh)
        self.switch_to_english()
        response = self.client.get(reverse("reports:index"))
        self.assertContains(response, "Report forms")

    def test_switch_back_to_vietnamese(self):
        self.login(self.cdcs_hoa)
        self.switch_to_english()
        self.client.post(reverse("set_language"), {"language": "vi", "next": "/"})
        response = self.client.get(reverse("home"))
        self.assertContains(response, "Đơn vị của tôi")

    def test_dates_stay_day_month_year_in_english(self):
        # A native date input shows 12/02/2026 for 2 December in an English browser; ours are text boxes
        # that show and read dd/mm/yyyy whatever the language.
        self.login(self.officer_minh)
        self.switch_to_english()
        self.plan.refresh_from_db()
        response = self.client.get(reverse("orgs:tree"), {"ngay": "02/12/2025"})
        self.assertContains(response, 'value="02/12/2025"')
        self.assertNotContains(response, 'type="date"')
        draft = Plan.objects.create(owner_unit=self.commune, title="Nháp", created_by=self.officer_minh)
        response = self.client.post(
            reverse("plans:edit", args=[draft.pk]),
            {"lock_version": 0, "title": "Nháp", "period_start": "02/12/2026", "period_end": "03/12/2026"},
        )
        self.assertEqual(response.status_code, 302)
        draft.refresh_from_db()
        self.assertEqual(draft.period_start, dt.date(2026, 12, 2))
        page = self.client.get(reverse("plans:edit", args=[draft.pk]))
        self.assertContains(page, 'value="02/12/2026"')
        self.assertNotContains(page, 'type="date"')
