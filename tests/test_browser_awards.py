"""In real Chromium: the council reviews a proposal with its eligibility warning, the register finds the
award and its certificate prints; the main pages of `awards` at desktop and phone width, with no policy
violation and no serious accessibility problem (screenshots in build/screenshots/)."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from trienkhai.awards import workflow
from trienkhai.awards.models import AwardForm, GoodModel, Movement, Proposal, ensure_default_forms
from trienkhai.issuing.signers import Signer
from trienkhai.orgs.models import Role, UnitKind, today
from trienkhai.orgs.workflow import add_membership, create_unit

from .browser import DESKTOP, PHONE, browser, check_a11y, login, shot
from .test_browser_csp import violations, watch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-thu-nghiem"


def _world():
    start = dt.date(2015, 1, 1)
    province = create_unit(
        parent=None, on=start, code="AB", name="Liên đoàn Lao động tỉnh An Bình", kind=UnitKind.PROVINCIAL
    )
    commune = create_unit(
        parent=province, on=start, code="AB-HL", name="Công đoàn xã Hòa Lạc", kind=UnitKind.COMMUNE
    )
    school = create_unit(
        parent=commune,
        on=start,
        code="AB-TH",
        name="Công đoàn Trường Tiểu học Hòa Lạc",
        kind=UnitKind.GRASSROOTS,
    )
    factory = create_unit(
        parent=commune,
        on=start,
        code="AB-MAY",
        name="Công đoàn Công ty May Hòa Lạc",
        kind=UnitKind.GRASSROOTS,
    )
    users = {}
    for name, unit, role in [("officer_minh", commune, Role.CHAIR), ("cdcs_hoa", school, Role.CDCS_CHAIR)]:
        users[name] = get_user_model().objects.create_user(name, password=PASSWORD, first_name=name[-4:])
        add_membership(user=users[name], unit=unit, role=role, start_date=start, end_date=None)
    on = today()
    Movement.objects.create(
        unit=commune,
        title="Lao động giỏi, Lao động sáng tạo",
        year=on.year,
        starts_on=on,
        ends_on=on + dt.timedelta(days=300),
        signup_deadline=on + dt.timedelta(days=7),
        description="Mỗi CĐCS có ít nhất 01 sáng kiến được công nhận.",
    )
    ensure_default_forms()  # seeded by the migration, gone after an earlier transactional test flushed it
    forms = {
        "Giấy": AwardForm.objects.get(name="Giấy khen của Liên đoàn Lao động"),
        "Danh": AwardForm.objects.get(name="Danh hiệu “Lao động tiên tiến”"),
        "Bằng": AwardForm.objects.get(name="Bằng khen của Tổng Liên đoàn Lao động Việt Nam"),
    }

    def propose(unit, form, text, movement=None, **person):
        return workflow.propose(
            proposal=Proposal(
                movement=movement,
                council_unit=commune,
                proposer_unit=school if unit == school else commune,
                year=on.year,
                form=form,
                recipient="person" if person else "unit",
                recipient_unit=unit,
                person_name=person.get("name", ""),
                person_position=person.get("position", ""),
                achievements=text,
            ),
            user=users["cdcs_hoa"] if unit == school else users["officer_minh"],
        )

    decided = [
        propose(
            school,
            forms["Giấy"],
            "Hoàn thành xuất sắc phong trào “Xanh – Sạch – Đẹp”; 100% đoàn viên tham gia.",
        ),
        propose(
            school,
            forms["Danh"],
            "Sáng kiến phân loại rác tại trường.",
            name="Đỗ Thị Hoa",
            position="Chủ tịch",
        ),
    ]
    for p in decided:
        p.files.update(state="accepted")  # the file is complete (Luật TĐKT 2022 Điều 84)
        workflow.review_proposal(proposal=p, user=users["officer_minh"], approve=True, note="Đồng ý 5/5.")
    document = workflow.create_decision_draft(
        unit=commune, proposals=decided, user=users["officer_minh"], on=on, year=on.year
    )
    signer = Signer(mode="TM", collective="BAN CHẤP HÀNH", position="CHỦ TỊCH", name="Lê Văn Hùng")
    workflow.issue_decision(document=document, user=users["officer_minh"], on=on, header={"signer": signer})
    waiting = propose(factory, forms["Bằng"], "Dẫn đầu khối doanh nghiệp 3 năm liền.")
    # Another achievement (the movement's): one achievement earns one award (Luật TĐKT 2022 Điều 5).
    ready = propose(
        factory,
        forms["Giấy"],
        "Không để xảy ra tai nạn lao động; 200 cây xanh.",
        movement=Movement.objects.get(),
    )
    ready.files.update(state="accepted")
    workflow.review_proposal(proposal=ready, user=users["officer_minh"], approve=True, note="Đồng ý 5/5.")
    GoodModel.objects.create(
        unit=school,
        federation=commune,
        year=on.year,
        title="“Góc xanh” trong trường học",
        summary="Mỗi lớp một bồn cây.",
    )
    return decided, waiting


def test_the_council_reviews_and_the_register_prints_a_certificate(live_server, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    decided, waiting = _world()
    base = live_server.url
    with browser() as b:
        desk = b.new_page(viewport=DESKTOP, locale="vi-VN")
        errors = watch(desk)
        login(desk, base, "officer_minh", PASSWORD)
        assert "Đề nghị khen thưởng chờ Hội đồng thi đua – khen thưởng xét" in desk.inner_text("#todo")
        desk.goto(f"{base}/thi-dua/")
        shot(desk, "awards-index-desktop")
        check_a11y(desk, "awards index")
        desk.goto(f"{base}/thi-dua/de-nghi/{waiting.pk}/")
        assert "Chưa có kết quả đánh giá năm" in desk.inner_text("body")
        shot(desk, "awards-proposal-desktop")
        check_a11y(desk, "awards proposal")
        waiting.files.update(state="accepted")  # the file is complete (Luật TĐKT 2022 Điều 84)
        desk.select_option("#id_verdict", "approve")
        desk.fill("#id_note", "Đủ tiêu chuẩn trình Tổng Liên đoàn.")
        desk.click("#review-form button")
        desk.wait_for_selector("#forward-form")
        assert desk.inner_text("#state") == "Hội đồng đã xét, đồng ý"
        desk.goto(f"{base}/thi-dua/so/?person=hoa")
        rows = desk.inner_text("#awards")
        assert "Đỗ Thị Hoa" in rows and "Công đoàn Trường Tiểu học Hòa Lạc" not in rows.split("\n")[1]
        desk.goto(f"{base}/thi-dua/so/")
        shot(desk, "awards-register-desktop")
        check_a11y(desk, "awards register")
        desk.goto(f"{base}/thi-dua/de-nghi/{decided[1].pk}/giay-khen/")
        assert "Đỗ Thị Hoa" in desk.inner_text("#certificate")
        shot(desk, "awards-certificate-desktop")
        desk.emulate_media(media="print")
        assert desk.is_hidden(".no-print")
        desk.emulate_media(media="screen")
        desk.goto(f"{base}/thi-dua/quyet-dinh/moi/")
        assert "Công đoàn Công ty May Hòa Lạc" in desk.inner_text("#ready")
        assert "01/QĐ-CĐX" in desk.inner_text("#decisions")
        shot(desk, "awards-decision-create-desktop")
        check_a11y(desk, "awards decision")
        assert not violations(errors), violations(errors)

        phone = b.new_page(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
        errors = watch(phone)
        login(phone, base, "cdcs_hoa", PASSWORD)
        assert "Đăng ký thi đua: Lao động giỏi, Lao động sáng tạo" in phone.inner_text("#todo")
        phone.goto(f"{base}/thi-dua/")
        shot(phone, "awards-index-phone")
        movement = Movement.objects.get()
        phone.goto(f"{base}/thi-dua/phong-trao/{movement.pk}/")
        phone.fill("#id_pledges", "100% đoàn viên tham gia; 02 sáng kiến.")
        phone.click("#signup-form button")
        phone.wait_for_selector("#signups >> text=100% đoàn viên tham gia")
        shot(phone, "awards-movement-phone")
        check_a11y(phone, "awards movement", languages=False)
        phone.goto(f"{base}/thi-dua/de-nghi/moi/")
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        shot(phone, "awards-proposal-form-phone")
        phone.select_option("#id_form", label="Giấy khen của Liên đoàn Lao động")
        # The movement's achievement: the school's Giấy khen of the year is for another (Điều 5).
        phone.select_option("#id_movement", index=1)
        phone.fill("#id_achievements", "Tổ chức 3 hội thi an toàn vệ sinh lao động.")
        phone.click("#awards-form button")
        phone.wait_for_selector("#state")
        assert "Chưa có kết quả đánh giá năm" in phone.inner_text(".eligibility-warning")
        created = Proposal.objects.latest("pk")
        assert (created.proposer_unit.code, created.council_unit.code) == ("AB-TH", "AB-HL")
        for path, name in [
            (f"/thi-dua/de-nghi/{decided[0].pk}/", "awards-proposal-phone"),
            ("/thi-dua/so/", "awards-register-phone"),
            ("/thi-dua/mo-hinh/", "awards-good-models-phone"),
            (f"/thi-dua/de-nghi/{decided[1].pk}/giay-khen/", "awards-certificate-phone"),
        ]:
            phone.goto(base + path)
            assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
            shot(phone, name)
        assert not violations(errors), violations(errors)


def test_the_council_session_votes_with_a_complete_file_and_draws_up_its_minutes(
    live_server, settings, tmp_path
):
    """Issue 19: the council opens a session, cannot vote on a proposal whose file misses a document
    (Luật TĐKT 2022 Điều 84), votes once the file is complete, and closes the session into its minutes
    (a biên bản drafted through documents out)."""
    settings.MEDIA_ROOT = str(tmp_path)
    _decided, waiting = _world()
    base = live_server.url
    with browser() as b:
        desk = b.new_page(viewport=DESKTOP, locale="vi-VN")
        errors = watch(desk)
        login(desk, base, "officer_minh", PASSWORD)
        desk.goto(f"{base}/thi-dua/hoi-dong/")
        desk.fill("#id_chair", "Lê Văn Hùng, Chủ tịch")
        desk.fill("#id_members_total", "5")
        desk.fill("#id_members_present", "Lê Văn Hùng\nLê Quang Minh\nTrần Thị Lan")
        desk.click("#session-form button.btn-primary")  # (the first button is the date's calendar)
        desk.wait_for_selector("#vote-form")
        assert "hồ sơ thiếu «Tờ trình đề nghị khen thưởng»" in desk.inner_text("#waiting")
        desk.select_option("#id_proposal", str(waiting.pk))
        desk.fill("#id_agree", "3")
        desk.click("#vote-form button")
        desk.wait_for_selector("#vote-form .alert, #vote-form .invalid-feedback, .alert-danger")
        assert "hồ sơ thiếu" in desk.inner_text("body")
        session_url = desk.url.replace("bieu-quyet/", "")
        # The proposer's papers arrive: the officer marks each document of the file accepted.
        desk.goto(f"{base}/thi-dua/de-nghi/{waiting.pk}/")
        for slot in ("to_trinh", "bao_cao", "bien_ban"):
            desk.select_option("#id_slot", slot)
            desk.select_option("#id_state", "accepted")
            desk.fill("#id_reference", "Số 12/TTr-CĐX")
            desk.click("#file-form button")
            desk.wait_for_selector("#file")
        assert desk.inner_text("#file").count("Đạt") == 3
        shot(desk, "awards-proposal-file-desktop")
        desk.goto(session_url)
        assert "Hồ sơ đủ (Điều 84)" in desk.inner_text("#waiting")
        desk.select_option("#id_proposal", str(waiting.pk))
        desk.fill("#id_agree", "3")
        desk.click("#vote-form button")
        desk.wait_for_selector("#votes >> text=Đồng ý")
        assert "3" in desk.inner_text("#votes")
        shot(desk, "awards-session-desktop")
        check_a11y(desk, "awards council session")
        desk.click("#close-form button")
        desk.wait_for_url("**/van-ban-di/**")
        assert "BIÊN BẢN" in desk.inner_text("body").upper()
        assert "KẾT QUẢ BIỂU QUYẾT" in desk.inner_text("body").upper()
        shot(desk, "awards-minutes-desktop")
        assert not violations(errors), violations(errors)

        phone = b.new_page(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
        login(phone, base, "officer_minh", PASSWORD)
        phone.goto(session_url)
        assert "Đã kết thúc, có biên bản" in phone.inner_text("#session-state")
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        shot(phone, "awards-session-phone")
