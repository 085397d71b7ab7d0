"""Founding, issue 20: the threshold per kind as data, the founding congress electing the BCH and UBKT, the
upper union's decision recognising them (Mẫu 7b, Hướng dẫn 38/HD-TLĐ) drafted into documents out, and the
path of Luật Công đoàn 2024 Art. 6 for a workers' organisation at an enterprise joining with a dossier."""

from __future__ import annotations

import datetime as dt

from trienkhai.issuing.forms import HeaderForm
from trienkhai.issuing.models import OutgoingDocument
from trienkhai.members.models import FoundingCase, FoundingCongress, FoundingThreshold
from trienkhai.members.workflow import min_founding_members

from .daily_world import DailyWorld

BCH = "Nguyễn Văn Một – Chủ tịch\nTrần Thị Hai – Phó Chủ tịch\nLê Văn Ba – Ủy viên"
UBKT = "Phạm Thị Bốn – Chủ nhiệm"


def _congress(**extra) -> dict:
    return {
        "path": "canvassing",
        "kind": "grassroots",
        "held_on": "05/03/2026",
        "attendees": "12",
        "bch": BCH,
        "ubkt": UBKT,
        **extra,
    }


class FoundingCongressTests(DailyWorld):
    def setUp(self) -> None:
        super().setUp()
        self.case = FoundingCase.objects.create(
            owner_unit=self.commune, enterprise="Công ty TNHH Gỗ Hòa Lạc", stage="board"
        )

    def test_hd38_tld_mau7b_the_congress_drafts_the_recognition_decision_in_documents_out(self):
        self.login(self.officer_minh)
        response = self.client.post(f"/doan-vien/thanh-lap-cdcs/{self.case.pk}/dai-hoi/", _congress())
        congress = FoundingCongress.objects.get(case=self.case)
        document = congress.decision
        self.assertRedirects(response, f"/van-ban-di/{document.pk}/", fetch_redirect_response=False)
        self.assertEqual((document.kind, document.state, document.unit), ("decision", "draft", self.commune))
        text = str(document.content)
        self.assertIn("công nhận Ban Chấp hành, Ủy ban Kiểm tra", text)
        self.assertIn("Nguyễn Văn Một – Chủ tịch", text)
        self.assertIn("Phạm Thị Bốn – Chủ nhiệm", text)
        self.assertIn("Hướng dẫn số 38/HD-TLĐ", text)
        page = self.client.get(f"/doan-vien/thanh-lap-cdcs/{self.case.pk}/").content.decode()
        self.assertIn(f'href="/van-ban-di/{document.pk}/"', page)
        self.assertEqual(self.client.get(f"/van-ban-di/{document.pk}/").status_code, 200)
        # Numbered, rendered and frozen on issuing's page like every other decision (the officer signs).
        data = {k: ("" if v is None else v) for k, v in HeaderForm.initial_from(document.content).items()}
        data.update(date="10/03/2026", signer_name="Lê Quang Minh", action="issue")
        response = self.client.post(f"/van-ban-di/{document.pk}/", data)
        self.assertRedirects(response, f"/van-ban-di/{document.pk}/", fetch_redirect_response=False)
        document.refresh_from_db()
        self.assertEqual(document.state, "issued")
        self.assertTrue(document.docx)

    def test_dieu_le_threshold_refuses_a_congress_below_the_minimum_for_its_kind(self):
        self.login(self.officer_minh)
        response = self.client.post(
            f"/doan-vien/thanh-lap-cdcs/{self.case.pk}/dai-hoi/", _congress(attendees="4")
        )
        self.assertContains(response, "cần ít nhất 5 đoàn viên", status_code=400)
        self.assertContains(response, "Điều lệ Công đoàn Việt Nam khóa XIII", status_code=400)
        self.assertFalse(FoundingCongress.objects.exists())
        self.assertFalse(OutgoingDocument.objects.exists())

    def test_the_threshold_is_data_per_kind_cdcs_and_nghiep_doan_may_differ(self):
        FoundingThreshold.objects.filter(kind="guild").update(
            min_members=10, article="Ví dụ, không lấy từ văn bản"
        )
        self.login(self.officer_minh)
        guild = self.client.post(
            f"/doan-vien/thanh-lap-cdcs/{self.case.pk}/dai-hoi/", _congress(kind="guild", attendees="8")
        )
        self.assertContains(guild, "Thành lập nghiệp đoàn cơ sở cần ít nhất 10 đoàn viên", status_code=400)
        cdcs = self.client.post(
            f"/doan-vien/thanh-lap-cdcs/{self.case.pk}/dai-hoi/", _congress(attendees="8")
        )
        self.assertEqual(cdcs.status_code, 302)
        FoundingThreshold.objects.filter(kind="grassroots").update(min_members=7)
        self.assertEqual(min_founding_members(), 7)  # the founding decision reads the same data

    def test_luat_cong_doan_2024_art6_dossier_goes_to_the_provincial_union(self):
        self.login(self.officer_minh)
        data = _congress(path="art6", organisation="Tổ chức NLĐ Công ty Gỗ", dossier_received_on="01/03/2026")
        response = self.client.post(f"/doan-vien/thanh-lap-cdcs/{self.case.pk}/dai-hoi/", data)
        self.assertContains(response, "nộp đến công đoàn cấp tỉnh", status_code=400)
        self.assertFalse(FoundingCongress.objects.exists())

    def test_luat_cong_doan_2024_art6_joining_needs_the_organisation_and_its_dossier(self):
        case = FoundingCase.objects.create(owner_unit=self.province, enterprise="Công ty Gỗ", stage="board")
        self.login(self.chairwoman_lan)
        response = self.client.post(f"/doan-vien/thanh-lap-cdcs/{case.pk}/dai-hoi/", _congress(path="art6"))
        self.assertContains(
            response, "cần tên tổ chức của người lao động và ngày nhận hồ sơ", status_code=400
        )
        data = _congress(path="art6", organisation="Tổ chức NLĐ Công ty Gỗ", dossier_received_on="01/03/2026")
        response = self.client.post(f"/doan-vien/thanh-lap-cdcs/{case.pk}/dai-hoi/", data)
        congress = FoundingCongress.objects.get(case=case)
        self.assertEqual((congress.path, congress.dossier_received_on), ("art6", dt.date(2026, 3, 1)))
        text = str(congress.decision.content)
        self.assertIn("Điều 6 Luật Công đoàn", text)
        self.assertIn("chấm dứt tư cách tổ chức của người lao động tại doanh nghiệp", text)

    def test_a_viewer_cannot_record_a_congress(self):
        self.login(self.viewer)
        response = self.client.post(f"/doan-vien/thanh-lap-cdcs/{self.case.pk}/dai-hoi/", _congress())
        self.assertEqual(response.status_code, 404)
        self.assertFalse(FoundingCongress.objects.exists())
