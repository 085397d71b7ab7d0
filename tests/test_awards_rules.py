"""The rules of commendation from the texts (issue 19), one test per rule, named after its article: the
catalogue of forms (Luật TĐKT 2022 Điều 8), titles over consecutive years (Điều 22), one achievement one
award and one initiative once (Điều 5), priority to women, quotas shown while proposing, no award while
an inspection or a concern is pending (Nghị định 152/2025 Điều 4), the file of a proposal (Điều 84), the
council's session with its minutes, the identity from the member register, the money column of the
decision (Nghị định 98/2023 Điều 54), revocation with its ground (chương VII), and enterprises and tổ công
đoàn as recipients."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from unittest import mock

from django.urls import reverse

from trienkhai.awards import workflow
from trienkhai.awards.models import (
    AwardForm,
    BaseSalary,
    CouncilSession,
    Proposal,
    ProposalFile,
    ensure_default_forms,
)
from trienkhai.concerns.models import Concern, ConcernCategory
from trienkhai.concerns.workflow import close_case, open_case
from trienkhai.inspections.models import InspectionPlan, Visit
from trienkhai.issuing.models import OutgoingDocument
from trienkhai.members.models import Member

from .media import TempMediaMixin
from .world import World

TODAY = dt.date(2026, 12, 2)
YEAR = 2026
GRADES = "trienkhai.awards.grades.published_grades"


def _today() -> dt.date:
    return TODAY


def no_grades(unit_ids, year):  # noqa: ANN001
    return {}


@mock.patch("trienkhai.awards.views.today", _today)
@mock.patch("trienkhai.awards.workflow.today", _today)
@mock.patch(GRADES, no_grades)
class AwardRulesTests(TempMediaMixin, World):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        ensure_default_forms()
        cls.giay_khen = AwardForm.objects.get(name="Giấy khen của Liên đoàn Lao động")
        cls.cstd = AwardForm.objects.get(name="Danh hiệu “Chiến sĩ thi đua cơ sở”")
        cls.cstd_tld = AwardForm.objects.get(name="Danh hiệu “Chiến sĩ thi đua cấp Tổng Liên đoàn”")
        cls.ldst = AwardForm.objects.get(name="Bằng “Lao động sáng tạo” của Tổng Liên đoàn Lao động Việt Nam")

    # --- helpers ----------------------------------------------------------------------------------------

    def data(self, **changes) -> dict:
        data = {
            "proposer_unit": self.school.pk,
            "council_unit": self.commune.pk,
            "year": YEAR,
            "form": self.giay_khen.pk,
            "recipient": "unit",
            "recipient_unit": self.school.pk,
            "person_name": "",
            "person_position": "",
            "achievements": "100% đoàn viên tham gia phong trào.",
            "movement": "",
            "task": "",
        }
        data.update(changes)
        return data

    def post_proposal(self, user=None, **changes):  # noqa: ANN001
        self.login(user or self.cdcs_hoa)
        return self.client.post(reverse("awards:proposal_create"), self.data(**changes))

    def proposal(self, **changes) -> Proposal:
        before = Proposal.objects.count()
        response = self.post_proposal(**changes)
        self.assertEqual(response.status_code, 302, response.content.decode()[-1500:])
        self.assertEqual(Proposal.objects.count(), before + 1)
        return Proposal.objects.latest("pk")

    def award(self, form: AwardForm, year: int, **fields) -> Proposal:
        """An award already in the register (a proposal listed in an issued decision)."""
        decision = OutgoingDocument.objects.create(
            unit=self.commune,
            kind="decision",
            state="issued",
            number=f"{year}/QĐ",
            issued_on=dt.date(year, 12, 1),
        )
        values = {
            "council_unit": self.commune,
            "proposer_unit": self.school,
            "year": year,
            "form": form,
            "recipient": "unit",
            "recipient_unit": self.school,
            "achievements": "Thành tích",
            "status": "reviewed",
            "decision": decision,
        }
        values.update(fields)
        return Proposal.objects.create(**values)

    def accept_file(self, proposal: Proposal) -> None:
        proposal.files.update(state=ProposalFile.State.ACCEPTED)

    def open_session(self) -> CouncilSession:
        self.login(self.officer_minh)
        response = self.client.post(
            reverse("awards:sessions"),
            {
                "unit": self.commune.pk,
                "year": YEAR,
                "held_on": "02/12/2026",
                "chair": "Lê Văn Hùng, Chủ tịch",
                "members_total": 5,
                "members_present": "Lê Văn Hùng\nLê Quang Minh\nTrần Thị Lan",
            },
        )
        session = CouncilSession.objects.latest("pk")
        self.assertRedirects(response, reverse("awards:session", args=[session.pk]))
        return session

    def vote(self, session: CouncilSession, proposal: Proposal, agree: int, disagree: int = 0):  # noqa: ANN201
        self.login(self.officer_minh)
        return self.client.post(
            reverse("awards:session_vote", args=[session.pk]),
            {"proposal": proposal.pk, "agree": agree, "disagree": disagree, "abstain": 3 - agree - disagree},
        )

    # --- the catalogue ----------------------------------------------------------------------------------

    def test_luat_tdkt_2022_art8_the_catalogue_names_each_form_its_kind_and_its_text(self) -> None:
        names = set(AwardForm.objects.filter(active=True).values_list("name", flat=True))
        for wanted in (
            "Danh hiệu “Chiến sĩ thi đua cơ sở”",
            "Danh hiệu “Lao động tiên tiến”",
            "Danh hiệu “Tập thể lao động xuất sắc”",
            "Danh hiệu “Tập thể lao động tiên tiến”",
            "Bằng khen của Liên đoàn Lao động tỉnh",
            "Bằng khen chuyên đề của Tổng Liên đoàn Lao động Việt Nam",
            "Cờ thi đua chuyên đề của Tổng Liên đoàn Lao động Việt Nam",
            "Bằng “Lao động sáng tạo” của Tổng Liên đoàn Lao động Việt Nam",
            "Giải thưởng Nguyễn Đức Cảnh",
            "Kỷ niệm chương “Vì sự nghiệp xây dựng tổ chức Công đoàn”",
            "Giấy khen của Công đoàn cơ sở",
            "Danh hiệu “Công đoàn cơ sở vững mạnh”",
        ):
            self.assertIn(wanted, names)
        self.assertEqual(AwardForm.objects.filter(active=True, source="").count(), 0)
        self.assertEqual(AwardForm.objects.get(name__startswith="Kỷ niệm chương").kind, "cong_hien")
        self.assertEqual(AwardForm.objects.get(name__startswith="Bằng khen chuyên đề").kind, "chuyen_de")

    def test_lao_dong_gioi_is_switched_off_as_no_text_names_the_title(self) -> None:
        form = AwardForm.objects.get(name="Danh hiệu “Lao động giỏi”")
        self.assertFalse(form.active)
        self.assertIn("Không thấy văn bản", form.source)
        self.login(self.cdcs_hoa)
        page = self.client.get(reverse("awards:proposal_create")).content.decode()
        self.assertNotIn("Lao động giỏi", page)

    # --- eligibility over years -------------------------------------------------------------------------

    def test_luat_tdkt_2022_art22_cstd_above_co_so_needs_three_consecutive_cstd_co_so(self) -> None:
        person = {"recipient": "person", "form": self.cstd_tld.pk, "person_name": "Đỗ Thị Hoa"}
        self.award(self.cstd, 2024, recipient="person", person_name="Đỗ Thị Hoa")
        self.award(self.cstd, 2026, recipient="person", person_name="Đỗ Thị Hoa")
        response = self.post_proposal(**person)
        self.assertContains(
            response, "chưa đạt «Danh hiệu “Chiến sĩ thi đua cơ sở”» các năm 2025", status_code=400
        )
        self.award(self.cstd, 2025, recipient="person", person_name="Đỗ Thị Hoa")
        self.assertEqual(self.proposal(**person).form, self.cstd_tld)

    def test_a_grade_rule_over_two_years_reads_the_grade_of_the_year_before(self) -> None:
        bang_khen = AwardForm.objects.get(name="Bằng khen của Tổng Liên đoàn Lao động Việt Nam")
        rule = bang_khen.rules.create(
            min_grade="tot", applies_to="unit", text="Hai năm liền tốt.", blocking=True, years=2
        )
        grades = {2026: {self.school.pk: "xuat_sac"}, 2025: {self.school.pk: "hoan_thanh"}}
        with mock.patch(GRADES, lambda ids, year: grades.get(year, {})):
            response = self.post_proposal(form=bang_khen.pk)
            self.assertContains(response, "năm 2025", status_code=400)
            grades[2025] = {self.school.pk: "tot"}
            self.proposal(form=bang_khen.pk)
        self.assertEqual(rule.years, 2)

    # --- blocking rules ---------------------------------------------------------------------------------

    def test_luat_tdkt_2022_art5_one_achievement_earns_one_award(self) -> None:
        self.proposal()
        other = AwardForm.objects.get(name="Bằng khen của Liên đoàn Lao động tỉnh")
        response = self.post_proposal(form=other.pk)
        self.assertContains(response, "một thành tích chỉ được một hình thức khen thưởng", status_code=400)

    def test_luat_tdkt_2022_art5_an_initiative_is_used_once(self) -> None:
        person = {"recipient": "person", "person_name": "Đỗ Thị Hoa", "form": self.ldst.pk}
        self.proposal(initiative="Máy tách mủ cao su bán tự động", **person)
        response = self.post_proposal(
            initiative="máy tách mủ cao su bán tự động", **{**person, "person_name": "Trần Văn Tư"}
        )
        self.assertContains(response, "mỗi sáng kiến chỉ dùng một lần", status_code=400)

    def test_luat_tdkt_2022_art5_priority_marks_women_and_collectives_of_70_percent_women(self) -> None:
        for n, sex in enumerate(["female"] * 7 + ["male"] * 3):
            Member.objects.create(
                full_name=f"Đoàn viên {n}",
                birth_year=1990,
                sex=sex,
                joined_on=dt.date(2020, 1, 1),
                unit=self.school,
            )
        unit = self.proposal()
        person = self.proposal(
            recipient="person", form=self.cstd.pk, person_name="Đỗ Thị Hoa", person_sex="female"
        )
        self.login(self.officer_minh)
        self.assertContains(self.client.get(reverse("awards:proposal", args=[unit.pk])), "tập thể có 70% nữ")
        self.assertContains(self.client.get(reverse("awards:proposal", args=[person.pk])), "cá nhân là nữ")

    def test_quotas_per_proposer_are_shown_while_proposing_and_refuse_beyond(self) -> None:
        chuyen_de = AwardForm.objects.get(name__startswith="Bằng khen chuyên đề")
        chuyen_de.proposer_quota = 1
        chuyen_de.save()
        self.login(self.cdcs_hoa)
        page = self.client.get(reverse("awards:proposal_create"))
        self.assertContains(page, 'id="quotas"')
        self.assertContains(page, "0/1")
        self.proposal(form=chuyen_de.pk)
        response = self.post_proposal(
            form=chuyen_de.pk, recipient="person", person_name="Đỗ Thị Hoa", achievements="Chuyên đề an toàn."
        )
        self.assertContains(response, "Đã hết chỉ tiêu", status_code=400)
        self.assertContains(response, "1/1", status_code=400)

    def test_nd_152_2025_art4_no_award_while_an_inspection_of_the_unit_is_pending(self) -> None:
        # The reason comes from inspections.api.pending_for: an inspection of the unit started and not
        # concluded (its own tests cover the conclusion that releases it).
        plan = InspectionPlan.objects.create(
            unit=self.commune,
            title="Kiểm tra tài chính 2026",
            starts_on=dt.date(2026, 11, 1),
            ends_on=dt.date(2026, 12, 31),
        )
        visit = Visit.objects.create(plan=plan, unit=self.school, visit_on=dt.date(2026, 11, 20))
        response = self.post_proposal()
        self.assertContains(response, "«Kiểm tra tài chính 2026»", status_code=400)
        self.assertContains(response, "Nghị định 152/2025/NĐ-CP Điều 4", status_code=400)
        visit.delete()  # the school is no longer in the inspection
        self.proposal()

    def test_nd_152_2025_art4_no_award_while_a_complaint_about_the_unit_is_pending(self) -> None:
        # The reason comes from concerns.api.pending_for: a complaint case about the unit, open on the day.
        category = ConcernCategory.objects.create(name="Khiếu nại", sla_days=10)
        concern = Concern.objects.create(
            unit=self.school,
            handler=self.school,
            category=category,
            text="Khiếu nại",
            due_on=dt.date(2026, 12, 20),
        )
        case = open_case(
            concern=concern,
            kind="complaint",
            unit=self.commune,
            received_on=dt.date(2026, 11, 30),
            user=None,
            subject_unit=self.school,
        )
        response = self.post_proposal()
        self.assertContains(response, "Đang có đơn khiếu nại liên quan đến", status_code=400)
        close_case(case=case, outcome="settled", result="Đã giải quyết.", on=dt.date(2026, 12, 1), user=None)
        self.proposal()

    # --- the file and the council -----------------------------------------------------------------------

    def test_luat_tdkt_2022_art84_the_council_cannot_decide_with_a_document_missing(self) -> None:
        proposal = self.proposal()
        self.assertEqual(
            sorted(proposal.files.values_list("slot", "state")),
            [("bao_cao", "missing"), ("bien_ban", "missing"), ("to_trinh", "missing")],
        )
        session = self.open_session()
        response = self.vote(session, proposal, agree=3)
        self.assertContains(response, "hồ sơ thiếu «Tờ trình đề nghị khen thưởng»", status_code=400)
        for slot in ("to_trinh", "bao_cao", "bien_ban"):
            self.login(self.cdcs_hoa)
            response = self.client.post(
                reverse("awards:proposal_file", args=[proposal.pk]),
                {"slot": slot, "state": "accepted", "reference": "Số 12/TTr"},
            )
            self.assertRedirects(response, reverse("awards:proposal", args=[proposal.pk]))
        self.assertRedirects(
            self.vote(session, proposal, agree=3), reverse("awards:session", args=[session.pk])
        )
        proposal.refresh_from_db()
        self.assertEqual(proposal.status, "reviewed")

    def test_luat_tdkt_2022_art84_a_single_review_cannot_approve_with_a_document_missing(self) -> None:
        proposal = self.proposal()
        self.login(self.officer_minh)
        url = reverse("awards:proposal_review", args=[proposal.pk])
        response = self.client.post(url, {"verdict": "approve", "note": ""})
        self.assertContains(response, "hồ sơ thiếu «Báo cáo thành tích»", status_code=400)
        self.accept_file(proposal)
        self.assertRedirects(
            self.client.post(url, {"verdict": "approve", "note": ""}),
            reverse("awards:proposal", args=[proposal.pk]),
        )

    def test_an_initiative_adds_its_proof_to_the_file(self) -> None:
        proposal = self.proposal(
            recipient="person", person_name="Đỗ Thị Hoa", form=self.ldst.pk, initiative="Sổ tay an toàn điện"
        )
        self.assertIn("sang_kien", proposal.files.values_list("slot", flat=True))

    def test_the_council_votes_and_its_minutes_are_issued_through_documents_out(self) -> None:
        passed, failed = (
            self.proposal(),
            self.proposal(recipient="person", person_name="Trần Văn Tư", form=self.cstd.pk),
        )
        self.accept_file(passed)
        self.accept_file(failed)
        session = self.open_session()
        self.vote(session, passed, agree=3)
        self.vote(session, failed, agree=1, disagree=2)
        response = self.client.post(reverse("awards:session_close", args=[session.pk]))
        session.refresh_from_db()
        self.assertRedirects(response, reverse("issuing:document", args=[session.minutes.pk]))
        minutes = session.minutes
        self.assertEqual((minutes.kind, minutes.state), ("record", "draft"))
        table = minutes.content["sections"][1]["table"]["rows"]
        self.assertEqual(
            [r[1:] for r in table],
            [
                [
                    "Công đoàn Trường Tiểu học Hòa Lạc",
                    "Giấy khen của Liên đoàn Lao động",
                    "3",
                    "0",
                    "0",
                    "Đồng ý",
                ],
                ["Trần Văn Tư", "Danh hiệu “Chiến sĩ thi đua cơ sở”", "1", "2", "0", "Không đồng ý"],
            ],
        )
        self.assertIn("Có mặt 3/5 thành viên Hội đồng.", minutes.content["preamble"])
        passed.refresh_from_db()
        failed.refresh_from_db()
        self.assertEqual((passed.status, failed.status), ("reviewed", "rejected"))
        # Closed: no more votes.
        self.assertRedirects(
            self.vote(session, failed, agree=3), reverse("awards:session", args=[session.pk])
        )
        self.assertEqual(session.votes.count(), 2)

    def test_the_votes_must_add_up_to_the_members_present(self) -> None:
        proposal = self.proposal()
        self.accept_file(proposal)
        session = self.open_session()
        self.login(self.officer_minh)
        response = self.client.post(
            reverse("awards:session_vote", args=[session.pk]),
            {"proposal": proposal.pk, "agree": 2, "disagree": 0, "abstain": 0},
        )
        self.assertContains(response, "phải bằng số thành viên có mặt (3)", status_code=400)

    # --- identity, money, revocation, recipients --------------------------------------------------------

    def test_a_member_carries_identity_from_the_member_register(self) -> None:
        member = Member.objects.create(
            full_name="Nguyễn Thị Mai",
            birth_year=1988,
            sex="female",
            joined_on=dt.date(2015, 3, 1),
            unit=self.school,
        )
        proposal = self.proposal(recipient="person", form=self.cstd.pk, member=member.pk, person_name="")
        self.assertEqual(
            (proposal.person_name, proposal.person_birth_year, proposal.person_sex, proposal.recipient_unit),
            ("Nguyễn Thị Mai", 1988, "female", self.school),
        )

    def test_nd_98_2023_art54_the_decision_annex_has_the_money_as_a_multiple_of_the_base_salary(self) -> None:
        self.assertEqual(BaseSalary.on(TODAY).amount, 2_340_000)
        unit = self.proposal()
        person = self.proposal(recipient="person", person_name="Đỗ Thị Hoa", form=self.cstd.pk)
        for p in (unit, person):
            p.status = "reviewed"
            p.save()
        document = workflow.create_decision_draft(
            unit=self.commune, proposals=[unit, person], user=self.officer_minh, on=TODAY, year=YEAR
        )
        rows = document.content["sections"][3]["table"]["rows"]
        self.assertEqual(
            [r[5:] for r in rows], [["0,6", "1.404.000"], ["1,0", "2.340.000"], ["", "3.744.000"]]
        )
        self.assertIn("Nghị định 73/2024/NĐ-CP", document.content["sections"][1]["paragraphs"][0])
        unit.refresh_from_db()
        self.assertEqual((unit.money_multiple, unit.money_amount), (Decimal("0.60"), 1_404_000))

    def test_luat_tdkt_2022_chapter_vii_revocation_records_its_ground_and_what_is_recovered(self) -> None:
        award = self.award(self.giay_khen, YEAR, money_amount=1_404_000)
        self.login(self.officer_minh)
        url = reverse("awards:proposal_revoke", args=[award.pk])
        response = self.client.post(url, {"reason": "Kê khai sai."})
        self.assertContains(response, "Hãy chọn căn cứ thu hồi.", status_code=400)
        self.assertRedirects(
            self.client.post(url, {"reason": "Kê khai sai.", "ground": "b"}),
            reverse("awards:proposal", args=[award.pk]),
        )
        award.refresh_from_db()
        self.assertEqual(award.revoke_ground, "b")
        self.assertEqual(
            award.recover, "Hiện vật: Giấy khen của Liên đoàn Lao động; Tiền thưởng: 1.404.000 đồng"
        )
        self.assertContains(
            self.client.get(reverse("awards:proposal", args=[award.pk])),
            "Điểm b: cung cấp thông tin sai sự thật",
        )

    def test_an_enterprise_and_a_union_team_can_be_recipients(self) -> None:
        business = AwardForm.objects.get(name__startswith="Chứng nhận “Doanh nghiệp")
        enterprise = self.proposal(
            recipient="business", form=business.pk, person_name="Công ty TNHH May Hòa Lạc"
        )
        team = self.proposal(recipient="team", person_name="Tổ công đoàn khối 1", achievements="Tổ dẫn đầu.")
        self.assertEqual(
            (enterprise.recipient_name, team.recipient_name),
            ("Công ty TNHH May Hòa Lạc", "Tổ công đoàn khối 1"),
        )
        response = self.post_proposal(recipient="team", person_name="")
        self.assertContains(response, "Hãy nhập tên doanh nghiệp hoặc tổ công đoàn", status_code=400)
