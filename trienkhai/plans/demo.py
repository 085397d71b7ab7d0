"""Demo step of `plans`: the seed plan 27/KH-LĐLĐ of LĐLĐ huyện Phú Riềng, with a budget, published on
08/8/2024 to every CĐCS of the district; most CĐCS made their own plans (some late, a few never); after
the 2025 reform DNI (the successor) amended it to send it to Công đoàn xã Phú Riềng, which made its
own plan and cascaded it to its CĐCS. Idempotent: each step checks whether it was done.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from trienkhai.documents.demo import PACKAGED_SEED, seed_document
from trienkhai.lib.docparse import parse_text
from trienkhai.orgs.models import Unit

from .models import Action, BudgetLine, Plan, PlanAssignment, Reminder
from .workflow import (
    complete_sub_plan,
    create_plan_from_document,
    create_plan_from_parsed,
    create_sub_plan,
    mark_received,
    publish_plan,
    send_reminder,
    start_amendment,
)

NUMBER = "27/KH-LĐLĐ"
PUBLISHED = dt.date(2024, 8, 8)
DEADLINE = dt.date(2024, 8, 30)
REFORM_AMENDED = dt.date(2025, 7, 15)
COMMUNE_PUBLISHED = dt.date(2025, 8, 4)
COMMUNE_DEADLINE = dt.date(2025, 8, 25)

BUDGET = [
    (
        "Tuyên truyền, quán triệt Nghị quyết 43-NQ/TW (pano, tài liệu, truyền thông số)",
        45_000_000,
        "union_fund",
        18_500_000,
    ),
    ("Tập huấn kỹ năng cho chủ tịch, cán bộ công đoàn cơ sở", 60_000_000, "union_fund", 32_000_000),
    ("Hội thi “Tìm hiểu truyền thống đại đoàn kết dân tộc” trong CNVCLĐ", 35_000_000, "social", 0),
    ("Khen thưởng tập thể, cá nhân có thành tích xuất sắc", 40_000_000, "union_fund", 12_000_000),
    ("Sơ kết, tổng kết thực hiện kế hoạch", 15_000_000, "state", 0),
]

# Concrete actions a CĐCS writes under each task group (by the group label "1".."6").
ACTIONS = {
    "1": [
        "Tổ chức hội nghị quán triệt Nghị quyết 43-NQ/TW cho toàn thể đoàn viên",
        "Đăng tin bài tuyên truyền trên nhóm Zalo và bảng tin của công đoàn cơ sở",
        "Lồng ghép sinh hoạt chuyên đề học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    ],
    "2": [
        "Phối hợp với người sử dụng lao động tổ chức đối thoại định kỳ tại nơi làm việc",
        "Rà soát, sửa đổi thỏa ước lao động tập thể, bổ sung điều khoản có lợi cho người lao động",
        "Thăm hỏi, hỗ trợ đoàn viên có hoàn cảnh khó khăn, ốm đau",
    ],
    "3": [
        "Vận động đoàn viên tham gia Hội thi thợ giỏi cấp huyện",
        "Đề xuất hỗ trợ kinh phí cho người lao động học nâng cao tay nghề, tin học, ngoại ngữ",
    ],
    "4": [
        "Rà soát, kết nạp đoàn viên mới trong số người lao động chưa vào công đoàn",
        "Cử cán bộ công đoàn tham gia lớp tập huấn kỹ năng do LĐLĐ huyện tổ chức",
    ],
    "5": [
        "Giới thiệu đoàn viên ưu tú cho chi bộ xem xét bồi dưỡng, kết nạp Đảng",
        "Tham gia góp ý xây dựng Đảng, xây dựng chính quyền theo Quyết định 217, 218-QĐ/TW",
    ],
    "6": [
        "Phát động phong trào thi đua “Lao động giỏi, lao động sáng tạo” năm 2024",
        "Đăng ký và đánh giá danh hiệu thi đua cuối năm, đề xuất khen thưởng",
    ],
}
PEOPLE = [
    "Chủ tịch CĐCS",
    "Phó Chủ tịch CĐCS",
    "Trưởng ban Nữ công",
    "Ủy viên BCH phụ trách tuyên truyền",
    "Trưởng ban Thanh tra nhân dân",
    "Tổ trưởng tổ công đoàn",
]


def _seed_plan(units: dict[str, Unit], user) -> Plan:
    """The district's plan 27/KH-LĐLĐ: made from the seed document the documents step ingested, as the
    officer would with "Lưu thành kế hoạch"; parsed from the shipped text when that step did not run."""
    plan = Plan.objects.filter(number=NUMBER, parent_plan__isnull=True).first()
    if plan is not None:
        return plan
    document = seed_document()
    if document is not None:
        return create_plan_from_document(document=document, user=user)[0]
    parsed = parse_text(PACKAGED_SEED.read_text(encoding="utf-8"))
    return create_plan_from_parsed(parsed=parsed, owner_unit=units["PRG"], user=user)


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 15)))


def _make_sub_plan(
    assignment: PlanAssignment, user, *, index: int, received: dt.date, done: dt.date | None
) -> Plan:
    parent = assignment.plan
    tasks = list(parent.tasks.select_related("group").order_by("group__position", "position"))
    groups = sorted({t.group.label for t in tasks})
    # Two or three tasks from different groups, varied per unit.
    chosen_groups = [groups[(index + k * 2) % len(groups)] for k in range(2 + index % 2)]
    picked = []
    for label in dict.fromkeys(chosen_groups):
        in_group = [t for t in tasks if t.group.label == label]
        picked.append(in_group[index % len(in_group)])
    sub = create_sub_plan(assignment=assignment, user=user, task_ids=[t.pk for t in picked], on=received)
    PlanAssignment.objects.filter(pk=assignment.pk).update(received_at=_at(received))
    Plan.objects.filter(pk=sub.pk).update(
        number=f"{index + 1:02d}/KH-CĐCS", place=parent.place, signer_title="TM. BAN CHẤP HÀNH — CHỦ TỊCH"
    )
    sub.refresh_from_db()
    n = 0
    for task in sub.tasks.select_related("group").order_by("position"):
        texts = ACTIONS.get(task.group.label) or ACTIONS["1"]
        for k in range(1 + (index + n) % 2 if n < 3 else 1):
            Action.objects.create(
                plan=sub,
                task=task,
                position=k,
                text=texts[(index + k) % len(texts)],
                responsible=PEOPLE[(index + n + k) % len(PEOPLE)],
                due_date=min(
                    sub.period_end or dt.date(2028, 12, 31), received + dt.timedelta(days=30 + 45 * (n + k))
                ),
            )
            n += 1
    if done:
        complete_sub_plan(plan=sub, user=user, on=done)
    return sub


def build(world: dict, stdout) -> None:
    units: dict[str, Unit] = world["units"]
    if "PRG" not in units:
        return
    User = get_user_model()
    son = User.objects.filter(username="officer_son").first()
    minh = User.objects.filter(username="officer_minh").first()
    plan = _seed_plan(units, son)
    if plan.version == 0:
        Plan.objects.filter(pk=plan.pk).update(period_start=PUBLISHED, period_end=dt.date(2028, 12, 31))
        plan.refresh_from_db()
        if not plan.budget_lines.exists():
            for position, (item, amount, source, spent) in enumerate(BUDGET):
                BudgetLine.objects.create(
                    plan=plan,
                    position=position,
                    item=item,
                    amount=Decimal(amount),
                    source=source,
                    spent=Decimal(spent),
                )
        publish_plan(plan=plan, user=son, units_filter=None, deadline=DEADLINE, on=PUBLISHED)
        plan.refresh_from_db()

        assignments = list(plan.assignments.select_related("unit").order_by("unit__code"))
        made = late = 0
        # The district reminded the units without a plan two days before the deadline (slots 6-9 below).
        for i, a in enumerate(assignments):
            if i % 10 >= 6 or a.unit.code == "PR-THCS-PR":
                send_reminder(assignment=a, user=son, on=dt.date(2024, 8, 28))
        for i, a in enumerate(assignments):
            slot = i % 10
            if a.unit.code == "PR-THCS-PR":
                slot = 8  # cdcs_hoa's school has opened it and still has to make its plan (demo task)
            if slot <= 5:
                _make_sub_plan(
                    a,
                    None,
                    index=i,
                    received=PUBLISHED + dt.timedelta(days=1 + slot),
                    done=dt.date(2024, 8, 14 + 2 * slot),
                )
                made += 1
            elif slot <= 7:
                _make_sub_plan(
                    a, None, index=i, received=dt.date(2024, 8, 20), done=dt.date(2024, 9, 3 + 7 * (slot - 6))
                )
                late += 1
            elif slot == 8:
                mark_received(assignment=a)
                PlanAssignment.objects.filter(pk=a.pk).update(received_at=_at(dt.date(2024, 8, 12), 14))
        stdout.write(
            f"Kế hoạch {NUMBER}: ban hành 08/8/2024 cho {len(assignments)} CĐCS; {made} đúng hạn, {late} trễ hạn, "
            f"{Reminder.objects.filter(assignment__plan=plan).count()} lượt nhắc."
        )
    else:
        stdout.write(f"Kế hoạch {NUMBER} đã ban hành (phiên bản {plan.version}).")

    # After the reform: DNI (successor of PRG) amends the plan to send it to Công đoàn xã Phú Riềng.
    if "X-PR" in units and plan.version == 1 and not plan.assignments.filter(unit=units["X-PR"]).exists():
        start_amendment(
            plan=plan,
            user=son,
            reason="Cập nhật đơn vị thực hiện sau sắp xếp tổ chức công đoàn theo mô hình chính quyền hai cấp từ 01/7/2025.",
        )
        Plan.objects.filter(pk=plan.pk).update(
            purposes=[
                *plan.purposes,
                "Bảo đảm việc triển khai liên tục, không gián đoạn khi sắp xếp tổ chức công đoàn từ 01/7/2025.",
            ]
        )
        publish_plan(
            plan=plan,
            user=son,
            units_filter={"scope": "children", "unit_ids": [units["X-PR"].pk]},
            deadline=dt.date(2025, 7, 31),
            on=REFORM_AMENDED,
        )
        xa = PlanAssignment.objects.get(plan=plan, unit=units["X-PR"])
        commune_plan = _make_sub_plan(xa, minh, index=3, received=dt.date(2025, 7, 16), done=None)
        Plan.objects.filter(pk=commune_plan.pk).update(
            number="12/KH-CĐX",
            title="Kế hoạch thực hiện Kế hoạch 27/KH-LĐLĐ về Nghị quyết 43-NQ/TW trên địa bàn xã Phú Riềng",
            place="Phú Riềng",
            period_start=dt.date(2025, 7, 16),
        )
        commune_plan.refresh_from_db()
        publish_plan(
            plan=commune_plan,
            user=minh,
            units_filter={"scope": "grassroots"},
            deadline=COMMUNE_DEADLINE,
            on=COMMUNE_PUBLISHED,
        )
        cascaded = list(commune_plan.assignments.select_related("unit").order_by("unit__code"))
        for i, a in enumerate(cascaded):
            if a.unit.code == "PR-THCS-PR":
                continue  # cdcs_hoa's school: still to do (the browser demo does it)
            if i % 3 == 0:
                _make_sub_plan(a, None, index=i + 5, received=dt.date(2025, 8, 5), done=dt.date(2025, 8, 20))
            elif i % 3 == 1:
                mark_received(assignment=a)
                PlanAssignment.objects.filter(pk=a.pk).update(received_at=_at(dt.date(2025, 8, 6), 10))
        stdout.write(
            f"Sau sắp xếp: LĐLĐ tỉnh Đồng Nai sửa đổi {NUMBER} (phiên bản 2) gửi Công đoàn xã Phú Riềng; "
            f"xã ban hành 12/KH-CĐX cho {len(cascaded)} CĐCS."
        )


def wipe() -> None:
    # Sub-plans point at their parents with PROTECT: unlink first, then delete everything of the app.
    Plan.objects.update(parent_plan=None)
    Reminder.objects.all().delete()
    PlanAssignment.objects.all().delete()
    Plan.objects.all().delete()
