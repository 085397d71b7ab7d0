"""Legal aid: a case is visible only to the advisor's unit and the units above it; documents are checked
by their content; the case runs from request to court and outcome."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from trienkhai.legalaid.models import LegalCase
from trienkhai.legalaid.workflow import open_case

from .daily_world import DailyWorld
from .upload_corpus import blank_pdf


class LegalAidTests(DailyWorld):
    def new_case(self) -> LegalCase:
        return open_case(
            origin_unit=self.school,
            user=self.cdcs_hoa,
            requester="Nguyễn Văn An",
            topic="dismissal",
            summary="Bị chấm dứt hợp đồng khi đang nghỉ ốm.",
            opened_on=dt.date(2026, 2, 1),
        )

    def status_for(self, case, user) -> int:
        self.login(user)
        return self.client.get(f"/phap-ly/{case.pk}/").status_code

    def test_the_request_is_seen_by_its_unit_and_above_only(self):
        case = self.new_case()
        expected = {
            self.cdcs_hoa: 200,
            self.officer_minh: 200,
            self.chairwoman_lan: 200,
            self.viewer: 200,
            self.cdcs_dung: 404,
            self.outsider: 404,
        }
        self.assertEqual({u: self.status_for(case, u) for u in expected}, expected)

    def test_once_a_province_advisor_takes_it_only_the_province_sees_it(self):
        case = self.new_case()
        self.login(self.cdcs_hoa)
        response = self.client.post(f"/phap-ly/{case.pk}/phan-cong/", {"advisor": self.chairwoman_lan.pk})
        self.assertRedirects(response, "/phap-ly/")
        case.refresh_from_db()
        self.assertEqual(
            (case.unit, case.advisor, case.status), (self.province, self.chairwoman_lan, "assigned")
        )
        expected = {
            self.cdcs_hoa: 404,
            self.officer_minh: 404,
            self.chairwoman_lan: 200,
            self.viewer: 200,
            self.outsider: 404,
        }
        self.assertEqual({u: self.status_for(case, u) for u in expected}, expected)
        self.login(self.chairwoman_lan)
        self.assertContains(self.client.get("/"), "Vụ việc tôi đang tư vấn")

    def test_an_advisor_outside_the_chain_cannot_be_assigned(self):
        case = self.new_case()
        self.login(self.cdcs_hoa)
        response = self.client.post(f"/phap-ly/{case.pk}/phan-cong/", {"advisor": self.outsider.pk})
        self.assertEqual(response.status_code, 400)
        case.refresh_from_db()
        self.assertIsNone(case.advisor)

    def test_from_request_to_court_to_outcome(self):
        case = self.new_case()
        self.login(self.officer_minh)
        self.client.post(f"/phap-ly/{case.pk}/phan-cong/", {"advisor": self.officer_minh.pk})
        self.client.post(f"/phap-ly/{case.pk}/ghi-chu/", {"text": "Đã xem hợp đồng và quyết định chấm dứt."})
        self.client.post(
            f"/phap-ly/{case.pk}/toa-an/",
            {"court": "TAND khu vực 9", "filed_on": "01/03/2026", "stage": "first"},
        )
        case.refresh_from_db()
        self.assertEqual((case.status, case.kind), ("court", "court"))
        bad = self.client.post(
            f"/phap-ly/{case.pk}/ket-thuc/", {"outcome": "resolved", "closed_on": "01/01/2026"}
        )
        self.assertContains(bad, "không được trước ngày tiếp nhận", status_code=400)
        self.client.post(
            f"/phap-ly/{case.pk}/ket-thuc/",
            {"outcome": "resolved", "closed_on": "20/05/2026", "amount": "42000000"},
        )
        case.refresh_from_db()
        self.assertEqual(
            (case.status, case.outcome, int(case.amount_recovered)), ("closed", "resolved", 42_000_000)
        )
        self.assertEqual(case.notes.count(), 4)

    def test_documents_are_checked_by_content_and_served_through_the_case(self):
        case = self.new_case()
        self.login(self.cdcs_hoa)
        fake = SimpleUploadedFile("quyet-dinh.pdf", b"MZ\x90\x00 not a pdf")
        real = SimpleUploadedFile("quyet-dinh-that.pdf", blank_pdf())
        self.client.post(f"/phap-ly/{case.pk}/tai-lieu/", {"file": [fake, real]})
        self.assertEqual(list(case.documents.values_list("name", flat=True)), ["quyet-dinh-that.pdf"])
        document = case.documents.get()
        self.assertEqual(self.client.get(f"/phap-ly/{case.pk}/tai-lieu/{document.pk}/").status_code, 200)
        self.login(self.cdcs_dung)
        self.assertEqual(self.client.get(f"/phap-ly/{case.pk}/tai-lieu/{document.pk}/").status_code, 404)
