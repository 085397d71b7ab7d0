"""Issuing through the pages: from the plan page, the report board and the cascade board to a draft, its
edits, refusals that keep what was typed, issuing, downloads through the access helper, the register and
its Excel export."""

from __future__ import annotations

import datetime as dt
import io
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from trienkhai.issuing import workflow
from trienkhai.issuing.models import OutgoingDocument, Register
from trienkhai.orgs.models import Role

from .issuing_world import IssuingWorld

TODAY = dt.date(2026, 4, 10)


def _today():
    return TODAY


@mock.patch("trienkhai.issuing.views.today", _today)
@mock.patch("trienkhai.issuing.forms.today", _today)
class IssuingPageTests(IssuingWorld):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.viewer = cls.make_user("viewer_vy", "Vy", cls.province, Role.VIEWER)
        cls.other_cdcs = cls.make_user("cdcs_dung", "Dũng", cls.factory, Role.CDCS_CHAIR)

    def draft_of_commune_plan(self) -> OutgoingDocument:
        self.login(self.officer_minh)
        response = self.client.post(reverse("issuing:plan_draft", args=[self.commune_plan.pk]))
        document = OutgoingDocument.objects.get(plan=self.commune_plan)
        self.assertRedirects(response, reverse("issuing:document", args=[document.pk]))
        return document

    def form_data(self, document: OutgoingDocument, **changes) -> dict:
        from trienkhai.issuing.forms import HeaderForm

        initial = HeaderForm.initial_from(document.content)
        data = {k: ("" if v is None else v) for k, v in initial.items()}
        data["date"] = "10/4/2026"
        data.update(changes)
        return data

    # --- plan page → draft → issue ------------------------------------------------------------------------

    def test_the_plan_page_leads_its_writers_to_the_plan_document(self) -> None:
        self.login(self.officer_minh)
        page = self.client.get(reverse("plans:detail", args=[self.commune_plan.pk]))
        self.assertContains(page, reverse("issuing:plan_draft", args=[self.commune_plan.pk]))
        self.login(self.viewer)
        page = self.client.get(reverse("plans:detail", args=[self.commune_plan.pk]))
        self.assertNotContains(page, reverse("issuing:plan_draft", args=[self.commune_plan.pk]))

    def test_the_draft_page_shows_every_paragraph_in_a_box_and_the_signer_form(self) -> None:
        document = self.draft_of_commune_plan()
        page = self.client.get(reverse("issuing:document", args=[document.pk]))
        self.assertContains(page, 'name="s1-0-i-0"')  # group 1, task 1
        self.assertContains(page, ">Tổ chức hội nghị quán triệt</textarea>", html=False)
        self.assertContains(page, 'name="signer_mode"')
        self.assertContains(page, "Trần Văn Bình")
        self.assertContains(page, "/KH-CĐX")

    def test_edits_to_any_paragraph_and_the_header_are_saved(self) -> None:
        document = self.draft_of_commune_plan()
        data = self.form_data(
            document,
            action="save",
            signer_mode="TM_KT",
            signer_principal="Chủ tịch",
            signer_position="Phó Chủ tịch",
            signer_name="Lê Văn Hùng",
            recipients="LĐLĐ tỉnh (b.c)\nCác CĐCS (t.h)",
            **{
                "s1-0-i-0": "Tổ chức hội nghị quán triệt cho 100% đoàn viên",
                "s1-1-i-0": "",
                "close-add": "Thêm một câu.",
            },
        )
        response = self.client.post(reverse("issuing:document", args=[document.pk]), data)
        self.assertRedirects(response, reverse("issuing:document", args=[document.pk]))
        document.refresh_from_db()
        tasks = document.content["sections"][1]["children"]
        self.assertEqual(tasks[0]["items"][0], "Tổ chức hội nghị quán triệt cho 100% đoàn viên")
        self.assertEqual(tasks[1]["items"], [])  # its only task removed; the empty group is not printed
        self.assertEqual(document.content["closing"][-1], "Thêm một câu.")
        self.assertEqual(
            document.content["signer"],
            {
                "name": "Lê Văn Hùng",
                "title": "PHÓ CHỦ TỊCH",
                "authority": ["TM. BAN THƯỜNG VỤ", "KT. CHỦ TỊCH"],
            },
        )
        self.assertEqual(document.content["recipients"], ["LĐLĐ tỉnh (b.c)", "Các CĐCS (t.h)"])

    def test_issuing_without_signer_lists_what_is_missing_writes_nothing_and_keeps_the_text(self) -> None:
        document = self.draft_of_commune_plan()
        data = self.form_data(
            document, action="issue", signer_name="", issuer_code="", **{"s1-0-i-0": "Nội dung vừa gõ"}
        )
        response = self.client.post(reverse("issuing:document", args=[document.pk]), data)
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response,
            "Chưa ban hành được, còn thiếu: họ tên người ký, số, ký hiệu văn bản (ký hiệu đơn vị ban hành).",
            status_code=400,
        )
        self.assertContains(response, "Nội dung vừa gõ", status_code=400)
        document.refresh_from_db()
        self.assertEqual(document.state, "draft")
        self.assertNotEqual(document.content["sections"][1]["children"][0]["items"][0], "Nội dung vừa gõ")
        self.assertFalse(Register.objects.exists())

    def test_a_date_in_the_future_or_another_year_is_refused(self) -> None:
        document = self.draft_of_commune_plan()
        for typed, message in (("11/4/2026", "không được sau hôm nay"), ("30/12/2025", "trong năm 2026")):
            response = self.client.post(
                reverse("issuing:document", args=[document.pk]),
                self.form_data(document, action="issue", date=typed),
            )
            self.assertContains(response, message, status_code=400)
        self.assertFalse(Register.objects.exists())

    def test_a_plan_numbered_outside_keeps_its_date_and_is_downloaded_as_a_draft(self) -> None:
        self.login(self.chairwoman_lan)
        self.client.post(reverse("issuing:plan_draft", args=[self.plan.pk]))
        document = OutgoingDocument.objects.get(plan=self.plan)
        data = self.form_data(document, action="save", date="08/8/2024")
        self.assertRedirects(
            self.client.post(reverse("issuing:document", args=[document.pk]), data),
            reverse("issuing:document", args=[document.pk]),
        )
        download = self.client.get(reverse("issuing:docx", args=[document.pk]))
        self.assertEqual(download.status_code, 200)
        self.assertIn(f'filename="du-thao-{document.pk}.docx"', download["Content-Disposition"])
        refused = self.client.post(
            reverse("issuing:document", args=[document.pk]), {**data, "action": "issue"}
        )
        self.assertContains(refused, "trong năm 2026", status_code=400)

    def test_issuing_from_the_page_registers_the_number_and_serves_the_frozen_file(self) -> None:
        document = self.draft_of_commune_plan()
        with self.captureOnCommitCallbacks(execute=False) as queued:
            response = self.client.post(
                reverse("issuing:document", args=[document.pk]), self.form_data(document, action="issue")
            )
        self.assertRedirects(response, reverse("issuing:document", args=[document.pk]))
        self.assertEqual(len(queued), 2)  # forget the draft preview, then queue the PDF for the worker
        document.refresh_from_db()
        self.assertEqual((document.number, document.pdf_state), ("01/KH-CĐX", "queued"))
        page = self.client.get(reverse("issuing:document", args=[document.pk]))
        self.assertContains(page, "01/KH-CĐX")
        self.assertContains(page, f'hx-get="{reverse("issuing:progress", args=[document.pk])}"')
        self.assertNotContains(page, 'name="action"')  # frozen: no editor
        download = self.client.get(reverse("issuing:docx", args=[document.pk]))
        self.assertEqual(b"".join(download.streaming_content), document.docx.read())
        self.assertIn('filename="01-KH-CDX.docx"', download["Content-Disposition"])
        self.assertRedirects(
            self.client.get(reverse("issuing:pdf", args=[document.pk])),
            reverse("issuing:document", args=[document.pk]),
        )
        posted = self.client.post(
            reverse("issuing:document", args=[document.pk]), self.form_data(document, action="save")
        )
        self.assertRedirects(posted, reverse("issuing:document", args=[document.pk]))
        document.refresh_from_db()
        self.assertEqual(document.state, "issued")

    def test_a_failed_or_stalled_conversion_of_an_issued_document_can_be_asked_again(self) -> None:
        document = self.draft_of_commune_plan()
        workflow.issue_document(document=document, user=self.officer_minh, on=TODAY)
        url = reverse("issuing:document", args=[document.pk])
        OutgoingDocument.objects.filter(pk=document.pk).update(
            pdf_state="failed", pdf_error="LibreOffice hỏng"
        )
        self.assertContains(self.client.get(url), 'id="retry-pdf"')
        with self.captureOnCommitCallbacks(execute=False) as queued:
            self.assertRedirects(self.client.post(url, {"action": "pdf"}), url)
        self.assertEqual((OutgoingDocument.objects.get(pk=document.pk).pdf_state, len(queued)), ("queued", 1))
        # Converting for half an hour: the worker was lost; asking again queues it anew.
        old = document.updated_at - dt.timedelta(minutes=30)
        OutgoingDocument.objects.filter(pk=document.pk).update(pdf_state="converting", updated_at=old)
        with self.captureOnCommitCallbacks(execute=False) as queued:
            self.client.post(url, {"action": "pdf"})
        self.assertEqual(len(queued), 1)
        with self.captureOnCommitCallbacks(execute=False) as queued:
            self.client.post(url, {"action": "pdf"})  # just queued: nothing to add
        self.assertEqual(len(queued), 0)
        self.assertEqual(OutgoingDocument.objects.get(pk=document.pk).number, "01/KH-CĐX")

    def test_a_replacement_is_started_from_the_issued_document(self) -> None:
        document = self.draft_of_commune_plan()
        self.client.post(
            reverse("issuing:document", args=[document.pk]), self.form_data(document, action="issue")
        )
        response = self.client.post(reverse("issuing:replace", args=[document.pk]))
        replacement = OutgoingDocument.objects.get(replaces=document)
        self.assertRedirects(response, reverse("issuing:document", args=[replacement.pk]))
        self.assertContains(self.client.get(response.url), "Văn bản này thay thế văn bản số 01/KH-CĐX")

    # --- who may do what ----------------------------------------------------------------------------------

    def test_a_cdcs_issues_its_own_plan_and_the_level_above_does_not(self) -> None:
        self.login(self.officer_minh)
        self.assertEqual(
            self.client.post(reverse("issuing:plan_draft", args=[self.school_plan.pk])).status_code, 404
        )
        self.login(self.cdcs_hoa)
        response = self.client.post(reverse("issuing:plan_draft", args=[self.school_plan.pk]))
        document = OutgoingDocument.objects.get(plan=self.school_plan)
        self.assertEqual(document.unit, self.school)
        self.assertRedirects(response, reverse("issuing:document", args=[document.pk]))
        self.login(self.officer_minh)  # above the school: sees nothing of its draft
        self.assertEqual(self.client.get(reverse("issuing:document", args=[document.pk])).status_code, 404)
        self.assertEqual(self.client.get(reverse("issuing:docx", args=[document.pk])).status_code, 404)

    def test_readers_see_issued_documents_but_not_drafts_and_cannot_issue(self) -> None:
        document = self.draft_of_commune_plan()
        self.login(self.viewer)
        self.assertEqual(self.client.get(reverse("issuing:document", args=[document.pk])).status_code, 404)
        workflow.issue_document(document=document, user=self.officer_minh, on=TODAY)
        for user, status in ((self.viewer, 200), (self.other_cdcs, 200), (self.outsider, 404)):
            self.login(user)
            self.assertEqual(
                self.client.get(reverse("issuing:document", args=[document.pk])).status_code, status
            )
            self.assertEqual(self.client.get(reverse("issuing:docx", args=[document.pk])).status_code, status)
        self.login(self.viewer)
        self.assertEqual(self.client.post(reverse("issuing:replace", args=[document.pk])).status_code, 404)

    def test_the_register_breadcrumb_of_a_document_from_above_opens_for_a_cdcs(self) -> None:
        document = self.draft_of_commune_plan()
        workflow.issue_document(document=document, user=self.officer_minh, on=TODAY)
        register = reverse("issuing:register")
        for user, expected in (
            (self.other_cdcs, f'href="{register}"'),  # the commune's register is not theirs to read
            (self.officer_minh, f'href="{register}?don_vi={self.commune.pk}"'),
        ):
            self.login(user)
            page = self.client.get(reverse("issuing:document", args=[document.pk])).content.decode()
            self.assertIn(f'<li class="breadcrumb-item"><a {expected}>', page)
            url = expected.removeprefix('href="').removesuffix('"')
            self.assertEqual(self.client.get(url).status_code, 200)

    # --- report board and cascade board ---------------------------------------------------------------

    def test_the_report_board_leads_its_unit_to_a_result_report(self) -> None:
        self.login(self.chairwoman_lan)
        board = reverse("reports:board", args=[self.form.pk, self.province.pk]) + f"?nam={self.year}&ky=1"
        page = self.client.get(board)
        url = reverse("issuing:report_draft", args=[self.form.pk, self.province.pk, self.year, 1])
        self.assertContains(page, url)
        response = self.client.post(url)
        document = OutgoingDocument.objects.get(kind="report")
        self.assertRedirects(response, reverse("issuing:document", args=[document.pk]))
        self.assertEqual((document.unit, document.period_year), (self.province, self.year))
        self.login(
            self.officer_minh
        )  # a reviewer below reads the board of its own unit, not the province's BC
        self.assertEqual(self.client.post(url).status_code, 404)
        bad = reverse("issuing:report_draft", args=[self.form.pk, self.province.pk, self.year, 3])
        self.login(self.chairwoman_lan)
        self.assertEqual(self.client.post(bad).status_code, 404)  # a yearly form has no third period

    def test_one_dispatch_to_each_late_unit_from_the_cascade_board(self) -> None:
        self.login(self.officer_minh)
        board = self.client.get(reverse("plans:board", args=[self.commune_plan.pk]))
        url = reverse("issuing:plan_reminder", args=[self.commune_plan.pk])
        self.assertContains(board, url)
        page = self.client.get(url)
        self.assertContains(page, "Công đoàn Công ty May Hòa Lạc — quá hạn 21 ngày")
        self.assertContains(self.client.post(url, {}), "Chọn ít nhất một đơn vị.", status_code=400)
        response = self.client.post(url, {"units": [str(self.factory.pk)], "one_each": "on"})
        batch_url = response.url
        self.assertTrue(batch_url.startswith("/van-ban-di/dot/"))
        self.assertContains(self.client.get(batch_url), "Ban hành 1 công văn")
        refused = self.client.post(batch_url, {"date": "10/4/2026"})
        self.assertContains(refused, "họ tên người ký", status_code=400)
        done = self.client.post(
            batch_url,
            {
                "date": "10/4/2026",
                "issuer_code": "CĐX",
                "signer_mode": "TM",
                "signer_collective": "BAN THƯỜNG VỤ",
                "signer_position": "CHỦ TỊCH",
                "signer_name": "Lê Văn Hùng",
            },
        )
        self.assertRedirects(done, batch_url)
        self.assertEqual(list(OutgoingDocument.objects.issued().values_list("number", flat=True)), ["01/CĐX"])
        progress = self.client.get(batch_url.rstrip("/") + "/tien-do/")
        self.assertContains(progress, "01/CĐX")

    # --- the register ----------------------------------------------------------------------------------

    def test_the_register_lists_the_year_and_exports_it_with_text_as_text(self) -> None:
        document = self.draft_of_commune_plan()
        content = {**document.content, "title": '=HYPERLINK("http://x")'}
        workflow.issue_document(document=document, user=self.officer_minh, on=TODAY, content=content)
        page = self.client.get(reverse("issuing:register") + f"?don_vi={self.commune.pk}&nam=2026")
        self.assertContains(page, "01/KH-CĐX")
        export = self.client.get(reverse("issuing:register_xlsx", args=[self.commune.pk, 2026]))
        sheet = load_workbook(io.BytesIO(export.content)).active
        rows = [[c.value for c in row] for row in sheet.iter_rows()]
        header = rows.index(
            [
                "Số TT",
                "Số, ký hiệu",
                "Ngày ban hành",
                "Loại",
                "Trích yếu",
                "Người ký",
                "Nơi nhận",
                "Tình trạng",
                "Ghi chú",
            ]
        )
        line = rows[header + 1]
        self.assertEqual(line[:2], [1, "01/KH-CĐX"])
        self.assertEqual(line[4], '=HYPERLINK("http://x")')
        self.assertEqual(sheet.cell(row=header + 2, column=5).data_type, "s")

    def test_the_register_notes_the_signer_and_which_document_replaces_which(self) -> None:
        first = workflow.issue_document(
            document=self.draft_of_commune_plan(), user=self.officer_minh, on=TODAY
        )
        second = workflow.start_replacement(document=first, user=self.officer_minh)
        workflow.issue_document(document=second, user=self.officer_minh, on=TODAY)
        page = self.client.get(reverse("issuing:register") + f"?don_vi={self.commune.pk}&nam=2026")
        signer = first.content["signer"]
        self.assertContains(page, f"{signer['name']} — Chủ tịch", count=2)
        self.assertContains(page, "Thay thế văn bản số 01/KH-CĐX")
        self.assertContains(page, "Đã được thay thế bởi văn bản số 02/KH-CĐX")

    def test_the_register_page_costs_the_same_for_three_or_twelve_documents(self) -> None:
        self.login(self.chairwoman_lan)

        def issue(n: int) -> None:
            for _ in range(n):
                draft = workflow.create_report_draft(
                    form=self.form, unit=self.province, year=self.year, index=1, user=None, on=TODAY
                )
                workflow.issue_document(document=draft, user=None, on=TODAY)

        url = reverse("issuing:register") + f"?don_vi={self.province.pk}&nam=2026"

        def count() -> int:
            with CaptureQueriesContext(connection) as ctx:
                self.assertEqual(self.client.get(url).status_code, 200)
            return len(ctx.captured_queries)

        issue(3)
        few = count()
        issue(9)
        self.assertEqual(count(), few)
