"""In real Chromium: a CĐCS self-assesses with evidence and submits; its commune union moderates (a changed
score needs a reason); the province publishes; the CĐCS sees its grade and the reason. Screenshots of the
self-assessment, moderation and ranking pages at 1366 px and 390 px; axe on each."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from trienkhai.evaluations import workflow
from trienkhai.evaluations.models import Criterion, Evaluation
from trienkhai.orgs.models import Role, Sector, UnitKind
from trienkhai.orgs.workflow import add_membership, create_unit

from .browser import DESKTOP, PHONE, browser, check_a11y, login, shot
from .evaluations_world import make_set
from .test_browser_csp import violations, watch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-thu-nghiem"
START = dt.date(2015, 1, 1)


def _user(username: str, unit, role: str):
    user = get_user_model().objects.create_user(username, password=PASSWORD, first_name=username)
    add_membership(user=user, unit=unit, role=role, start_date=START, end_date=None)
    return user


def test_self_assessment_then_moderation_then_publication(live_server):
    province = create_unit(
        parent=None, on=START, code="AB", name="Liên đoàn Lao động tỉnh An Bình", kind=UnitKind.PROVINCIAL
    )
    commune = create_unit(
        parent=province, on=START, code="AB-HL", name="Công đoàn xã Hòa Lạc", kind=UnitKind.COMMUNE
    )
    school = create_unit(
        parent=commune,
        on=START,
        code="AB-HL-TH",
        name="Công đoàn Trường Tiểu học Hòa Lạc",
        kind=UnitKind.GRASSROOTS,
        sector=Sector.ADMINISTRATIVE,
    )
    factory = create_unit(
        parent=commune,
        on=START,
        code="AB-HL-MAY",
        name="Công đoàn Công ty May Hòa Lạc",
        kind=UnitKind.GRASSROOTS,
        sector=Sector.FDI,
    )
    _user("lan", province, Role.CHAIR)
    minh = _user("minh", commune, Role.OFFICER)
    _user("hoa", school, Role.CDCS_CHAIR)
    cs = make_set(province, 2026)
    workflow.open_evaluations(
        criteria_set=cs, due_on=dt.date(2026, 12, 20), user=None, on=dt.date(2026, 11, 1)
    )
    crit = {c.code: c for c in Criterion.objects.filter(group__criteria_set=cs)}
    school_ev = Evaluation.objects.get(unit=school)
    factory_ev = Evaluation.objects.get(unit=factory)
    # The factory's year, through the workflows: 80 points, accepted as it is.
    entries = {
        crit[k].pk: workflow.SelfEntry(points=Decimal(p), evidence="Sổ thu chi")
        for k, p in (("1.1", 30), ("1.2", 20), ("2.1", 20), ("2.2", 10))
    }
    workflow.save_self_assessment(evaluation=factory_ev, entries=entries, note="", user=minh)
    workflow.submit_self_assessment(evaluation=factory_ev, user=minh)

    with browser() as b:
        page = b.new_page(viewport=DESKTOP, locale="vi-VN")
        errors = watch(page)
        login(page, live_server.url, "hoa", PASSWORD)
        page.click("#todo >> text=Tự đánh giá, xếp loại CĐCS năm 2026")
        page.wait_for_selector("#self-assessment")
        for code, points in (("1.1", "40"), ("1.2", "30"), ("2.1", "20"), ("2.2", "9,5")):
            page.fill(f"#points_{crit[code].pk}", points)
        page.fill("#self_note", "Năm 2026 CĐCS hoàn thành tốt các nhiệm vụ.")
        page.click("#btn-submit")  # 1.2 needs evidence: refused, nothing typed is lost
        page.wait_for_selector(".alert-danger, .alert-error, [role=alert]")
        assert "phải có minh chứng" in page.inner_text("body")
        assert page.input_value(f"#points_{crit['2.2'].pk}") == "9,5"
        page.fill(f"#evidence_{crit['1.2'].pk}", "Biên bản hội nghị người lao động ngày 15/01/2026")
        shot(page, "evaluations-self-assessment-desktop")
        check_a11y(page, "evaluations self-assessment", languages=False)
        page.set_viewport_size(PHONE)
        shot(page, "evaluations-self-assessment-phone")
        page.set_viewport_size(DESKTOP)
        page.click("#btn-submit")
        page.wait_for_selector("#status")
        assert page.inner_text("#status") == "Đã gửi, chờ thẩm định"
        assert Evaluation.objects.get(pk=school_ev.pk).self_total == Decimal("99.5")

        officer = b.new_page(viewport=DESKTOP, locale="vi-VN")
        officer_errors = watch(officer)
        login(officer, live_server.url, "minh", PASSWORD)
        todo = officer.inner_text("#todo")
        assert "Phiếu tự đánh giá chờ thẩm định" in todo and "Trường Tiểu học Hòa Lạc" in todo
        officer.goto(f"{live_server.url}/danh-gia/phieu/{school_ev.pk}/tham-dinh/")
        officer.fill(f"#points_{crit['1.2'].pk}", "25")
        officer.click("#btn-save-moderation")
        officer.wait_for_selector("#moderation")
        assert "cần ghi lý do điều chỉnh" in officer.inner_text("body")
        officer.fill(f"#reason_{crit['1.2'].pk}", "Biên bản chưa có chữ ký đại diện người sử dụng lao động")
        shot(officer, "evaluations-moderation-desktop")
        check_a11y(officer, "evaluations moderation", languages=False)
        officer.set_viewport_size(PHONE)
        shot(officer, "evaluations-moderation-phone")
        officer.set_viewport_size(DESKTOP)
        officer.click("#btn-save-moderation")
        officer.wait_for_selector("#result")
        assert Evaluation.objects.get(pk=school_ev.pk).final_total == Decimal("94.5")
        officer.goto(f"{live_server.url}/danh-gia/phieu/{factory_ev.pk}/tham-dinh/")
        officer.click("#btn-save-moderation")
        officer.wait_for_selector("#result")

        chair = b.new_page(viewport=DESKTOP, locale="vi-VN")
        chair_errors = watch(chair)
        login(chair, live_server.url, "lan", PASSWORD)
        chair.goto(f"{live_server.url}/danh-gia/")
        check_a11y(chair, "evaluations index", languages=False)
        chair.goto(f"{live_server.url}/danh-gia/bo-tieu-chi/{cs.pk}/")
        shot(chair, "evaluations-set-desktop")
        check_a11y(chair, "evaluations criteria set", languages=False)
        chair.click("#btn-publish")
        chair.wait_for_selector(".ranking")
        rows = chair.inner_text(".ranking tbody")
        assert rows.index("Trường Tiểu học") < rows.index("Công ty May")
        assert "Hoàn thành xuất sắc nhiệm vụ" in rows and "Hoàn thành tốt nhiệm vụ" in rows
        shot(chair, "evaluations-ranking-desktop")
        check_a11y(chair, "evaluations ranking", languages=False)
        chair.set_viewport_size(PHONE)
        shot(chair, "evaluations-ranking-phone")

        page.goto(f"{live_server.url}/danh-gia/phieu/{school_ev.pk}/")
        assert "Hoàn thành xuất sắc nhiệm vụ" in page.inner_text("#result")
        assert "Biên bản chưa có chữ ký" in page.inner_text(".adjust-reason")
        shot(page, "evaluations-result-desktop")
        assert violations(errors + officer_errors + chair_errors) == []
