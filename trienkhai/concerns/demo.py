"""Demo step of `concerns`: a public form (QR code) for every CĐCS of the demo district and concerns in
every state: answered, being handled, past the deadline and escalated to the commune union or the province;
and complaint / denunciation cases on the law's clocks: a complaint settled in time, one past its limit
(the union above told, Luật Khiếu nại Art. 33), a denunciation being settled. Idempotent: does nothing
when a box exists."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from trienkhai.orgs.models import Unit, UnitKind, today

from .models import Concern, ConcernBox, ConcernCategory, ConcernEvent, RateCounter, ensure_default_categories
from .workflow import (
    accept_case,
    answer_concern,
    close_case,
    escalate_overdue,
    file_concern,
    follow_up,
    open_case,
    run_case_clocks,
)

TEXTS = [
    (
        "Tiền lương",
        "Tháng này công ty trả lương chậm 10 ngày, không báo trước. Đề nghị công đoàn hỏi giúp lý do và khi nào trả đủ.",
    ),
    (
        "Thời giờ",
        "Tổ may 3 phải tăng ca đến 21 giờ liên tục 3 tuần, nhiều chị có con nhỏ không đón được con.",
    ),
    ("An toàn", "Quạt hút bụi ở xưởng chà nhám hỏng hơn một tháng, bụi gỗ rất nhiều, anh em bị ho."),
    ("Hợp đồng", "Em làm được 14 tháng nhưng vẫn ký hợp đồng thử việc, chưa được đóng bảo hiểm xã hội."),
    (
        "Bữa ăn",
        "Suất ăn ca gần đây ít thịt, cơm nguội; mong công đoàn kiểm tra và đề nghị nâng giá trị bữa ăn.",
    ),
    ("Kỷ luật", "Tổ trưởng trừ điểm thi đua vì đi vệ sinh quá 5 phút, em thấy không hợp lý."),
    ("Hoạt động công đoàn", "Đề nghị công đoàn tổ chức giải bóng đá giữa các tổ dịp Quốc khánh."),
    ("Khác", "Nhà xe công nhân không có mái che, mùa mưa xe ướt hết; mong công ty làm thêm mái che."),
    ("Tiền lương", "Phụ cấp nặng nhọc ở tổ cạo mủ chưa được điều chỉnh theo lương tối thiểu vùng mới."),
    ("Thời giờ", "Ngày nghỉ bù lễ 2/9 chưa được bố trí, công ty nói sẽ trả tiền nhưng chưa thấy."),
]
ANSWER = (
    "Ban Chấp hành công đoàn đã làm việc với Giám đốc ngày {d}. Công ty cam kết khắc phục trong tháng này; "
    "công đoàn sẽ kiểm tra lại và thông báo ở bảng tin."
)


def build(world: dict, stdout) -> None:
    if ConcernBox.objects.exists():
        stdout.write("Hộp thư góp ý mẫu đã có sẵn.")
        return
    units: dict[str, Unit] = world.get("units", {})
    cdcs = [
        u
        for code, u in sorted(units.items())
        if code.startswith("PR-") and u.kind == UnitKind.GRASSROOTS and u.valid_to is None
    ]
    ensure_default_categories()
    for unit in cdcs:
        ConcernBox.objects.create(unit=unit)
    by_word = {c.name: c for c in ConcernCategory.objects.all()}
    enterprises = [u for u in cdcs if u.sector not in ("administrative", "")] or cdcs
    users = get_user_model().objects.in_bulk(
        ["cdcs_dung", "officer_minh", "officer_son"], field_name="username"
    )
    rng = random.Random(42)
    on = today()
    made = 0
    for i in range(32):
        unit = enterprises[i % len(enterprises)] if i % 5 else rng.choice(cdcs)
        word, text = TEXTS[i % len(TEXTS)]
        category = next(
            (c for name, c in by_word.items() if name.lower().startswith(word.lower()[:6])), None
        ) or next(iter(by_word.values()))
        filed = on - dt.timedelta(days=[1, 2, 4, 6, 9, 12, 15, 20, 26, 33, 41, 55][i % 12])
        box = ConcernBox.objects.get(unit=unit)
        anonymous = i % 3 != 0
        concern = file_concern(
            box=box,
            category=category,
            text=text,
            anonymous=anonymous,
            name="" if anonymous else rng.choice(["Nguyễn Thị Thu", "Trần Văn Hậu", "Lê Thị Mỹ"]),
            contact="" if anonymous else f"09{rng.randrange(10**8):08d}",
            on=filed,
        )
        Concern.objects.filter(pk=concern.pk).update(
            filed_at=timezone.make_aware(dt.datetime.combine(filed, dt.time(8 + i % 9, 12)))
        )
        ConcernEvent.objects.filter(concern=concern).update(
            at=timezone.make_aware(dt.datetime.combine(filed, dt.time(8 + i % 9, 12)))
        )
        writer = users.get("cdcs_dung") if unit.code == "PR-CS-PR" else users.get("officer_minh")
        if i % 4 == 0 and writer:
            answer_concern(
                concern=concern,
                user=writer,
                answer=ANSWER.format(d=(filed + dt.timedelta(days=2)).strftime("%d/%m/%Y")),
                unit=unit,
            )
        elif i % 4 == 1 and writer:
            follow_up(
                concern=concern,
                user=writer,
                unit=unit,
                status=Concern.Status.IN_PROGRESS,
                note="Đã chuyển ý kiến đến phòng nhân sự, chờ trả lời.",
                public=True,
            )
        made += 1
    # The deadlines that passed: escalate as the daily job would have, day by day.
    start = min(Concern.objects.values_list("due_on", flat=True))
    day = start
    while day <= on:
        escalate_overdue(on=day)
        day += dt.timedelta(days=1)
    cases = _cases(cdcs, users, on=on)
    stdout.write(
        f"Đã tạo {len(cdcs)} hộp thư góp ý (mã QR), {made} ý kiến mẫu của người lao động "
        f"và {cases} vụ việc khiếu nại, tố cáo."
    )


def _cases(cdcs: list[Unit], users: dict, *, on: dt.date) -> int:
    """A complaint settled in time, a complaint past its limit, a denunciation with time left; what they
    are about is left empty so that no demo award waits for them."""
    unit = next((u for u in cdcs if u.code == "PR-CS-PR"), cdcs[0] if cdcs else None)
    writer = users.get("cdcs_dung") if unit and unit.code == "PR-CS-PR" else users.get("officer_minh")
    category = (
        ConcernCategory.objects.filter(name__startswith="Kỷ luật").first() or ConcernCategory.objects.first()
    )
    if unit is None or writer is None or category is None:
        return 0
    box = ConcernBox.objects.get(unit=unit)
    specs = [
        ("complaint", 50, "Khiếu nại quyết định trừ thưởng quý của tổ trưởng, không có căn cứ.", "in_time"),
        ("complaint", 60, "Khiếu nại việc công đoàn chưa đối chiếu danh sách trợ cấp khó khăn.", "overdue"),
        ("denunciation", 12, "Tố cáo cán bộ thu tiền đoàn phí nhưng không nộp quỹ.", "open"),
    ]
    for kind, ago, text, state in specs:
        received = on - dt.timedelta(days=ago)
        concern = file_concern(
            box=box,
            category=category,
            text=text,
            anonymous=False,
            name="Hoàng Văn Khiếu" if kind == "complaint" else "Người tố cáo (được giữ bí mật)",
            contact="0900000111",
            on=received,
        )
        at = timezone.make_aware(dt.datetime.combine(received, dt.time(9, 30)))
        Concern.objects.filter(pk=concern.pk).update(filed_at=at)
        ConcernEvent.objects.filter(concern=concern).update(at=at)
        case = open_case(concern=concern, kind=kind, unit=unit, received_on=received, user=writer)
        accept_case(case=case, on=received + dt.timedelta(days=5), user=writer)
        if state == "in_time":
            close_case(
                case=case,
                outcome="settled",
                result="Thu hồi quyết định trừ thưởng; trả đủ tiền thưởng quý cho người lao động.",
                on=received + dt.timedelta(days=25),
                user=writer,
            )
    run_case_clocks(on=on)
    return len(specs)


def wipe() -> None:
    RateCounter.objects.all().delete()
    Concern.objects.all().delete()
    ConcernBox.objects.all().delete()
