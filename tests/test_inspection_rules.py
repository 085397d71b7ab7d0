"""Issue 19, inspection and supervision by the texts: the seven processes of 684/QĐ-TLĐ as data, the Ủy
ban kiểm tra as a body of its own whose members inspect, the documents along the way (quyết định → biên
bản → thông báo kết luận), targets beyond the CĐCS, the finance figures, discipline by QĐ 5130/QĐ-TLĐ,
and `inspections.api.pending_for`, the contract awards reads. One rule test per rule, named after its
article."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from trienkhai.inspections import api, rules, workflow
from trienkhai.inspections.models import Committee, DisciplineCase, InspectionPlan, TeamMember, Visit
from trienkhai.inspections.workflow import CommitteeEntry, TeamEntry
from trienkhai.issuing import workflow as issuing
from trienkhai.issuing.signers import Signer
from trienkhai.members.models import Member
from trienkhai.orgs.models import today

from .issuing_world import IMMEDIATE
from .media import TempMediaMixin
from .world import World

SIGNER = {"signer": Signer(mode="TM", collective="BAN THƯỜNG VỤ", position="CHỦ TỊCH", name="Lê Văn Hùng")}
D = dt.date(2026, 3, 10)


class RulesWorld(TempMediaMixin, World):
    extra_settings = {"TASKS": IMMEDIATE}

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.member = Member.objects.create(
            full_name="Phạm Văn Tú",
            birth_year=1985,
            sex="male",
            joined_on=dt.date(2015, 1, 1),
            unit=cls.school,
        )
        cls.committee = workflow.save_committee(
            committee=Committee(
                unit=cls.commune,
                term="2023–2028",
                term_start=dt.date(2023, 6, 1),
                elected_on=dt.date(2023, 6, 1),
            ),
            members=[
                CommitteeEntry("Trần Văn Bình", "Chủ nhiệm UBKT", "chair", on_bch=True),
                CommitteeEntry("Lê Thị Mai", "Ủy viên UBKT", "member"),
                CommitteeEntry("Hà Văn Sơn", "Ủy viên UBKT", "member"),
            ],
        )
        cls.chair_member = cls.committee.members.get(role="chair")

    def plan(self, process: str = rules.CHARTER, *, units=None, starts_on: dt.date = D) -> InspectionPlan:  # noqa: ANN001
        return workflow.save_plan(
            plan=InspectionPlan(
                unit=self.commune,
                process=process,
                committee=self.committee,
                title="Kiểm tra năm 2026",
                topics=["Điều lệ"],
                starts_on=starts_on,
                ends_on=starts_on + dt.timedelta(days=20),
            ),
            units=[self.school] if units is None else units,
            team=[TeamEntry("Trần Văn Bình", role=TeamMember.Role.HEAD, committee_member=self.chair_member)],
            user=self.officer_minh,
        )

    def open_case(self, target: str = rules.MEMBER, opened_on: dt.date = D) -> DisciplineCase:
        return workflow.open_discipline(
            authority=self.commune,
            target=target,
            unit=self.school,
            member=self.member if target == rules.MEMBER else None,
            person_name="Phạm Văn Tú",
            violation="Không đóng đoàn phí 6 tháng",
            opened_on=opened_on,
        )


class ProcessRuleTests(RulesWorld):
    def test_qd_684_2020_art1_seven_processes_each_with_its_steps_and_documents(self) -> None:
        self.assertEqual(
            list(rules.PROCESSES),
            ["charter", "violation", "finance", "supervision", "discipline", "complaint", "denunciation"],
        )
        for p in rules.PROCESSES.values():
            self.assertIn("684/QĐ-TLĐ", p.article)
            self.assertEqual(set(p.documents), {rules.DECISION, rules.RECORD, rules.CONCLUSION}, p.key)
        self.assertEqual(rules.PROCESSES["supervision"].conclusion_title, "Thông báo kết quả giám sát")

    def test_qd_684_2020_the_plan_page_shows_the_process_steps_and_article(self) -> None:
        plan = self.plan(rules.SUPERVISION)
        self.login(self.officer_minh)
        response = self.client.get(f"/kiem-tra/{plan.pk}/")
        self.assertContains(response, "Giám sát trong tổ chức công đoàn")
        self.assertContains(response, "684/QĐ-TLĐ Điều 1 khoản 4")
        self.assertContains(response, "Kết thúc: thông báo kết quả giám sát")
        self.assertEqual(plan.kind, InspectionPlan.Kind.SUPERVISION)  # the old kind follows the process

    def test_hd_238_muc29_charter_inspection_refuses_the_inspecting_union_itself(self) -> None:
        with self.assertRaisesMessage(workflow.RuleBroken, "không áp dụng cho công đoàn cùng cấp"):
            self.plan(rules.CHARTER, units=[self.commune])

    def test_hd_238_muc29_finance_inspection_reaches_the_same_level(self) -> None:
        plan = self.plan(rules.FINANCE, units=[self.commune, self.school])
        self.assertEqual(
            sorted(plan.visits.values_list("target", flat=True)), [rules.UNIT_BELOW, rules.UNIT_SAME]
        )

    def test_hd_238_muc29_an_upper_union_below_can_be_inspected(self) -> None:
        self.login(self.chairwoman_lan)
        response = self.client.get(f"/kiem-tra/moi/?don-vi={self.province.pk}")
        self.assertContains(response, "Công đoàn xã Hòa Lạc")  # an upper-level union, not only CĐCS
        response = self.client.post(
            f"/kiem-tra/moi/?don-vi={self.province.pk}",
            {
                "process": "charter",
                "title": "Kiểm tra Công đoàn xã",
                "topics_text": "Điều lệ",
                "starts_on": "10/3/2026",
                "ends_on": "20/3/2026",
                "units": [self.commune.pk],
                "team-TOTAL_FORMS": "1",
                "team-INITIAL_FORMS": "0",
                "team-0-name": "Nguyễn Thị Lan",
                "team-0-role": "head",
            },
        )
        plan = InspectionPlan.objects.get()
        self.assertRedirects(response, f"/kiem-tra/{plan.pk}/", fetch_redirect_response=False)
        self.assertEqual(plan.visits.get().unit, self.commune)

    def test_hd_238_muc29_violation_inspection_reaches_officers_and_members(self) -> None:
        plan = self.plan(rules.VIOLATION)
        self.login(self.officer_minh)
        response = self.client.post(
            f"/kiem-tra/{plan.pk}/ca-nhan/",
            {"target": "member", "unit": self.school.pk, "person_name": "", "card_number": ""},
        )
        self.assertEqual(response.status_code, 400)  # a name is needed
        self.member.card_number = "TH-001"
        self.member.save()
        response = self.client.post(
            f"/kiem-tra/{plan.pk}/ca-nhan/",
            {
                "target": "member",
                "unit": self.school.pk,
                "person_name": "Phạm Văn Tú",
                "card_number": "TH-001",
            },
        )
        visit = plan.visits.get(target="member")
        self.assertRedirects(response, f"/kiem-tra/don-vi/{visit.pk}/", fetch_redirect_response=False)
        self.assertEqual(visit.member, self.member)

    def test_qd_684_2020_charter_inspection_has_no_person_targets(self) -> None:
        plan = self.plan(rules.CHARTER)
        self.login(self.officer_minh)
        self.assertEqual(self.client.get(f"/kiem-tra/{plan.pk}/ca-nhan/").status_code, 404)
        with self.assertRaises(workflow.RuleBroken):
            workflow.add_person_visit(plan=plan, target=rules.MEMBER, unit=self.school, person_name="A")


class CommitteeRuleTests(RulesWorld):
    def post_committee(self, on_bch: list[bool]):  # noqa: ANN201
        data = {
            "term": "2028–2033",
            "term_start": "01/6/2028",
            "elected_on": "01/6/2028",
            "uv-TOTAL_FORMS": str(len(on_bch)),
            "uv-INITIAL_FORMS": "0",
        }
        for n, bch in enumerate(on_bch):
            data[f"uv-{n}-name"] = f"Ủy viên {n + 1}"
            data[f"uv-{n}-role"] = "chair" if n == 0 else "member"
            if bch:
                data[f"uv-{n}-on_bch"] = "on"
        self.login(self.officer_minh)
        return self.client.post(f"/kiem-tra/uy-ban/moi/?don-vi={self.commune.pk}", data)

    def test_dieu_le_2020_art29_bch_members_are_at_most_a_third_of_the_committee(self) -> None:
        response = self.post_committee([True, True, False])
        self.assertContains(response, "vượt quá 1/3", status_code=400)
        self.assertContains(response, "Ủy viên 2", status_code=400)  # what was typed stays
        self.assertEqual(Committee.objects.count(), 1)
        response = self.post_committee([True, False, False])
        saved = Committee.objects.exclude(pk=self.committee.pk).get()
        self.assertRedirects(response, f"/kiem-tra/uy-ban/{saved.pk}/", fetch_redirect_response=False)
        self.assertEqual(saved.members.count(), 3)

    def test_dieu_le_2020_art29_the_committee_serves_a_term(self) -> None:
        self.assertEqual(workflow.committee_of(self.commune, on=D), self.committee)
        Committee.objects.filter(pk=self.committee.pk).update(term_end=dt.date(2025, 12, 31))
        self.assertIsNone(workflow.committee_of(self.commune, on=D))

    def test_dieu_le_2020_art30_the_team_is_drawn_from_the_committee(self) -> None:
        with self.assertRaisesMessage(workflow.RuleBroken, "phải là ủy viên"):
            workflow.save_plan(
                plan=InspectionPlan(
                    unit=self.commune,
                    committee=self.committee,
                    title="Kiểm tra",
                    topics=["Điều lệ"],
                    starts_on=D,
                    ends_on=D,
                ),
                units=[self.school],
                team=[TeamEntry("Người ngoài", role=TeamMember.Role.HEAD)],
                user=None,
            )
        self.assertFalse(InspectionPlan.objects.exists())

    def test_dieu_le_2020_art30_the_team_is_chosen_from_committee_members_through_http(self) -> None:
        self.login(self.officer_minh)
        base = {
            "process": "charter",
            "committee": self.committee.pk,
            "title": "Kiểm tra Điều lệ",
            "topics_text": "Điều lệ",
            "starts_on": "10/3/2026",
            "ends_on": "20/3/2026",
            "units": [self.school.pk],
            "team-TOTAL_FORMS": "1",
            "team-INITIAL_FORMS": "0",
            "team-0-role": "head",
        }
        response = self.client.post(
            f"/kiem-tra/moi/?don-vi={self.commune.pk}", {**base, "team-0-name": "Người ngoài"}
        )
        self.assertContains(response, "phải là ủy viên", status_code=400)
        response = self.client.post(
            f"/kiem-tra/moi/?don-vi={self.commune.pk}",
            {**base, "team-0-committee_member": self.chair_member.pk},
        )
        plan = InspectionPlan.objects.get()
        self.assertRedirects(response, f"/kiem-tra/{plan.pk}/", fetch_redirect_response=False)
        self.assertEqual(plan.team.get().name, "Trần Văn Bình")


class DocumentChainTests(RulesWorld):
    def test_qd_684_2020_decision_then_record_then_conclusion_through_issuing(self) -> None:
        plan = self.plan(rules.CHARTER, units=[self.school, self.factory])
        self.login(self.officer_minh)
        response = self.client.post(f"/kiem-tra/{plan.pk}/quyet-dinh/")
        plan.refresh_from_db()
        self.assertRedirects(response, f"/van-ban-di/{plan.decision.pk}/", fetch_redirect_response=False)
        self.assertEqual(plan.decision.content["doc_type"], "QĐ")
        self.assertIn(
            "Công đoàn Trường Tiểu học Hòa Lạc", plan.decision.content["sections"][0]["paragraphs"][0]
        )
        decision = issuing.issue_document(document=plan.decision, user=None, on=D, header=SIGNER)
        self.assertEqual(decision.number, "01/QĐ-CĐX")
        # The conclusion waits for every visit's record.
        response = self.client.post(f"/kiem-tra/{plan.pk}/ket-luan/", {"text": "Chấp hành tốt Điều lệ."})
        self.assertContains(response, "Chưa lập biên bản tại", status_code=400)
        self.assertContains(response, "Chấp hành tốt Điều lệ.", status_code=400)
        plan.visits.update(recorded_on=D, findings="Tốt")
        school = plan.visits.get(unit=self.school)
        record = workflow.create_record_draft(visit=school, user=None, on=D)
        self.assertIn(f"Thực hiện Quyết định số {decision.number}", record.content["preamble"][0])
        record = issuing.issue_document(document=record, user=None, on=D)
        response = self.client.post(f"/kiem-tra/{plan.pk}/ket-luan/", {"text": "Chấp hành tốt Điều lệ."})
        plan.refresh_from_db()
        self.assertRedirects(response, f"/van-ban-di/{plan.conclusion.pk}/", fetch_redirect_response=False)
        c = plan.conclusion.content
        self.assertEqual((plan.conclusion.kind, c["doc_type"]), ("notice", "TB"))
        self.assertTrue(c["title"].startswith("Kết luận kiểm tra"))
        self.assertIn(record.number, [row[3] for row in c["sections"][0]["table"]["rows"]])
        self.assertEqual(c["sections"][1]["paragraphs"], ["Chấp hành tốt Điều lệ."])
        self.assertIsNone(plan.concluded_on())
        issuing.issue_document(document=plan.conclusion, user=None, on=D, header=SIGNER)
        plan.refresh_from_db()
        self.assertEqual(plan.concluded_on(), D)


class FinanceTests(RulesWorld):
    def test_qd_684_2020_process3_finance_figures_in_whole_dong(self) -> None:
        plan = self.plan(rules.FINANCE)
        visit = plan.visits.get()
        self.login(self.officer_minh)
        url = f"/kiem-tra/don-vi/{visit.pk}/tai-chinh/"
        bad = {
            "fin_year": "2025",
            "dues_collected": "-5",
            "funds_collected": "1000,5",
            "spent": "",
            "findings_amount": "",
        }
        response = self.client.post(url, bad)
        self.assertContains(response, "Số tiền không được âm.", status_code=400)
        visit.refresh_from_db()
        self.assertIsNone(visit.dues_collected)
        good = {
            "fin_year": "2025",
            "dues_collected": "48000000",
            "funds_collected": "120000000",
            "spent": "150500000",
            "findings_amount": "2350000",
        }
        self.assertRedirects(
            self.client.post(url, good), f"/kiem-tra/don-vi/{visit.pk}/", fetch_redirect_response=False
        )
        visit.refresh_from_db()
        self.assertEqual(visit.findings_amount, Decimal("2350000"))
        page = self.client.get(f"/kiem-tra/don-vi/{visit.pk}/")
        self.assertContains(page, "2.350.000 đ")
        # The unit's spending records for that year, through finance's page (linked by URL only).
        self.assertContains(page, f"/tai-chinh/don-vi/{self.school.pk}/?tu=01/01/2025&amp;den=31/12/2025")
        Visit.objects.filter(pk=visit.pk).update(recorded_on=D, findings="Chi sai 2,35 triệu")
        record = workflow.create_record_draft(visit=visit, user=None, on=D)
        money = next(s for s in record.content["sections"] if s["title"] == "SỐ LIỆU TÀI CHÍNH")
        self.assertEqual(money["table"]["rows"][3], ["Số tiền sai phạm phải xử lý", "2.350.000 đ"])

    def test_finance_figures_only_on_a_finance_inspection(self) -> None:
        visit = self.plan(rules.CHARTER).visits.get()
        self.login(self.officer_minh)
        self.assertEqual(self.client.get(f"/kiem-tra/don-vi/{visit.pk}/tai-chinh/").status_code, 404)


class DisciplineTests(RulesWorld):
    def test_qd_5130_2022_a_member_is_not_dismissed_but_may_be_expelled(self) -> None:
        case = self.open_case(rules.MEMBER)
        with self.assertRaisesMessage(
            workflow.RuleBroken, "Đoàn viên chỉ bị kỷ luật bằng: khiển trách, cảnh cáo, khai trừ"
        ):
            workflow.decide_discipline(case=case, form=rules.DISMISSAL, decided_on=D)
        case = workflow.decide_discipline(
            case=case, form=rules.EXPULSION, decided_on=D, decision_ref="05/QĐ-CĐX"
        )
        self.assertEqual((case.status, case.form, case.effective_until), ("decided", "expulsion", None))

    def test_qd_5130_2022_an_officer_may_be_dismissed_and_an_organisation_dissolved(self) -> None:
        officer = workflow.decide_discipline(
            case=self.open_case(rules.OFFICER), form=rules.DISMISSAL, decided_on=D
        )
        self.assertEqual(officer.form, "dismissal")
        unit_case = self.open_case(rules.UNIT_BELOW)
        with self.assertRaises(workflow.RuleBroken):
            workflow.decide_discipline(case=unit_case, form=rules.EXPULSION, decided_on=D)
        self.assertEqual(
            workflow.decide_discipline(case=unit_case, form=rules.DISSOLUTION, decided_on=D).form,
            "dissolution",
        )

    def test_effect_months_default_is_data_and_a_decision_may_set_its_own_end(self) -> None:
        case = workflow.decide_discipline(case=self.open_case(), form=rules.REPRIMAND, decided_on=D)
        self.assertEqual(case.effective_until, dt.date(2027, 3, 10))  # rules.EFFECT_MONTHS, ví dụ
        case2 = workflow.decide_discipline(
            case=self.open_case(), form=rules.WARNING, decided_on=D, effective_until=dt.date(2026, 9, 10)
        )
        self.assertEqual(case2.effective_until, dt.date(2026, 9, 10))

    def test_the_decision_is_recorded_through_http_with_a_vietnamese_refusal(self) -> None:
        plan = self.plan(rules.DISCIPLINE)
        self.login(self.officer_minh)
        response = self.client.post(
            f"/kiem-tra/{plan.pk}/ky-luat/moi/",
            {
                "target": "member",
                "unit": self.school.pk,
                "person_name": "Phạm Văn Tú",
                "violation": "Vi phạm Điều lệ",
                "opened_on": "10/3/2026",
            },
        )
        case = DisciplineCase.objects.get()
        self.assertRedirects(response, f"/kiem-tra/ky-luat/{case.pk}/", fetch_redirect_response=False)
        response = self.client.post(
            f"/kiem-tra/ky-luat/{case.pk}/", {"form": "dismissal", "decided_on": "20/3/2026"}
        )
        self.assertContains(response, "chỉ bị kỷ luật bằng", status_code=400)
        response = self.client.post(
            f"/kiem-tra/ky-luat/{case.pk}/",
            {"form": "warning", "decided_on": "20/3/2026", "decision_ref": "07/QĐ-CĐX"},
        )
        case.refresh_from_db()
        self.assertEqual((case.status, case.form, case.decision_ref), ("decided", "warning", "07/QĐ-CĐX"))
        # The inspected CĐCS does not see the case.
        self.login(self.cdcs_hoa)
        self.assertEqual(self.client.get(f"/kiem-tra/ky-luat/{case.pk}/").status_code, 404)


class PendingForAwardsTests(RulesWorld):
    """`inspections.api.pending_for`, the contract awards calls (Nghị định 152/2025/NĐ-CP Điều 4)."""

    def test_the_contract_is_documented_for_awards(self) -> None:
        self.assertTrue((api.pending_for.__doc__ or "").startswith("Contract shared with awards:"))

    def test_nd_152_2025_art4_an_inspection_not_concluded_holds_the_unit(self) -> None:
        self.plan(rules.CHARTER, starts_on=D)
        reasons = api.pending_for(unit_ids=[self.school.pk], member_ids=[], on=D)
        self.assertEqual(len(reasons), 1)
        self.assertIn("Công đoàn Trường Tiểu học Hòa Lạc: đang trong cuộc kiểm tra", reasons[0])
        self.assertIn("Nghị định 152/2025/NĐ-CP Điều 4", reasons[0])
        # Not before it started, not for another unit, not for the parent.
        self.assertEqual(
            api.pending_for(unit_ids=[self.school.pk], member_ids=[], on=D - dt.timedelta(days=1)), []
        )
        self.assertEqual(
            api.pending_for(unit_ids=[self.factory.pk, self.commune.pk], member_ids=[], on=D), []
        )

    def test_nd_152_2025_art4_the_conclusion_issued_releases_from_its_day(self) -> None:
        plan = self.plan(rules.CHARTER, starts_on=D)
        plan.visits.update(recorded_on=D, findings="Tốt")
        concluded = D + dt.timedelta(days=15)
        draft = workflow.create_conclusion_draft(plan=plan, text="Tốt.", user=None, on=concluded)
        self.assertEqual(
            len(api.pending_for(unit_ids=[self.school.pk], member_ids=[], on=concluded)), 1
        )  # a draft
        issuing.issue_document(document=draft, user=None, on=concluded, header=SIGNER)
        self.assertEqual(api.pending_for(unit_ids=[self.school.pk], member_ids=[], on=concluded), [])
        self.assertEqual(
            len(
                api.pending_for(unit_ids=[self.school.pk], member_ids=[], on=concluded - dt.timedelta(days=1))
            ),
            1,
        )

    def test_nd_152_2025_art4_an_inspection_of_a_member_holds_the_member(self) -> None:
        plan = self.plan(rules.VIOLATION)
        workflow.add_person_visit(
            plan=plan, target=rules.MEMBER, unit=self.school, person_name="", member=self.member
        )
        reasons = api.pending_for(unit_ids=[], member_ids=[self.member.pk], on=D)
        self.assertEqual(len(reasons), 1)
        self.assertIn("Phạm Văn Tú (Công đoàn Trường Tiểu học Hòa Lạc)", reasons[0])

    def test_nd_152_2025_art4_a_discipline_case_in_progress_holds_the_member(self) -> None:
        case = self.open_case(rules.MEMBER, opened_on=D)
        self.assertEqual(
            api.pending_for(unit_ids=[], member_ids=[self.member.pk], on=D - dt.timedelta(days=1)), []
        )
        reasons = api.pending_for(unit_ids=[], member_ids=[self.member.pk], on=D)
        self.assertEqual(len(reasons), 1)
        self.assertIn("đang xem xét kỷ luật từ ngày 10/3/2026", reasons[0])
        workflow.decide_discipline(case=case, form="", decided_on=D + dt.timedelta(days=5))  # dropped
        self.assertEqual(
            api.pending_for(unit_ids=[], member_ids=[self.member.pk], on=D + dt.timedelta(days=5)), []
        )

    def test_nd_152_2025_art4_a_discipline_in_effect_holds_until_its_end(self) -> None:
        case = self.open_case(rules.MEMBER, opened_on=D)
        decided = D + dt.timedelta(days=5)
        workflow.decide_discipline(
            case=case,
            form=rules.WARNING,
            decided_on=decided,
            decision_ref="07/QĐ-CĐX",
            effective_until=dt.date(2026, 9, 15),
        )
        reasons = api.pending_for(unit_ids=[], member_ids=[self.member.pk], on=dt.date(2026, 9, 15))
        self.assertEqual(len(reasons), 1)
        self.assertIn("cảnh cáo (Quyết định 07/QĐ-CĐX), hiệu lực đến ngày 15/9/2026", reasons[0])
        self.assertEqual(
            api.pending_for(unit_ids=[], member_ids=[self.member.pk], on=dt.date(2026, 9, 16)), []
        )

    def test_nothing_asked_nothing_pending_in_no_query(self) -> None:
        with self.assertNumQueries(0):
            self.assertEqual(api.pending_for(unit_ids=[], member_ids=[], on=today()), [])

    def test_query_count_does_not_grow_with_cases(self) -> None:
        for _n in range(3):
            self.plan(rules.VIOLATION, units=[])
            self.open_case(rules.MEMBER)
        with self.assertNumQueries(3):
            api.pending_for(unit_ids=[self.school.pk], member_ids=[self.member.pk], on=D)
