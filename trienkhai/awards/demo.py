"""Demo step of `awards`: two movements of LĐLĐ tỉnh Đồng Nai (one open for sign-up, one closed with its
sign-ups), commendation proposals at every step, an issued commendation decision with its recipients, a
revoked award, and good models. Idempotent. The demo has no evaluation results yet: the proposals show
the "no result yet" warning."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from trienkhai.orgs.models import Unit, today
from trienkhai.plans.models import Task

from . import workflow
from .models import AwardForm, GoodModel, Movement, Proposal, ProposalEvent, SignUp, ensure_default_forms

GOOD = "Lao động giỏi, Lao động sáng tạo"
GREEN = "Xanh – Sạch – Đẹp, Bảo đảm an toàn vệ sinh lao động"


def _form(prefix: str) -> AwardForm:
    form = AwardForm.objects.filter(name__startswith=prefix).order_by("position").first()
    assert form is not None, f"ensure_default_forms() makes a form named {prefix}…"
    return form


def build(world: dict, stdout) -> None:  # noqa: ANN001
    if Movement.objects.exists():
        stdout.write("Thi đua, khen thưởng mẫu đã có sẵn.")
        return
    ensure_default_forms()
    units: dict[str, Unit] = world.get("units") or {}
    province = units.get("DNI")
    User = get_user_model()
    son, hoa = (
        User.objects.filter(username="officer_son").first(),
        User.objects.filter(username="cdcs_hoa").first(),
    )
    minh = User.objects.filter(username="officer_minh").first()
    if province is None or son is None:
        stdout.write("Thi đua, khen thưởng mẫu: thiếu LĐLĐ tỉnh Đồng Nai — bỏ qua.")
        return
    on = today()
    year = on.year if on.month >= 7 else on.year - 1
    children = list(province.children_on(on).order_by("code"))
    good = Movement.objects.create(
        unit=province,
        title=GOOD,
        year=on.year + 1 if on.month >= 11 else on.year,
        starts_on=on,
        ends_on=dt.date(on.year + 1, 11, 30),
        signup_deadline=on + dt.timedelta(days=7),
        description="Phát huy sáng kiến, cải tiến kỹ thuật; mỗi CĐCS có ít nhất 01 sáng kiến được công nhận; "
        "bình xét danh hiệu “Lao động giỏi” cuối năm.",
        created_by=son,
    )
    green = Movement.objects.create(
        unit=province,
        title=GREEN,
        year=year,
        starts_on=dt.date(year, 1, 15),
        ends_on=dt.date(year, 11, 30),
        signup_deadline=dt.date(year, 2, 28),
        description="Cải thiện điều kiện làm việc; 100% doanh nghiệp có mạng lưới an toàn vệ sinh viên; "
        "trồng cây xanh, giữ gìn vệ sinh nơi làm việc.",
        created_by=son,
    )
    pledge = "Đăng ký 100% đoàn viên tham gia; xây dựng 01 công trình, phần việc chào mừng; không để xảy ra tai nạn lao động."
    for unit in children[:6]:
        SignUp.objects.create(movement=green, unit=unit, pledges=pledge, signed_by=son)
    for unit in children[:2]:
        SignUp.objects.create(
            movement=good, unit=unit, pledges="Mỗi tổ công đoàn có ít nhất 01 sáng kiến.", signed_by=son
        )

    commune, school = units.get("X-PR"), units.get("PR-THCS-PR")
    rubber, power = units.get("PR-CS-PR"), units.get("PR-DL")
    giay_khen, ldg, bang_khen = _form("Giấy khen"), _form("Danh hiệu"), _form("Bằng khen")
    # A plan task the achievements carry out, when the demo has one.
    plan_task = Task.objects.filter(plan__owner_unit=province).order_by("pk").first()

    def new(proposer: Unit, recipient_unit: Unit, form: AwardForm, text: str, **person: str) -> Proposal:
        proposal = Proposal(
            council_unit=province,
            proposer_unit=proposer,
            year=year,
            form=form,
            recipient="person" if person else "unit",
            recipient_unit=recipient_unit,
            person_name=person.get("name", ""),
            person_position=person.get("position", ""),
            achievements=text,
            movement=green,
            task=plan_task,
        )
        return workflow.propose(
            proposal=proposal, user=hoa if proposer == school and hoa is not None else son
        )

    decided = [
        new(
            commune or province,
            school or children[0],
            giay_khen,
            "Hoàn thành xuất sắc phong trào “Xanh – Sạch – Đẹp”; 100% đoàn viên tham gia trồng cây, xây dựng trường học xanh.",
        ),
        new(
            province,
            rubber or children[1],
            giay_khen,
            "Không để xảy ra tai nạn lao động; cải tạo hệ thống thông gió nhà xưởng, 320 cây xanh.",
        ),
        new(
            school or province,
            school or children[0],
            ldg,
            "Chủ trì sáng kiến phân loại rác tại trường, được nhân rộng toàn xã.",
            name="Đỗ Thị Hoa",
            position="Chủ tịch Công đoàn",
        ),
        new(
            province,
            power or children[2],
            giay_khen,
            "Duy trì mạng lưới an toàn vệ sinh viên; 02 sáng kiến cải tiến an toàn điện.",
        ),
    ]
    for p in decided:
        workflow.review_proposal(
            proposal=p, user=son, approve=True, note="Hội đồng thống nhất 7/7 thành viên."
        )
    document = workflow.create_decision_draft(unit=province, proposals=decided, user=son, on=on, year=year)
    document = workflow.issue_decision(document=document, user=son, on=on)
    workflow.revoke_award(
        proposal=decided[3],
        user=son,
        reason="Đơn vị để xảy ra vụ tai nạn lao động nghiêm trọng phát hiện sau khi xét.",
    )
    upward = new(province, rubber or children[1], bang_khen, "Dẫn đầu khối doanh nghiệp nhà nước 3 năm liền.")
    workflow.review_proposal(
        proposal=upward, user=son, approve=True, note="Đủ tiêu chuẩn trình Tổng Liên đoàn."
    )
    new(
        commune or province,
        units.get("PR-UB-PR") or children[0],
        giay_khen,
        "Tổ chức tốt Tháng Công nhân, 5 hoạt động chăm lo đoàn viên.",
    )
    rejected = new(province, units.get("PR-GO") or children[-1], giay_khen, "Tham gia phong trào.")
    workflow.review_proposal(
        proposal=rejected,
        user=son,
        approve=False,
        note="Thành tích chưa nêu số liệu cụ thể; chưa đủ tiêu chuẩn.",
    )

    published = GoodModel.objects.create(
        unit=school or children[0],
        federation=province,
        year=year,
        title="“Góc xanh” trong trường học",
        summary="Mỗi lớp nhận chăm sóc một bồn cây; đoàn viên công đoàn hướng dẫn học sinh phân loại rác.",
        results="Khuôn viên xanh hơn 30%; giảm 40% rác thải nhựa.",
        created_by=hoa,
    )
    workflow.publish_good_model(item=published, user=son)
    GoodModel.objects.create(
        unit=rubber or children[1],
        federation=province,
        year=year,
        title="Tổ an toàn tự quản trên lô cao su",
        summary="Công nhân cạo mủ chia tổ 5 người, tự kiểm tra an toàn đầu ca.",
        created_by=minh or son,
    )
    stdout.write(
        f"Thi đua, khen thưởng: 2 phong trào, {SignUp.objects.count()} đăng ký, {Proposal.objects.count()} đề nghị, "
        f"quyết định khen thưởng số {document.number} ({len(decided)} tập thể, cá nhân)."
    )


def wipe() -> None:
    ProposalEvent.objects.all().delete()
    Proposal.objects.all().delete()
    SignUp.objects.all().delete()
    Movement.objects.all().delete()
    GoodModel.objects.all().delete()
