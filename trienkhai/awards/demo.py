"""Demo step of `awards`: two movements of LĐLĐ tỉnh Đồng Nai (one open for sign-up, one closed with its
sign-ups), commendation proposals at every step with their files (Luật TĐKT Điều 84), a session of the
Hội đồng thi đua – khen thưởng with its votes and its minutes issued (biên bản), an issued commendation
decision whose annex has the money column (Nghị định 98/2023 Điều 54), a revoked award with its legal
ground, and good models. Idempotent. Recipients with a pending inspection or complaint are passed over
(Nghị định 152/2025 Điều 4): the demo picks units free of them."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from trienkhai.concerns import api as concerns
from trienkhai.inspections import api as inspections
from trienkhai.members.models import Member
from trienkhai.orgs.models import Unit, today
from trienkhai.plans.models import Task

from . import workflow
from .models import (
    AwardForm,
    CouncilSession,
    CouncilVote,
    GoodModel,
    Movement,
    Proposal,
    ProposalEvent,
    ProposalFile,
    SignUp,
    ensure_default_forms,
)

COUNCIL = [
    "Nguyễn Văn Sơn, Chủ tịch LĐLĐ tỉnh, Chủ tịch Hội đồng",
    "Trần Thị Ngọc, Phó Chủ tịch, Phó Chủ tịch Hội đồng",
    "Lê Quang Minh, Trưởng ban Tổ chức, ủy viên",
    "Phạm Văn Hải, Trưởng ban Tài chính, ủy viên",
    "Võ Thị Lan, Trưởng ban Nữ công, ủy viên",
    "Đặng Văn Tùng, Chánh Văn phòng, ủy viên thường trực",
]

GOOD = "Lao động giỏi, Lao động sáng tạo"
GREEN = "Xanh – Sạch – Đẹp, Bảo đảm an toàn vệ sinh lao động"


def _form(prefix: str) -> AwardForm:
    form = AwardForm.objects.filter(name__startswith=prefix, active=True).order_by("position").first()
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

    # Units with an inspection or a complaint pending cannot be awarded (Nghị định 152/2025 Điều 4).
    busy = set()
    for unit in [*children, *units.values()]:
        ids = [unit.pk]
        if inspections.pending_for(unit_ids=ids, member_ids=[], on=on) or concerns.pending_for(
            unit_ids=ids, member_ids=[], on=on
        ):
            busy.add(unit.pk)
    named = {
        u.pk for code in ("PR-THCS-PR", "PR-CS-PR", "PR-DL", "PR-GO", "PR-UB-PR") if (u := units.get(code))
    }
    spare = iter([u for u in children if u.pk not in busy and u.pk not in named] + [province])

    def free(unit: Unit | None) -> Unit:
        return unit if unit is not None and unit.pk not in busy else next(spare)

    commune, school = units.get("X-PR"), free(units.get("PR-THCS-PR"))
    rubber, power = free(units.get("PR-CS-PR")), free(units.get("PR-DL"))
    giay_khen, ldtt, bang_khen = (
        _form("Giấy khen"),
        _form("Danh hiệu “Lao động tiên tiến”"),
        _form("Bằng khen của Tổng"),
    )
    # A plan task the achievements carry out, when the demo has one.
    plan_task = Task.objects.filter(plan__owner_unit=province).order_by("pk").first()
    # A member of the school in the member register: the person's identity comes from there.
    hoa_member = Member.objects.filter(unit=school, left_on__isnull=True, sex="female").order_by("pk").first()

    def new(
        proposer: Unit,
        recipient_unit: Unit,
        form: AwardForm,
        text: str,
        *,
        in_movement: bool = True,
        **person: str,
    ) -> Proposal:
        proposal = Proposal(
            council_unit=province,
            proposer_unit=proposer,
            year=year,
            form=form,
            recipient="person" if person else "unit",
            recipient_unit=recipient_unit,
            person_name=person.get("name", ""),
            person_position=person.get("position", ""),
            person_sex=person.get("sex", ""),
            achievements=text,
            movement=green if in_movement else None,
            task=plan_task if in_movement else None,
        )
        if person and hoa_member is not None and hoa_member.unit_id == recipient_unit.pk:
            proposal.member = hoa_member
        proposal = workflow.propose(
            proposal=proposal, user=hoa if proposer == school and hoa is not None else son
        )
        # The file (Luật TĐKT Điều 84): the proposer's papers received and checked by the province.
        for slot in workflow.needed_slots(proposal):
            workflow.set_file(
                proposal=proposal,
                slot=slot,
                state=ProposalFile.State.ACCEPTED,
                reference=f"Kèm hồ sơ của {proposer.short_name or proposer.name}",
                user=son,
            )
        return proposal

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
            ldtt,
            "Chủ trì sáng kiến phân loại rác tại trường, được nhân rộng toàn xã.",
            name=hoa_member.full_name if hoa_member else "Đỗ Thị Hoa",
            position="Chủ tịch Công đoàn",
            sex="female",
        ),
        new(
            province,
            power or children[2],
            giay_khen,
            "Duy trì mạng lưới an toàn vệ sinh viên; 02 sáng kiến cải tiến an toàn điện.",
        ),
    ]
    # The council meets: 6 of its 7 members present, one vote per proposal, the minutes issued.
    session = workflow.open_session(
        unit=province,
        year=year,
        held_on=on,
        chair="Nguyễn Văn Sơn, Chủ tịch LĐLĐ tỉnh",
        members_total=7,
        members_present="\n".join(COUNCIL),
        user=son,
    )
    for p in decided:
        workflow.record_vote(session=session, proposal=p, agree=6, disagree=0, abstain=0, user=son)
    weak = new(
        province,
        free(units.get("PR-GO") or children[-1]),
        giay_khen,
        "Tham gia phong trào; chưa có số liệu kết quả cụ thể.",
    )
    workflow.record_vote(session=session, proposal=weak, agree=2, disagree=3, abstain=1, user=son)
    minutes = workflow.close_session(session=session, user=son, on=on)
    minutes = workflow.issue_decision(document=minutes, user=son, on=on)
    document = workflow.create_decision_draft(unit=province, proposals=decided, user=son, on=on, year=year)
    document = workflow.issue_decision(document=document, user=son, on=on)
    workflow.revoke_award(
        proposal=decided[3],
        user=son,
        reason="Đơn vị để xảy ra vụ tai nạn lao động nghiêm trọng phát hiện sau khi xét.",
        ground="d",
    )
    upward = new(
        province,
        rubber or children[1],
        bang_khen,
        "Dẫn đầu khối doanh nghiệp nhà nước 3 năm liền.",
        in_movement=False,
    )
    workflow.review_proposal(
        proposal=upward, user=son, approve=True, note="Đủ tiêu chuẩn trình Tổng Liên đoàn."
    )
    new(
        commune or province,
        free(units.get("PR-UB-PR")),
        giay_khen,
        "Tổ chức tốt Tháng Công nhân, 5 hoạt động chăm lo đoàn viên.",
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
        f"biên bản họp Hội đồng số {minutes.number}, quyết định khen thưởng số {document.number} "
        f"({len(decided)} tập thể, cá nhân, có cột tiền thưởng)."
    )


def wipe() -> None:
    CouncilVote.objects.all().delete()
    CouncilSession.objects.all().delete()
    ProposalFile.objects.all().delete()
    ProposalEvent.objects.all().delete()
    Proposal.objects.all().delete()
    SignUp.objects.all().delete()
    Movement.objects.all().delete()
    GoodModel.objects.all().delete()
