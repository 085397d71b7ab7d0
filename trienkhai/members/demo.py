"""Demo step of `members`: a register of realistic size for the demo district (about 30,000 generated
members across its CĐCS, with some who left or moved), founding cases at every stage, and the yearly
report form's indicators mapped to the registers, the open reports filled in from them.

Runs last of the daily-work apps (INSTALLED_APPS order), so every register is there when the report
figures are filled in. Idempotent: does nothing when the register has members.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from trienkhai.lib.vn import format_number
from trienkhai.orgs.models import Sector, Unit, UnitKind, today
from trienkhai.reports import demo as report_demo
from trienkhai.reports.api import prefill_from_sources
from trienkhai.reports.models import Indicator, ReportForm, Submission

from . import dues
from .models import (
    Affiliation,
    DataAccess,
    DuesPayment,
    FoundingCase,
    FoundingStep,
    LeaveReason,
    Member,
    MemberImport,
    MemberStatus,
    Sex,
)
from .workflow import found_cdcs, pause_member, receive_admission_request, record_founding_step

# Members per CĐCS by sector (min, max): schools and offices are small, FDI factories large.
SIZES: dict[str, tuple[int, int]] = {
    Sector.ADMINISTRATIVE: (18, 95),
    Sector.STATE_ENTERPRISE: (600, 2400),
    Sector.NON_STATE: (300, 1500),
    Sector.FDI: (2000, 6500),
}
FAMILY = [
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Huỳnh", 4),
    ("Phan", 4),
    ("Vũ", 4),
    ("Võ", 4),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 2),
    ("Ngô", 2),
    ("Dương", 1),
    ("Lý", 1),
    ("Điểu", 1),
]
MIDDLE: dict[str, list[str]] = {
    Sex.MALE: ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thành", "Công", "Xuân", "Hoàng", "Ngọc"],
    Sex.FEMALE: ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Hồng", "Phương"],
}
GIVEN: dict[str, list[str]] = {
    Sex.MALE: [
        "Hùng",
        "Dũng",
        "Tuấn",
        "Nam",
        "Long",
        "Phúc",
        "Sơn",
        "Tài",
        "Hải",
        "Khoa",
        "Bình",
        "Quang",
        "Thắng",
        "Lợi",
        "Hiếu",
        "Trung",
        "Vinh",
        "Toàn",
        "Cường",
        "Đạt",
        "Nghĩa",
        "Tâm",
        "Phong",
        "An",
    ],
    Sex.FEMALE: [
        "Lan",
        "Hoa",
        "Hương",
        "Mai",
        "Linh",
        "Trang",
        "Nhung",
        "Thảo",
        "Hạnh",
        "Yến",
        "Ngân",
        "Vy",
        "Tuyết",
        "Oanh",
        "Thủy",
        "Dung",
        "Hằng",
        "Loan",
        "Nga",
        "Quyên",
        "Trinh",
        "Diễm",
        "My",
        "Phượng",
    ],
}
# The yearly form's indicators and the registers that answer them (data on the Indicator).
SOURCES = {
    "new_members": "members.new",
    "total_members": "members.total",
    "new_cdcs": "members.new_cdcs",
    "new_cba": "agreements.signed",
    "dialogues": "agreements.dialogues",
    "legal_cases": "legalaid.cases",
    "sessions": "activities.propaganda",
    "attendees": "activities.propaganda_attendance",
    "trained": "activities.trained",
    "contests": "activities.contests",
}


def _name(rng: random.Random, sex: str) -> str:
    family = rng.choices([f for f, _ in FAMILY], weights=[w for _, w in FAMILY])[0]
    return f"{family} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"


def _phone(rng: random.Random) -> str:
    return (
        rng.choice(["090", "091", "093", "096", "097", "098", "086", "088", "035", "037"])
        + f"{rng.randrange(10**7):07d}"
    )


def build_register(units: list[Unit], *, on: dt.date, seed: int = 2024) -> int:
    """Generate members for `units` (CĐCS), with joining dates spread over the years, about one in
    twenty who left and one in fifty moved to another CĐCS of the same sector. Returns how many."""
    rng = random.Random(seed)
    card = 790_000_000
    people: list[Member] = []
    # Where each member belonged from when: (unit, from, to, how it began, how it ended).
    stints: list[list[tuple[Unit, dt.date, dt.date | None, str, str]]] = []
    by_sector: dict[str, list[Unit]] = {}
    for unit in units:
        by_sector.setdefault(unit.sector or Sector.ADMINISTRATIVE, []).append(unit)
    for unit in units:
        low, high = SIZES.get(unit.sector, SIZES[Sector.ADMINISTRATIVE])
        first = max(unit.valid_from, dt.date(2008, 1, 1))
        span = max((on - first).days - 1, 30)
        for _ in range(rng.randint(low, high)):
            sex = Sex.FEMALE if rng.random() < (0.62 if unit.sector == Sector.FDI else 0.5) else Sex.MALE
            joined = first + dt.timedelta(days=int(span * (rng.random() ** 0.7)))
            born = rng.randint(max(1966, on.year - 60), min(joined.year - 18, on.year - 18))
            card += rng.randint(1, 40)
            member = Member(
                unit=unit,
                full_name=_name(rng, sex),
                birth_year=born,
                sex=sex,
                card_number=str(card) if rng.random() < 0.93 else "",
                joined_on=joined,
                phone=_phone(rng) if rng.random() < 0.7 else "",
            )
            member.search_text = Member.folded(member.full_name, member.card_number)
            fate = rng.random()
            after = joined + dt.timedelta(days=rng.randint(60, 900))
            siblings = [
                u
                for u in by_sector[unit.sector or Sector.ADMINISTRATIVE]
                if u != unit and u.valid_from < after
            ]
            if fate < 0.05 and after < on:
                member.status, member.left_on = MemberStatus.LEFT, after
                member.left_reason = rng.choice(
                    [LeaveReason.JOB_ENDED, LeaveReason.JOB_ENDED, LeaveReason.RETIRED, LeaveReason.RESIGNED]
                )
                stints.append([(unit, joined, after, Affiliation.Start.JOINED, Affiliation.End.LEFT)])
            elif fate < 0.07 and after < on and siblings:
                target = rng.choice(siblings)
                member.unit = target
                stints.append(
                    [
                        (unit, joined, after, Affiliation.Start.JOINED, Affiliation.End.TRANSFER),
                        (target, after, None, Affiliation.Start.TRANSFER, ""),
                    ]
                )
            else:
                stints.append([(unit, joined, None, Affiliation.Start.JOINED, "")])
            people.append(member)
    with transaction.atomic():
        for start in range(0, len(people), 5000):
            created = Member.objects.bulk_create(people[start : start + 5000])
            Affiliation.objects.bulk_create(
                Affiliation(member_id=m.pk, unit=u, valid_from=f, valid_to=t, start=s, end=e)
                for m, rows in zip(created, stints[start : start + 5000], strict=True)
                for u, f, t, s, e in rows
            )
    return len(people)


def build_founding(units: dict[str, Unit], *, on: dt.date) -> int:
    users = get_user_model().objects.in_bulk(["officer_minh", "officer_son"], field_name="username")
    minh, son = users.get("officer_minh"), users.get("officer_son")
    province, commune = units.get("DNI"), units.get("X-PR")
    if province is None or commune is None:
        return 0
    cases = [
        (province, "Công ty TNHH Bao bì Xanh Phú Riềng", Sector.FDI, 420, "3801234567", "board"),
        (
            province,
            "Công ty Cổ phần Chế biến Nông sản Bình Sơn",
            Sector.NON_STATE,
            260,
            "3807654321",
            "canvassing",
        ),
        (province, "Công ty TNHH Thức ăn Chăn nuôi Long Hưng", Sector.NON_STATE, 135, "", "target"),
        (commune, "Hợp tác xã Dịch vụ Nông nghiệp Phú Trung", Sector.NON_STATE, 38, "", "canvassing"),
        (province, "Công ty TNHH May Tân Phú", Sector.FDI, 610, "3809988776", "founded"),
        (commune, "Cơ sở Xay xát Bình Tân", Sector.NON_STATE, 12, "", "stopped"),
    ]
    made = 0
    for i, (owner, name, sector, workers, tax, stage) in enumerate(cases):
        case = FoundingCase.objects.create(
            owner_unit=owner,
            enterprise=name,
            tax_code=tax,
            address="Phú Riềng, Đồng Nai",
            sector=sector,
            workers=workers,
            next_step=[
                "Họp ban vận động, lập danh sách người lao động tự nguyện",
                "Gặp Giám đốc trao đổi về quyền thành lập công đoàn",
                "Khảo sát, lập hồ sơ doanh nghiệp",
                "Tuyên truyền tại buổi giao ca",
                "",
                "",
            ][i],
            next_step_on=on + dt.timedelta(days=[3, 9, 20, -2, 0, 0][i])
            if stage not in ("founded", "stopped")
            else None,
            created_by=son if owner == province else minh,
        )
        user = son if owner == province else minh
        start = on - dt.timedelta(days=160 - 10 * i)
        record_founding_step(
            case=case,
            on=start,
            stage="target",
            note="Đưa vào danh sách doanh nghiệp mục tiêu năm nay.",
            user=user,
        )
        if stage in ("canvassing", "board", "founded"):
            record_founding_step(
                case=case,
                on=start + dt.timedelta(days=30),
                stage="canvassing",
                note="Phát tờ rơi, nói chuyện với công nhân tại nhà trọ và giờ nghỉ giữa ca.",
                user=user,
            )
        if stage in ("board", "founded"):
            record_founding_step(
                case=case,
                on=start + dt.timedelta(days=70),
                stage="board",
                note="Thành lập ban vận động gồm 5 công nhân; 48 người đăng ký gia nhập.",
                user=user,
            )
        if stage == "stopped":
            record_founding_step(
                case=case,
                on=start + dt.timedelta(days=40),
                stage="stopped",
                note="Cơ sở chỉ còn 8 lao động thời vụ; tạm dừng, xem lại năm sau.",
                user=user,
            )
        if stage == "founded":
            rng = random.Random(7)
            people = []
            for _ in range(9):
                sex = Sex.FEMALE if rng.random() < 0.7 else Sex.MALE
                people.append(
                    {
                        "full_name": _name(rng, sex),
                        "birth_year": rng.randint(1985, 2003),
                        "sex": sex,
                        "card_number": "",
                    }
                )
            found_cdcs(
                case=case,
                code="PR-MAY-TP",
                name="Công đoàn Công ty TNHH May Tân Phú",
                decision_number="118/QĐ-LĐLĐ",
                decision_on=on - dt.timedelta(days=40),
                members=people,
                user=user,
            )
        made += 1
    return made


# The quarterly form's figures that a register answers (issue 20): "Tỷ lệ đoàn viên đóng đoàn phí" from
# the dues register, no longer typed by hand.
QUARTERLY_SOURCES = {
    "total_members": "members.total",
    "new_members": "members.new",
    "fee_rate": "members.dues_rate",
    "dialogues": "agreements.dialogues",
    "has_cba": "agreements.in_force",
}
DUES_UNITS = 6  # CĐCS whose dues register the demo keeps (their current quarterly draft shows the rate)


def _quarterly_forms():
    """The demo's quarterly quick report (reports' demo): the quarterly form that asks for the dues rate."""
    return ReportForm.objects.filter(period_kind="quarter", indicators__code="fee_rate").distinct()


def build_dues(*, on: dt.date, seed: int = 61) -> int:
    """Dues of the current quarter's months so far for a few CĐCS that have a quarterly report open (about
    seven in eight members pay every month, on salaries of 4.5–18 million đồng), written in bulk. Returns
    the records."""
    quarterly = _quarterly_forms()
    drafts = Submission.objects.filter(
        form__in=quarterly, status="draft", period_start__lte=on, period_end__gte=on
    ).filter(unit__in=Affiliation.objects.filter(valid_to=None).values("unit_id"))
    unit_ids = list(drafts.order_by("unit__code").values_list("unit_id", flat=True).distinct()[:DUES_UNITS])
    if not unit_ids:
        return 0
    first = drafts.first()
    start = first.period_start if first is not None else on
    months = []
    month = dues.month_start(start)
    while month <= on:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    rng = random.Random(seed)
    rows = []
    payer: dict[int, int] = {}  # member → monthly salary; about one in eight pays nothing this quarter
    for unit_id in unit_ids:
        for month in months:
            try:
                rule = dues.rule_for(month)
            except ValidationError:  # a month before any rule: the demo skips it
                continue
            for member in dues.due_members(unit_id, month).only("pk"):
                if member.pk not in payer:
                    payer[member.pk] = rng.randrange(4_500, 18_000) * 1000 if rng.random() < 0.88 else 0
                salary = payer[member.pk]
                if salary:
                    amount = dues.amount_for(Decimal(salary), rule)
                    rows.append(
                        DuesPayment(
                            member_id=member.pk,
                            unit_id=unit_id,
                            month=month,
                            salary=salary,
                            amount=amount,
                            rule=rule,
                        )
                    )
    DuesPayment.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def map_report_sources() -> int:
    """Point the yearly and quarterly report forms' indicators at their registers, and fill the open
    reports in."""
    mapped = 0
    year = today().year
    for forms, sources in (
        (ReportForm.objects.filter(title=report_demo.TITLE), SOURCES),
        (_quarterly_forms(), QUARTERLY_SOURCES),
    ):
        for code, source in sources.items():
            mapped += Indicator.objects.filter(form__in=forms, code=code, source="").update(source=source)
        for submission in Submission.objects.filter(
            form__in=forms, year__gte=year, status__in=["draft", "returned"]
        ):
            with transaction.atomic():
                prefill_from_sources(submission=submission)
    return mapped


def build(world: dict, stdout) -> None:
    if Member.objects.exists():
        stdout.write("Sổ đoàn viên mẫu đã có sẵn.")
        return
    units: dict[str, Unit] = world.get("units", {})
    on = today()
    cdcs = [
        u
        for code, u in sorted(units.items())
        if code.startswith("PR-") and u.kind == UnitKind.GRASSROOTS and u.valid_to is None
    ]
    count = build_register(cdcs, on=on)
    build_states(cdcs, on=on)
    founded = build_founding(units, on=on)
    paid = build_dues(on=on)
    mapped = map_report_sources()
    stdout.write(
        f"Đã tạo sổ đoàn viên mẫu: {format_number(count)} đoàn viên ở {len(cdcs)} CĐCS, {founded} hồ sơ "
        f"thành lập CĐCS, {format_number(paid)} lượt đóng đoàn phí; {mapped} chỉ tiêu báo cáo lấy số liệu từ sổ."
    )


def build_states(cdcs: list[Unit], *, on: dt.date) -> None:
    """Issue 20: a paused member (tạm dừng sinh hoạt, not counted, no dues) in the first CĐCS, and an
    application its upper union must decide within 10 working days (the clock on its home page)."""
    from .models import AdmissionRequest

    if not cdcs:
        return
    first = (
        Member.objects.filter(
            unit=cdcs[0], status=MemberStatus.ACTIVE, joined_on__lt=on - dt.timedelta(days=90)
        )
        .order_by("pk")
        .first()
    )
    if first is not None:
        pause_member(
            member=first,
            on=on - dt.timedelta(days=30),
            reason="suspended",
            note="Tạm hoãn hợp đồng lao động 6 tháng (nghỉ không lương)",
        )
    upper = cdcs[0].parent_on(on)
    if upper is not None and not AdmissionRequest.objects.exists():
        receive_admission_request(
            unit=upper,
            received_on=on - dt.timedelta(days=3),
            user=None,
            full_name="Hồ Thị Ngọc Ánh",
            birth_date=dt.date(1998, 7, 14),
            sex=Sex.FEMALE,
            workplace="Cơ sở may mặc Phú Lợi (chưa có CĐCS)",
            application="5a",
            application_signed=True,
        )


def wipe() -> None:
    from .models import AdmissionRequest

    AdmissionRequest.objects.all().delete()
    DataAccess.objects.all().delete()
    MemberImport.objects.all().delete()
    Affiliation.objects.all().delete()
    Member.objects.all().delete()
    FoundingStep.objects.all().delete()
    new_units = list(FoundingCase.objects.exclude(new_unit=None).values_list("new_unit_id", flat=True))
    FoundingCase.objects.all().delete()
    Unit.objects.filter(pk__in=new_units).delete()
