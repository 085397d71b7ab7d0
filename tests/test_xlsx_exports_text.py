"""Every Excel file the project hands out keeps user text as text.

A form title, an indicator label, a rule's message, a unit or member name, a document's summary typed as
`=HYPERLINK(...)`, `=1+1`, `+cmd`, `-2+3` or `@SUM(A1)` must reach the spreadsheet as plain text, never as a
live formula that every CĐCS opening the file would run. Each test below writes such text into every user
field of its world that an export shows, opens that app's exports through HTTP and checks every cell of
every sheet. `EXPORTS` names every view that answers with a spreadsheet; a test keeps it complete.
"""

from __future__ import annotations

import ast
import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from unittest import mock

from django.urls import reverse
from openpyxl import load_workbook

from trienkhai.awards.models import AwardForm, Proposal, ensure_default_forms
from trienkhai.issuing import workflow as issuing_workflow
from trienkhai.issuing.models import OutgoingDocument
from trienkhai.members.models import Member
from trienkhai.orgs.models import Unit
from trienkhai.plans.models import Plan, Task, TaskGroup
from trienkhai.reports.models import Indicator, Rule

from .daily_world import DailyWorld
from .evaluations_world import EvaluationWorld
from .issuing_world import IssuingWorld
from .media import TempMediaMixin
from .rollup_world import RollupWorld
from .world import World

EVIL = ['=HYPERLINK("http://x.example","Bấm vào đây")', "=1+1", "+cmd", "-2+3", "@SUM(A1)"]
ROOT = Path(__file__).resolve().parent.parent / "trienkhai"

# Every view that answers with an .xlsx, as "app/module.py:function"; the tests below open each one.
EXPORTS = {
    "reports/excel_views.py:excel_template",
    "reports/views.py:board_excel",
    "reports/results_views.py:rollup_excel",
    "reports/results_views.py:dashboard_excel",
    "plans/views_board.py:plan_board_xlsx",
    "members/views.py:export",
    "members/views.py:import_template",
    "members/views.py:member_own_data",  # opened in tests/test_members_rules.py (…_the_member_own_data_export)
    "members/dues_views.py:dues_template",
    "orgs/views.py:import_template",
    "issuing/views.py:register_xlsx",
    "evaluations/views.py:ranking_export",
    "awards/views.py:register_xlsx",
    "finance/views.py:rollup_xlsx",  # opened in tests/test_finance.py (test_excel_writes_user_text_as_text)
}


def evil(i: int, tail: str = "") -> str:
    return EVIL[i % len(EVIL)] + tail


def assert_text_only(test, response) -> None:
    """No cell of any sheet of the workbook in `response` is a formula, and the file stores none."""
    test.assertEqual(response.status_code, 200)
    test.assertIn("spreadsheetml", response["Content-Type"])
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name).decode()
                test.assertFalse("<f>" in xml or "<f " in xml, f"a formula in {name}")
    workbook = load_workbook(io.BytesIO(response.content))  # formulas kept: data_type "f" shows them
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                test.assertNotEqual(cell.data_type, "f", f"{ws.title}!{cell.coordinate}: {cell.value!r}")


def assert_shows_evil(test, responses) -> None:
    """The poisoned text did reach the files (else the check above would prove nothing)."""
    values = set()
    for response in responses:
        for ws in load_workbook(io.BytesIO(response.content)).worksheets:
            values |= {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    test.assertTrue(any(v.startswith(tuple(e[:2] for e in EVIL)) for v in values), sorted(values)[:20])


def _export_views() -> set[str]:
    """Views that hand out a spreadsheet: they call `xlsx_response`/`export_response` or name the
    spreadsheet content type."""
    found = set()
    for path in ROOT.rglob("*.py"):
        # lib writes, core/exports.py and core/export_views.py hand out what the views below build.
        if (
            "migrations" in path.parts
            or path.parts[-2] == "lib"
            or path.name in ("exports.py", "export_views.py")
        ):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef):
                continue
            source = ast.unparse(node)
            if any(m in source for m in ("xlsx_response(", "export_response(", "spreadsheetml")) or re.search(
                r"\bCONTENT_TYPE\b",
                source,  # lib.xlsx's; not, say, Prometheus's CONTENT_TYPE_LATEST
            ):
                found.add(f"{path.relative_to(ROOT).as_posix()}:{node.name}")
    return found


def test_the_list_of_exports_names_every_view_that_hands_out_a_spreadsheet():
    assert _export_views() == EXPORTS


class ReportExportsTests(TempMediaMixin, RollupWorld):
    """The report template, the status board, the roll-up, the dashboard and the plan's progress board."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.report(cls.school, 2025, 1, "approved", members=40, new_members=2, note=evil(1, " ghi chú"))
        cls.report(cls.factory, 2025, 1, "draft", members=200, note=evil(3))
        for i, unit in enumerate(Unit.objects.filter(code__startswith="AB-")):
            Unit.objects.filter(pk=unit.pk).update(name=evil(i, f" {unit.code}"))
        cls.form.title = evil(0, " Báo cáo quý")
        cls.form.save()
        Plan.objects.filter(pk=cls.plan.pk).update(title=evil(2, " kế hoạch"))
        for i, indicator in enumerate(Indicator.objects.filter(form=cls.form)):
            Indicator.objects.filter(pk=indicator.pk).update(
                # unit_of_measure holds 40 characters (PostgreSQL enforces it; SQLite does not)
                label=evil(i, f" {indicator.code}"),
                unit_of_measure=evil(i + 1)[:40],
            )
        Rule.objects.filter(form=cls.form).update(message=evil(3, " quy tắc"))

    def test_report_exports_write_every_user_text_as_text(self):
        self.login(self.chairwoman_lan)
        q = "nam=2025&ky=1"
        form, province = self.form.pk, self.province.pk
        urls = [
            f"/bao-cao/bieu-mau/{form}/mau-excel/{province}/?{q}",
            f"/bao-cao/bieu-mau/{form}/bang/{province}/excel/?{q}",
            f"/bao-cao/bieu-mau/{form}/tong-hop/{province}/excel/?{q}",
            f"/bao-cao/bieu-mau/{form}/so-lieu/{province}/excel/?{q}&chi-tieu=members",
            reverse("plans:board_xlsx", args=[self.plan.pk]),
        ]
        responses = [self.client.get(url) for url in urls]
        for url, response in zip(urls, responses, strict=True):
            with self.subTest(url=url):
                assert_text_only(self, response)
        assert_shows_evil(self, responses)


class MemberExportsTests(DailyWorld):
    """The member register's export and its import template; the unit import template."""

    def test_member_exports_write_every_user_text_as_text(self):
        for i, member in enumerate(Member.objects.all()):
            Member.objects.filter(pk=member.pk).update(
                full_name=evil(i, " Nguyễn"), phone=evil(i + 1), card_number=evil(i + 2)
            )
        Unit.objects.filter(pk=self.school.pk).update(name=evil(0, " Trường"), code="=AB1+1")
        self.login(self.officer_minh)
        responses = [
            self.client.post(
                reverse("members:export", args=[self.school.pk]), {"purpose": "report", "note": evil(4)}
            ),
            self.client.get(reverse("members:import_template", args=[self.school.pk])),
            self.client.get(reverse("orgs:import_template")),
            self.client.get(reverse("members:dues_template", args=[self.school.pk])),
        ]
        for response in responses:
            assert_text_only(self, response)
        assert_shows_evil(self, responses[:2])
        assert_shows_evil(self, responses[3:])  # the dues sheet lists the members' names and cards


class IssuingExportTests(IssuingWorld):
    """The register of documents out."""

    def test_the_register_export_writes_every_user_text_as_text(self):
        self.login(self.officer_minh)
        self.client.post(reverse("issuing:plan_draft", args=[self.commune_plan.pk]))
        document = OutgoingDocument.objects.get(plan=self.commune_plan)
        content = {**document.content, "title": evil(0), "signer_name": evil(1), "note": evil(2)}
        issuing_workflow.issue_document(
            document=document, user=self.officer_minh, on=dt.date(2026, 4, 10), content=content
        )
        Unit.objects.filter(pk=self.commune.pk).update(name=evil(3, " xã"))
        response = self.client.get(reverse("issuing:register_xlsx", args=[self.commune.pk, 2026]))
        assert_text_only(self, response)
        assert_shows_evil(self, [response])


class RankingExportTests(TempMediaMixin, EvaluationWorld):
    """The ranking of CĐCS by their yearly evaluation."""

    def test_the_ranking_export_writes_every_user_text_as_text(self):
        self.assess(self.factory_ev, {"1.1": 30, "1.2": 20, "2.1": 20, "2.2": 5}, user=self.cdcs_dung)
        self.accept(self.factory_ev)
        for i, unit in enumerate(Unit.objects.all()):
            Unit.objects.filter(pk=unit.pk).update(name=evil(i, " CĐCS"))
        self.criteria_set.title = evil(1, " bộ tiêu chí")
        self.criteria_set.save()
        self.login(self.chairwoman_lan)
        response = self.client.get(reverse("evaluations:ranking_export", args=[self.criteria_set.pk]))
        assert_text_only(self, response)
        assert_shows_evil(self, [response])


class AwardsExportTests(TempMediaMixin, World):
    """The register of awards."""

    def test_the_register_export_writes_every_user_text_as_text(self):
        ensure_default_forms()
        plan = Plan.objects.create(owner_unit=self.commune, number="05/KH-CĐX", title="Kế hoạch thi đua")
        group = TaskGroup.objects.create(plan=plan, position=0, label="1", title="Thi đua")
        task = Task.objects.create(plan=plan, group=group, code="II.1.1", text="Phát động thi đua")
        self.login(self.cdcs_hoa)
        data = {
            "proposer_unit": self.school.pk,
            "council_unit": self.commune.pk,
            "year": 2026,
            "form": AwardForm.objects.get(name="Giấy khen của Liên đoàn Lao động").pk,
            "recipient": "person",
            "recipient_unit": self.school.pk,
            "person_name": evil(0, " Lan"),
            "person_position": evil(1),
            "achievements": evil(2, " thành tích"),
            "movement": "",
            "task": task.pk,
        }
        self.assertEqual(self.client.post(reverse("awards:proposal_create"), data).status_code, 302)
        proposal = Proposal.objects.latest("pk")
        self.login(self.officer_minh)
        proposal.files.update(state="accepted")  # the file is complete (Luật TĐKT 2022 Điều 84)
        self.client.post(
            reverse("awards:proposal_review", args=[proposal.pk]), {"verdict": "approve", "note": evil(3)}
        )
        self.client.post(reverse("awards:decision_create"), {"de_nghi": [proposal.pk]})
        document = OutgoingDocument.objects.get(kind="decision", state="draft")
        from trienkhai.issuing.forms import HeaderForm

        header = {k: ("" if v is None else v) for k, v in HeaderForm.initial_from(document.content).items()}
        header.update(date="02/12/2026", signer_name="Lê Văn Hùng", action="issue")
        with mock.patch("trienkhai.issuing.views.today", lambda: dt.date(2026, 12, 2)):
            self.client.post(reverse("issuing:document", args=[document.pk]), header)
        document.refresh_from_db()
        self.assertEqual(document.state, "issued")
        Unit.objects.filter(pk=self.school.pk).update(name=evil(4, " Trường"))
        response = self.client.get(reverse("awards:register_xlsx"), {"year": 2026})
        assert_text_only(self, response)
        assert_shows_evil(self, [response])
