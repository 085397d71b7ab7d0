"""The letters of `issuing` itself: the first draft of each, written from the app's data as a
`trienkhai.lib.content.Content` (the parse contract plus the layout keys `lib.render` reads) on the
shared kit of `kit.py` (header, number, signer, sections), which the other apps' letters use too.

- `plan_content`: a plan (KH) from its tasks, duties, budget and, for a unit's own plan, the actions with
  the people responsible;
- `report_content`: a unit's result report (BC) on a plan for a period: legal bases, the table of
  figures, the narrative per task group from the approved reports, difficulties and proposals;
- `reminder_content`: a dispatch (công văn) urging the units that are late with their plan
  (`plan_reminder_content`) or their report (`report_reminder_content`), which differ only in their
  own words (`Reminder`) and the kind of request (`Urging`).

Every text is a first draft: the officer edits any paragraph before issuing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypedDict

from trienkhai.documents.api import type_name
from trienkhai.documents.models import LegalBasis
from trienkhai.lib.content import Annex, Content, ContentSection, Table
from trienkhai.lib.docparse.schema import Assignment, Task
from trienkhai.lib.periods import label as period_label
from trienkhai.lib.vn import fold, format_date, format_number
from trienkhai.orgs.models import Unit
from trienkhai.plans.models import Plan, PlanAssignment
from trienkhai.reports.api import BoardRow, board_rows
from trienkhai.reports.models import Indicator, ReportForm, Submission, SubmissionValue

from . import contrib
from .figures import Figure, report_figures
from .kit import annex, base_content, numbered, section
from .models import OutgoingDocument
from .signers import Signer, default_signer, parse_signer

# --------------------------------------------------------------------------------------------------
# Phrases the letters share
# --------------------------------------------------------------------------------------------------


def _of_unit(unit: Unit) -> str:
    return unit.short_name or unit.name


def _basis_phrase(basis: LegalBasis) -> str:
    """ "Nghị quyết số 43-NQ/TW ngày 24/11/2023 của BCH Trung ương về “…”" from what the registry knows."""
    kind = type_name(basis.doc_type) or "văn bản"
    text = f"{kind} số {basis.number}"
    if basis.date:
        text += f" ngày {format_date(basis.date)}"
    owner = basis.owner_unit if basis.owner_unit_id else None
    issuer = owner.name if owner is not None else basis.issuer
    if issuer:
        text += f" của {issuer}"
    if basis.title:
        text += f" về “{basis.title.rstrip('.')}”"
    return text


def _plan_phrase(plan: Plan) -> str:
    """ "Kế hoạch số 27/KH-LĐLĐ ngày 08/8/2024 của Liên đoàn Lao động huyện Phú Riềng về “…”"."""
    text = f"Kế hoạch số {plan.number}" if plan.number else "Kế hoạch"
    if plan.issued_on:
        text += f" ngày {format_date(plan.issued_on)}"
    text += f" của {plan.owner_unit.name}"
    title = _subject(plan.title)
    return f"{text} về “{title}”" if title else text


def _subject(title: str) -> str:
    """A plan's title without its leading "Kế hoạch", as the subject after the type name."""
    text = " ".join((title or "").split()).rstrip(".")
    text = re.sub(r"^kế hoạch\s+", "", text, flags=re.IGNORECASE)
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    """ "Tổ chức thực hiện …" -> "tổ chức thực hiện …", inside a sentence (numbers and names untouched)."""
    return text[:1].lower() + text[1:]


def plan_title(plan: Plan) -> str:
    """The subject line under "KẾ HOẠCH". A unit's own plan still titled as the app named it ("Kế hoạch
    tổ chức thực hiện 27/KH-LĐLĐ") says which plan of which unit it carries out."""
    parent = plan.parent_plan
    if (
        parent is not None
        and plan.title == f"Kế hoạch tổ chức thực hiện {parent.number or parent.title}".strip()
    ):
        text = (
            f"Tổ chức thực hiện Kế hoạch số {parent.number}"
            if parent.number
            else "Tổ chức thực hiện Kế hoạch"
        )
        if parent.issued_on:
            text += f" ngày {format_date(parent.issued_on)}"
        return f"{text} của {parent.owner_unit.name}"
    return _subject(plan.title) or "Kế hoạch"


def _money(value: Decimal) -> str:
    return format_number(int(value))


def _figure(value: Decimal | None, kind: str) -> str:
    if value is None:
        return "0"
    if kind == Indicator.Kind.DECIMAL and value != value.to_integral_value():
        return format_number(float(value), 2)
    return format_number(int(value))


# --------------------------------------------------------------------------------------------------
# Kế hoạch
# --------------------------------------------------------------------------------------------------


def plan_signer(plan: Plan, *, on: dt.date) -> Signer:
    """The signer held on the plan, else the owner unit's chair."""
    if plan.signer_title or plan.signer_name:
        signer = parse_signer(plan.signer_title, plan.signer_name)
        if signer.position or signer.mode:
            return signer
    return default_signer(plan.owner_unit, on=on)


def plan_content(plan: Plan, *, code: str, on: dt.date) -> Content:
    """A plan as a document: purposes, task groups with their tasks, the actions with who is responsible
    and by when (a unit's own plan), the budget, the duties per level."""
    unit = plan.owner_unit
    # A plan issued earlier keeps the names its header had then (before the 2025 reform, say).
    on = plan.issued_on if plan.number and plan.issued_on else on
    doc = base_content(
        unit,
        kind=OutgoingDocument.Kind.PLAN,
        code=code,
        on=on,
        title=plan_title(plan),
        signer=plan_signer(plan, on=on),
    )
    if plan.number:
        doc["number"] = plan.number
    if plan.place:
        doc["place"] = plan.place
    if plan.issued_on and plan.number:
        doc["date"] = plan.issued_on.isoformat()
    body = "Ban Chấp hành" if unit.is_grassroots else "Ban Thường vụ"
    if plan.parent_plan_id and plan.parent_plan is not None:
        doc["preamble"] = [
            f"Thực hiện {_plan_phrase(plan.parent_plan)}, {body} {unit.name} xây dựng kế hoạch tổ chức "
            f"thực hiện như sau:"
        ]
    elif plan.implements_id and plan.implements is not None:
        doc["preamble"] = [
            f"Thực hiện {_basis_phrase(plan.implements)}, {body} {unit.name} xây dựng kế hoạch thực hiện "
            f"như sau:"
        ]
    sections = []
    if plan.purposes:
        sections.append(section("", "MỤC ĐÍCH, YÊU CẦU", items=plan.purposes))
    groups = []
    for i, group in enumerate(plan.groups.order_by("position", "pk").prefetch_related("tasks"), start=1):
        tasks = sorted(group.tasks.all(), key=lambda t: (t.position, t.pk))
        groups.append(section(group.label or str(i), group.title, items=[t.text for t in tasks]))
    sections.append(section("", "NHIỆM VỤ, GIẢI PHÁP", children=groups))
    actions = list(plan.actions.select_related("task").order_by("due_date", "position", "pk"))
    if actions:
        rows = [
            [str(n), a.task.code or "", a.text, a.responsible, format_date(a.due_date)]
            for n, a in enumerate(actions, start=1)
        ]
        sections.append(
            section(
                "",
                "HOẠT ĐỘNG CỤ THỂ, NGƯỜI PHỤ TRÁCH VÀ THỜI HẠN",
                table={
                    "columns": ["STT", "Nhiệm vụ", "Hoạt động cụ thể", "Người phụ trách", "Thời hạn"],
                    "rows": rows,
                    "widths": [11, 19, 70, 38, 27],
                    "align": ["center", "center", "left", "left", "center"],
                },
            )
        )
    budget = list(plan.budget_lines.order_by("position", "pk"))
    if budget:
        total = sum((b.amount for b in budget), Decimal(0))
        rows = [
            [str(n), b.item, b.get_source_display(), _money(b.amount)] for n, b in enumerate(budget, start=1)
        ]
        rows.append(["", "Tổng cộng", "", _money(total)])
        sections.append(
            section(
                "",
                "KINH PHÍ THỰC HIỆN",
                paragraphs=[f"Tổng dự toán kinh phí thực hiện kế hoạch: {_money(total)} đồng, gồm:"],
                table={
                    "columns": ["STT", "Nội dung chi", "Nguồn kinh phí", "Dự toán (đồng)"],
                    "rows": rows,
                    "widths": [11, 84, 40, 30],
                    "align": ["center", "left", "left", "right"],
                },
            )
        )
    duties: dict[str, list[str]] = {}
    for duty in plan.duties.order_by("position", "pk"):
        duties.setdefault(duty.unit_label, []).append(duty.text)
    if duties:
        children = [
            section(str(i), label, items=texts) for i, (label, texts) in enumerate(duties.items(), start=1)
        ]
        sections.append(section("", "TỔ CHỨC THỰC HIỆN", children=children))
    doc["sections"] = numbered(sections)
    doc["tasks"], doc["assignments"] = _tasks_and_duties(doc["sections"])
    doc["closing"] = [f"Trên đây là Kế hoạch {_lower_first(doc['title'])} của {unit.name}./."]
    doc["recipients"] = list(plan.recipients or []) or _plan_recipients(plan, on=on)
    return doc


def _tasks_and_duties(sections: list[ContentSection]) -> tuple[list[Task], list[Assignment]]:
    """The contract's `tasks` ("II.1.1" …, as the parser numbers the bullets of the tasks part) and
    `assignments` (the duties per level), read off the sections just written."""
    tasks: list[Task] = []
    assignments: list[Assignment] = []
    for part in sections:
        if part["title"] == "NHIỆM VỤ, GIẢI PHÁP":
            for group in part["children"]:
                gid = f"{part['label']}.{group['label']}"
                tasks += [
                    {"id": f"{gid}.{n}", "group": gid, "group_title": group["title"], "text": text}
                    for n, text in enumerate(group["items"], start=1)
                ]
        elif part["title"] == "TỔ CHỨC THỰC HIỆN":
            assignments = [{"unit": c["title"], "duties": list(c["items"])} for c in part["children"]]
    return tasks, assignments


def _plan_recipients(plan: Plan, *, on: dt.date) -> list[str]:
    parent = plan.owner_unit.parent_on(on)
    out = [f"{_of_unit(parent)} (b.c)"] if parent else []
    if plan.assignments.exists():
        out.append("Các đơn vị nhận kế hoạch (t.h)")
    return out


# --------------------------------------------------------------------------------------------------
# Báo cáo kết quả
# --------------------------------------------------------------------------------------------------


def period_phrase(kind: str, year: int, index: int) -> str:
    """ "năm 2025", "quý 3/2026", "6 tháng đầu năm 2026" — the period as running text says it."""
    text = period_label(kind, year, index)
    return text[:1].lower() + text[1:]


@dataclass
class ReportSources:
    """What a result report is drawn from, read once: the board rows, the figures, the narratives."""

    rows: list[BoardRow]
    figures: list[Figure]
    narratives: dict[int, list[tuple[str, str]]]  # task group id -> [(unit name, text)]
    notes: dict[str, list[tuple[str, str]]]  # "difficulties"/"proposals" -> [(unit name, text)]


_DIFFICULTY_WORDS = ("kho khan", "vuong mac", "han che", "ton tai")
_PROPOSAL_WORDS = ("de xuat", "kien nghi", "de nghi")


def _approved(rows: list[BoardRow]) -> dict[int, Unit]:
    """The units whose report for the period is approved, by their submission's id."""
    return {
        r.submission.pk: r.unit
        for r in rows
        if r.status == Submission.Status.APPROVED and r.submission is not None
    }


def report_sources(form: ReportForm, unit: Unit, year: int, index: int, *, on: dt.date) -> ReportSources:
    rows = board_rows(form, unit, year, index, on=on)
    approved = _approved(rows)
    narratives: dict[int, list[tuple[str, str]]] = {}
    by_key = {n.key: n.group_id for n in form.narratives.all()}
    texts = {
        i.code: i.label for i in form.indicators.filter(kind=Indicator.Kind.TEXT) if i.code not in by_key
    }
    notes: dict[str, list[tuple[str, str]]] = {"difficulties": [], "proposals": []}
    values = SubmissionValue.objects.filter(submission_id__in=list(approved), key__in=[*by_key, *texts])
    for value in sorted(values, key=lambda v: (approved[v.submission_id].name, v.key)):
        text = " ".join(value.raw.split())
        if not text:
            continue
        who = approved[value.submission_id].name
        if value.key in by_key:
            narratives.setdefault(by_key[value.key], []).append((who, text))
            continue
        label = fold(texts[value.key])
        if any(w in label for w in _DIFFICULTY_WORDS):
            notes["difficulties"].append((who, text))
        elif any(w in label for w in _PROPOSAL_WORDS):
            notes["proposals"].append((who, text))
    return ReportSources(
        rows=rows,
        figures=report_figures(form, unit, year, index, on=on),
        narratives=narratives,
        notes=notes,
    )


def _names(rows: list[BoardRow], limit: int = 20) -> str:
    names = "; ".join(r.unit.name for r in rows[:limit])
    return names + (f" và {len(rows) - limit} đơn vị khác" if len(rows) > limit else "")


# A report of a few units quotes each of them; above this it summarises and lists the units in an annex.
QUOTE_ALL_UP_TO = 5
EXAMPLES = 2  # quotes kept per part when summarising
BEST = 5  # units named as best and as lagging
SENTENCE_LIMIT = 400  # characters of one quote before it is shortened, at a sentence end
# A sentence ends at . ! ? (and a closing quote or bracket) before a space; an ellipsis does not end one.
_SENTENCE_END = re.compile(r"(?<!\.\.)[.!?][”»)]?(?=\s)")


def sentences(text: str, limit: int = SENTENCE_LIMIT) -> str:
    """`text` whole, or shortened at the last sentence end before `limit` characters; never cut inside a
    sentence (a text of one long sentence is kept whole). Ends with a full stop if it had no end mark."""
    text = " ".join(text.split())
    if len(text) > limit:
        ends = [m.end() for m in _SENTENCE_END.finditer(text[: limit + 1])]
        if ends:
            text = text[: ends[-1]]
    return text if text[-1:] in ".!?:;" else f"{text}."


@dataclass
class Ranked:
    """A unit with its figure on the report's key indicator."""

    unit_id: int
    name: str
    value: Decimal


def key_indicator(form: ReportForm) -> Indicator | None:
    """The indicator the best and lagging units are named on: the first that adds up (as the dashboard
    charts it), else the first numeric one."""
    numeric = [i for i in form.indicators.order_by("position", "pk") if i.is_numeric and i.rolls_up]
    return next((i for i in numeric if i.aggregation == Indicator.Aggregation.SUM), None) or next(
        iter(numeric), None
    )


def _ranked(rows: list[BoardRow], indicator: Indicator | None) -> list[Ranked]:
    """The approved units with their figure on `indicator`, highest first (one query)."""
    approved = _approved(rows)
    if indicator is None or not approved:
        return []
    values = SubmissionValue.objects.filter(
        submission_id__in=list(approved), key=indicator.code, number__isnull=False
    ).values_list("submission_id", "number")
    ranked = (Ranked(approved[pk].pk, approved[pk].name, n) for pk, n in values if n is not None)
    return sorted(ranked, key=lambda r: (-r.value, r.name))


_STATUS_TEXT = {
    "none": "Chưa nộp",
    Submission.Status.DRAFT: "Đang soạn, chưa nộp",
    Submission.Status.RETURNED: "Bị trả lại, chưa nộp lại",
    Submission.Status.SUBMITTED: "Đã nộp, chờ duyệt",
    Submission.Status.RESUBMITTED: "Đã nộp lại, chờ duyệt",
    Submission.Status.APPROVED: "Đã duyệt",
}


def report_title(form: ReportForm, year: int, index: int) -> str:
    plan = form.plan
    text = f"Kết quả thực hiện Kế hoạch số {plan.number}" if plan.number else "Kết quả thực hiện kế hoạch"
    if plan.issued_on:
        text += f" ngày {format_date(plan.issued_on)}"
    text += f" của {plan.owner_unit.name}"
    return f"{text}, {period_phrase(form.period_kind, year, index)}"


def report_content(
    form: ReportForm,
    unit: Unit,
    year: int,
    index: int,
    *,
    code: str,
    on: dt.date,
    signer: Signer | None = None,
) -> Content:
    """A unit's result report on `form`'s plan for a period (see the module docstring)."""
    plan = form.plan
    period = period_phrase(form.period_kind, year, index)
    src = report_sources(form, unit, year, index, on=on)
    doc = base_content(
        unit,
        kind=OutgoingDocument.Kind.REPORT,
        code=code,
        on=on,
        title=report_title(form, year, index),
        signer=signer or default_signer(unit, on=on),
    )
    bases = [f"Căn cứ {_plan_phrase(plan)};"]
    bases += [f"Căn cứ {_basis_phrase(b)};" for b in plan.legal_chain()]
    bases.append(f"{unit.name} báo cáo kết quả thực hiện {period} như sau:")
    doc["preamble"] = bases
    total = len(src.rows)
    made = sum(r.plan_made for r in src.rows)
    submitted = sum(r.submission is not None and r.status != Submission.Status.DRAFT for r in src.rows)
    approved = sum(r.status == Submission.Status.APPROVED for r in src.rows)
    overview = (
        f"Có {format_number(total)} đơn vị nhận Kế hoạch; {format_number(made)} đơn vị đã xây dựng kế "
        f"hoạch tổ chức thực hiện; {format_number(submitted)} đơn vị đã nộp báo cáo {period}, trong đó "
        f"{format_number(approved)} báo cáo đã được duyệt."
        if total
        else f"{unit.name} tổng hợp kết quả thực hiện {period} như sau."
    )
    table: Table = {
        "columns": ["STT", "Chỉ tiêu", "Đơn vị tính", "Kết quả"],
        "rows": [
            [str(n), f.label, f.unit_of_measure, _figure(f.value, f.kind)]
            for n, f in enumerate(src.figures, start=1)
        ],
        "widths": [11, 90, 28, 36],
        "align": ["center", "left", "center", "right"],
    }
    children = [
        section(
            "1",
            "Kết quả chung",
            paragraphs=[overview, "Kết quả các chỉ tiêu (tổng hợp từ các báo cáo đã duyệt):"],
            table=table if src.figures else None,
        )
    ]
    summarise = total > QUOTE_ALL_UP_TO
    indicator = key_indicator(form)
    ranked = _ranked(src.rows, indicator)
    order = {r.name: i for i, r in enumerate(ranked)}
    n = 1
    if summarise and ranked and indicator is not None:  # ranked only on an indicator
        n += 1
        children.append(
            section(
                str(n),
                "Đơn vị tiêu biểu, đơn vị còn hạn chế",
                paragraphs=_best_and_lagging(ranked, indicator, src.rows),
            )
        )
    for narrative in form.narratives.select_related("group").order_by("group__position"):
        texts = src.narratives.get(narrative.group_id, [])
        n += 1
        children.append(
            section(
                str(n), narrative.group.title, **_quotes(texts, total=total, summarise=summarise, order=order)
            )
        )
    missing = [
        r for r in src.rows if r.status in ("none", Submission.Status.DRAFT, Submission.Status.RETURNED)
    ]
    late = [r for r in src.rows if r.submission is not None and r.submission.is_late]
    difficulties = _quotes(src.notes["difficulties"], total=total, summarise=summarise, what="khó khăn")
    proposals = _quotes(src.notes["proposals"], total=total, summarise=summarise, what="kiến nghị")
    where = "(danh sách tại Phụ lục)" if summarise else ""
    if missing:
        difficulties["paragraphs"].append(
            f"Còn {format_number(len(missing))}/{format_number(total)} đơn vị chưa nộp báo cáo {period}"
            + (f" {where}." if summarise else f": {_names(missing)}.")
        )
    if late:
        difficulties["paragraphs"].append(
            f"{format_number(len(late))} đơn vị nộp báo cáo chậm so với thời hạn"
            + (f" {where}." if summarise else f": {_names(late)}.")
        )
    doc["sections"] = numbered(
        [
            section("", "KẾT QUẢ THỰC HIỆN", children=children),
            *contrib.report_sections(form, unit, year, index, on=on),
            section("", "KHÓ KHĂN, VƯỚNG MẮC", **difficulties),
            section("", "ĐỀ XUẤT, KIẾN NGHỊ", **proposals),
        ]
    )
    doc["closing"] = [f"Trên đây là báo cáo kết quả thực hiện {period} của {unit.name}./."]
    parent = unit.parent_on(on)
    doc["recipients"] = [f"{_of_unit(parent)} (b.c)"] if parent else []
    if summarise:
        doc["annexes"] = [_units_annex(src.rows, ranked, indicator, period)]
    return doc


def _best_and_lagging(ranked: list[Ranked], indicator: Indicator, rows: list[BoardRow]) -> list[str]:
    measure = f" {indicator.unit_suffix}" if indicator.unit_suffix else ""

    def listed(part: list[Ranked]) -> str:
        return "; ".join(f"{r.name} ({format_number(float(r.value), 0)}{measure})" for r in part)

    best = ranked[:BEST]
    out = [f"Các đơn vị có kết quả cao nhất về chỉ tiêu “{indicator.label}”: {listed(best)}."]
    lagging = [r for r in ranked[-BEST:] if r not in best][::-1]
    if lagging:
        out.append(f"Các đơn vị có kết quả thấp nhất về chỉ tiêu này: {listed(lagging)}.")
    unrated = sum(r.status != Submission.Status.APPROVED for r in rows)
    if unrated:
        out.append(f"{unrated} đơn vị chưa có báo cáo được duyệt nên chưa được đánh giá (xem Phụ lục).")
    return out


class Quoted(TypedDict):
    """The body of a part drawn from the units' own words (the keywords of `section`)."""

    paragraphs: list[str]
    items: list[str]


def _quotes(
    texts: list[tuple[str, str]],
    *,
    total: int,
    summarise: bool,
    what: str = "",
    order: dict[str, int] | None = None,
) -> Quoted:
    """The part of a report drawn from the units' own words: each unit quoted when there are few units;
    with many, how many wrote something and a few quotes (from the best units first, by `order`), each
    cut at a sentence end or not at all."""
    if summarise and order:
        texts = sorted(texts, key=lambda t: order.get(t[0], len(order)))
    if not summarise:
        quoted = [f"{who}: {sentences(t)}" if total > 1 else sentences(t) for who, t in texts]
        return {"items": quoted, "paragraphs": []}
    if not texts:
        return {"items": [], "paragraphs": []}
    subject = f"nêu {what}" if what else "báo cáo nội dung này"
    lead = f"Có {len(texts)}/{total} đơn vị {subject}"
    if len(texts) <= EXAMPLES:
        return {"paragraphs": [f"{lead}:"], "items": [f"{who}: {sentences(t)}" for who, t in texts]}
    return {
        "paragraphs": [f"{lead}; tiêu biểu:"],
        "items": [f"{who}: {sentences(t)}" for who, t in texts[:EXAMPLES]],
    }


def _units_annex(
    rows: list[BoardRow], ranked: list[Ranked], indicator: Indicator | None, period: str
) -> Annex:
    value_of = {r.unit_id: r.value for r in ranked}
    columns = ["STT", "Đơn vị", "Tình hình báo cáo"]
    widths: list[float] = [11, 95, 45]
    align = ["center", "left", "left"]
    if indicator is not None:
        columns.append(
            f"{indicator.label}" + (f" ({indicator.unit_suffix})" if indicator.unit_suffix else "")
        )
        widths, align = [11, 80, 40, 34], [*align, "right"]
    body = []
    for n, r in enumerate(sorted(rows, key=lambda r: r.unit.name), start=1):
        state = _STATUS_TEXT.get(r.status, "")
        if r.submission is not None and r.submission.is_late:
            state += " (nộp chậm)"
        line = [str(n), r.unit.name, state]
        if indicator is not None:
            value = value_of.get(r.unit.pk) if r.status == Submission.Status.APPROVED else None
            line.append(format_number(float(value), 0) if value is not None else "—")
        body.append(line)
    return annex(
        f"Tình hình báo cáo của các đơn vị {period}",
        {"columns": columns, "rows": body, "widths": widths, "align": align},
    )


# --------------------------------------------------------------------------------------------------
# Công văn đôn đốc
# --------------------------------------------------------------------------------------------------


@dataclass
class LateUnit:
    """A unit a reminder may name: why it is late, and whether it is past the deadline."""

    unit: Unit
    reason: str
    overdue: bool


def plan_late_units(plan: Plan, *, on: dt.date) -> list[LateUnit]:
    """Units that received `plan` and have not made their own plan yet, overdue first."""
    out = []
    for a in PlanAssignment.objects.board(plan, on=on):
        if a.completed_on:
            continue
        days = a.days_late(on)
        if a.state == "overdue":
            reason = f"quá hạn {days} ngày (hạn {format_date(a.deadline)})"
        elif a.state == "not_received":
            reason = f"chưa mở kế hoạch (hạn {format_date(a.deadline)})"
        else:
            reason = f"đã nhận, chưa xây dựng kế hoạch (hạn {format_date(a.deadline)})"
        out.append(LateUnit(a.unit, reason, a.state == "overdue"))
    return sorted(out, key=lambda u: (not u.overdue, u.unit.name))


def report_late_units(form: ReportForm, unit: Unit, year: int, index: int, *, on: dt.date) -> list[LateUnit]:
    """Units below `unit` that have not submitted their report for the period, overdue first."""
    out = []
    for r in board_rows(form, unit, year, index, on=on):
        if r.unit.pk == unit.pk or r.status not in (
            "none",
            Submission.Status.DRAFT,
            Submission.Status.RETURNED,
        ):
            continue
        state = {"none": "chưa bắt đầu báo cáo", "draft": "đang soạn, chưa nộp"}.get(
            r.status, "bị trả lại, chưa nộp lại"
        )
        if r.overdue:
            state += f", quá hạn {(on - r.deadline).days} ngày"
        out.append(LateUnit(r.unit, f"{state} (hạn {format_date(r.deadline)})", r.overdue))
    return sorted(out, key=lambda u: (not u.overdue, u.unit.name))


IN_ANNEX = "Các đơn vị có tên tại Phụ lục"
NAMED_UP_TO = 3  # late units a dispatch names itself; more go to its annex


def _addressees(late: Sequence[LateUnit], single: Unit | None) -> list[str]:
    """Who the dispatch goes to ("Kính gửi" and "Nơi nhận"): the late units by name when there are few,
    else the units listed in its annex."""
    if single is not None:
        return [single.name]
    if len(late) <= NAMED_UP_TO:
        return [u.unit.name for u in late]
    return [IN_ANNEX]


def _whom(single: Unit | None, annexes: list[Annex]) -> str:
    if single is not None:
        return "đơn vị"
    return "các đơn vị có tên tại Phụ lục" if annexes else "các đơn vị nêu trên"


def _late_list(
    late: Sequence[LateUnit], single: Unit | None, *, on: dt.date, what: str
) -> tuple[list[str], list[str], list[Annex]]:
    """(status paragraphs, items, annexes) of a reminder: a few late units listed in the text, many in
    an annex table (a dispatch to 119 units is one page and a table, not eight pages of lines)."""
    if single is not None:
        reason = next((u.reason for u in late if u.unit.pk == single.pk), f"chưa {what}")
        return [f"Đến ngày {format_date(on)}, {single.name} {reason}."], [], []
    if len(late) <= NAMED_UP_TO:
        status = [f"Đến ngày {format_date(on)}, còn {len(late)} đơn vị chưa {what}, gồm:"]
        return status, [f"{u.unit.name}: {u.reason}." for u in late], []
    status = [
        f"Đến ngày {format_date(on)}, còn {len(late)} đơn vị chưa {what} (danh sách tại Phụ lục kèm theo)."
    ]
    table: Table = {
        "columns": ["STT", "Đơn vị", "Tình hình"],
        "rows": [
            [str(n), u.unit.name, u.reason[:1].upper() + u.reason[1:]] for n, u in enumerate(late, start=1)
        ],
        "widths": [11, 90, 64],
        "align": ["center", "left", "left"],
    }
    return status, [], [annex(f"Danh sách các đơn vị chưa {what}", table)]


@dataclass(frozen=True)
class Urging:
    """What one kind of reminder asks that the other does not: what the late units have not done
    (`what`), the request of its closing (`lead` before the unit's name, `task` after "khẩn trương"),
    and how many days it gives to answer."""

    what: str
    lead: str
    task: str
    days: int


PLAN_URGING = Urging(
    what="xây dựng kế hoạch",
    lead="Để bảo đảm tiến độ chung, ",
    task="xây dựng kế hoạch tổ chức thực hiện, hoàn thành",
    days=7,
)
REPORT_URGING = Urging(what="nộp báo cáo", lead="", task="hoàn thành và nộp báo cáo", days=5)


@dataclass(frozen=True)
class Reminder:
    """One reminder's own words: its subject line, the paragraph recalling what was asked and by when
    (`deadline`, when there is one), and the kind of request it makes."""

    urging: Urging
    title: str
    opening: str
    deadline: dt.date | None


def reminder_content(
    unit: Unit,
    late: Sequence[LateUnit],
    reminder: Reminder,
    *,
    code: str,
    on: dt.date,
    single: Unit | None = None,
) -> Content:
    """A dispatch from `unit` urging the `late` units (or `single` of them) as `reminder` says: the units
    listed in the text or, when many, in an annex; a reply date some days from `on` (by the kind of
    request), never before the reminder's deadline."""
    urging, deadline = reminder.urging, reminder.deadline
    doc = base_content(
        unit,
        kind=OutgoingDocument.Kind.REMINDER,
        code=code,
        on=on,
        title=reminder.title,
        signer=default_signer(unit, on=on),
    )
    doc["addressees"] = _addressees(late, single)
    status, items, annexes = _late_list(late, single, on=on, what=urging.what)
    # Never ask for completion before the plan's or the form's own deadline (a reminder urges, it does
    # not shorten).
    reply = on + dt.timedelta(days=urging.days)
    reply_by = format_date(max(reply, deadline) if deadline else reply)
    doc["sections"] = [section("", "", paragraphs=[reminder.opening, *status], items=items)]
    doc["closing"] = [
        f"{urging.lead}{unit.name} đề nghị {_whom(single, annexes)} khẩn trương {urging.task} "
        f"trên phần mềm Triển khai trước ngày {reply_by}./."
    ]
    doc["recipients"] = _addressees(late, single)
    if annexes:
        doc["annexes"] = annexes
    return doc


def plan_reminder_content(
    plan: Plan, unit: Unit, late: Sequence[LateUnit], *, code: str, on: dt.date, single: Unit | None = None
) -> Content:
    """A dispatch from `unit` urging the `late` units to make their own plan for `plan`."""
    number = f"số {plan.number}" if plan.number else ""
    assignments = plan.assignments.filter(unit=single) if single is not None else plan.assignments
    deadline = assignments.order_by("deadline").values_list("deadline", flat=True).first()
    sent = f"Ngày {format_date(plan.issued_on)}, " if plan.issued_on else ""
    subject = _subject(plan.title)
    opening = (
        f"{sent}{plan.owner_unit.name} ban hành Kế hoạch {number}".rstrip()
        + (f" về “{subject}”" if subject else "")
        + (
            f", đề nghị các đơn vị xây dựng kế hoạch tổ chức thực hiện trước ngày {format_date(deadline)}."
            if deadline
            else ", đề nghị các đơn vị xây dựng kế hoạch tổ chức thực hiện."
        )
    )
    title = f"V/v đôn đốc xây dựng kế hoạch thực hiện Kế hoạch {number}".strip()
    reminder = Reminder(PLAN_URGING, title=title, opening=opening, deadline=deadline)
    return reminder_content(unit, late, reminder, code=code, on=on, single=single)


def report_reminder_content(
    form: ReportForm,
    unit: Unit,
    year: int,
    index: int,
    late: Sequence[LateUnit],
    *,
    code: str,
    on: dt.date,
    single: Unit | None = None,
) -> Content:
    """A dispatch from `unit` urging the `late` units to submit their report for the period."""
    period = period_phrase(form.period_kind, year, index)
    report = form.report_name[:1].lower() + form.report_name[1:]
    deadline = form.deadline(year, index)
    opening = (
        f"Thực hiện {_plan_phrase(form.plan)}, các đơn vị báo cáo kết quả thực hiện {period} "
        f"trước ngày {format_date(deadline)}."
    )
    reminder = Reminder(
        REPORT_URGING, title=f"V/v đôn đốc nộp {report} {period}", opening=opening, deadline=deadline
    )
    return reminder_content(unit, late, reminder, code=code, on=on, single=single)
