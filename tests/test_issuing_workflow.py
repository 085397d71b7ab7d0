"""Issuing flows: drafts from the app's data, the register, refusals that write nothing, replacement, the
registry of legal bases; every generated .docx is checked against the Decree 30 rules and the round trip."""

from __future__ import annotations

import datetime as dt

import docx
import pytest

from trienkhai.documents.models import LegalBasis
from trienkhai.issuing import compose, workflow
from trienkhai.issuing.models import Batch, OutgoingDocument, Register
from trienkhai.issuing.signers import Signer, parse_signer
from trienkhai.lib.vn import format_date
from trienkhai.plans.models import Plan
from trienkhai.reports.forms import ReportFormForm

from .docread.util import require_tools
from .issuing_world import IssuingWorld
from .layout import assert_decree30_layout, assert_pdf_keeps_the_text, save_page_one
from .roundtrip import as_printed, key_fields, roundtrip

ON = dt.date(2026, 4, 10)
SIGNER = {"signer": Signer(mode="TM", collective="BAN THƯỜNG VỤ", position="CHỦ TỊCH", name="Lê Văn Hùng")}


class IssuingWorkflowTests(IssuingWorld):
    def issue(self, document, on=ON, **header):
        return workflow.issue_document(
            document=document, user=self.officer_minh, on=on, header=header or None
        )

    def assert_survives_round_trip(self, document: OutgoingDocument) -> dict:
        back = roundtrip(document.content)
        want, got = key_fields(as_printed(document.content)), key_fields(back)
        self.assertEqual({k: (want[k], got[k]) for k in want if want[k] != got[k]}, {})
        return back

    # --- the plan (KH) ---------------------------------------------------------------------------------

    def test_plan_document_carries_tasks_budget_and_duties_of_the_plan(self) -> None:
        draft = workflow.create_plan_draft(plan=self.commune_plan, user=self.officer_minh, on=ON)
        c = draft.content
        self.assertEqual((draft.unit, draft.kind, c["number"]), (self.commune, "plan", "/KH-CĐX"))
        titles = [s["title"] for s in c["sections"]]
        self.assertEqual(
            titles, ["MỤC ĐÍCH, YÊU CẦU", "NHIỆM VỤ, GIẢI PHÁP", "KINH PHÍ THỰC HIỆN", "TỔ CHỨC THỰC HIỆN"]
        )
        self.assertEqual([s["label"] for s in c["sections"]], ["I", "II", "III", "IV"])
        self.assertEqual(
            [(t["id"], t["text"]) for t in c["tasks"]],
            [
                ("II.1.1", "Tổ chức hội nghị quán triệt"),
                ("II.1.2", "Đăng tin bài trên bảng tin"),
                ("II.2.1", "Thăm hỏi đoàn viên khó khăn"),
            ],
        )
        budget = c["sections"][2]["table"]["rows"]
        self.assertEqual(budget[-1], ["", "Tổng cộng", "", "14.500.000"])
        self.assertEqual(budget[1][2], "Xã hội hóa, tài trợ")
        self.assertEqual(
            c["signer"], {"name": "Trần Văn Bình", "title": "CHỦ TỊCH", "authority": ["TM. BAN THƯỜNG VỤ"]}
        )
        self.assertEqual(c["title"], "Tuyên truyền Nghị quyết 43-NQ/TW năm 2026")

    def test_issuing_the_plan_gives_it_the_next_number_and_freezes_it(self) -> None:
        draft = workflow.create_plan_draft(plan=self.commune_plan, user=self.officer_minh, on=ON)
        issued = self.issue(draft)
        self.assertEqual(
            (issued.number, issued.serial, issued.year, issued.state), ("01/KH-CĐX", 1, 2026, "issued")
        )
        self.assertEqual(Register.objects.get(unit=self.commune, year=2026).last_number, 1)
        self.commune_plan.refresh_from_db()
        self.assertEqual(self.commune_plan.number, "01/KH-CĐX")
        self.assertEqual(self.commune_plan.basis, issued.basis)
        d = assert_decree30_layout(issued.docx.path)
        self.assertIn("Số: 01/KH-CĐX", [p.text for p in d.tables[0].rows[0].cells[0].paragraphs])
        self.assertIn(
            "Hòa Lạc, ngày 10 tháng 4 năm 2026", [p.text for p in d.tables[0].rows[0].cells[1].paragraphs]
        )
        self.assert_survives_round_trip(issued)
        # The plan page's button now leads to the issued document, not to a second number.
        self.assertEqual(
            workflow.create_plan_draft(plan=self.commune_plan, user=self.officer_minh, on=ON), issued
        )

    def test_the_cdcs_plan_lists_actions_with_the_people_responsible_and_reaches_its_parent(self) -> None:
        commune = self.issue(
            workflow.create_plan_draft(plan=self.commune_plan, user=self.officer_minh, on=ON)
        )
        self.school_plan.refresh_from_db()
        draft = workflow.create_plan_draft(plan=self.school_plan, user=self.cdcs_hoa, on=ON)
        self.assertEqual((draft.unit, draft.content["number"]), (self.school, "/KH-CĐCS"))
        table = next(s["table"] for s in draft.content["sections"] if s.get("table"))
        self.assertEqual(
            table["columns"], ["STT", "Nhiệm vụ", "Hoạt động cụ thể", "Người phụ trách", "Thời hạn"]
        )
        self.assertEqual(table["rows"][0][2:], ["Hoạt động cụ thể số 1", "Đỗ Thị Hoa", "30/6/2026"])
        self.assertIn("Thực hiện Kế hoạch số 01/KH-CĐX", draft.content["preamble"][0])
        self.assertEqual(draft.content["signer"]["authority"], ["TM. BAN CHẤP HÀNH"])
        issued = workflow.issue_document(document=draft, user=self.cdcs_hoa, on=ON, header=SIGNER)
        self.assertEqual(issued.number, "01/KH-CĐCS")  # the school's own register
        d = assert_decree30_layout(issued.docx.path)
        self.assertEqual([c.text for c in d.tables[1].rows[1].cells][3], "Đỗ Thị Hoa")
        self.assertEqual([b.number for b in issued.basis.chain_up()], ["01/KH-CĐCS", commune.number])
        self.assertEqual(issued.basis.owner_unit, self.school)
        self.assert_survives_round_trip(issued)

    def test_a_plan_numbered_outside_the_register_is_only_downloaded(self) -> None:
        draft = workflow.create_plan_draft(plan=self.plan, user=self.chairwoman_lan, on=ON)
        self.assertEqual(draft.content["number"], "27/KH-LĐLĐ")
        with self.assertRaises(workflow.IssueRefused) as refused:
            workflow.issue_document(document=draft, user=self.chairwoman_lan, on=ON, header=SIGNER)
        self.assertIn("ban hành ngoài hệ thống", " ".join(refused.exception.problems))
        self.assertFalse(Register.objects.exists())

    # --- the result report (BC) ------------------------------------------------------------------------

    def test_result_report_has_bases_figures_narratives_and_difficulties(self) -> None:
        draft = workflow.create_report_draft(
            form=self.form, unit=self.province, year=self.year, index=1, user=self.chairwoman_lan, on=ON
        )
        c = draft.content
        self.assertTrue(c["title"].startswith("Kết quả thực hiện Kế hoạch số 27/KH-LĐLĐ ngày 08/8/2024"))
        self.assertTrue(c["preamble"][0].startswith("Căn cứ Kế hoạch số 27/KH-LĐLĐ ngày 08/8/2024"))
        self.assertTrue(c["preamble"][1].startswith("Căn cứ Nghị quyết số 43-NQ/TW ngày 24/11/2023"))
        results = c["sections"][0]
        table = results["children"][0]["table"]
        self.assertEqual(
            table["rows"],
            [
                ["1", "Số buổi tuyên truyền", "", "4"],
                ["2", "Đoàn viên kết nạp mới", "", "12"],
                ["3", "Tổng số đoàn viên", "", "85"],
                # A rate is averaged by the roll-up, not summed: one approved report gave 92.
                ["4", "Tỷ lệ tham gia", "", "92"],
                ["5", "Kinh phí đã chi", "", "3.500.000"],
            ],
        )
        self.assertIn("Có 2 đơn vị nhận Kế hoạch", results["children"][0]["paragraphs"][0])
        narrative = results["children"][1]
        self.assertEqual(narrative["title"], "Tuyên truyền")
        self.assertEqual(
            narrative["items"],
            [
                "Công đoàn Trường Tiểu học Hòa Lạc: Đã tổ chức 4 buổi tuyên truyền Nghị quyết 43 cho toàn thể đoàn viên."
            ],
        )
        self.assertEqual(
            [s["title"] for s in c["sections"][1:]], ["KHÓ KHĂN, VƯỚNG MẮC", "ĐỀ XUẤT, KIẾN NGHỊ"]
        )
        self.assertIn("Công đoàn Công ty May Hòa Lạc", c["sections"][1]["paragraphs"][0])
        self.assertEqual(c["signer"]["name"], "Nguyễn Thị Lan")  # the province's chair, family name first

    def test_issued_result_report_is_registered_under_the_plan_it_reports_on(self) -> None:
        draft = workflow.create_report_draft(
            form=self.form, unit=self.province, year=self.year, index=1, user=self.chairwoman_lan, on=ON
        )
        issued = workflow.issue_document(document=draft, user=self.chairwoman_lan, on=ON)
        self.assertEqual(issued.number, "01/BC-LĐLĐ")
        basis = LegalBasis.objects.get(number="01/BC-LĐLĐ", owner_unit=self.province)
        self.assertEqual(issued.basis, basis)
        self.assertEqual((basis.doc_type, basis.date, basis.issuer), ("BC", ON, self.province.name))
        self.assertEqual([b.number for b in basis.chain_up()], ["01/BC-LĐLĐ", "27/KH-LĐLĐ", "43-NQ/TW"])
        assert_decree30_layout(issued.docx.path)
        self.assert_survives_round_trip(issued)

    # --- the register ------------------------------------------------------------------------------------

    def _report(self, unit=None, year=None):
        return workflow.create_report_draft(
            form=self.form, unit=unit or self.province, year=year or self.year, index=1, user=None, on=ON
        )

    def test_numbers_follow_each_other_per_unit_and_restart_each_year(self) -> None:
        first = workflow.issue_document(document=self._report(), user=None, on=dt.date(2025, 12, 31))
        OutgoingDocument.objects.filter(pk=first.pk).update(period_year=1999)  # free the draft slot
        second = workflow.issue_document(document=self._report(), user=None, on=dt.date(2026, 1, 1))
        OutgoingDocument.objects.filter(pk=second.pk).update(period_year=1998)
        third = workflow.issue_document(document=self._report(), user=None, on=dt.date(2026, 1, 2))
        commune = workflow.issue_document(
            document=self._report(unit=self.commune), user=None, on=dt.date(2026, 1, 2), header=SIGNER
        )
        self.assertEqual(
            [first.number, second.number, third.number], ["01/BC-LĐLĐ", "01/BC-LĐLĐ", "02/BC-LĐLĐ"]
        )
        self.assertEqual(commune.number, "01/BC-CĐX")
        self.assertEqual(
            sorted(Register.objects.values_list("unit__code", "year", "last_number")),
            [("AB", 2025, 1), ("AB", 2026, 2), ("AB-HL", 2026, 1)],
        )

    def test_refusal_names_everything_missing_and_writes_nothing(self) -> None:
        draft = self._report(unit=self.commune)  # the commune has no chair: nobody signs by default
        content = dict(draft.content, sections=[], preamble=[], filing_unit="")
        with self.assertRaises(workflow.IssueRefused) as refused:
            workflow.issue_document(document=draft, user=self.officer_minh, on=ON, content=content)
        self.assertEqual(
            refused.exception.problems,
            [
                "Chưa ban hành được, còn thiếu: họ tên người ký, số, ký hiệu văn bản (ký hiệu đơn vị ban hành), "
                "nội dung văn bản (đang trống)."
            ],
        )
        draft.refresh_from_db()
        self.assertEqual(
            (draft.state, draft.number, draft.serial, bool(draft.docx)), ("draft", "", None, False)
        )
        self.assertFalse(Register.objects.exists())
        self.assertFalse(LegalBasis.objects.filter(owner_unit=self.commune).exists())

    def test_missing_signer_title_is_named(self) -> None:
        header = {"signer": Signer(mode="KT", principal="", position="", name="Lê Văn Hùng")}
        with self.assertRaises(workflow.IssueRefused) as refused:
            self.issue(self._report(unit=self.commune), **header)
        self.assertIn("chức vụ người ký", refused.exception.problems[0])
        self.assertIn("người đứng đầu mà người ký ký thay", refused.exception.problems[0])

    def test_an_issued_document_is_corrected_only_by_a_replacement(self) -> None:
        issued = workflow.issue_document(document=self._report(), user=None, on=ON)
        with self.assertRaises(workflow.IssueRefused):
            workflow.save_draft(document=issued, content={**issued.content, "title": "Sửa thẳng"})
        frozen = issued.docx.read()
        replacement = workflow.start_replacement(document=issued, user=self.chairwoman_lan)
        self.assertEqual(replacement.replaces, issued)
        self.assertEqual(
            replacement.content["closing"][0], "Văn bản này thay thế văn bản số 01/BC-LĐLĐ ngày 10/4/2026."
        )
        done = workflow.issue_document(document=replacement, user=None, on=ON)
        issued.refresh_from_db()
        self.assertEqual((done.number, issued.state), ("02/BC-LĐLĐ", "replaced"))
        with issued.docx.open("rb") as f:
            self.assertEqual(f.read(), frozen)

    def test_a_replaced_plan_takes_the_new_number(self) -> None:
        first = self.issue(workflow.create_plan_draft(plan=self.commune_plan, user=self.officer_minh, on=ON))
        second = self.issue(workflow.start_replacement(document=first, user=self.officer_minh))
        self.assertEqual(second.number, "02/KH-CĐX")
        self.assertEqual(Plan.objects.get(pk=self.commune_plan.pk).number, "02/KH-CĐX")

    # --- reminders --------------------------------------------------------------------------------------

    def test_plan_reminder_lists_the_units_without_a_plan(self) -> None:
        late = compose.plan_late_units(self.commune_plan, on=ON)
        self.assertEqual([u.unit for u in late], [self.factory])
        self.assertTrue(late[0].overdue and late[0].reason.startswith("quá hạn 21 ngày"))
        (draft,), batch = workflow.create_reminder_drafts(
            unit=self.commune, late=late, user=None, on=ON, plan=self.commune_plan
        )
        self.assertIsNone(batch)
        c = draft.content
        self.assertTrue(c["is_dispatch"] and c["title"].startswith("V/v đôn đốc xây dựng kế hoạch"))
        self.assertEqual(c["addressees"], ["Công đoàn Công ty May Hòa Lạc"])
        self.assertEqual(
            c["sections"][0]["items"], ["Công đoàn Công ty May Hòa Lạc: " + late[0].reason + "."]
        )
        issued = self.issue(draft, **SIGNER)
        self.assertEqual(issued.number, "01/CĐX")
        assert_decree30_layout(issued.docx.path, dispatch=True)
        self.assertEqual(roundtrip(issued.content)["number"], "01/CĐX")

    def test_report_reminder_names_the_units_that_have_not_submitted(self) -> None:
        late = compose.report_late_units(self.form, self.commune, self.year, 1, on=dt.date(self.year, 12, 30))
        self.assertEqual([(u.unit, u.overdue) for u in late], [(self.factory, True)])
        self.assertIn("chưa bắt đầu báo cáo, quá hạn", late[0].reason)

    def test_plan_reminder_never_asks_for_completion_before_the_plans_own_deadline(self) -> None:
        deadline = ON + dt.timedelta(days=30)
        self.commune_plan.assignments.update(deadline=deadline)
        late = [compose.LateUnit(self.factory, "chưa xây dựng kế hoạch", False)]
        (draft,), _batch = workflow.create_reminder_drafts(
            unit=self.commune, late=late, user=None, on=ON, plan=self.commune_plan
        )
        self.assertIn(f"trước ngày {format_date(deadline)}./.", draft.content["closing"][0])

    def test_report_reminder_never_asks_for_completion_before_the_forms_own_deadline(self) -> None:
        late = [compose.LateUnit(self.factory, "chưa nộp", False)]
        (draft,), _batch = workflow.create_reminder_drafts(
            unit=self.commune, late=late, user=None, on=ON, form=self.form, year=self.year, index=1
        )
        due = format_date(self.form.deadline(self.year, 1))
        self.assertIn(f"trước ngày {due}./.", draft.content["closing"][0])

    def test_report_deadline_before_the_closing_day_is_refused_decree_09_2019_art_12(self) -> None:
        """Decree 09/2019/NĐ-CP Art. 12: the yearly period closes on 14/12, so nothing is due before it."""
        self.form.deadline_overrides = {f"{self.year}-Y1": f"{self.year}-11-20"}
        builder = ReportFormForm(
            {"title": self.form.title, "period_kind": "year", "deadline_days": "5"}, instance=self.form
        )
        self.assertFalse(builder.is_valid())
        message = " ".join(builder.non_field_errors())
        self.assertIn(f"20/11/{self.year}", message)
        self.assertIn(f"14/12/{self.year}", message)

    def test_one_dispatch_to_each_late_unit_takes_consecutive_numbers(self) -> None:
        late = [
            compose.LateUnit(self.school, "chưa nộp", True),
            compose.LateUnit(self.factory, "chưa nộp", True),
        ]
        drafts, batch = workflow.create_reminder_drafts(
            unit=self.commune,
            late=late,
            user=None,
            on=ON,
            form=self.form,
            year=self.year,
            index=1,
            one_each=True,
        )
        self.assertEqual([d.content["addressees"] for d in drafts], [[self.school.name], [self.factory.name]])
        issued = workflow.issue_batch(batch=batch, user=self.officer_minh, on=ON, header=SIGNER)
        self.assertEqual([d.number for d in issued], ["01/CĐX", "02/CĐX"])
        self.assertEqual(Batch.objects.get().documents.filter(state="issued").count(), 2)

    def test_a_batch_is_issued_all_or_nothing(self) -> None:
        late = [
            compose.LateUnit(self.school, "chưa nộp", True),
            compose.LateUnit(self.factory, "chưa nộp", True),
        ]
        drafts, batch = workflow.create_reminder_drafts(
            unit=self.commune,
            late=late,
            user=None,
            on=ON,
            form=self.form,
            year=self.year,
            index=1,
            one_each=True,
        )
        with self.assertRaises(workflow.IssueRefused) as refused:
            workflow.issue_batch(batch=batch, user=self.officer_minh, on=ON)  # nobody signs
        self.assertTrue(refused.exception.problems[0].startswith(self.school.name))
        self.assertFalse(OutgoingDocument.objects.issued().exists())
        self.assertFalse(Register.objects.exists())


class SignerTests(IssuingWorld):
    def test_signature_blocks_are_read_from_one_line_or_several(self) -> None:
        cases = {
            "TM. BAN THƯỜNG VỤ CHỦ TỊCH": ("TM", "BAN THƯỜNG VỤ", "", "CHỦ TỊCH"),
            "TM. BAN CHẤP HÀNH — CHỦ TỊCH": ("TM", "BAN CHẤP HÀNH", "", "CHỦ TỊCH"),
            "KT. CHỦ TỊCH PHÓ CHỦ TỊCH": ("KT", "", "CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
            "TM. BAN THƯỜNG VỤ\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH": (
                "TM_KT",
                "BAN THƯỜNG VỤ",
                "CHỦ TỊCH",
                "PHÓ CHỦ TỊCH",
            ),
            "Q. CHỦ TỊCH": ("Q", "", "", "CHỦ TỊCH"),
            "TL. CHỦ TỊCH CHÁNH VĂN PHÒNG": ("TL", "", "CHỦ TỊCH", "CHÁNH VĂN PHÒNG"),
            "TUQ. CHỦ TỊCH TRƯỞNG BAN TỔ CHỨC": ("TUQ", "", "CHỦ TỊCH", "TRƯỞNG BAN TỔ CHỨC"),
            "Phó Chủ tịch": ("", "", "", "PHÓ CHỦ TỊCH"),
        }
        for text, (mode, collective, principal, position) in cases.items():
            s = parse_signer(text)
            self.assertEqual(
                (s.mode, s.collective, s.principal, s.position), (mode, collective, principal, position), text
            )

    def test_each_mode_prints_its_lines(self) -> None:
        both = Signer(
            mode="TM_KT", collective="Ban Thường vụ", principal="Chủ tịch", position="Phó Chủ tịch", name="A"
        )
        self.assertEqual(
            both.as_dict(),
            {"name": "A", "title": "PHÓ CHỦ TỊCH", "authority": ["TM. BAN THƯỜNG VỤ", "KT. CHỦ TỊCH"]},
        )
        self.assertEqual(Signer(mode="Q", position="Chủ tịch").as_dict()["title"], "Q. CHỦ TỊCH")
        self.assertEqual(
            Signer(mode="TUQ", principal="Chủ tịch", position="Trưởng ban").authority(), ["TUQ. CHỦ TỊCH"]
        )


@pytest.mark.slow
class IssuingPdfTests(IssuingWorld):
    def test_issued_documents_are_converted_on_the_worker_with_page_images(self) -> None:
        require_tools("soffice", "pdftotext", "pdftoppm", "pdfinfo")
        report = workflow.create_report_draft(
            form=self.form, unit=self.province, year=self.year, index=1, user=None, on=ON
        )
        late = [
            compose.LateUnit(self.school, "chưa nộp", True),
            compose.LateUnit(self.factory, "chưa nộp", True),
        ]
        _drafts, batch = workflow.create_reminder_drafts(
            unit=self.province,
            late=late,
            user=None,
            on=ON,
            form=self.form,
            year=self.year,
            index=1,
            one_each=True,
        )
        with self.captureOnCommitCallbacks(execute=True):
            report = workflow.issue_document(document=report, user=None, on=ON)
        with self.captureOnCommitCallbacks(execute=True):
            issued = workflow.issue_batch(batch=batch, user=None, on=ON)  # both PDFs at once, one per core
        for document in [report, *issued]:
            document.refresh_from_db()
            self.assertEqual((document.pdf_state, document.pdf_error), ("ready", ""))
            self.assertGreaterEqual(document.pages, 1)
            pages = assert_pdf_keeps_the_text(document.docx.path, document.pdf.path)
            self.assertEqual(pages, document.pages)
        self.assertEqual([d.pages for d in issued], [1, 1])
        save_page_one(report.pdf.path, "issuing-report-page1")
        save_page_one(issued[0].pdf.path, "issuing-dispatch-page1")
        text = " ".join(p.text for p in docx.Document(report.docx.path).paragraphs)
        self.assertIn("Đã tổ chức 4 buổi tuyên truyền Nghị quyết 43", text)

    def test_a_draft_preview_made_stale_by_an_edit_is_not_offered(self) -> None:
        require_tools("soffice", "pdftoppm")
        draft = workflow.create_plan_draft(plan=self.commune_plan, user=self.officer_minh, on=ON)
        with self.captureOnCommitCallbacks(execute=True):
            self.assertTrue(workflow.queue_preview(document=draft))
        draft.refresh_from_db()
        self.assertEqual((draft.pdf_state, draft.pdf_key), ("ready", workflow.content_key(draft.content)))
        self.assertFalse(workflow.queue_preview(document=draft))  # nothing changed: nothing to redo
        edited = workflow.save_draft(document=draft, content={**draft.content, "title": "Tên mới"})
        self.assertNotEqual(edited.pdf_key, workflow.content_key(edited.content))
