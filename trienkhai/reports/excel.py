"""Report forms in Excel: a template per form and period (one CĐCS, or every CĐCS an officer enters), and
the check of a filled template against the form's own types and `Rule`s before anything is imported.

The template holds the stored values, so exporting and importing an unchanged file changes nothing. Its
layout is the contract the import reads: sheet "Số liệu"; row 2 names the form and the period; row 4 the
headers (each indicator's label and code); data from row 5, one row per unit. The import refuses anything
else with a message naming the sheet, row and column; lib/xlsx_read.py refuses what is not a plain .xlsx.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from trienkhai.lib import periods as P
from trienkhai.lib.vn import format_number
from trienkhai.lib.xlsx import DECIMAL_FORMAT, INTEGER_FORMAT, PERCENT_FORMAT, append_row
from trienkhai.lib.xlsx_read import Limits, Refused, cell_name, damage_refused, is_formula, open_workbook
from trienkhai.orgs.models import Membership, Unit, today

from . import expressions as rule_eval
from .models import Indicator, ReportForm, Submission
from .validation import check_indicator, parse_number

SHEET = "Số liệu"
GUIDE = "Hướng dẫn"
META_ROW, HEADER_ROW, FIRST_ROW = 2, 4, 5
MAX_ROWS = 20_000  # a province has a few thousand CĐCS; a file of 100,000 rows is not a report
FIXED = ["Mã đơn vị", "Tên đơn vị"]
K = Indicator.Kind


@dataclass(frozen=True)
class Column:
    key: str  # indicator code or narrative key
    header: str
    kind: str  # an Indicator.Kind, or "narrative"
    indicator: Indicator | None = None
    choices: tuple[str, ...] = ()


def columns(form: ReportForm) -> list[Column]:
    """The value columns of the form's template, in order: indicators, then narratives."""
    out = []
    for ind in form.indicators.all():
        unit = f" ({ind.unit_suffix})" if ind.unit_suffix else ""
        out.append(
            Column(ind.code, f"{ind.label}{unit} [{ind.code}]", ind.kind, ind, tuple(ind.choices or ()))
        )
    for nar in form.narratives.select_related("group"):
        title = f"{nar.group.label}. {nar.group.title}" if nar.group.label else nar.group.title
        out.append(Column(nar.key, f"Thuyết minh: {title[:80]} [{nar.key}]", "narrative"))
    return out


def headers(form: ReportForm) -> list[str]:
    return FIXED + [c.header for c in columns(form)]


# --- the template ------------------------------------------------------------------------------------------


def _cell_value(column: Column, raw: str | None, number: Decimal | None):
    """A stored value as the template cell holds it: numbers as numbers, yes/no as Có/Không, text as text."""
    if raw in (None, ""):
        return None
    if column.kind in (K.INTEGER, K.DECIMAL, K.PERCENT):
        if number is None:
            return raw  # a draft value that never parsed stays as typed, for the officer to fix
        return int(number) if number == number.to_integral_value() else float(number)
    if column.kind == K.YESNO:
        return "Có" if number == 1 else "Không" if number == 0 else raw
    return raw


FORMATS: dict[str, str] = {K.INTEGER: INTEGER_FORMAT, K.DECIMAL: DECIMAL_FORMAT, K.PERCENT: PERCENT_FORMAT}


def template_bytes(
    form: ReportForm, year: int, index: int, units: Sequence[Unit], values: dict[int, dict[str, tuple]]
) -> bytes:
    """The template of `form` for one period, one row per unit, filled with `values`
    ({unit id: {key: (raw, number)}})."""
    cols = columns(form)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    period = P.key(form.period_kind, year, index)
    # Every row goes through `append_row`: a title, label or message typed as "=..." stays text.
    append_row(ws, [f"{form.title} — {P.label(form.period_kind, year, index)}"])
    ws["A1"].font = Font(bold=True, size=13)
    append_row(ws, ["Mã biểu mẫu", form.pk, "Kỳ báo cáo", period, P.label(form.period_kind, year, index)])
    append_row(
        ws, ["Nhập số liệu từ dòng 5; không sửa dòng 1–4, không thêm cột, không gộp ô, không dùng công thức."]
    )
    append_row(ws, headers(form))
    head_fill = PatternFill("solid", fgColor="1F4E79")
    for cell in ws[HEADER_ROW]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = head_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[HEADER_ROW].height = 60
    for unit in units:
        stored = values.get(unit.pk, {})
        row = [unit.code, unit.name]
        row += [_cell_value(c, *stored.get(c.key, (None, None))) for c in cols]
        append_row(ws, row)
    last = max(ws.max_row, FIRST_ROW)
    for i, column in enumerate(cols, start=len(FIXED) + 1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = 16 if column.kind != "narrative" else 40
        fmt = FORMATS.get(column.kind)
        if fmt:
            for (cell,) in ws.iter_rows(min_row=FIRST_ROW, max_row=last, min_col=i, max_col=i):
                cell.number_format = fmt
        choices = ("Có", "Không") if column.kind == K.YESNO else column.choices
        listed = ",".join(choices)
        if choices and len(listed) < 250 and '"' not in listed:
            rule = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
            rule.error, rule.errorTitle = "Chọn một giá trị trong danh sách.", "Giá trị không hợp lệ"
            ws.add_data_validation(rule)
            rule.add(f"{letter}{FIRST_ROW}:{letter}{last + 500}")
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 48
    for (cell,) in ws.iter_rows(min_row=FIRST_ROW, max_row=last, min_col=1, max_col=1):
        cell.number_format = "@"
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=3)
    guide = wb.create_sheet(GUIDE)
    for line in GUIDE_LINES:
        append_row(guide, [line])
    guide.append([])
    append_row(guide, ["Mã chỉ tiêu", "Chỉ tiêu", "Kiểu", "Đơn vị tính", "Bắt buộc"])
    for c in cols:
        if c.indicator is not None:
            ind = c.indicator
            append_row(
                guide,
                [
                    ind.code,
                    ind.label,
                    str(ind.get_kind_display()),
                    ind.unit_of_measure,
                    "Có" if ind.required else "",
                ],
            )
    for rule in form.rules.all():
        append_row(guide, ["Quy tắc", rule.expression, rule.message])
    guide.column_dimensions["A"].width = 18
    guide.column_dimensions["B"].width = 60
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


GUIDE_LINES = [
    "Cách dùng tệp mẫu",
    "1. Mỗi dòng của trang «Số liệu» là báo cáo của một đơn vị (mã ở cột A). Không sửa mã và tên đơn vị.",
    "2. Ô số chỉ ghi số (ví dụ 1250 hoặc 92,5); ô Có/Không chọn trong danh sách; để trống nếu chưa có số liệu.",
    "3. Không sửa dòng tiêu đề, không thêm hoặc xóa cột, không gộp ô, không dùng công thức, không ẩn trang.",
    "4. Tải tệp lên ở trang «Nhập từ Excel»: hệ thống kiểm tra toàn bộ tệp theo các quy tắc của biểu mẫu, "
    "cho xem trước các thay đổi; chỉ khi không có lỗi nào mới ghi, và ghi tất cả cùng lúc.",
    "5. Báo cáo được lưu nháp; đơn vị (hoặc cấp trên nhập thay) nộp báo cáo trên hệ thống như thường lệ.",
]


# --- reading and checking a filled template ---------------------------------------------------------------


@dataclass
class Problem:
    row: int
    column: str  # the cell's column letter, "" for the whole file
    message: str
    sheet: str = SHEET

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}


@dataclass
class RowPlan:
    """What importing one row would do to one unit's report."""

    row: int
    unit: Unit
    submission: Submission | None
    values: dict[str, tuple[str, Decimal | None]]  # every key of the form: (raw, number)
    changed: dict[str, tuple[str, str]] = field(default_factory=dict)  # key: (old raw, new raw)


@dataclass
class Checked:
    year: int = 0
    index: int = 0
    plans: list[RowPlan] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changes(self) -> list[RowPlan]:
        return [p for p in self.plans if p.changed]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").strip()


def _raw_number(number: Decimal, kind: str) -> str:
    """A number as the report stores what a user types: 1.234 or 12,5."""
    if number == number.to_integral_value():
        return format_number(float(number), 0)
    places = min(4, max(1, -int(number.normalize().as_tuple().exponent)))  # finite: an int
    return format_number(float(number), places)


def _read_value(column: Column, value) -> tuple[str, Decimal | None, str | None]:
    """(raw value to store, its number, the end of the problem's message or None) for one cell's value.

    Depends on the column and the value only, so a column's reader remembers each distinct value: a file
    of 10,000 rows holds a few hundred distinct figures per column."""
    ind = column.indicator  # None for a narrative column only
    if value is None or (isinstance(value, str) and not value.strip()):
        return "", None, None
    if ind is not None and column.kind in (K.INTEGER, K.DECIMAL, K.PERCENT):
        if isinstance(value, bool) or isinstance(value, dt.date | dt.datetime | dt.time):
            return "", None, " phải là số."
        number: Decimal | None
        if isinstance(value, int | float | Decimal):
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        else:
            number = parse_number(str(value))
            if number is None:
                return "", None, f": «{_text(value)[:40]}» không phải là số."
        raw = _raw_number(number, column.kind)
        checked, error = check_indicator(ind, raw)
        return raw, checked, (f": {error}" if error else None)
    if ind is not None and column.kind == K.YESNO:
        if isinstance(value, bool | int | float) and value in (0, 1):
            text = "Có" if value else "Không"
        else:
            text = _text(value)
        checked, error = check_indicator(ind, text)
        return text, checked, (f": {error}" if error else None)
    text = _text(value)
    if ind is not None and column.kind == K.CHOICE:
        checked, error = check_indicator(ind, text)
        return text, checked, (f": {error}" if error else None)
    if len(text) > 20_000:
        return "", None, " dài quá 20.000 ký tự."
    return text, None, None


def _column_reader(column: Column) -> Callable[[object], tuple[str, Decimal | None, str | None]]:
    """`_read_value` for one column, remembering each distinct value it has read (by type and value:
    1, 1.0 and True are three different cells)."""
    if column.kind in (K.TEXT, "narrative"):
        return lambda value: _read_value(column, value)
    seen: dict[tuple[type, object], tuple[str, Decimal | None, str | None]] = {}

    def read(value: object) -> tuple[str, Decimal | None, str | None]:
        memo = (type(value), value)
        found = seen.get(memo)
        if found is None:
            found = seen[memo] = _read_value(column, value)
        return found

    return read


def _read_column(
    column: Column, cells: list, rows: list[int], col: int
) -> list[tuple[str, Decimal | None, str | None]]:
    """Every cell of one column, read in one pass: [(raw, number, problem message or None)]."""
    read = _column_reader(column)
    label = column.indicator.label if column.indicator is not None else column.header
    out: list[tuple[str, Decimal | None, str | None]] = []
    for n, cell in zip(rows, cells, strict=True):
        if cell is None:
            out.append(("", None, None))
        elif is_formula(cell):
            out.append(("", None, f"Ô {cell_name(n, col)} («{label}») có công thức; chỉ được ghi giá trị."))
        else:
            raw, number, tail = read(cell.value)
            out.append((raw, number, f"Ô {cell_name(n, col)} («{label}»){tail}" if tail else None))
    return out


def _same(column: Column, old: tuple[str, Decimal | None] | None, new_raw: str, new_number) -> bool:
    old_raw, old_number = old if old is not None else ("", None)
    if column.kind in (K.INTEGER, K.DECIMAL, K.PERCENT, K.YESNO):
        if old_number is not None and new_number is not None:
            return Decimal(old_number) == Decimal(new_number)
    return (old_raw or "").replace("\r\n", "\n").strip() == new_raw


def check_file(
    data: bytes,
    form: ReportForm,
    *,
    user,
    scope: Unit,
    progress: Callable[[int, int], None] | None = None,
) -> Checked:
    """Read a filled template and say what importing it would do, or everything that is wrong with it.

    Nothing is written. Units must be in `scope`'s subtree, writable by `user` and sent the form's plan;
    reports that were submitted or approved cannot be changed by a file (unchanged rows are fine)."""
    result = Checked()
    limits = Limits(max_bytes=settings.UPLOAD_MAX_BYTES)
    try:
        wb = open_workbook(data, limits)
    except Refused as exc:
        result.problems.append(Problem(0, "", str(exc), sheet=""))
        return result
    try:
        with damage_refused():  # openpyxl reads the cells lazily: a broken sheet shows only now
            raw_rows = _read_rows(wb, form, result)
    except Refused as exc:
        result.problems.append(Problem(0, "", str(exc), sheet=""))
        return result
    finally:
        wb.close()
    if raw_rows is None:
        return result
    cols = columns(form)
    result.rows = len(raw_rows)
    if not raw_rows:
        result.problems.append(
            Problem(FIRST_ROW, "", "Tệp không có dòng số liệu nào (số liệu bắt đầu từ dòng 5).")
        )
        return result
    _check_rows(raw_rows, cols, form, user=user, scope=scope, result=result, progress=progress)
    return result


def _read_rows(wb, form: ReportForm, result: Checked) -> list | None:
    """The non-empty data rows of the template's sheet as [(row number, cells)], or None (with the
    problem in `result`) when the sheet is missing, too long or its head is not the form's."""
    if SHEET not in wb.sheetnames:
        result.problems.append(
            Problem(
                0,
                "",
                f"Không có trang «{SHEET}»: đây không phải tệp mẫu báo cáo. Hãy tải tệp mẫu của biểu mẫu này.",
                sheet="",
            )
        )
        return None
    ws = wb[SHEET]
    if (ws.max_row or 0) > FIRST_ROW + MAX_ROWS:
        result.problems.append(_too_many())
        return None
    rows = ws.iter_rows(min_row=1)
    head = [next(rows, ()) for _ in range(HEADER_ROW)]
    if not _check_head(head, form, result):
        return None
    raw_rows = []
    for n, cells in enumerate(rows, start=FIRST_ROW):
        if n - FIRST_ROW >= MAX_ROWS:
            result.problems.append(_too_many())
            return None
        cells = list(cells)
        if not any(c.value not in (None, "") for c in cells):
            continue
        raw_rows.append((n, cells))
    return raw_rows


def _too_many() -> Problem:
    return Problem(
        0, "", f"Tệp có hơn {format_number(MAX_ROWS)} dòng số liệu; hãy chia thành nhiều tệp nhỏ hơn."
    )


def _check_head(head: list, form: ReportForm, result: Checked) -> bool:
    def value(row: int, col: int):
        cells = head[row - 1]
        return cells[col - 1].value if len(cells) >= col else None

    form_id, period = value(META_ROW, 2), _text(value(META_ROW, 4))
    if _text(value(META_ROW, 1)) != "Mã biểu mẫu" or _text(form_id) != str(form.pk):
        other = ReportForm.objects.filter(pk=int(form_id)).first() if _text(form_id).isdigit() else None
        what = f"của biểu mẫu khác («{other.title}»)" if other else "không phải tệp mẫu của biểu mẫu này"
        result.problems.append(
            Problem(
                META_ROW, "B", f"Tệp này {what}. Hãy tải tệp mẫu của «{form.title}» rồi nhập số liệu vào đó."
            )
        )
        return False
    parsed = _period(form, period)
    if parsed is None:
        result.problems.append(
            Problem(META_ROW, "D", f"Kỳ báo cáo «{period}» ở ô D2 không đúng; hãy dùng tệp mẫu.")
        )
        return False
    result.year, result.index = parsed
    expected = headers(form)
    found = [_text(c.value) for c in head[HEADER_ROW - 1]]
    found += [""] * (len(expected) - len(found))
    for i, want in enumerate(expected):
        if found[i] != want:
            result.problems.append(
                Problem(
                    HEADER_ROW,
                    get_column_letter(i + 1),
                    f"Tiêu đề cột {get_column_letter(i + 1)} phải là «{want}», trong tệp là «{found[i] or '(trống)'}». "
                    "Không sửa dòng tiêu đề; hãy tải lại tệp mẫu.",
                )
            )
    extra = [i for i, text in enumerate(found[len(expected) :], start=len(expected)) if text]
    for i in extra[:3]:
        result.problems.append(
            Problem(
                HEADER_ROW,
                get_column_letter(i + 1),
                f"Cột {get_column_letter(i + 1)} («{found[i]}») không có trong mẫu; hãy xóa cột này.",
            )
        )
    return not result.problems


def _period(form: ReportForm, key: str) -> tuple[int, int] | None:
    for index in range(1, P.PER_YEAR[form.period_kind] + 1):
        try:
            year = int(key[:4])
        except ValueError:
            return None
        if 2000 <= year <= 2100 and P.key(form.period_kind, year, index) == key:
            return year, index
    return None


def _check_rows(
    raw_rows, cols: list[Column], form: ReportForm, *, user, scope: Unit, result: Checked, progress
) -> None:
    codes = [_text(cells[0].value).upper() if cells else "" for _n, cells in raw_rows]
    allowed = {
        u.code.upper(): u
        for u in Unit.objects.subtree_of([scope.pk], on=today())
        .filter(code__in={c for c in codes if c}, plan_assignments__plan_id=form.plan_id)
        .filter(pk__in=Unit.objects.writable_by(user).values("pk"))
    }
    existing = {
        s.unit_id: s
        for s in Submission.objects.filter(
            form=form, year=result.year, index=result.index, unit__in=list(allowed.values())
        ).prefetch_related("values")
    }
    rules = [(rule, rule_eval.parse(rule.expression), _rule_columns(rule, cols)) for rule in form.rules.all()]
    width = len(FIXED) + len(cols)
    grid = [cells + [None] * (width - len(cells)) for _n, cells in raw_rows]
    numbers = [n for n, _cells in raw_rows]
    # Validate column by column: each column's reader remembers the values it has judged.
    read = [
        _read_column(column, [row[i - 1] for row in grid], numbers, i)
        for i, column in enumerate(cols, start=len(FIXED) + 1)
    ]
    by_key = {c.key: c for c in cols}
    seen: dict[str, int] = {}
    total = len(raw_rows)
    for done, (n, code) in enumerate(zip(numbers, codes, strict=True), start=1):
        if progress and (done % 250 == 0 or done == total):
            progress(done, total)
        first = grid[done - 1][0]
        problems = []
        if not code:
            problems.append(Problem(n, "A", "Thiếu mã đơn vị."))
        elif code in seen:
            problems.append(Problem(n, "A", f"Mã đơn vị «{code}» lặp lại (đã có ở dòng {seen[code]})."))
        elif code not in allowed:
            problems.append(
                Problem(
                    n,
                    "A",
                    f"Đơn vị «{code}» không nằm trong phạm vi bạn được nhập báo cáo, hoặc không nhận biểu mẫu này.",
                )
            )
        seen.setdefault(code, n)
        if first is not None and is_formula(first):
            problems.append(Problem(n, "A", f"Ô {cell_name(n, 1)} có công thức; chỉ được ghi giá trị."))
        values: dict[str, tuple[str, Decimal | None]] = {}
        for i, column in enumerate(cols):
            raw, number, problem = read[i][done - 1]
            if problem:
                problems.append(Problem(n, get_column_letter(len(FIXED) + 1 + i), problem))
                continue
            values[column.key] = (raw, number)
        if not problems:
            figures = {k: v[1] for k, v in values.items()}
            for rule, tree, where in rules:
                if rule_eval.holds_tree(tree, figures) is False:
                    problems.append(Problem(n, where, f"Dòng {n} ({code}): {rule.message}"))
        if problems:
            result.problems.extend(problems)
            continue
        unit = allowed[code]
        sub = existing.get(unit.pk)
        stored = {v.key: (v.raw, v.number) for v in sub.values.all()} if sub else {}
        plan = RowPlan(row=n, unit=unit, submission=sub, values=values)
        for key, (raw, number) in values.items():
            if not _same(by_key[key], stored.get(key), raw, number):
                plan.changed[key] = ((stored.get(key) or ("", None))[0], raw)
        if plan.changed and sub is not None and not sub.is_editable:
            result.problems.append(
                Problem(
                    n,
                    "A",
                    f"Báo cáo của «{unit.name}» đang ở trạng thái «{sub.get_status_display()}»: không sửa bằng tệp được.",
                )
            )
            continue
        result.plans.append(plan)


def _rule_columns(rule, cols: list[Column]) -> str:
    """The letters of the columns a rule reads, as its problem names them."""
    names = rule_eval.names(rule.expression)
    return ", ".join(get_column_letter(len(FIXED) + 1 + j) for j, c in enumerate(cols) if c.key in names)


def own_unit_ids(user) -> set[int]:
    return set(Membership.objects.own_unit_ids(user))


def preview(checked: Checked, form: ReportForm, *, limit: int = 200) -> list[dict]:
    """The rows that would change, as the preview page shows them (the first `limit`)."""
    labels = form.field_labels()
    out = []
    for plan in checked.changes[:limit]:
        out.append(
            {
                "row": plan.row,
                "code": plan.unit.code,
                "name": plan.unit.name,
                "new": plan.submission is None,
                "changes": [[labels.get(k, k), old, new] for k, (old, new) in plan.changed.items()],
            }
        )
    return out


# --- what the check keeps for the import ------------------------------------------------------------------
# The commit writes what the check found, without opening the workbook again: the checked rows are kept in
# storage (a file of ~1 MB for 10,000 rows: too large for the session, and out of the job row the progress
# page polls), named by a random token, with a digest that binds them to the file and the form they were
# checked against.


@dataclass(frozen=True)
class CheckedRow:
    """One report the import writes: the unit, the version of its report when checked (None: no report
    yet) and the values that change, {key: (raw, number)}."""

    unit_id: int
    version: int | None
    values: dict[str, tuple[str, Decimal | None]]


@dataclass(frozen=True)
class Kept:
    """What the check kept for the commit."""

    file_sha256: str  # of the uploaded file
    form: str  # the form's fingerprint when checked
    year: int
    index: int
    locks: dict[int, int | None]  # every checked unit: the version of its report (None: no report)
    rows: list[CheckedRow]


def form_fingerprint(form: ReportForm) -> str:
    """sha256 of what a file is checked against: the form's period kind and plan, its indicators (kinds,
    labels, choices, bounds), narratives and rules. Three queries."""
    definition = {
        "form": [form.pk, form.plan_id, form.period_kind],
        "indicators": [
            [str(v) for v in row]
            for row in form.indicators.order_by("position", "pk").values_list(
                "pk",
                "code",
                "label",
                "unit_of_measure",
                "kind",
                "required",
                "choices",
                "max_value",
                "position",
            )
        ],
        "narratives": [
            [str(v) for v in row]
            for row in form.narratives.values_list("pk", "group_id", "group__label", "group__title")
        ],
        "rules": [list(row) for row in form.rules.values_list("pk", "expression", "message", "position")],
    }
    return hashlib.sha256(json.dumps(definition, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def keep(checked: Checked, *, file_sha256: str, form: ReportForm) -> bytes:
    """The checked rows of a good file as stored between the preview and the commit (gzipped JSON)."""
    body = {
        "file": file_sha256,
        "form": form_fingerprint(form),
        "year": checked.year,
        "index": checked.index,
        "locks": {
            str(p.unit.pk): (p.submission.lock_version if p.submission else None) for p in checked.plans
        },
        "rows": [
            [
                p.unit.pk,
                p.submission.lock_version if p.submission is not None else None,
                {k: [p.values[k][0], _dec(p.values[k][1])] for k in p.changed},
            ]
            for p in checked.changes
        ],
    }
    return gzip.compress(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode(), 6)


def _dec(number: Decimal | None) -> str | None:
    return None if number is None else str(number)


def kept(data: bytes) -> Kept:
    """The rows `keep` stored; ValueError when the bytes are not what it writes."""
    try:
        body = json.loads(gzip.decompress(data))
        return Kept(
            file_sha256=str(body["file"]),
            form=str(body["form"]),
            year=int(body["year"]),
            index=int(body["index"]),
            locks={int(k): v for k, v in body["locks"].items()},
            rows=[
                CheckedRow(
                    unit_id=int(unit_id),
                    version=version,
                    values={k: (raw, None if n is None else Decimal(n)) for k, (raw, n) in values.items()},
                )
                for unit_id, version, values in body["rows"]
            ],
        )
    except (OSError, EOFError, ValueError, KeyError, TypeError) as exc:
        raise ValueError("not a kept check") from exc
