"""Vietnamese text helpers that need no database: folding for search, dates and numbers for display."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal

_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


# Vietnamese alphabetical order: ă and â follow a, đ follows d, ê follows e, ô and ơ follow o, ư follows u.
_LETTER_MARKS = {"\u0306": 1, "\u0302": 2, "\u031b": 3}  # breve (ă), circumflex (â ê ô), horn (ơ ư)
# Tones weigh only when the letters are equal, in dictionary order: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def vn_sort_key(text: str) -> tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]:
    """A key that sorts Vietnamese names in Vietnamese alphabetical order, case-insensitively, syllable
    by syllable as a dictionary does: "Cao su" < "Chè" < "Dệt" < "Đồng Xoài" < "Eo Gió"; within a
    syllable the tone decides only between equal letters ("Anh Đào" < "Ánh Dương")."""
    return tuple(_syllable_key(word) for word in unicodedata.normalize("NFD", text.lower()).split())


def _syllable_key(word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    letters: list[int] = []
    tones: list[int] = []
    for ch in word:
        if ch in _TONES:
            if tones:
                tones[-1] = _TONES[ch]
        elif ch in _LETTER_MARKS and letters:
            letters[-1] += _LETTER_MARKS[ch]
        else:
            # Room after each base letter for its marked forms; đ sorts right after d.
            letters.append(ord("d") * 4 + 1 if ch == "đ" else ord(ch) * 4)
            tones.append(0)
    return tuple(letters), tuple(tones)


def nfc(text: str) -> str:
    """Return `text` in Unicode NFC, the form every stored Vietnamese string uses."""
    return unicodedata.normalize("NFC", text)


def name_key(text: str) -> str:
    """Key under which two spellings of one name are the same name: Unicode NFC, case-folded, spacing
    collapsed, diacritics kept ("LIÊN ĐOÀN  LAO ĐỘNG huyện" and "Liên đoàn Lao động huyện" agree;
    "Phú Riềng" and "Phu Rieng" do not)."""
    return nfc(" ".join(nfc(text).casefold().split()))


def fold(text: str) -> str:
    """Fold Vietnamese text for diacritic-insensitive search: "Phú Riềng" -> "phu rieng".

    Removes combining marks, maps đ/Đ to d, lower-cases and collapses whitespace.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def format_date(value: dt.date | None) -> str:
    """Running-text date as officers write it: 08/8/2024 (day padded, month 1-2 padded, else not)."""
    if value is None:
        return ""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"{value.day:02d}/{month}/{value.year}"


def format_date_long(value: dt.date, place: str | None = None) -> str:
    """Date line of an official document (Decree 30/2020): "Phú Riềng, ngày 08 tháng 8 năm 2024"."""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    text = f"ngày {value.day:02d} tháng {month} năm {value.year}"
    return f"{place}, {text}" if place else text


def format_number(value: int | float, decimals: int = 0) -> str:
    """Vietnamese number: dot for thousands, comma for decimals (1.234.567,5)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_money(value: int | Decimal) -> str:
    """Whole đồng the Vietnamese way, exact (an int or a Decimal, never through a float): 1.234.567 đ;
    a negative amount (a reversing entry) as -1.234.567 đ."""
    whole = int(Decimal(value).to_integral_value())
    return f"{whole:,d}".replace(",", ".") + " đ"


def format_decimal(value: int | float | Decimal, places: int = 2) -> str:
    """Vietnamese number with at most `places` decimals and no trailing zeros: 75,33; 7,5; 80; 1.234,5.
    For scores and figures written into a sentence (a notification, a stored note)."""
    text = format_number(float(value), places)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def parse_date(text: str) -> dt.date | None:
    """Read a date typed by a user: 08/8/2024, 8-8-2024, 2024-08-08. None when it is not a date."""
    text = text.strip()
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def iso_date(value: str | None) -> dt.date | None:
    """The date of an ISO string as the parse contract stores it ("2024-08-08"); None when absent or
    not a date."""
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
