"""Dues (đoàn phí): the amount a member owes for a month, one month's record per member, a CĐCS's month in
bulk from an Excel sheet, and the share of members who paid (the report figure "Tỷ lệ đoàn viên đóng
đoàn phí", see report_sources.py).

The rule is data (`DuesRule`): Quyết định 61/QĐ-TLĐ (29/7/2025) sets 0.5% of the salary on which social
insurance is paid, at most 10% of the State's base salary a month. Amounts are whole đồng (Decimal, never
a float), rounded half up.

Who owes dues: a member whose CĐCS affiliation is open on the month's last day and who is not paused
(tạm dừng sinh hoạt: contract suspended, job lost; rules.PAUSED_NO_DUES) on that day. A pause is a dated
period (`MemberPause`), so a month before or after it is owed as usual, whatever the member's status today.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from trienkhai.lib.vn import fold, format_money, format_number
from trienkhai.lib.xlsx import append_row
from trienkhai.lib.xlsx_read import Limits, Refused, read_table
from trienkhai.orgs.models import Unit, today

from .models import Affiliation, DuesPayment, DuesRule, Member, MemberPause

ONE = Decimal(1)
HUNDRED = Decimal(100)
SHEET = "Đoàn phí"
COLUMNS = [
    ("card_number", "Số thẻ đoàn viên"),
    ("full_name", "Họ và tên"),
    ("salary", "Tiền lương đóng BHXH (đồng)"),
]
ERROR_CAP = 200


def month_start(on: dt.date) -> dt.date:
    return on.replace(day=1)


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


# The text's values, recorded by the migration and again here when the table is empty (a database
# flushed after its migrations): a federation changes them on the rule's row, never in code.
DEFAULT_RULE = {
    "valid_from": dt.date(2025, 8, 1),
    "decision": "Quyết định 61/QĐ-TLĐ ngày 29/7/2025 của Tổng Liên đoàn Lao động Việt Nam",
    "rate_percent": Decimal("0.50"),
    "cap_percent_of_base": Decimal("10.00"),
    "base_salary": Decimal("2340000"),
    "basis": "mức lương cơ sở từ 01/7/2024 (Nghị định 73/2024/NĐ-CP); ngày áp dụng 01/8/2025 chưa đối chiếu văn bản",
}


def rule_for(month: dt.date) -> DuesRule:
    """The rule valid on the month's first day; a clear message when none is recorded."""
    if not DuesRule.objects.exists():
        DuesRule.objects.get_or_create(valid_from=DEFAULT_RULE["valid_from"], defaults=DEFAULT_RULE)
    rule = DuesRule.objects.filter(valid_from__lte=month_start(month)).order_by("-valid_from").first()
    if rule is None:
        raise ValidationError(f"Chưa có quy định mức đóng đoàn phí áp dụng cho tháng {month:%m/%Y}.")
    return rule


def cap_of(rule: DuesRule) -> Decimal | None:
    """The most a member pays in a month under `rule` (whole đồng), or None when the rule has no cap."""
    if rule.cap_percent_of_base is None:
        return None
    return (rule.base_salary * rule.cap_percent_of_base / HUNDRED).quantize(ONE, rounding=ROUND_HALF_UP)


def amount_for(salary: Decimal, rule: DuesRule) -> Decimal:
    """61/QĐ-TLĐ: rate × salary, at most the cap; whole đồng."""
    amount = (salary * rule.rate_percent / HUNDRED).quantize(ONE, rounding=ROUND_HALF_UP)
    cap = cap_of(rule)
    return min(amount, cap) if cap is not None else amount


def due_members(unit: Unit | int, month: dt.date) -> Any:
    """Members of `unit`'s subtree who owe dues for `month`: an affiliation open on the month's last day,
    status not exempt."""
    return due_members_on(unit, month_end(month))


def due_members_on(unit: Unit | int, on: dt.date) -> Any:
    """Members of `unit`'s subtree (the tree as of `on`) who owe dues on `on`."""
    member_ids = Affiliation.objects.under(unit, on=on).active_on(on).not_paused_on(on).values("member_id")
    return Member.objects.filter(pk__in=member_ids)


def _paused_in(member: Member, month: dt.date) -> bool:
    return MemberPause.objects.active_on(month_end(month)).filter(member=member).exists()


def _paused_text(month: dt.date) -> str:
    return f"tạm dừng sinh hoạt trong tháng {month.strftime('%m/%Y')}, không phải đóng đoàn phí"


def _why_not_due(member: Member, unit: Unit, month: dt.date) -> str | None:
    if _paused_in(member, month):
        return f"{member.full_name} {_paused_text(month)}."
    if not due_members(unit, month).filter(pk=member.pk).exists():
        return f"{member.full_name} không sinh hoạt tại {unit.name} trong tháng {month.strftime('%m/%Y')}."
    return None


def _cdcs_of(member: Member, month: dt.date) -> int:
    end = month_end(month)
    row = Affiliation.objects.filter(member=member).active_on(end).values_list("unit_id", flat=True).first()
    return row or member.unit_id


def find_member(unit: Unit, text: str) -> Member:
    """The member of `unit`'s tree named by a card number or a full name (one person), else a message."""
    text = text.strip()
    tree = Unit.objects.subtree_of([unit.pk], on=today()).values("pk")
    found = list(Member.objects.filter(unit__in=tree, card_number=text)[:1]) if text else []
    if not found:
        found = list(Member.objects.filter(unit__in=tree).search(text)[:2]) if text else []
        found = [m for m in found if fold(m.full_name) == fold(text)] or found
    if len(found) != 1:
        raise ValidationError(
            f"Không tìm thấy đoàn viên “{text}” trong {unit.name}."
            if not found
            else f"Có nhiều đoàn viên khớp “{text}”: hãy ghi số thẻ."
        )
    return found[0]


@transaction.atomic
def record_dues(
    *, member: Member, unit: Unit, month: dt.date, salary: Decimal, user: User | None
) -> DuesPayment:
    """One member's dues for a month (replacing that month's earlier record), amount by the rule."""
    month = month_start(month)
    if salary <= 0 or salary != salary.to_integral_value():
        raise ValidationError("Tiền lương phải là số đồng nguyên lớn hơn 0.")
    problem = _why_not_due(member, unit, month)
    if problem:
        raise ValidationError(problem)
    rule = rule_for(month)
    payment, _created = DuesPayment.objects.update_or_create(
        member=member,
        month=month,
        defaults={
            "unit_id": _cdcs_of(member, month),
            "salary": salary,
            "amount": amount_for(salary, rule),
            "rule": rule,
            "recorded_by": user,
        },
    )
    return payment


# --------------------------------------------------------------------------------------------------
# A CĐCS's month in bulk, from an Excel sheet: every row checked, nothing written when one is wrong.
# --------------------------------------------------------------------------------------------------


@dataclass
class BulkResult:
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (row, column, message)
    error_count: int = 0
    written: int = 0
    total: Decimal = Decimal(0)

    @property
    def ok(self) -> bool:
        return not self.error_count

    def add(self, row: int, column: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < ERROR_CAP:
            self.errors.append((row, column, message))


def limits() -> Limits:
    return Limits(
        max_bytes=int(getattr(settings, "MEMBER_IMPORT_MAX_BYTES", settings.UPLOAD_MAX_BYTES)),
        max_unzipped=int(getattr(settings, "MEMBER_IMPORT_MAX_UNZIPPED", 200 * 1024 * 1024)),
        max_rows=int(getattr(settings, "DUES_IMPORT_MAX_ROWS", 20_000)),
        width=len(COLUMNS) + 2,
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_money(value: Any) -> Decimal | None:
    """A salary as typed: 5500000, 5.500.000 or "5 500 000" (whole đồng); None when not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value)) if value.is_integer() else None
    text = _text(value).replace(".", "").replace(" ", "").replace("\u00a0", "").removesuffix("đ")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number == number.to_integral_value() else None


def import_dues(*, data: bytes, unit: Unit, month: dt.date, user: User | None) -> BulkResult:
    """Read the sheet, check every row, and write the month's dues of all rows at once — or none."""
    month = month_start(month)
    result = BulkResult()
    labels = dict(COLUMNS)
    try:
        rule = rule_for(month)
    except ValidationError as exc:
        result.add(0, "", exc.messages[0])
        return result
    try:
        table = list(read_table(data, limits=limits()))
    except Refused as exc:
        result.add(0, "", str(exc))
        return result
    rows = [(n, values) for n, values in table[1:] if any(_text(v) for v in values[: len(COLUMNS)])]
    if not rows:
        result.add(0, "", "Tệp không có dòng dữ liệu nào (dữ liệu bắt đầu từ dòng 2, theo tệp mẫu).")
        return result
    due = {m.pk: m for m in due_members(unit, month)}
    by_card = {m.card_number: m for m in due.values() if m.card_number}
    by_name: dict[str, list[Member]] = {}
    for m in due.values():
        by_name.setdefault(fold(m.full_name), []).append(m)
    seen: dict[int, int] = {}
    ready: list[tuple[Member, Decimal]] = []
    for n, values in rows:
        card, name, raw_salary = (_text(v) for v in values[:3])
        member: Member | None = None
        if card:
            member = by_card.get(card)
            if member is None:
                other = Member.objects.filter(card_number=card).first()
                if other is not None and _paused_in(other, month):
                    result.add(n, labels["card_number"], f"Đoàn viên có thẻ “{card}” {_paused_text(month)}.")
                else:
                    result.add(
                        n,
                        labels["card_number"],
                        f"Không có đoàn viên thẻ số “{card}” phải đóng đoàn phí tại {unit.name} tháng "
                        f"{month.strftime('%m/%Y')}.",
                    )
                continue
        elif name:
            found = by_name.get(fold(name), [])
            if len(found) != 1:
                why = "có nhiều người trùng tên, hãy ghi số thẻ" if found else "không có trong sổ của đơn vị"
                result.add(n, labels["full_name"], f"“{name}”: {why}.")
                continue
            member = found[0]
        else:
            result.add(n, labels["card_number"], "Thiếu số thẻ đoàn viên hoặc họ và tên.")
            continue
        if member.pk in seen:
            result.add(n, labels["card_number"], f"{member.full_name} đã có ở dòng {seen[member.pk]}.")
            continue
        seen[member.pk] = n
        salary = read_money(values[2])
        if salary is None or salary <= 0:
            shown = raw_salary or "(trống)"
            result.add(n, labels["salary"], f"Tiền lương “{shown}” không phải số đồng nguyên lớn hơn 0.")
            continue
        ready.append((member, salary))
    if not result.ok:
        return result
    with transaction.atomic():
        for member, salary in ready:
            amount = amount_for(salary, rule)
            DuesPayment.objects.update_or_create(
                member=member,
                month=month,
                defaults={
                    "unit_id": _cdcs_of(member, month),
                    "salary": salary,
                    "amount": amount,
                    "rule": rule,
                    "recorded_by": user,
                },
            )
            result.written += 1
            result.total += amount
    return result


def template_workbook(unit: Unit, month: dt.date) -> bytes:
    """The sheet to fill: one row per member who owes dues for the month, salary left to type."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    append_row(ws, [label for _, label in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
    for m in due_members(unit, month).order_by("search_text", "pk")[: limits().max_rows]:
        append_row(ws, [m.card_number, m.full_name, None])
    for letter, width in zip("ABC", (20, 32, 26), strict=True):
        ws.column_dimensions[letter].width = width
    rule = rule_for(month)
    guide = wb.create_sheet("Hướng dẫn")
    cap = cap_of(rule)
    for line in (
        f"Đoàn phí tháng {month.strftime('%m/%Y')} theo {rule.decision}: "
        f"{format_number(float(rule.rate_percent), 2).rstrip('0').rstrip(',')}% tiền lương đóng BHXH"
        + (f", tối đa {format_money(cap)}/tháng." if cap is not None else "."),
        "Mỗi đoàn viên một dòng; ghi tiền lương bằng số đồng nguyên (ví dụ 5500000). Không dùng công thức.",
        "Đoàn viên tạm dừng sinh hoạt không phải đóng đoàn phí: không ghi vào tệp.",
        "Nếu một dòng có lỗi, cả tệp không được ghi; sửa rồi tải lên lại.",
    ):
        guide.append([line])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------------------------------
# The report figure
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    due: int
    paid: int

    @property
    def percent(self) -> Decimal:
        if not self.due:
            return Decimal(0)
        return (Decimal(self.paid) * HUNDRED / Decimal(self.due)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


def paid_share(unit: Unit | int, period_start: dt.date, period_end: dt.date) -> Share:
    """Members who owe dues at the period's last day, and those of them with dues recorded for a month
    of the period (the share the report calls "Tỷ lệ đoàn viên đóng đoàn phí")."""
    due = due_members_on(unit, period_end)
    paid = due.filter(
        pk__in=DuesPayment.objects.filter(month__range=(month_start(period_start), period_end)).values(
            "member_id"
        )
    )
    return Share(due=due.count(), paid=paid.count())
