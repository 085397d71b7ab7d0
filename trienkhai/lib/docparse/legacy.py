"""Vietnamese text typed in the legacy 8-bit encodings, TCVN3 (ABC, ".VnTime") and VNI, read back as Unicode.

A document typed with those fonts and copied as text keeps its bytes, so it arrives as Latin-1 letters:
"Quèc héi" (TCVN3) or "Quoác hoäi" (VNI) for "Quốc hội". `decode_legacy` detects either from characters
Unicode Vietnamese never uses that way, converts the whole text and says which encoding it was.

TCVN3 has no upper-case letters with tone marks: an upper-case line was typed in lower-case codes with an
upper-case font (".VnTimeH"), so in a line whose plain letters are all capitals the converted letters are
made capitals too. A copy that lost TCVN3's "ư" (byte 0xAD, a soft hyphen to Latin-1 readers) has it put
back where the rime cannot be read without it ("trêng" -> "trờng" -> "trường").
"""

from __future__ import annotations

import re
import unicodedata

# TCVN3 (ABC) as read in Latin-1 / cp1252 -> Unicode
_TCVN3 = dict(
    zip(
        "¸µ¶·¹¨¾»¼½Æ©ÊÇÈÉË®ÐÌÎÏÑªÕÒÓÔÖÝ×ØÜÞãßáâä«èåæçé¬íêëìîóïñòô\u00adøõö÷ùýúûüþ¡¢§£¤¥¦",
        "áàảãạăắằẳẵặâấầẩẫậđéèẻẽẹêếềểễệíìỉĩịóòỏõọôốồổỗộơớờởỡợúùủũụưứừửữựýỳỷỹỵĂÂĐÊÔƠƯ",
        strict=True,
    )
)
# bytes of TCVN3 that Unicode Vietnamese text never holds inside a word (most are in 0xA1-0xBE)
_TCVN3_SIGN = re.compile(r"(?<=[A-Za-z])[¸µ¶·¹¨¾»¼½©®ª«¬]|[®§](?=[A-Za-z])")

_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_CIRC, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
# VNI Windows: a vowel followed by a mark character (tone, circumflex or breve with a tone)
_VNI_MARKS = {
    "ù": _ACUTE, "ø": _GRAVE, "û": _HOOK, "õ": _TILDE, "ï": _DOT,
    "â": _CIRC, "á": _CIRC + _ACUTE, "à": _CIRC + _GRAVE, "å": _CIRC + _HOOK, "ã": _CIRC + _TILDE, "ä": _CIRC + _DOT,
    "ê": _BREVE, "é": _BREVE + _ACUTE, "è": _BREVE + _GRAVE, "ú": _BREVE + _HOOK, "ü": _BREVE + _TILDE, "ë": _BREVE + _DOT,
}  # fmt: skip
_VNI_MARKS.update({k.upper(): v for k, v in list(_VNI_MARKS.items())})
# letters of their own: ơ, ư, đ and i with its tones
_VNI_LETTERS = {
    "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư", "ñ": "đ", "Ñ": "Đ",
    "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "Í": "Í", "Ì": "Ì", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị",
}  # fmt: skip
_VNI_SIGN = re.compile(r"[aeouyAEOUY][øùûõïâáàåãäêéèúüë](?=[a-zA-Z\s.,;:]|$)|(?<![A-Za-z])ñ(?=[aeiouôö])")
_VNI_RUN = re.compile(r"([aeiouyAEIOUYôöÔÖ])([ùøûõïâáàåãäêéèúüëÙØÛÕÏÂÁÀÅÃÄÊÉÈÚÜË]{1,2})|[ôÔöÖñÑíìæóòÍÌÆÓÒ]")

# Unicode-only Vietnamese letters: a text that has many is Unicode, whatever else it holds
_UNICODE_VN = re.compile("[\u1ea0-\u1ef9ăĂđĐơƠưƯ]")


def detect_legacy(text: str) -> str | None:
    """ "TCVN3", "VNI" or None, from the characters of `text`."""
    sample = text[:200_000]
    unicode_vn = len(_UNICODE_VN.findall(sample))
    tcvn = len(_TCVN3_SIGN.findall(sample))
    vni = len(_VNI_SIGN.findall(sample))
    best, score = ("TCVN3", tcvn) if tcvn >= vni else ("VNI", vni)
    if score >= 20 and score > 2 * unicode_vn:
        return best
    return None


def _tcvn3_line(line: str) -> str:
    out = "".join(_TCVN3.get(c, c) for c in line)
    ascii_letters = [c for c in line if "A" <= c <= "Z" or "a" <= c <= "z"]
    if len(ascii_letters) >= 4 and sum(c.isupper() for c in ascii_letters) >= 0.8 * len(ascii_letters):
        # typed with an upper-case font: the converted letters are capitals too; "TTg" keeps its "g"
        out = "".join(o.upper() if o != c else o for o, c in zip(out, line, strict=True))
    return out


# a rime that needs the "ư" a copy lost: "ơng", "ơc" ("trờng", "nớc") and "ơu" are not Vietnamese without it
_LOST_U = re.compile(r"(?<=[bcdđghklmnpqrstvxBCDĐGHKLMNPQRSTVX])(?=[ơờởỡớợƠỜỞỠỚỢ](?:ng|c|u|NG|C|U)\b)")


def restore_lost_u(text: str) -> str:
    return _restore_u(text)


def _restore_u(text: str) -> str:
    return _LOST_U.sub(lambda m: "Ư" if text[m.start()].isupper() else "ư", text)


def _vni(text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        if m.group(1) is None:
            return _VNI_LETTERS[m.group(0)]
        base = _VNI_LETTERS.get(m.group(1), m.group(1))
        if base in "ơƠưƯ":
            base = {"ơ": "o", "Ơ": "O", "ư": "u", "Ư": "U"}[base] + _HORN
        return base + "".join(_VNI_MARKS[c] for c in m.group(2))

    return unicodedata.normalize("NFC", _VNI_RUN.sub(repl, text))


def decode_legacy(text: str) -> tuple[str, str | None]:
    """(Unicode text, the legacy encoding it was in) or (text, None) when it is not in one."""
    kind = detect_legacy(text)
    if kind == "TCVN3":
        lost_u = "\u00ad" not in text
        text = join_letter_spaced_lines("\n".join(_tcvn3_line(line) for line in text.split("\n")))
        text = _recase(text)
        return (_restore_u(text) if lost_u else text), kind
    if kind == "VNI":
        return _vni(text), kind
    return text, None


# --- letter-spaced lines ("Q U Y Ế T Đ Ị N H", "N Ă M 1 99 6"), as PDF text and old copies print titles ------

_VOWELS = set("aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
_FINALS = {"c", "ch", "m", "n", "ng", "nh", "p", "t"}


def _letters(token: str) -> str:
    return "".join(c for c in token.lower() if c.isalpha())


def _is_consonants(token: str) -> bool:
    low = token.lower()
    return token.isalpha() and not any(c in _VOWELS for c in low)


def _ends_vowel(token: str) -> bool:
    return bool(token) and token[-1].lower() in _VOWELS


def letter_spaced(line: str) -> bool:
    """A line printed with its letters spaced out: many one-letter tokens."""
    tokens = line.split()
    singles = sum(1 for t in tokens if len(t) == 1 and t.isalpha())
    return singles >= 4 and singles >= 0.3 * len(tokens)


_SINGLE = re.compile(r"(?<!\S)[^\W\d_](?!\S)")


def join_letter_spaced_lines(text: str) -> str:
    """Join the letter-spaced stretches of every line; only lines with four one-letter tokens are looked at."""
    counts: dict[int, int] = {}
    for m in _SINGLE.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        counts[start] = counts.get(start, 0) + 1
    starts = sorted(k for k, n in counts.items() if n >= 4)
    if not starts:
        return text
    out: list[str] = []
    done = 0
    for start in starts:
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        out.append(text[done:start])
        out.append(_join_spaced_runs(text[start:end]))
        done = end
    out.append(text[done:])
    return "".join(out)


def _join_spaced_runs(line: str) -> str:
    """Join the letter-spaced stretches of a line (a whole line, or a title inside a line joined with others)."""
    if letter_spaced(line):
        return join_letter_spaced(line)
    tokens = line.split(" ")
    singles = [k for k, t in enumerate(tokens) if len(t) == 1 and t.isalpha()]
    if len(singles) < 4:
        return line
    # stretches where one-letter tokens come at most two tokens apart, with at least four of them
    runs: list[tuple[int, int]] = []
    start = prev = singles[0]
    count = 1
    for k in singles[1:]:
        if k - prev <= 3:
            count += 1
        else:
            if count >= 4:
                runs.append((start, prev))
            start, count = k, 1
        prev = k
    if count >= 4:
        runs.append((start, prev))
    if not runs:
        return line
    out: list[str] = []
    done = 0
    for a, b in runs:
        a, b = max(done, a - 1), min(len(tokens) - 1, b + 1)
        while b + 1 < len(tokens) and tokens[b + 1].isdigit() and len(tokens[b + 1]) <= 3:
            b += 1  # "N Ă M 1 99 6": the year spaced out too
        out.extend(tokens[done:a])
        out.append(join_letter_spaced(" ".join(tokens[a : b + 1])))
        done = b + 1
    out.extend(tokens[done:])
    return " ".join(out)


def _recase(text: str) -> str:
    """ "THủ", "PHủ": a word typed in an upper-case font whose converted letter came out in lower case."""
    return _MIXED_WORD.sub(lambda m: m.group(0).upper(), text)


_MIXED_WORD = re.compile(r"\b(?=\w*[A-Z]\w*[A-Z])(?!\w*[a-z])\w+\b")


def join_letter_spaced(line: str) -> str:
    """ "Q U Y Ế T Đ Ị N H" -> "QUYẾT ĐỊNH": fragments that cannot stand as syllables join their neighbours."""
    tokens = line.split()
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        prev = out[-1] if out else ""
        if prev and tok.isdigit() and prev[-1:].isdigit() and (len(tok) == 1 or len(_digits_tail(prev)) == 1):
            out[-1] = prev + tok  # "1 99 6"
        elif (
            prev
            and len(tok) == 1
            and tok.islower()
            and tok.isascii()
            and prev[-1:].isupper()
            and prev[-1:].isascii()
        ):
            out[-1] = prev + tok  # "168/TT g": an abbreviation's lower-case letter ("TTg")
        elif prev and len(tok) == 1 and tok.lower() in _VOWELS and _ends_vowel(prev) and tok.isalpha():
            out[-1] = prev + tok  # "NGÀ Y", "QUY Ế"
        elif _is_consonants(tok) and nxt[:1].lower() in _VOWELS and nxt[:1].isalpha():
            out.append(tok + nxt)  # an initial: "T ƯỚNG", "N Ă"
            i += 1
        elif prev and _is_consonants(tok) and _takes_final(prev, tok):
            out[-1] = prev + tok  # a final: "ÍN G", "Ị N", "ỊN H"
        elif _is_consonants(tok) and len(tok) <= 2 and nxt[:1].isalpha():
            out.append(tok + nxt)  # "P HỦ"
            i += 1
        else:
            out.append(tok)
        i += 1
    return " ".join(out)


def _digits_tail(text: str) -> str:
    m = re.search(r"\d+$", text)
    return m.group(0) if m else ""


def _takes_final(prev: str, tok: str) -> bool:
    low, t = prev.lower(), tok.lower()
    if _ends_vowel(prev):
        return t in _FINALS
    # "…N" + "G", "…N" + "H", "…C" + "H"
    return (low[-1:] + t) in _FINALS and len(t) == 1 and len(low) >= 2 and low[-2] in _VOWELS


__all__ = [
    "restore_lost_u",
    "decode_legacy",
    "detect_legacy",
    "join_letter_spaced",
    "join_letter_spaced_lines",
    "letter_spaced",
]
