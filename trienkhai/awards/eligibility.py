"""Eligibility rules, evaluated against the evaluation grades of the year (through `grades`): each
broken rule is a warning quoting the rule; a rule marked blocking refuses the proposal. A unit without a
published result yet gets a warning, never a refusal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from trienkhai.concerns import api as concerns
from trienkhai.inspections import api as inspections
from trienkhai.members.models import Member, Sex

from . import grades
from .models import COLLECTIVES, AwardForm, EligibilityRule, Proposal, Recipient

# Priority to women (issue 19 cites Luật TĐKT 2022 Điều 5; the text was not found in full): a collective
# is marked when its share of women reaches this — the figure of issue 19, not found in a text read.
WOMEN_SHARE_PRIORITY = 70


@dataclass(frozen=True)
class Warning:  # noqa: A001 - the word the page shows
    text: str
    blocking: bool = False


def warnings_for(
    *, form: AwardForm, recipient: str, unit_id: int, unit_name: str, year: int
) -> list[Warning]:
    """What the rules of `form` say about giving it to `unit_id` (or to a person of that unit) for `year`."""
    return warnings_for_many([(form, recipient, unit_id, unit_name)], year=year)[0]


def warnings_for_many(rows: Iterable[tuple[AwardForm, str, int, str]], *, year: int) -> list[list[Warning]]:
    """Warnings per (form, recipient kind, unit id, unit name), with one look-up of the grades and one
    of the rules for all of them."""
    rows = list(rows)
    form_ids = {form.pk for form, *_ in rows}
    rules: dict[int, list[EligibilityRule]] = {}
    for rule in EligibilityRule.objects.filter(form_id__in=form_ids, active=True).order_by("pk"):
        rules.setdefault(rule.form_id, []).append(rule)
    needed = {unit_id for form, _r, unit_id, _n in rows if rules.get(form.pk)}
    graded = grades.published_grades(sorted(needed), year) if needed else {}
    # Rules over several years in a row read the grades of the years before too.
    back = max((r.years for rs in rules.values() for r in rs), default=1)
    past = (
        {y: grades.published_grades(sorted(needed), y) for y in range(year - back + 1, year)}
        if needed
        else {}
    )
    out = []
    for form, recipient, unit_id, unit_name in rows:
        found: list[Warning] = []
        applicable = [r for r in rules.get(form.pk, []) if not r.applies_to or r.applies_to == recipient]
        if applicable:
            grade = graded.get(unit_id)
            if grade is None:
                found.append(
                    Warning(
                        f"Chưa có kết quả đánh giá năm {year} của {unit_name}: chưa kiểm tra được điều kiện «{applicable[0].text.rstrip('.')}»."
                    )
                )
            else:
                for rule in applicable:
                    if grades.worse_than(grade, rule.min_grade):
                        found.append(
                            Warning(
                                f"{unit_name} xếp loại «{grades.grade_label(grade)}» năm {year}. Quy định: {rule.text}",
                                blocking=rule.blocking,
                            )
                        )
                        continue
                    for y in range(year - rule.years + 1, year):
                        before = past.get(y, {}).get(unit_id)
                        if before is None or grades.worse_than(before, rule.min_grade):
                            shown = grades.grade_label(before) if before else "chưa có kết quả"
                            found.append(
                                Warning(
                                    f"{unit_name} năm {y}: «{shown}». Quy định ({rule.years} năm liên tục): {rule.text}",
                                    blocking=rule.blocking,
                                )
                            )
                            break
        out.append(found)
    return out


# --------------------------------------------------------------------------------------------------
# Rules over the register of awards and over the other apps (issue 19)
# --------------------------------------------------------------------------------------------------


def _same_recipient(proposal: Proposal) -> Q:
    q = Q(recipient=proposal.recipient, recipient_unit_id=proposal.recipient_unit_id)
    if proposal.recipient != Recipient.UNIT:
        if proposal.member_id:
            return q & (Q(member_id=proposal.member_id) | Q(person_name__iexact=proposal.person_name.strip()))
        q &= Q(person_name__iexact=proposal.person_name.strip())
    return q


def _others(proposal: Proposal):  # noqa: ANN202 - a queryset of Proposal
    """The recipient's other proposals and awards still standing (not rejected, not revoked)."""
    qs = Proposal.objects.filter(revoked_at__isnull=True).exclude(status=Proposal.Status.REJECTED)
    return qs.exclude(pk=proposal.pk) if proposal.pk else qs


def consecutive_warnings(proposal: Proposal) -> list[Warning]:
    """Luật TĐKT 2022 Điều 22: a title above cơ sở needs `prerequisite_years` consecutive years of the
    prerequisite title (the year of the proposal included), read from the register of awards."""
    form = proposal.form
    prerequisite = form.prerequisite
    if prerequisite is None or form.prerequisite_years < 1:
        return []
    years = range(proposal.year - form.prerequisite_years + 1, proposal.year + 1)
    held = set(
        Proposal.objects.active_awards()
        .filter(_same_recipient(proposal), form_id=form.prerequisite_id, year__in=list(years))
        .values_list("year", flat=True)
    )
    missing = [y for y in years if y not in held]
    if not missing:
        return []
    return [
        Warning(
            f"{proposal.recipient_name} chưa đạt «{prerequisite.name}» các năm "
            f"{', '.join(str(y) for y in missing)}: {form.name} cần {form.prerequisite_years} năm liên tục "
            f"({form.source or 'Luật TĐKT 2022, Điều 22'}).",
            blocking=True,
        )
    ]


def one_achievement_warnings(proposal: Proposal) -> list[Warning]:
    """Luật TĐKT 2022 Điều 5: one achievement earns one award — the same recipient is not proposed two
    forms for the same year and movement (or the same plan task, or the year as a whole); an initiative
    is used for one award only."""
    found = []
    # Art. 5 speaks of forms (hình thức khen thưởng): a title (danh hiệu) is compared with titles only, and
    # not with the title it rests on (the third CSTĐ cơ sở and the CSTĐ above it go together, Art. 22).
    same = _others(proposal).filter(
        _same_recipient(proposal), year=proposal.year, form__is_title=proposal.form.is_title
    )
    if proposal.form.prerequisite_id:
        same = same.exclude(form_id=proposal.form.prerequisite_id)
    if proposal.movement_id:
        same = same.filter(movement_id=proposal.movement_id)
    elif proposal.task_id:
        same = same.filter(task_id=proposal.task_id)
    else:
        # No movement and no task: the year's achievement as a whole.
        same = same.filter(movement__isnull=True, task__isnull=True)
    other = same.select_related("form").first()
    if other is not None:
        found.append(
            Warning(
                f"{proposal.recipient_name} đã được đề nghị «{other.form.name}» cho cùng thành tích năm "
                f"{proposal.year}: một thành tích chỉ được một hình thức khen thưởng (Luật TĐKT 2022, Điều 5).",
                blocking=True,
            )
        )
    initiative = proposal.initiative.strip()
    if initiative:
        used = _others(proposal).filter(initiative__iexact=initiative).select_related("form").first()
        if used is not None:
            found.append(
                Warning(
                    f"Sáng kiến «{initiative}» đã làm căn cứ cho «{used.form.name}» của {used.recipient_name}: "
                    f"mỗi sáng kiến chỉ dùng một lần (Luật TĐKT 2022, Điều 5).",
                    blocking=True,
                )
            )
    elif proposal.form.needs_initiative:
        found.append(
            Warning(f"{proposal.form.name} cần nêu sáng kiến, giải pháp được công nhận.", blocking=True)
        )
    return found


def pending_warnings(proposal: Proposal, *, on: dt.date) -> list[Warning]:
    """Nghị định 152/2025/NĐ-CP Điều 4 (chưa đối chiếu được toàn văn; theo issue 19): no award while a
    discipline, an inspection or a complaint or denunciation about the person or the unit is pending.
    Read from inspections and concerns through their doors."""
    units, members = [proposal.recipient_unit_id], [proposal.member_id] if proposal.member_id else []
    reasons = inspections.pending_for(unit_ids=units, member_ids=members, on=on)
    reasons += concerns.pending_for(unit_ids=units, member_ids=members, on=on)
    return [
        Warning(
            f"{r} Chưa xét khen thưởng khi đang có vụ việc chưa kết luận (Nghị định 152/2025/NĐ-CP, Điều 4).",
            blocking=True,
        )
        for r in reasons
    ]


def quota_rows(
    form: AwardForm, *, council_unit_id: int, proposer_unit_id: int, year: int
) -> list[tuple[str, int, int]]:
    """(what, used, cap) per quota of `form` for the year: per council unit and per proposer."""
    rows = []
    live = Proposal.objects.filter(form=form, year=year, revoked_at__isnull=True).exclude(
        status=Proposal.Status.REJECTED
    )
    if form.yearly_quota is not None:
        rows.append(("đơn vị xét", live.filter(council_unit_id=council_unit_id).count(), form.yearly_quota))
    if form.proposer_quota is not None:
        rows.append(
            ("đơn vị đề nghị", live.filter(proposer_unit_id=proposer_unit_id).count(), form.proposer_quota)
        )
    return rows


def quota_warnings(proposal: Proposal) -> list[Warning]:
    """The quota of the form per council and per proposer for the year (Quy chế TLĐ; the numbers are the
    federation's data, `quota_source` names where they come from)."""
    found = []
    for what, used, cap in quota_rows(
        proposal.form,
        council_unit_id=proposal.council_unit_id,
        proposer_unit_id=proposal.proposer_unit_id,
        year=proposal.year,
    ):
        mine = 0 if proposal.pk else 1
        if used + mine > cap:
            found.append(
                Warning(
                    f"Đã hết chỉ tiêu «{proposal.form.name}» năm {proposal.year} của {what}: {used}/{cap} "
                    f"({proposal.form.quota_source or 'chỉ tiêu của liên đoàn'}).",
                    blocking=True,
                )
            )
    return found


def women_share(unit_id: int) -> int | None:
    """The share of women (%) among the active members of the unit in the member register."""
    members = Member.objects.filter(unit_id=unit_id, left_on__isnull=True)
    total = members.count()
    if not total:
        return None
    return round(100 * members.filter(sex=Sex.FEMALE).count() / total)


def priority_marks(proposal: Proposal) -> list[str]:
    """Luật TĐKT 2022 Điều 5 (ưu tiên nữ): a woman; a collective with at least 70% women."""
    if proposal.recipient == Recipient.PERSON:
        return ["Ưu tiên: cá nhân là nữ"] if proposal.person_sex == Sex.FEMALE else []
    if proposal.recipient not in COLLECTIVES:
        return []
    share = proposal.women_percent
    if share is None and proposal.recipient == Recipient.UNIT:
        share = women_share(proposal.recipient_unit_id)
    if share is not None and share >= WOMEN_SHARE_PRIORITY:
        return [f"Ưu tiên: tập thể có {share}% nữ (từ {WOMEN_SHARE_PRIORITY}% trở lên)"]
    return []


def rule_warnings(proposal: Proposal, *, on: dt.date) -> list[Warning]:
    """Every rule beyond the grade of the year: consecutive titles, one achievement one award, quotas,
    and the pending cases."""
    return (
        consecutive_warnings(proposal)
        + one_achievement_warnings(proposal)
        + quota_warnings(proposal)
        + pending_warnings(proposal, on=on)
    )
