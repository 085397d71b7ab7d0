"""The summary report (Báo cáo, BC) of a year's evaluation, composed for the issuing app: counts per grade,
the ranking per parent, the comparison with last year."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from trienkhai.issuing.api import base_content, default_issuer_code, default_signer, numbered, section
from trienkhai.issuing.models import OutgoingDocument
from trienkhai.lib.content import Content
from trienkhai.lib.vn import format_number

from .api import GRADES
from .models import GRADE_LABELS_VI, CriteriaSet, Evaluation


def _pct(part: int, whole: int) -> str:
    return format_number(100 * part / whole, 1) if whole else "0"


def summary_content(criteria_set: CriteriaSet, *, on: dt.date) -> Content:
    owner = criteria_set.owner
    year = criteria_set.year
    evaluations = list(
        Evaluation.objects.filter(criteria_set=criteria_set)
        .select_related("unit", "parent")
        .order_by("parent__name", "rank", "unit__name")
    )
    last = dict(
        Evaluation.objects.filter(unit__in=[e.unit_id for e in evaluations], year=year - 1)
        .published()
        .values_list("unit_id", "grade")
    )
    doc = base_content(
        owner,
        kind=OutgoingDocument.Kind.REPORT,
        code=default_issuer_code(owner),
        on=on,
        title=f"Kết quả đánh giá, xếp loại chất lượng hoạt động công đoàn cơ sở năm {year}",
        signer=default_signer(owner, on=on),
    )
    total = len(evaluations)
    counts = Counter(e.grade for e in evaluations)
    last_counts = Counter(last.values())
    doc["preamble"] = [
        f"Căn cứ {criteria_set.title};",
        f"{owner.name} báo cáo kết quả đánh giá, xếp loại chất lượng hoạt động CĐCS năm {year} như sau:",
    ]
    grade_rows = [
        [
            str(n),
            label,
            format_number(counts[code]),
            _pct(counts[code], total),
            format_number(last_counts[code]),
        ]
        for n, (code, label) in enumerate(GRADES, start=1)
    ]
    overview = section(
        "",
        "KẾT QUẢ CHUNG",
        paragraphs=[
            f"Tổng số CĐCS được đánh giá, xếp loại: {format_number(total)}. Kết quả theo từng mức xếp loại "
            f"(so với năm {year - 1}):"
        ],
        table={
            "columns": ["STT", "Xếp loại", "Số CĐCS", "Tỷ lệ (%)", f"Năm {year - 1}"],
            "rows": grade_rows,
            "widths": [11, 74, 25, 25, 30],
            "align": ["center", "left", "right", "right", "right"],
        },
    )
    ranking = section(
        "",
        "XẾP HẠNG CÁC CĐCS",
        table={
            "columns": ["Hạng", "CĐCS", "Cấp trên", "Điểm", "Xếp loại"],
            "rows": [
                [
                    str(e.rank or ""),
                    e.unit.name,
                    e.parent.name,
                    format_number(float(e.grand_total or 0), 2),  # with the council's bonus
                    GRADE_LABELS_VI.get(e.grade, ""),  # the document is Vietnamese whatever the page language
                ]
                for e in evaluations
            ],
            "widths": [12, 60, 40, 18, 35],
            "align": ["center", "left", "left", "right", "left"],
        },
    )
    doc["sections"] = numbered(
        [
            overview,
            ranking,
            section(
                "",
                "ĐÁNH GIÁ CHUNG VÀ KIẾN NGHỊ",
                paragraphs=[
                    "Các CĐCS xếp loại thấp cần xây dựng kế hoạch khắc phục những tiêu chí bị trừ điểm "
                    "theo ý kiến thẩm định của công đoàn cấp trên."
                ],
            ),
        ]
    )
    doc["closing"] = [
        f"Trên đây là báo cáo kết quả đánh giá, xếp loại chất lượng hoạt động CĐCS năm {year} "
        f"của {owner.name}./."
    ]
    parent = owner.parent_on(on)
    doc["recipients"] = [f"{parent.short_name or parent.name} (b.c)"] if parent else []
    return doc
