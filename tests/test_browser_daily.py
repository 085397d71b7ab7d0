"""In real Chromium: a worker files a concern from a phone without an account and follows it by its code;
the CĐCS chair sees the report figures filled in from the register; the register pages on desktop and
phone."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from trienkhai.concerns.models import Concern, ConcernBox, ensure_default_categories
from trienkhai.orgs.demo import DEMO_PASSWORD
from trienkhai.orgs.models import Role, Unit, UnitKind
from trienkhai.orgs.workflow import add_membership, create_unit
from trienkhai.reports.models import Submission

from .browser import DESKTOP, PHONE, browser, login, shot
from .demo_world import load_demo as demo_world
from .test_browser_csp import violations, watch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_worker_files_a_concern_from_a_phone_and_follows_it_by_its_code(live_server):
    start = dt.date(2015, 1, 1)
    province = create_unit(
        parent=None, on=start, code="AB", name="Liên đoàn Lao động tỉnh An Bình", kind=UnitKind.PROVINCIAL
    )
    factory = create_unit(
        parent=province,
        on=start,
        code="AB-MAY",
        name="Công đoàn Công ty May Hòa Lạc",
        kind=UnitKind.GRASSROOTS,
    )
    chair = get_user_model().objects.create_user("cdcs_lan", password="mat-khau-thu-nghiem", first_name="Lan")
    add_membership(user=chair, unit=factory, role=Role.CDCS_CHAIR, start_date=start, end_date=None)
    box = ConcernBox.objects.create(unit=factory)
    ensure_default_categories()  # an earlier browser test may have flushed the migration's rows
    with browser() as b:
        phone = b.new_page(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
        errors = watch(phone)
        phone.goto(f"{live_server.url}/gop-y/{box.key}/")
        assert "Công đoàn Công ty May Hòa Lạc" in phone.inner_text("#public-unit")
        assert phone.is_hidden("#who")  # anonymous by default: no name box
        assert (
            phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        )  # no sideways scrolling
        shot(phone, "concerns-public-form-phone")

        phone.click("#btn-send")  # nothing chosen, nothing written: messages, no concern
        phone.wait_for_selector(".invalid-feedback")
        assert "Hãy chọn một mục." in phone.inner_text("#concern-form")
        assert Concern.objects.count() == 0
        shot(phone, "concerns-public-form-errors-phone")

        phone.select_option("#id_category", label="An toàn, vệ sinh lao động")
        phone.fill("#id_text", "Quạt hút bụi ở xưởng cắt hỏng hơn một tháng, công nhân bị ho nhiều.")
        phone.wait_for_timeout(3200)  # a person takes longer than the form's minimum time
        phone.click("#btn-send")
        phone.wait_for_selector("#tracking-code")
        code = phone.inner_text("#tracking-code").strip()
        assert code == Concern.objects.get().code
        assert code not in phone.url
        shot(phone, "concerns-public-code-phone")

        phone.click("text=Tra cứu trạng thái")
        phone.fill("#id_code", code.lower())
        phone.click("#btn-lookup")
        phone.wait_for_selector("#public-status")
        assert phone.inner_text("#public-status") == "Đã tiếp nhận"
        assert code not in phone.url

        desk = b.new_page(viewport=DESKTOP, locale="vi-VN")
        login(desk, live_server.url, "cdcs_lan", "mat-khau-thu-nghiem")
        assert "Ý kiến người lao động chờ trả lời" in desk.inner_text("#todo")
        desk.click("#todo >> text=Tâm tư, nguyện vọng: An toàn, vệ sinh lao động")
        desk.fill("#id_answer", "Công ty đã thay quạt hút bụi mới ngày 05/3.")
        desk.click("#answer-form button")
        desk.wait_for_selector("#concern-status")
        assert desk.inner_text("#concern-status") == "Đã trả lời"

        phone.goto(f"{live_server.url}/gop-y/tra-cuu/")
        phone.fill("#id_code", code)
        phone.click("#btn-lookup")
        phone.wait_for_selector("#public-answer")
        assert "thay quạt hút bụi mới" in phone.inner_text("#public-answer")
        shot(phone, "concerns-public-status-phone")
        assert not violations(errors), errors


def test_register_and_report_figures_from_the_register(live_server):
    demo_world()
    school = Unit.objects.get(code="PR-THCS-PR")
    factory = Unit.objects.get(code="PR-MAY")
    sub = Submission.objects.filter(unit=school, status="draft").order_by("-year").first()
    with browser() as b:
        hoa = b.new_page(viewport=DESKTOP, locale="vi-VN")
        errors = watch(hoa)
        login(hoa, live_server.url, "cdcs_hoa", DEMO_PASSWORD)
        hoa.goto(f"{live_server.url}/bao-cao/{sub.pk}/")
        hoa.wait_for_selector("#src-total_members")
        figure = hoa.inner_text("#src-total_members .source-figure")
        assert hoa.input_value("#v_total_members") == figure
        assert hoa.is_hidden("#r_total_members")  # the register's figure: nothing to explain
        hoa.fill("#v_total_members", str(int(figure.replace(".", "")) + 1))
        assert hoa.is_visible("#r_total_members")  # a different figure asks for its reason
        hoa.fill("#v_total_members", figure)
        assert hoa.is_hidden("#r_total_members")
        shot(hoa, "reports-figures-from-register-desktop")
        hoa.click("#src-total_members .source-link")
        hoa.wait_for_selector("#register-total")
        assert hoa.inner_text("#register-total") == figure
        shot(hoa, "members-register-school-desktop")

        son = b.new_page(viewport=DESKTOP, locale="vi-VN")
        son_errors = watch(son)
        login(son, live_server.url, "officer_son", DEMO_PASSWORD)
        son.goto(f"{live_server.url}/doan-vien/don-vi/{factory.pk}/")
        son.wait_for_selector("#register-table")
        assert son.is_visible("#next-page")
        shot(son, "members-register-desktop")
        son.fill("#register-search input[name=q]", "nguyen thi")
        with son.expect_response(lambda r: r.request.method == "POST" and "/doan-vien/don-vi/" in r.url):
            son.click("#register-search button")
        son.wait_for_selector("#register-table tbody a")
        names = son.inner_text("#register-table tbody")
        assert "Nguyễn Thị" in names and "Trần" not in names
        assert "nguyen" not in son.url.lower()
        son.click("#register-table tbody a >> nth=0")
        son.wait_for_selector("#member-data")
        shot(son, "members-member-desktop")

        phone = b.new_page(viewport=PHONE, locale="vi-VN", is_mobile=True)
        phone_errors = watch(phone)
        login(phone, live_server.url, "cdcs_dung", DEMO_PASSWORD)
        dung_unit = Unit.objects.get(code="PR-CS-PR")
        phone.goto(f"{live_server.url}/doan-vien/don-vi/{dung_unit.pk}/")
        phone.wait_for_selector("#register-table")
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
        shot(phone, "members-register-phone")
        phone.goto(f"{live_server.url}/doan-vien/don-vi/{dung_unit.pk}/nhap-excel/")
        shot(phone, "members-import-phone")
        box = ConcernBox.objects.get(unit=dung_unit)
        phone.goto(f"{live_server.url}/tam-tu/don-vi/{dung_unit.pk}/ma-qr/")
        assert box.key in phone.inner_text("#form-url")
        shot(phone, "concerns-qr-phone")
        everything = errors + son_errors + phone_errors
        assert not violations(everything), everything  # no refusal under the Content-Security-Policy
