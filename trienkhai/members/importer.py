"""The member import: its template, the check of every row, and the rows ready to write.

The file is read by `lib.xlsx_read` (bounded, formulas and merged cells refused). Every row is checked and
every error kept with its row and column, in Vietnamese; card numbers are checked against the file itself
and against the register (in the importing unit's tree the message names the CĐCS, outside it says only
that the card is registered elsewhere). Nothing is written here: `workflow.apply_member_import` writes
the checked rows all at once, or none.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from trienkhai.lib.vn import fold, format_number, parse_date
from trienkhai.lib.xlsx import append_row
from trienkhai.lib.xlsx_read import Limits, Refused, column_letter, estimate_rows, read_table
from trienkhai.orgs.models import Unit, UnitKind, today

from .models import PURPOSE, Education, Member, Sex

SHEET = "Đoàn viên"
# (key, header, required). The export writes the same columns, so an export reads back as an import.
# The first BASE_COLUMNS are in every file; the optional ones after them (the register's fields of the
# guidance 38/HD-TLĐ's forms) may be left out, so a file of the first seven imports as it always did.
# Deliberately no column for the CCCD (`Member.id_number`): a personal identification number is personal
# data protected by Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15; the app masks it and logs each showing (the
# `members:id_number` view), while an Excel file is copied and mailed beyond any such control. It is typed
# on the member's page only; neither this import nor the export carries it.
COLUMNS = [
    ("full_name", "Họ và tên", True),
    ("birth_year", "Năm sinh", True),
    ("sex", "Giới tính (Nam/Nữ)", True),
    ("card_number", "Số thẻ đoàn viên", False),
    ("joined_on", "Ngày vào công đoàn (dd/mm/yyyy)", True),
    ("phone", "Số điện thoại", False),
    ("unit_code", "Mã CĐCS", False),
    ("birth_date", "Ngày sinh (dd/mm/yyyy)", False),
    ("card_issued_on", "Ngày cấp thẻ đoàn viên (dd/mm/yyyy)", False),
    ("union_position", "Chức vụ công đoàn", False),
    ("ethnicity", "Dân tộc", False),
    ("education", "Trình độ", False),
]
BASE_COLUMNS = 7
WIDTHS = (30, 10, 18, 20, 28, 16, 16, 22, 30, 24, 12, 22)  # the template's and the export's
LABELS = {key: label for key, label, _ in COLUMNS}
# The model's max_length: a longer value is an error (never cut), so the register keeps what was typed.
TEXT_LIMITS = {
    key: int(getattr(Member._meta.get_field(key), "max_length", 0)) for key in ("union_position", "ethnicity")
}
# The template's example row. It is marked in the file and never imported: a row carrying its name or its
# card number is skipped (and the officer told so), whatever else was typed over it.
EXAMPLE_NAME = "Nguyễn Thị Ví Dụ"
EXAMPLE_CARD = "7912345678"
ERROR_CAP = 200  # messages kept and shown; the count goes on
GIVE_UP = 1000  # past this many errors the file is not a register: stop reading
UNION_FOUNDED = dt.date(1929, 7, 28)
SEXES = {
    "nam": Sex.MALE,
    "male": Sex.MALE,
    "m": Sex.MALE,
    "nu": Sex.FEMALE,
    "female": Sex.FEMALE,
    "f": Sex.FEMALE,
}

# Education is matched folded (case and diacritics) against the field's labels and values, and a few
# spellings officers use for the same level; an unknown value is an error listing the labels.
EDUCATION_SPELLINGS = {
    "thcs": Education.SECONDARY,
    "thpt": Education.HIGH_SCHOOL,
    "trung cap": Education.VOCATIONAL,
    "cao dang": Education.VOCATIONAL,
    "thac si": Education.POSTGRADUATE,
    "tien si": Education.POSTGRADUATE,
}


def education_of(text: str) -> str | None:
    """The `Education` value of a cell as typed ("đại học", "Dai hoc", "university"); None when unknown."""
    folded = fold(text)
    for value, label in Education.choices:
        if folded in (fold(str(label)), fold(value)):
            return str(value)
    found = EDUCATION_SPELLINGS.get(folded)
    return str(found) if found is not None else None


NAME_BAD = re.compile(r"[0-9<>{}\[\]=@#$%^*_|\\/~`+;:!?\"]")
CARD = re.compile(r"^[0-9A-Z][0-9A-Z-]{3,19}$")


def limits() -> Limits:
    return Limits(
        max_bytes=int(getattr(settings, "MEMBER_IMPORT_MAX_BYTES", settings.UPLOAD_MAX_BYTES)),
        max_unzipped=int(getattr(settings, "MEMBER_IMPORT_MAX_UNZIPPED", 200 * 1024 * 1024)),
        max_rows=int(getattr(settings, "MEMBER_IMPORT_MAX_ROWS", 100_000)),
        width=len(COLUMNS) + 3,
    )


@dataclass
class Row:
    line: int
    full_name: str
    birth_year: int
    sex: str
    card_number: str
    joined_on: dt.date
    phone: str
    unit_id: int
    birth_date: dt.date | None = None
    card_issued_on: dt.date | None = None
    union_position: str = ""
    ethnicity: str = ""
    education: str = ""


@dataclass
class Checked:
    rows: list[Row] = field(default_factory=list)
    errors: list[list] = field(default_factory=list)  # [row, column, message], at most ERROR_CAP
    error_count: int = 0
    refused: str = ""  # a message about the whole file
    per_unit: Counter = field(default_factory=Counter)  # unit id -> rows
    skipped_examples: list[int] = field(default_factory=list)  # lines of the template's example row

    @property
    def note(self) -> str:
        """What the officer should know about a file that can be imported."""
        if not self.skipped_examples:
            return ""
        lines = ", ".join(str(line) for line in self.skipped_examples)
        return f"Đã bỏ qua dòng ví dụ của tệp mẫu (dòng {lines}); dòng này không được nhập."

    @property
    def ok(self) -> bool:
        return not self.refused and not self.error_count and bool(self.rows)

    def error(self, line: int, key: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < ERROR_CAP:
            self.errors.append([line, LABELS.get(key, key), message])


def template_workbook(unit: Unit) -> bytes:
    """The template: the header row, an example row, a Nam/Nữ list, and a guidance sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    # Through `append_row`: the unit's code is typed by someone, and text must stay text.
    append_row(ws, [f"{label}{' *' if required else ''}" for _, label, required in COLUMNS])
    example = [EXAMPLE_NAME, 1990, "Nữ", EXAMPLE_CARD, "15/01/2024", "0912345678", unit.code]
    append_row(ws, [*example, "20/05/1990", "20/02/2024", "Tổ trưởng công đoàn", "Kinh", "Đại học"])
    for cell in ws[2]:
        cell.font = Font(italic=True, color="808080")
    ws["A2"].comment = Comment("Dòng ví dụ: không được nhập. Ghi đè hoặc xóa dòng này.", "Triển khai")
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
    for letter, width in zip("ABCDEFGHIJKL", WIDTHS, strict=True):
        ws.column_dimensions[letter].width = width
    for row in range(2, 5002):
        ws.cell(row=row, column=4).number_format = "@"  # card numbers and phones stay text
        ws.cell(row=row, column=6).number_format = "@"
        for column in (5, 8, 9):  # the dates
            ws.cell(row=row, column=column).number_format = "DD/MM/YYYY"
    sexes = DataValidation(type="list", formula1='"Nam,Nữ"', allow_blank=False)
    ws.add_data_validation(sexes)
    sexes.add("C2:C100001")
    guide = wb.create_sheet("Hướng dẫn")
    educations = [str(label) for _value, label in Education.choices]
    for line in (
        "Mỗi đoàn viên một dòng, bắt đầu từ dòng 2. Các cột có dấu * là bắt buộc.",
        f"Dòng 2 (chữ nghiêng, màu xám, «{EXAMPLE_NAME}») là dòng ví dụ: hệ thống không nhập dòng này; "
        "hãy ghi đè hoặc xóa nó.",
        "Không thêm, xóa hay đổi tên cột; không gộp ô; không dùng công thức (dán dạng giá trị).",
        f"Mã CĐCS: để trống khi nhập cho một CĐCS; khi nhập cho công đoàn cấp trên, ghi mã CĐCS (ví dụ {unit.code}).",
        "Số thẻ đoàn viên không được trùng với đoàn viên đã có trong sổ.",
        "Các cột từ H đến L không bắt buộc (có thể để trống, hoặc dùng tệp cũ chỉ có 7 cột A–G):",
        "Ngày sinh (dd/mm/yyyy): cùng năm với cột Năm sinh, không ở tương lai.",
        "Ngày cấp thẻ đoàn viên (dd/mm/yyyy): không trước ngày vào công đoàn, không ở tương lai.",
        f"Chức vụ công đoàn: chữ, tối đa {TEXT_LIMITS['union_position']} ký tự (ví dụ Tổ trưởng công đoàn).",
        f"Dân tộc: chữ, tối đa {TEXT_LIMITS['ethnicity']} ký tự (ví dụ Kinh, Tày).",
        "Trình độ: chọn trong danh sách ở cuối trang này: " + "; ".join(educations) + ".",
        "Tệp không có cột số CCCD (số định danh cá nhân): đây là dữ liệu cá nhân được bảo vệ theo Luật Bảo vệ "
        "dữ liệu cá nhân số 91/2025/QH15; hệ thống che số này và ghi nhật ký mỗi lần xem, nên không đưa vào "
        "tệp Excel. Ghi số CCCD trên trang của từng đoàn viên.",
        "Tối đa "
        + format_number(limits().max_rows)
        + " dòng mỗi tệp. Hệ thống kiểm tra mọi dòng; có lỗi thì không nhập dòng nào.",
        str(PURPOSE),
    ):
        append_row(guide, [line])
    # The education list: its labels have commas ("Trung cấp, cao đẳng"), which a quoted list would split,
    # so the drop-down reads them from cells of this (visible: the reader refuses hidden sheets) sheet.
    append_row(guide, [])
    append_row(guide, ["Danh sách Trình độ:"], bold=True)
    first = guide.max_row + 1
    for label in educations:
        append_row(guide, [label])
    levels = DataValidation(
        type="list", formula1=f"'Hướng dẫn'!$A${first}:$A${guide.max_row}", allow_blank=True
    )
    ws.add_data_validation(levels)
    levels.add("L2:L100001")
    guide.column_dimensions["A"].width = 120
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return " ".join(unicodedata.normalize("NFC", value).split()) if value else ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _header(values: list) -> tuple[int, str]:
    """How many of COLUMNS the header row has (the first BASE_COLUMNS, then optional ones in order, the
    last ones may be left out), or a message about a header that is not the template's."""
    found = [_text(v).rstrip("*").strip() for v in values]
    wrong = (
        "Tệp không đúng mẫu: cột {letter} phải là «{label}», trong tệp là «{found}». Hãy tải tệp mẫu và "
        "không đổi tên, thêm hay xóa cột."
    )
    for index, (_key, label, _required) in enumerate(COLUMNS[:BASE_COLUMNS]):
        if fold(found[index]) != fold(label):
            return 0, wrong.format(letter=column_letter(index), label=label, found=found[index] or "trống")
    present = BASE_COLUMNS
    optional = {fold(label) for _key, label, _required in COLUMNS[BASE_COLUMNS:]}
    while present < len(COLUMNS) and found[present]:
        label = COLUMNS[present][1]
        if fold(found[present]) != fold(label):
            if fold(found[present]) in optional:  # an optional column out of its place
                return 0, wrong.format(letter=column_letter(present), label=label, found=found[present])
            break
        present += 1
    extra = [text for text in found[present:] if text]
    if extra:
        return 0, f"Tệp không đúng mẫu: có thêm cột «{extra[0]}». Hãy dùng đúng các cột của tệp mẫu."
    return present, ""


def _phone(text: str) -> str | None:
    digits = re.sub(r"[\s.\-()]", "", text)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    if digits.isdigit() and len(digits) == 9 and not digits.startswith("0"):
        digits = "0" + digits  # a phone typed as a number loses its leading zero
    return digits if digits.isdigit() and 10 <= len(digits) <= 11 and digits.startswith("0") else None


def check_rows(data: bytes, *, unit: Unit, progress: Callable[[int, int], None] | None = None) -> Checked:
    """Read and check every row of an uploaded file for `unit` (a CĐCS, or a unit above CĐCS whose rows
    name their CĐCS by code). Returns the rows ready to write, or the errors."""
    checked = Checked()
    on = today()
    grassroots = unit.kind in (UnitKind.GRASSROOTS, UnitKind.GUILD)
    if grassroots:
        targets = {unit.code.upper(): unit}
    else:
        below = unit.descendants(on).filter(kind__in=[UnitKind.GRASSROOTS, UnitKind.GUILD]).active_on(on)
        targets = {u.code.upper(): u for u in below.only("pk", "code", "name", "valid_from")}
    year = on.year
    cards_in_file: dict[str, int] = {}
    total = min(estimate_rows(data), limits().max_rows)
    table = read_table(data, limits=limits())
    try:
        header = next(table, None)
        if header is None:
            checked.refused = "Tệp không có dữ liệu. Hãy dùng tệp mẫu."
            return checked
        present, problem = _header(header[1])
        if problem:
            checked.refused = problem
            return checked
        for count, (line, values) in enumerate(table, start=1):
            if progress and count % 5000 == 0:
                progress(count, max(total, count))
            if _is_example(values):
                checked.skipped_examples.append(line)
                continue
            # Cells under no header are not read (a 7-column file imports as it always did).
            values = values[:present] + [None] * (len(COLUMNS) - present)
            row = _check_row(
                checked, line, values, grassroots=grassroots, unit=unit, targets=targets, year=year, on=on
            )
            if row is not None:
                if row.card_number:
                    first = cards_in_file.setdefault(row.card_number, line)
                    if first != line:
                        checked.error(
                            line, "card_number", f"Số thẻ «{row.card_number}» trùng với dòng {first}."
                        )
                        continue
                checked.rows.append(row)
            if checked.error_count >= GIVE_UP:
                checked.refused = (
                    f"Dừng kiểm tra sau {format_number(GIVE_UP)} lỗi: tệp có vẻ không phải danh sách đoàn viên "
                    "theo mẫu. Chưa nhập dòng nào."
                )
                return checked
    except Refused as exc:
        checked.refused = str(exc)
        return checked
    if not checked.rows and not checked.error_count:
        checked.refused = (
            "Tệp chỉ có dòng ví dụ của tệp mẫu; hãy ghi đoàn viên từ dòng 2 (thay dòng ví dụ)."
            if checked.skipped_examples
            else "Tệp không có dòng dữ liệu nào (dữ liệu bắt đầu từ dòng 2)."
        )
        return checked
    _check_known_cards(checked, unit=unit, on=on)
    if not checked.error_count:
        checked.per_unit = Counter(r.unit_id for r in checked.rows)
    return checked


def _is_example(values: list) -> bool:
    name, card = _text(values[0]), _text(values[3]).upper().replace(" ", "")
    return fold(name) == fold(EXAMPLE_NAME) or card == EXAMPLE_CARD


def _check_row(
    checked: Checked, line: int, values: list, *, grassroots, unit, targets, year, on
) -> Row | None:
    errors_before = checked.error_count

    def err(key: str, message: str) -> None:
        checked.error(line, key, message)

    joined_raw = values[4]
    text = [_text(v) if i != 4 or not isinstance(v, dt.date) else "date" for i, v in enumerate(values[:7])]
    for index, (_key, label, required) in enumerate(COLUMNS):
        if required and not text[index]:
            err(COLUMNS[index][0], f"Thiếu «{label}».")
    name, birth_text, sex_text, card, _joined, phone_text, code = text
    if name and (len(name) > 100 or NAME_BAD.search(name) or not any(ch.isalpha() for ch in name)):
        err("full_name", f"Họ và tên «{name[:40]}» không hợp lệ (chỉ gồm chữ, tối đa 100 ký tự).")
    birth = int(birth_text) if birth_text.isdigit() else None
    if birth_text and (birth is None or not year - 80 <= birth <= year - 15):
        err("birth_year", f"Năm sinh «{birth_text[:20]}» không hợp lệ (ví dụ 1990; từ 15 đến 80 tuổi).")
    sex = SEXES.get(fold(sex_text)) if sex_text else None
    if sex_text and sex is None:
        err("sex", f"Giới tính «{sex_text[:20]}» không hợp lệ: ghi Nam hoặc Nữ.")
    card = card.upper().replace(" ", "")
    if card and not CARD.match(card):
        err("card_number", f"Số thẻ «{card[:24]}» không hợp lệ (chỉ gồm chữ số, 4–20 ký tự).")
    joined: dt.date | None
    if isinstance(joined_raw, dt.datetime):
        joined = joined_raw.date()
    elif isinstance(joined_raw, dt.date):
        joined = joined_raw
    else:
        joined = parse_date(text[4]) if text[4] else None
        if text[4] and joined is None:
            err("joined_on", f"Ngày «{text[4][:20]}» không hợp lệ (ví dụ 15/01/2024).")
    if joined is not None and not (UNION_FOUNDED <= joined <= on):
        err("joined_on", "Ngày vào công đoàn không được ở tương lai hay trước năm 1929.")
    elif joined is not None and birth is not None and joined.year < birth + 15:
        err("joined_on", "Ngày vào công đoàn sớm hơn năm đoàn viên đủ 15 tuổi.")
    phone = _phone(phone_text) if phone_text else ""
    if phone is None:
        err("phone", f"Số điện thoại «{phone_text[:20]}» không hợp lệ (10 chữ số, ví dụ 0912345678).")
    code = code.upper()
    target: Unit | None = None
    if grassroots:
        if code and code != unit.code.upper():
            err(
                "unit_code", f"Mã CĐCS «{code[:30]}» khác với CĐCS đang nhập ({unit.code}); để trống cột này."
            )
        target = unit
    elif not code:
        err(
            "unit_code",
            "Thiếu «Mã CĐCS»: khi nhập cho công đoàn cấp trên, mỗi dòng ghi mã CĐCS của đoàn viên.",
        )
    else:
        target = targets.get(code)
        if target is None:
            err("unit_code", f"Không có CĐCS mã «{code[:30]}» trực thuộc {unit.name}.")
    born = _date(err, "birth_date", values[7])
    if born is not None and born > on:
        err("birth_date", "Ngày sinh không được ở tương lai.")
    elif born is not None and birth is not None and born.year != birth:
        err("birth_date", f"Ngày sinh {born.strftime('%d/%m/%Y')} không cùng năm với Năm sinh ({birth}).")
    issued = _date(err, "card_issued_on", values[8])
    if issued is not None and issued > on:
        err("card_issued_on", "Ngày cấp thẻ đoàn viên không được ở tương lai.")
    elif issued is not None and joined is not None and issued < joined:
        err(
            "card_issued_on",
            f"Ngày cấp thẻ đoàn viên {issued.strftime('%d/%m/%Y')} sớm hơn ngày vào công đoàn "
            f"{joined.strftime('%d/%m/%Y')}.",
        )
    texts = {}
    for index, key in ((9, "union_position"), (10, "ethnicity")):
        texts[key] = _text(values[index])
        if len(texts[key]) > TEXT_LIMITS[key]:
            err(key, f"«{LABELS[key]}» dài {len(texts[key])} ký tự; tối đa {TEXT_LIMITS[key]} ký tự.")
    education_text = _text(values[11])
    education = education_of(education_text) if education_text else ""
    if education is None:
        allowed = "; ".join(str(label) for _value, label in Education.choices)
        err("education", f"Trình độ «{education_text[:30]}» không hợp lệ: ghi một trong {allowed}.")
    if checked.error_count > errors_before:
        return None
    # Each of these is None only after an error was reported above (a required column, a bad value).
    if birth is None or sex is None or joined is None or phone is None or target is None or education is None:
        return None
    return Row(
        line,
        name,
        birth,
        sex,
        card,
        joined,
        phone,
        target.pk,
        birth_date=born,
        card_issued_on=issued,
        union_position=texts["union_position"],
        ethnicity=texts["ethnicity"],
        education=education,
    )


def _date(err: Callable[[str, str], None], key: str, value) -> dt.date | None:
    """A date cell of an optional column: a date Excel stores, or text as typed (15/01/2024)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    if not text:
        return None
    parsed = parse_date(text)
    if parsed is None:
        err(key, f"Ngày «{text[:20]}» không hợp lệ (ví dụ 15/01/2024).")
    return parsed


def _check_known_cards(checked: Checked, *, unit: Unit, on: dt.date) -> None:
    """Cards already in the register: in the unit's tree the message names the CĐCS; elsewhere it only
    says the card is taken (the other tree's personal data stays there)."""
    cards = [r.card_number for r in checked.rows if r.card_number]
    if not cards:
        return
    known: dict[str, int] = {}
    for start in range(0, len(cards), 5000):
        chunk = cards[start : start + 5000]
        known.update(Member.objects.filter(card_number__in=chunk).values_list("card_number", "unit_id"))
    if not known:
        return
    subtree = set(Unit.objects.subtree_of([unit.pk], on=on).values_list("pk", flat=True))
    names = dict(
        Unit.objects.filter(pk__in={u for u in known.values() if u in subtree}).values_list("pk", "name")
    )
    keep = []
    for row in checked.rows:
        owner = known.get(row.card_number)
        if owner is None:
            keep.append(row)
        elif owner in subtree:
            checked.error(
                row.line, "card_number", f"Số thẻ «{row.card_number}» đã có trong sổ của {names[owner]}."
            )
        else:
            checked.error(
                row.line,
                "card_number",
                f"Số thẻ «{row.card_number}» đã được đăng ký ở một công đoàn khác; nếu đoàn viên chuyển đến, "
                "hãy đề nghị nơi cũ chuyển sinh hoạt.",
            )
    checked.rows = keep


def preview_rows(checked: Checked, *, limit: int = 20) -> list[list]:
    """The first rows as they will be written, for the confirmation page."""
    sex_label = dict(Sex.choices)
    names = dict(Unit.objects.filter(pk__in=checked.per_unit).values_list("pk", "name"))
    return [
        [
            r.line,
            r.full_name,
            r.birth_year,
            str(sex_label[r.sex]),
            r.card_number,
            r.joined_on.strftime("%d/%m/%Y"),
            r.phone,
            names.get(r.unit_id, ""),
        ]
        for r in checked.rows[:limit]
    ]
