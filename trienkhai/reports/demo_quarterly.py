"""Demo data for results up the tree: Phú Riềng grown to a district of 175 CĐCS, a quarterly form next to the
yearly one, and three years of quarterly reports (2024–2026) with late units, returned reports, a few
missing ones, and the 2025 move (CĐCS of the district going to the new commune unions or to the province
on 01/7/2025, inside Q3/2025), so that "as reported" and "current" differ. Province targets for 2026 are
allocated down the tree.

The added units go through the orgs workflow (their history pages show real events); the reports, values
(with their history rows) and review events are written in bulk so that `make run` stays fast.
"""

from __future__ import annotations

import datetime as dt
import zlib
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone
from simple_history.utils import bulk_create_with_history  # type: ignore[import-untyped]  # ships no type information

from trienkhai.lib.periods import deadline_for, period_for
from trienkhai.lib.vn import format_number
from trienkhai.orgs.api import create_unit, move_unit
from trienkhai.orgs.models import Sector, Unit, UnitKind
from trienkhai.plans.models import Plan, PlanAssignment

from .models import Indicator, ReportForm, Rule, Submission, SubmissionEvent, SubmissionValue, Target
from .workflow import allocate_target, set_targets

TITLE = "Báo cáo nhanh kết quả hằng quý (Nghị quyết 43-NQ/TW)"
REFORM = dt.date(2025, 7, 1)
SENT = dt.date(2024, 8, 8)
YEARS = (2024, 2025, 2026)
K, A = Indicator.Kind, Indicator.Aggregation
ADM, STATE, NONSTATE, FDI = Sector.ADMINISTRATIVE, Sector.STATE_ENTERPRISE, Sector.NON_STATE, Sector.FDI
NOTE = "Sắp xếp tổ chức công đoàn theo mô hình chính quyền địa phương hai cấp (từ 01/7/2025)"

INDICATORS = [
    # code, label, unit, kind, rule, weight
    ("total_members", "Tổng số đoàn viên cuối quý", "người", K.INTEGER, A.LATEST, ""),
    ("new_members", "Đoàn viên kết nạp mới trong quý", "người", K.INTEGER, A.SUM, ""),
    ("fee_rate", "Tỷ lệ đoàn viên đóng đoàn phí", "%", K.PERCENT, A.WEIGHTED, "total_members"),
    ("dialogues", "Cuộc đối thoại tại nơi làm việc", "cuộc", K.INTEGER, A.SUM, ""),
    ("has_cba", "Có thỏa ước lao động tập thể còn hiệu lực", "", K.YESNO, A.COUNT_YES, ""),
    ("income_low", "Thu nhập thấp nhất của người lao động", "triệu đồng/tháng", K.DECIMAL, A.MIN, ""),
    ("income_high", "Thu nhập cao nhất của người lao động", "triệu đồng/tháng", K.DECIMAL, A.MAX, ""),
    ("score", "Điểm tự đánh giá hoạt động công đoàn", "điểm (thang 100)", K.DECIMAL, A.AVERAGE, ""),
    ("proposals", "Kiến nghị, đề xuất với cấp trên", "", K.TEXT, A.NONE, ""),
]
# The score is out of 100: more is refused as typed and on submit.
MAX_VALUES = {"score": Decimal(100)}

# The communes of the old district and the commune union that took their public-sector CĐCS in 2025.
COMMUNES = [
    ("Phú Riềng", "X-PR"),
    ("Bình Tân", "X-PR"),
    ("Phú Trung", "X-PR"),
    ("Bù Nho", "X-PR"),
    ("Bình Sơn", "X-PR"),
    ("Long Hà", "X-LH"),
    ("Long Tân", "X-LH"),
    ("Long Bình", "X-LH"),
    ("Phước Tân", "X-LH"),
    ("Long Hưng", "X-LH"),
]
PUBLIC = [
    ("Trạm Y tế xã {c}", ADM),
    ("Trường Tiểu học {c} B", ADM),
    ("Trường Mầm non Sơn Ca {c}", ADM),
    ("Hợp tác xã Nông nghiệp {c}", NONSTATE),
    ("Quỹ Tín dụng nhân dân {c}", NONSTATE),
]
FIRMS = [
    "An Phát", "Bình Minh", "Cao Nguyên", "Đại Lộc", "Hưng Thịnh", "Kim Long", "Minh Trí", "Nam Việt",
    "Phúc Hưng", "Sông Bé", "Thành Công", "Trường Sơn",
]  # fmt: skip
TRADES = [
    ("Chế biến Hạt điều", NONSTATE),
    ("Gỗ nội thất", NONSTATE),
    ("May mặc", FDI),
    ("Bao bì", NONSTATE),
    ("Thức ăn chăn nuôi", FDI),
    ("Xây dựng", NONSTATE),
    ("Cao su", STATE),
]


def _h(*parts) -> int:
    return zlib.crc32(":".join(str(p) for p in parts).encode())


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 20)))


def grow_district(units: dict[str, Unit]) -> list[Unit]:
    """134 more CĐCS of LĐLĐ huyện Phú Riềng, moved on 01/7/2025 like the first 41: public-sector units to
    the new commune unions, enterprises to the province."""
    if Unit.objects.filter(code="PR-C001").exists():
        return list(Unit.objects.filter(code__startswith="PR-C"))
    prg, dni = units["PRG"], units["DNI"]
    made = []
    specs = []
    for ci, (commune, union) in enumerate(COMMUNES):
        for name, sector in PUBLIC:
            specs.append(
                (f"Công đoàn {name.format(c=commune)}", sector, union if sector == ADM else "DNI", ci)
            )
    for fi, firm in enumerate(FIRMS):
        for ti, (trade, sector) in enumerate(TRADES):
            if len(specs) >= 134:
                break
            kind = "Công ty Cổ phần" if sector == STATE else "Công ty TNHH"
            suffix = " Việt Nam" if sector == FDI else ""
            specs.append((f"Công đoàn {kind} {trade} {firm}{suffix}", sector, "DNI", fi + ti))
    for n, (name, sector, target, salt) in enumerate(specs, start=1):
        founded = dt.date(2012 + _h(name) % 12, 1 + salt % 12, 1 + _h(name, "d") % 27)
        if n % 45 == 0:
            founded = dt.date(2024, 10, 1)  # a new CĐCS that starts reporting late in 2024
        unit = create_unit(
            parent=prg,
            on=max(prg.valid_from, min(founded, REFORM - dt.timedelta(days=1))),
            code=f"PR-C{n:03d}",
            name=name,
            kind=UnitKind.GRASSROOTS,
            sector=sector,
            address="Phú Riềng, Bình Phước",
        )
        move_unit(unit=unit, new_parent=units[target] if target != "DNI" else dni, on=REFORM, note=NOTE)
        made.append(unit)
    return made


def _form(plan: Plan) -> ReportForm:
    form = ReportForm.objects.create(plan=plan, title=TITLE, period_kind="quarter", deadline_days=10)
    groups = list(plan.groups.order_by("position"))
    group_of = {"total_members": 3, "new_members": 3, "fee_rate": 3, "dialogues": 1, "has_cba": 1}
    for pos, (code, label, uom, kind, rule, weight) in enumerate(INDICATORS):
        index = group_of.get(code)
        Indicator.objects.create(
            form=form,
            code=code,
            label=label,
            unit_of_measure=uom,
            kind=kind,
            aggregation=rule,
            weight_code=weight,
            position=pos,
            required=kind != K.TEXT,
            group=groups[index] if index is not None and index < len(groups) else None,
            max_value=MAX_VALUES.get(code),
        )
    Rule.objects.create(
        form=form,
        expression="new_members <= total_members",
        message="Số đoàn viên kết nạp mới không được lớn hơn tổng số đoàn viên.",
    )
    return form


def _values(unit: Unit, year: int, index: int, step: int) -> dict[str, str]:
    """One CĐCS's figures for a quarter: members grow slowly, enterprises recruit and bargain more."""
    h = _h(unit.code)
    q = _h(unit.code, year, index)
    enterprise = unit.sector not in (ADM, "")
    sizes: dict[str, tuple[int, int]] = {
        ADM: (15, 90),
        STATE: (150, 900),
        NONSTATE: (40, 600),
        FDI: (300, 2400),
    }
    size = sizes.get(unit.sector, (20, 80))
    base = size[0] + h % (size[1] - size[0])
    members = base + (base * step) // 60 + q % 5
    new = (q >> 3) % (max(2, members // 25)) if enterprise else (q >> 3) % 3
    fee = 95 + (q >> 5) % 6 if not enterprise else 72 + (h >> 4) % 18 + (q >> 5) % 8
    low = Decimal(42 + (h >> 6) % 18 + step) / 10  # triệu đồng, creeping up each quarter
    high = low + Decimal(30 + (h >> 9) % 250 + (q >> 7) % 20) / 10
    score = 60 + (h >> 11) % 25 + (q >> 9) % 12
    values = {
        "total_members": members,
        "new_members": min(new, members),
        "fee_rate": min(fee, 100),
        "dialogues": (q >> 11) % (4 if enterprise else 2),
        "has_cba": "Có" if enterprise and h % 10 < 8 else "Không",
        "income_low": low,
        "income_high": high,
        "score": score,
    }
    out = {}
    for key, value in values.items():
        if isinstance(value, Decimal):
            out[key] = format_number(float(value), 1)
        elif isinstance(value, int):
            out[key] = format_number(value)
        else:
            out[key] = value
    if q % 7 == 0:
        out["proposals"] = "Đề nghị cấp trên hỗ trợ kinh phí tổ chức hội thi tay nghề cho công nhân."
    return out


def _number(raw: str) -> Decimal | None:
    if raw in ("Có", "Không"):
        return Decimal(1 if raw == "Có" else 0)
    try:
        return Decimal(raw.replace(".", "").replace(",", "."))
    except ArithmeticError:
        return None


def _state(unit: Unit, year: int, index: int, today: dt.date, deadline: dt.date) -> tuple[str | None, bool]:
    """(state, late) of one CĐCS's report: mostly approved; chronic latecomers; a few returned, missing."""
    h = _h(unit.code)
    q = _h(unit.code, year, index, "s") % 100
    latecomer = h % 10 == 4
    late = (latecomer and q % 10 < 6) or q % 17 == 3
    if deadline >= today:  # the running quarter: some have started, a few sent it early
        return ("draft" if q < 22 else "submitted" if q < 28 else None), False
    if deadline >= today - dt.timedelta(days=80):  # the last closed quarter: review still going on
        if q < 66:
            return "approved", late
        if q < 80:
            return ("resubmitted" if q % 3 == 0 else "submitted"), late
        if q < 87:
            return "returned", late
        if q < 93:
            return "draft", False
        return None, False
    if q < 2 or (latecomer and q < 6):
        return None, False  # never reported
    return ("returned_approved" if q < 5 else "approved"), late


def send_plan(plan: Plan, added: list[Unit]) -> None:
    """The seed plan reached the added CĐCS with the others on 08/8/2024 (or when they were founded)."""
    for unit in added:
        sent = max(SENT, unit.valid_from)
        PlanAssignment.objects.get_or_create(
            plan=plan,
            unit=unit,
            defaults={"sent_on": sent, "deadline": dt.date(2024, 8, 30), "received_at": _at(sent, 15)},
        )


def build_quarterly(world: dict, stdout, plan: Plan) -> None:
    if ReportForm.objects.filter(plan=plan, title=TITLE).exists():
        return
    units: dict[str, Unit] = world["units"]
    form = _form(plan)
    users = get_user_model().objects.in_bulk(
        ["officer_son", "officer_minh", "cdcs_hoa", "cdcs_dung"], field_name="username"
    )
    son, minh = users.get("officer_son"), users.get("officer_minh")
    writer_of = {"PR-THCS-PR": users.get("cdcs_hoa"), "PR-CS-PR": users.get("cdcs_dung")}
    x_pr = units.get("X-PR")
    under_x_pr = {u.pk for u in x_pr.descendants(timezone.localdate())} if x_pr else set()
    recipients = sorted(
        (a.unit for a in plan.assignments.select_related("unit") if a.unit.is_grassroots),
        key=lambda u: u.code,
    )
    today = timezone.localdate()
    subs: list[Submission] = []
    plans: dict[int, tuple] = {}
    for unit in recipients:
        step = 0
        for year in YEARS:
            for index in range(1, 5):
                start, end = period_for("quarter", year, index)
                step += 1
                if end < unit.valid_from or start > today:
                    continue
                deadline = deadline_for("quarter", year, index, days_after=10)
                state, late = _state(unit, year, index, today, deadline)
                if state is None:
                    continue
                sub = Submission(
                    form=form,
                    unit=unit,
                    year=year,
                    index=index,
                    period_start=start,
                    period_end=end,
                    deadline=deadline,
                )
                reviewer = son if end < REFORM else (minh if unit.pk in under_x_pr else son)
                writer = writer_of.get(unit.code) or reviewer
                sub.entered_on_behalf = unit.code not in writer_of
                sub.updated_by = writer
                submitted = (
                    deadline + dt.timedelta(days=1 + _h(unit.code, year, index) % 18)
                    if late
                    else (deadline - dt.timedelta(days=1 + _h(unit.code, year, index) % 9))
                )
                submitted = min(submitted, today)
                status = "approved" if state == "returned_approved" else state
                sub.status = status
                if status != "draft":
                    sub.first_submitted_at = _at(submitted)
                    sub.submitted_at = _at(
                        submitted + dt.timedelta(days=4 if state == "returned_approved" else 0)
                    )
                    sub.is_late = late
                if status == "approved":
                    approved_on = min(submitted + dt.timedelta(days=2 + _h(unit.code, index) % 5), today)
                    if state == "returned_approved":
                        approved_on = min(submitted + dt.timedelta(days=6), today)
                    sub.approved_at, sub.approved_by = _at(approved_on, 15), reviewer
                if status == "returned":
                    sub.review_comment = "Đề nghị kiểm tra lại tổng số đoàn viên và số đoàn viên kết nạp mới."
                    sub.field_comments = {"total_members": "Chưa khớp với danh sách đoàn viên gửi kèm."}
                sub.lock_version = 3
                subs.append(sub)
                plans[id(sub)] = (unit, year, index, step, state, submitted, writer, reviewer)
    Submission.objects.bulk_create(subs, batch_size=500)
    values, events = [], []
    for sub in subs:
        unit, year, index, step, state, submitted, writer, reviewer = plans[id(sub)]
        figures = _values(unit, year, index, step)
        if state == "draft":
            figures = dict(list(figures.items())[:4])
        for key, raw in figures.items():
            number = None if key == "proposals" else _number(raw)
            values.append(SubmissionValue(submission=sub, key=key, raw=raw, number=number))
        if state == "draft":
            continue
        steps = [("", "submitted", submitted, writer, "")]
        if state in ("returned", "returned_approved", "resubmitted"):
            comment = "Đề nghị kiểm tra lại tổng số đoàn viên và số đoàn viên kết nạp mới."
            steps.append(("submitted", "returned", submitted + dt.timedelta(days=2), reviewer, comment))
        if state in ("returned_approved", "resubmitted"):
            steps.append(("returned", "resubmitted", submitted + dt.timedelta(days=4), writer, ""))
        if state in ("approved", "returned_approved") and sub.approved_at is not None:  # set above
            steps.append((steps[-1][1], "approved", sub.approved_at.date(), reviewer, ""))
        for old, new, day, actor, text in steps:
            events.append(
                SubmissionEvent(
                    submission=sub,
                    actor=actor,
                    from_status=old,
                    to_status=new,
                    comment=text,
                    at=_at(min(day, today), 10),
                )
            )
    bulk_create_with_history(values, SubmissionValue, batch_size=1000, default_date=_at(dt.date(2024, 4, 1)))
    days = [event.at for event in events]
    SubmissionEvent.objects.bulk_create(events, batch_size=1000)
    # `at` is stamped on creation; put each event back on its day.
    for event, day in zip(events, days, strict=True):
        event.at = day
    SubmissionEvent.objects.bulk_update(events, ["at"], batch_size=500)
    _targets(form, units, users.get("officer_son"))
    stdout.write(
        f"Đã mở rộng LĐLĐ huyện Phú Riềng thành {len(recipients)} CĐCS và tạo biểu mẫu báo cáo quý với "
        f"{len(subs)} báo cáo (2024–2026)."
    )


def _targets(form: ReportForm, units: dict[str, Unit], user) -> None:
    """The province's 2026 targets, allocated to the commune unions and CĐCS under it, then by Công đoàn
    xã Phú Riềng to its own CĐCS."""
    dni, x_pr = units.get("DNI"), units.get("X-PR")
    if dni is None:
        return
    by_code = {i.code: i for i in form.indicators.all()}
    set_targets(
        unit=dni,
        year=2026,
        index=0,
        values={by_code["new_members"]: Decimal(5600), by_code["dialogues"]: Decimal(700)},
        user=user,
    )
    for code, basis in (("new_members", "previous:new_members"), ("dialogues", "equal")):
        allocate_target(
            indicator=by_code[code],
            unit=dni,
            year=2026,
            index=0,
            basis="units",
            remainder="largest_remainder",
            user=user,
        )
        if x_pr is not None:
            allocate_target(
                indicator=by_code[code],
                unit=x_pr,
                year=2026,
                index=0,
                basis=basis,
                remainder="to_largest",
                user=user,
            )
    Target.objects.filter(indicator__form=form).update(set_by=user)
