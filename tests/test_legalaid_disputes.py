"""Legal aid by the Labour Code 2019: the road of a dispute (advice → mediation → arbitration → court) with
its dates, the limitation clock per kind of dispute (Art. 190, 194) on the case and on the unit's home
page, the worker's authorisation when the union represents them (Luật Công đoàn 2012 Art. 10(8)) and the
advisor's qualification."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from trienkhai.legalaid.models import CaseStage, LegalCase
from trienkhai.legalaid.workflow import open_case
from trienkhai.orgs.models import today

from .daily_world import DailyWorld
from .upload_corpus import blank_pdf


class LegalDisputeTests(DailyWorld):
    def case(self, **fields) -> LegalCase:
        base = {
            "requester": "Nguyễn Văn An",
            "topic": "wages",
            "summary": "Bị nợ lương ba tháng.",
            "opened_on": today() - dt.timedelta(days=30),
            "dispute_kind": "individual",
            "discovered_on": today() - dt.timedelta(days=40),
        }
        return open_case(origin_unit=self.school, user=self.cdcs_hoa, **{**base, **fields})

    def stage(self, case: LegalCase, **data):
        self.login(self.cdcs_hoa)
        return self.client.post(f"/phap-ly/{case.pk}/giai-doan/", data)

    def clocks(self, case: LegalCase) -> dict[str, dt.date]:
        return {c.article: c.deadline for c in case.clocks()}

    def test_blld_art190_1_mediation_within_6_months_of_finding_the_breach(self):
        case = self.case(discovered_on=dt.date(2026, 1, 31))
        self.assertEqual(self.clocks(case)["khoản 1 Điều 190 Bộ luật Lao động 2019"], dt.date(2026, 7, 31))

    def test_blld_art190_2_and_3_arbitration_9_months_court_1_year(self):
        case = self.case(discovered_on=dt.date(2026, 1, 31))
        clocks = self.clocks(case)
        self.assertEqual(clocks["khoản 2 Điều 190 Bộ luật Lao động 2019"], dt.date(2026, 10, 31))
        self.assertEqual(clocks["khoản 3 Điều 190 Bộ luật Lao động 2019"], dt.date(2027, 1, 31))

    def test_blld_art194_collective_dispute_on_rights_has_its_own_clock(self):
        case = self.case(dispute_kind="collective_rights", discovered_on=dt.date(2026, 2, 10))
        self.assertEqual(self.clocks(case)["khoản 1 Điều 194 Bộ luật Lao động 2019"], dt.date(2026, 8, 10))

    def test_limitation_clock_shown_on_the_case_and_the_units_home_page(self):
        case = self.case()
        due = self.clocks(case)["khoản 1 Điều 190 Bộ luật Lao động 2019"]
        left = (due - today()).days
        self.login(self.cdcs_hoa)
        page = self.client.get(f"/phap-ly/{case.pk}/")
        self.assertContains(page, f"còn {left} ngày")
        home = self.client.get("/")
        self.assertContains(home, "Thời hiệu tranh chấp lao động")
        self.assertContains(home, f"còn {left} ngày (khoản 1 Điều 190 Bộ luật Lao động 2019)")

    def test_once_mediation_is_asked_the_clock_moves_to_the_next_body(self):
        case = self.case()
        start = (today() - dt.timedelta(days=5)).strftime("%d/%m/%Y")
        self.assertEqual(
            self.stage(case, stage="mediation", started_on=start, body="HGV Trần B").status_code, 302
        )
        clock = case.next_clock(today())
        assert clock is not None
        self.assertEqual(clock.article, "khoản 2 Điều 190 Bộ luật Lao động 2019")

    def test_once_the_court_is_asked_the_earlier_clocks_no_longer_run(self):
        case = self.case()
        day = (today() - dt.timedelta(days=5)).strftime("%d/%m/%Y")
        self.assertEqual(
            self.stage(case, stage="court", started_on=day, body="TAND khu vực 9").status_code, 302
        )
        self.assertIsNone(case.next_clock(today()))
        self.assertContains(self.client.get(f"/phap-ly/{case.pk}/"), "không qua giai đoạn này")

    def test_stages_go_forward_never_back(self):
        case = self.case()
        day = (today() - dt.timedelta(days=5)).strftime("%d/%m/%Y")
        self.assertEqual(self.stage(case, stage="advice", started_on=day).status_code, 302)
        self.assertEqual(
            self.stage(case, stage="court", started_on=day, body="TAND khu vực 9").status_code, 302
        )
        back = self.stage(case, stage="mediation", started_on=day, body="HGV Trần B")
        self.assertContains(back, "không ghi lùi về giai đoạn trước", status_code=400)
        self.assertEqual(list(CaseStage.objects.values_list("stage", flat=True)), ["advice", "court"])

    def test_luat_cong_doan_art10_8_union_representing_needs_the_workers_authorisation(self):
        case = self.case(represented=True)
        day = (today() - dt.timedelta(days=2)).strftime("%d/%m/%Y")
        refused = self.stage(case, stage="mediation", started_on=day, body="HGV Trần B")
        self.assertContains(refused, "cần giấy ủy quyền của người lao động", status_code=400)
        self.assertContains(refused, "HGV Trần B", status_code=400)  # what was typed is kept
        letter = SimpleUploadedFile("uy-quyen.pdf", blank_pdf(), content_type="application/pdf")
        self.client.post(f"/phap-ly/{case.pk}/tai-lieu/", {"file": [letter], "kind": "authorisation"})
        self.assertTrue(case.has_authorisation())
        self.assertEqual(
            self.stage(case, stage="mediation", started_on=day, body="HGV Trần B").status_code, 302
        )

    def test_advisor_qualification_is_kept_on_the_case(self):
        case = self.case()
        self.login(self.officer_minh)
        data = {"advisor": self.officer_minh.pk, "qualification": "law_graduate", "credential": "CN-123"}
        self.client.post(f"/phap-ly/{case.pk}/phan-cong/", data)
        case.refresh_from_db()
        self.assertEqual((case.advisor_qualification, case.advisor_credential), ("law_graduate", "CN-123"))
        self.assertContains(self.client.get(f"/phap-ly/{case.pk}/"), "Cán bộ công đoàn có bằng cử nhân luật")

    def test_dispute_kind_needs_the_day_the_breach_was_found(self):
        case = self.case(dispute_kind="", discovered_on=None)
        self.login(self.cdcs_hoa)
        response = self.client.post(f"/phap-ly/{case.pk}/tranh-chap/", {"dispute_kind": "individual"})
        self.assertContains(response, "để tính thời hiệu", status_code=400)
        ok = self.client.post(
            f"/phap-ly/{case.pk}/tranh-chap/", {"dispute_kind": "individual", "discovered_on": "02/03/2026"}
        )
        self.assertEqual(ok.status_code, 302)
