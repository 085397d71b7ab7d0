"""Demo step of `evaluations`: LĐLĐ tỉnh Đồng Nai's example criteria set, modelled on Hướng dẫn
1294/HD-TLĐ (three criteria groups, 100 points, four grades). 2025 is a finished year (every CĐCS
self-assessed, moderated, classified with the 20 % quota, published); 2026 is a copy of it in which two
criteria are now computed from the quarterly reports, open for self-assessment: some CĐCS have submitted,
some are moderated, the school of cdcs_hoa is still a draft. Built through the real workflows; idempotent.
"""

from __future__ import annotations

import datetime as dt
import zlib
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from trienkhai.core.models import Notification
from trienkhai.orgs.models import Unit
from trienkhai.reports.models import ReportForm

from . import workflow
from .models import (
    AppliesTo,
    CriteriaGroup,
    CriteriaSet,
    Criterion,
    Evaluation,
    GradeBand,
    Method,
    QuotaRounding,
    QuotaScope,
)

TITLE = "Bộ tiêu chí đánh giá, xếp loại chất lượng hoạt động CĐCS năm {year} (bộ mẫu)"
BASIS = (
    "Bộ tiêu chí mẫu, mô phỏng theo Hướng dẫn số 1294/HD-TLĐ ngày 14/8/2019 của Đoàn Chủ tịch Tổng Liên "
    "đoàn Lao động Việt Nam về đánh giá, xếp loại chất lượng hoạt động CĐCS: ba nhóm tiêu chí, thang điểm "
    "100, bốn mức xếp loại. Liên đoàn Lao động tỉnh chỉnh sửa tiêu chí, điểm và ngưỡng cho phù hợp."
)
# (group title, [(code, text, max points, evidence required, mandatory)])
GROUPS = [
    (
        "Đại diện, chăm lo, bảo vệ quyền, lợi ích hợp pháp, chính đáng của đoàn viên, người lao động; "
        "tham gia quản lý, thanh tra, kiểm tra, giám sát",
        [
            (
                "1.1",
                "Tổ chức đối thoại định kỳ tại nơi làm việc hoặc hội nghị cán bộ, công chức, viên chức, "
                "người lao động theo quy định",
                10,
                True,
                True,
            ),
            ("1.2", "Thương lượng, ký kết và giám sát thực hiện thỏa ước lao động tập thể", 10, False, False),
            (
                "1.3",
                "Tham gia xây dựng và giám sát thực hiện quy chế, nội quy; chế độ, chính sách đối với "
                "người lao động",
                10,
                False,
                False,
            ),
            (
                "1.4",
                "Chăm lo việc làm, thu nhập, đời sống; thăm hỏi, hỗ trợ đoàn viên khó khăn",
                10,
                False,
                False,
            ),
            (
                "1.5",
                "Phối hợp bảo đảm an toàn, vệ sinh lao động; không để xảy ra tranh chấp lao động tập thể, "
                "ngừng việc tập thể trái quy định",
                10,
                False,
                True,
            ),
        ],
    ),
    (
        "Xây dựng tổ chức công đoàn",
        [
            ("2.1", "Phát triển đoàn viên đạt chỉ tiêu được giao", 10, False, False),
            (
                "2.2",
                "Sinh hoạt Ban Chấp hành, tổ công đoàn theo quy định; thực hiện chế độ báo cáo",
                5,
                False,
                False,
            ),
            (
                "2.3",
                "Thu, chi, quản lý tài chính công đoàn (đoàn phí, kinh phí) đúng quy định",
                10,
                True,
                True,
            ),
            ("2.4", "Công tác kiểm tra, giám sát của công đoàn cơ sở", 5, False, False),
        ],
    ),
    (
        "Công tác tuyên truyền và các hoạt động khác",
        [
            (
                "3.1",
                "Tuyên truyền, phổ biến chủ trương của Đảng, pháp luật của Nhà nước, nghị quyết công đoàn "
                "đến đoàn viên, người lao động",
                10,
                True,
                False,
            ),
            (
                "3.2",
                "Phong trào thi đua, hoạt động văn hóa, thể thao; giới thiệu đoàn viên ưu tú cho Đảng",
                10,
                False,
                False,
            ),
        ],
    ),
]
BANDS = [("xuat_sac", 90, 20), ("tot", 70, None), ("hoan_thanh", 50, None)]
QUARTERLY = "Báo cáo nhanh kết quả hằng quý (Nghị quyết 43-NQ/TW)"


# Upper-level unions (công đoàn cấp trên trực tiếp cơ sở) are graded on their own table: the scale is the
# one of Công đoàn TKV's yearly guidance (Phụ lục 3), the criteria are examples.
UPPER_TITLE = "Bộ tiêu chí đánh giá, xếp loại công đoàn cấp trên trực tiếp cơ sở năm {year} (bộ mẫu)"
UPPER_BASIS = (
    "Thang điểm theo hướng dẫn hằng năm của Công đoàn Than – Khoáng sản Việt Nam (căn cứ Hướng dẫn số "
    "392/HD-CĐTKV ngày 25/9/2019; Phụ lục 3 dành cho công đoàn cấp trên cơ sở): điểm chấm tối đa 95 gồm "
    "nhóm tiêu chí 1: 40, nhóm 2: 40, nhóm 3: 15; điểm thưởng tối đa 05 do Hội đồng thi đua khen thưởng "
    "chấm. Nội dung từng tiêu chí, điều kiện không nhóm nào dưới 50% số điểm, điều kiện kỷ luật và cách "
    "tính tỷ lệ: ví dụ, không lấy từ văn bản."
)
UPPER_GROUPS = [
    (
        "Chỉ đạo công tác đại diện, chăm lo, bảo vệ quyền, lợi ích của đoàn viên, người lao động",
        [
            (
                "1.1",
                "Chỉ đạo, hỗ trợ CĐCS đối thoại, thương lượng, ký kết thỏa ước lao động tập thể",
                20,
                True,
                False,
            ),
            (
                "1.2",
                "Tham gia giải quyết tranh chấp lao động, kiến nghị của người lao động",
                20,
                False,
                False,
            ),
        ],
    ),
    (
        "Xây dựng tổ chức công đoàn",
        [
            ("2.1", "Phát triển đoàn viên, thành lập CĐCS đạt chỉ tiêu được giao", 15, False, False),
            ("2.2", "Hướng dẫn, kiểm tra CĐCS; tổ chức đánh giá, xếp loại CĐCS", 10, False, False),
            ("2.3", "Thu, chi, quản lý, quyết toán tài chính công đoàn đúng quy định", 15, True, True),
        ],
    ),
    (
        "Tuyên truyền, thi đua và các hoạt động khác",
        [("3.1", "Tuyên truyền, phong trào thi đua, hoạt động văn hóa, thể thao", 15, False, False)],
    ),
]
SIZE_TITLES = {
    "large": "Bộ tiêu chí CĐCS từ 500 đoàn viên trở lên năm {year} (bộ mẫu)",
    "small": "Bộ tiêu chí CĐCS dưới 500 đoàn viên năm {year} (bộ mẫu)",
}


def make_example_set(
    owner: Unit, year: int, user=None, *, title: str = TITLE, groups=GROUPS, **rules
) -> CriteriaSet:
    """The example set for `owner` and `year` (not frozen); `rules` are CriteriaSet fields."""
    rules.setdefault("basis", BASIS)
    criteria_set = CriteriaSet.objects.create(
        owner=owner, year=year, title=title.format(year=year), is_example=True, created_by=user, **rules
    )
    for gi, (title, criteria) in enumerate(groups):
        group = CriteriaGroup.objects.create(
            criteria_set=criteria_set, position=gi, label=["I", "II", "III"][gi], title=title
        )
        for ci, (code, text, points, evidence, mandatory) in enumerate(criteria):
            Criterion.objects.create(
                group=group,
                position=ci,
                code=code,
                text=text,
                max_points=Decimal(points),
                evidence_required=evidence,
                mandatory=mandatory,
            )
    for grade, low, share in BANDS:
        GradeBand.objects.create(
            criteria_set=criteria_set,
            grade=grade,
            min_score=Decimal(low),
            max_share=Decimal(share) if share is not None else None,
        )
    return criteria_set


def _h(*parts: object) -> int:
    return zlib.crc32(":".join(str(p) for p in parts).encode())


def _self_points(ev: Evaluation, c: Criterion) -> Decimal:
    """Plausible self-scores: most units close to full points, a few weak ones, fixed per unit and year."""
    strength = 60 + _h(ev.unit.code, ev.year) % 41  # 60..100 % of each criterion
    wobble = _h(ev.unit.code, c.code, ev.year) % 21 - 10
    share = max(0, min(100, strength + wobble))
    if c.mandatory and _h(ev.unit.code, c.code) % 29 == 0:
        share = 0  # the odd unit with no periodic dialogue or finances in order
    return (c.max_points * share / 100).quantize(Decimal("0.5"))


def _self_assess(ev: Evaluation, user, *, submit: bool) -> None:
    entries = {}
    for score in ev.scores.select_related("criterion"):
        c = score.criterion
        unscored = c.is_computed or (not submit and c.code.startswith("3."))  # a draft: group III still to do
        entries[c.pk] = workflow.SelfEntry(
            points=None if unscored else _self_points(ev, c),
            evidence=f"Biên bản, kế hoạch năm {ev.year} lưu tại CĐCS." if c.evidence_required else "",
            note="",
        )
    workflow.save_self_assessment(
        evaluation=ev,
        entries=entries,
        note=f"{ev.unit.name} hoàn thành cơ bản các nhiệm vụ năm {ev.year}.",
        user=user,
    )
    if submit:
        workflow.submit_self_assessment(evaluation=ev, user=user)


def _moderate(ev: Evaluation, user) -> None:
    entries = {}
    for score in ev.scores.select_related("criterion"):
        c, own = score.criterion, score.self_points or Decimal(0)
        points, reason = own, ""
        if not c.is_computed and own >= 2 and _h(ev.unit.code, c.code, "thẩm định") % 9 == 0:
            points = own - 2
            reason = "Minh chứng chưa đầy đủ: thiếu biên bản, số liệu kèm theo."
        entries[c.pk] = workflow.ModerationEntry(points=points, reason=reason)
    workflow.moderate_evaluation(
        evaluation=ev,
        entries=entries,
        note="Đồng ý với kết quả tự đánh giá, trừ các tiêu chí đã ghi lý do.",
        user=user,
    )


def build(world: dict, stdout) -> None:
    units: dict[str, Unit] = world.get("units", {})
    owner = units.get("DNI")
    if owner is None:
        stdout.write("Đánh giá CĐCS mẫu: chưa có LĐLĐ tỉnh Đồng Nai — bỏ qua.")
        return
    if CriteriaSet.objects.filter(owner=owner).exists():
        stdout.write("Bộ tiêu chí đánh giá CĐCS mẫu đã có sẵn.")
        return
    users = get_user_model().objects.in_bulk(
        ["officer_son", "officer_minh", "cdcs_hoa", "cdcs_dung", "chairwoman_lan"], field_name="username"
    )
    son, minh, lan = users.get("officer_son"), users.get("officer_minh"), users.get("chairwoman_lan")
    since = timezone.now()
    last = make_example_set(owner, 2025, lan)
    workflow.open_evaluations(
        criteria_set=last, due_on=dt.date(2025, 12, 20), user=lan, on=dt.date(2025, 12, 1)
    )
    x_pr = units.get("X-PR")
    evaluations = list(Evaluation.objects.filter(criteria_set=last).select_related("unit"))
    for ev in evaluations:
        _self_assess(ev, users.get("cdcs_hoa") if ev.unit.code == "PR-THCS-PR" else son, submit=True)
        _moderate(ev, minh if x_pr is not None and ev.parent_id == x_pr.pk else son)
    workflow.publish_results(criteria_set=last, user=lan, on=dt.date(2025, 12, 28))
    published = timezone.make_aware(dt.datetime(2025, 12, 28, 9, 0))
    CriteriaSet.objects.filter(pk=last.pk).update(published_at=published, frozen_at=published)
    Evaluation.objects.filter(criteria_set=last).update(published_at=published)

    # 2026: the federation copied the set and now computes two criteria from the quarterly report.
    current = workflow.copy_set(source=last, year=2026, user=lan)
    quarterly = ReportForm.objects.filter(title=QUARTERLY).first()
    if quarterly is not None:
        for code, method, indicator in (("1.2", Method.YES, "has_cba"), ("2.1", Method.RATIO, "new_members")):
            criterion = Criterion.objects.get(group__criteria_set=current, code=code)
            criterion.method, criterion.form, criterion.indicator_code = method, quarterly, indicator
            criterion.save()
    workflow.open_evaluations(
        criteria_set=current, due_on=dt.date(2026, 12, 20), user=lan, on=timezone.localdate()
    )
    moderated = submitted = 0
    for i, ev in enumerate(
        Evaluation.objects.filter(criteria_set=current).select_related("unit").order_by("unit__code")
    ):
        if ev.unit.code == "PR-THCS-PR":
            _self_assess(ev, users.get("cdcs_hoa"), submit=False)  # cdcs_hoa's draft, not finished
            continue
        if i % 3 == 0:
            continue
        _self_assess(ev, users.get("cdcs_dung") if ev.unit.code == "PR-CS-PR" else son, submit=True)
        submitted += 1
        if i % 3 == 1:
            _moderate(ev, minh if x_pr is not None and ev.parent_id == x_pr.pk else son)
            moderated += 1
    upper = _upper_unions(owner, users)
    _size_bands(current, lan)
    # The demo's history is read: the bell keeps only this year's opening notice to each CĐCS (the home
    # to-do list shows what waits for moderation).
    demo_made = Notification.objects.filter(created_at__gte=since, key__startswith="evaluation:")
    demo_made.exclude(verb="evaluation_open", text__contains="2026").update(read_at=timezone.now())
    stdout.write(
        f"Đã tạo bộ tiêu chí đánh giá CĐCS mẫu 2025 ({len(evaluations)} CĐCS, đã công bố) và 2026 "
        f"({submitted} phiếu đã gửi, {moderated} đã thẩm định); bộ tiêu chí công đoàn cấp trên cơ sở 2026 "
        f"({upper} đơn vị) và hai bộ 2027 theo quy mô đoàn viên."
    )


def _upper_unions(owner: Unit, users: dict) -> int:
    """2026 for the upper-level unions under the federation, on TKV's scale (95 + 5 bonus points): all
    self-assessed and moderated, one with the emulation council's bonus; not yet published."""
    lan, son = users.get("chairwoman_lan"), users.get("officer_son")
    upper = make_example_set(
        owner,
        2026,
        lan,
        title=UPPER_TITLE,
        groups=UPPER_GROUPS,
        basis=UPPER_BASIS,
        applies_to=AppliesTo.UPPER,
        bonus_max=Decimal(5),
        group_min_share=Decimal(50),
        group_shortfall_cap="hoan_thanh",
        discipline_cap="khong_hoan_thanh",
        quota_rounding=QuotaRounding.AT_LEAST_ONE,
        quota_scope=QuotaScope.POOLED,
    )
    workflow.open_evaluations(
        criteria_set=upper, due_on=dt.date(2026, 12, 20), user=lan, on=timezone.localdate()
    )
    evaluations = list(
        Evaluation.objects.filter(criteria_set=upper).select_related("unit").order_by("unit__code")
    )
    for ev in evaluations:
        _self_assess(ev, son, submit=True)
        _moderate(ev, lan)
    best = Evaluation.objects.filter(criteria_set=upper).order_by("-final_total", "unit__code").first()
    if best is not None and lan is not None:
        workflow.score_bonus(
            criteria_set=upper,
            entries={best.pk: (Decimal(3), "Mô hình điểm về phát triển đoàn viên khu vực ngoài nhà nước")},
            user=lan,
        )
        workflow.classify_set(criteria_set=upper)
    return len(evaluations)


def _size_bands(source: CriteriaSet, user) -> None:
    """2027, not yet opened: the CĐCS set split by members (TKV: Phụ lục 1 from 500, Phụ lục 2 under)."""
    for key, low, high in (("large", 500, None), ("small", None, 499)):
        copy = workflow.copy_set(
            source=source, year=2027, user=user, title=SIZE_TITLES[key].format(year=2027)
        )
        copy.min_members, copy.max_members = low, high
        copy.save(update_fields=["min_members", "max_members"])


def wipe() -> None:
    from trienkhai.evaluations.models import Score

    Score.objects.all().delete()
    Evaluation.objects.all().delete()
    CriteriaSet.objects.update(frozen_at=None)
    GradeBand.objects.all().delete()
    Criterion.objects.all().delete()
    CriteriaGroup.objects.all().delete()
    CriteriaSet.objects.all().delete()
