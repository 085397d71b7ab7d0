"""Text files and the legacy Vietnamese 8-bit encodings (TCVN3, VNI), decoded to Unicode NFC."""

from __future__ import annotations

import re
import unicodedata

from .base import UnreadableDocument, _nfc

# TCVN3 (ABC, TCVN 5712:1993 VN3): one byte per precomposed lower-case letter. Upper-case letters with
# tone marks have no codes of their own (the ".VnTimeH" fonts draw the lower-case codes as capitals).
_TCVN3_BYTES = "¸µ¶·¹¨¾»¼½Æ©ÊÇÈÉË®ÐÌÎÏÑªÕÒÓÔÖÝ×ØÜÞãßáâä«èåæçé¬íêëìîóïñòô­øõö÷ùýúûüþ¡¢§£¤¥¦"
_TCVN3_CHARS = "áàảãạăắằẳẵặâấầẩẫậđéèẻẽẹêếềểễệíìỉĩịóòỏõọôốồổỗộơớờởỡợúùủũụưứừửữựýỳỷỹỵĂÂĐÊÔƠƯ"
assert len(_TCVN3_BYTES) == len(_TCVN3_CHARS) == 74
_TCVN3_DECODE = {ord(b): u for b, u in zip(_TCVN3_BYTES, _TCVN3_CHARS, strict=True)}
_TCVN3_ENCODE = {u: b for b, u in zip(_TCVN3_BYTES, _TCVN3_CHARS, strict=True)}


def _build_vni() -> dict[str, str]:
    """Unicode letter -> VNI-Windows spelling (as Latin-1 characters).

    VNI writes a base letter followed by a modifier byte: tone alone (ù ø û õ ï), circumflex (â),
    breve (ê), circumflex+tone (á à å ã ä), breve+tone (é è ú ü ë); upper case uses the upper-case
    modifiers. ơ/ư are single bytes (ô/ö) that take tone modifiers; đ is ñ; the i-vowels are single
    bytes; ỵ takes î instead of ï.
    """
    tones = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]  # none, sắc, huyền, hỏi, ngã, nặng
    plain_mod = ["", "ù", "ø", "û", "õ", "ï"]
    circ_mod = ["â", "á", "à", "å", "ã", "ä"]
    breve_mod = ["ê", "é", "è", "ú", "ü", "ë"]
    table: dict[str, str] = {}

    def add(base_unicode: str, base_vni: str, mods: list[str], upper: bool) -> None:
        for tone, mod in zip(tones, mods, strict=True):
            ch = unicodedata.normalize("NFC", base_unicode + tone)
            if upper:
                ch = ch.upper()
                mod = mod.upper()
                base = base_vni.upper()
            else:
                base = base_vni
            if len(ch) == 1 and (base + mod) != ch:
                table[ch] = base + mod

    for upper in (False, True):
        for v in "aeouy":
            mods = list(plain_mod)
            if v == "y":
                mods[5] = "î"
            add(v, v, mods, upper)
        add("â", "a", circ_mod, upper)
        add("ê", "e", circ_mod, upper)
        add("ô", "o", circ_mod, upper)
        add("ă", "a", breve_mod, upper)
        add("ơ", "ô", ["", *plain_mod[1:]], upper)
        add("ư", "ö", ["", *plain_mod[1:]], upper)
    # ơ and ư themselves (no tone): single bytes.
    table.update({"ơ": "ô", "Ơ": "Ô", "ư": "ö", "Ư": "Ö", "đ": "ñ", "Đ": "Ñ"})
    for ch, vni in zip("íìỉĩịÍÌỈĨỊ", "íìæóòÍÌÆÓÒ", strict=True):
        table[ch] = vni
    return table


_VNI_ENCODE = _build_vni()
_VNI_DECODE_2 = {v: k for k, v in _VNI_ENCODE.items() if len(v) == 2}
_VNI_DECODE_1 = {v: k for k, v in _VNI_ENCODE.items() if len(v) == 1}


def _bytes_to_chars(data: bytes) -> str:
    """Bytes as Windows-1252 characters (Latin-1 where 1252 leaves a hole): the legacy fonts' view."""
    return "".join(_CP1252[b] for b in data)


def _cp1252_table() -> list[str]:
    table = []
    for b in range(256):
        try:
            table.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            table.append(chr(b))
    return table


_CP1252 = _cp1252_table()


def decode_tcvn3(data: bytes) -> str:
    """Decode TCVN3 (ABC) bytes to Unicode NFC.

    Lines or words written entirely in capitals (".VnTimeH" headings) are upper-cased, because TCVN3
    stores their accented letters with lower-case codes.
    """
    text = "".join(_TCVN3_DECODE.get(b) or _CP1252[b] for b in data)
    return _nfc(_fix_tcvn3_capitals(text))


def encode_tcvn3(text: str) -> bytes:
    """Encode Unicode text as TCVN3 (ABC); accented capitals fall back to their lower-case codes."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        code = _TCVN3_ENCODE.get(ch) or _TCVN3_ENCODE.get(ch.lower())
        if code is not None:
            out += code.encode("latin-1")
        else:
            out += ch.encode("cp1252")
    return bytes(out)


def _fix_tcvn3_capitals(text: str) -> str:
    def ascii_letters(word: str) -> list[str]:
        return [c for c in word if c.isascii() and c.isalpha()]

    def all_caps(word: str) -> bool:
        letters = ascii_letters(word)
        return sum(c.isupper() for c in letters) >= 2 and not any(c.islower() for c in letters)

    def fix_word(m: re.Match[str]) -> str:
        return m.group(0).upper() if all_caps(m.group(0)) else m.group(0)

    lines = []
    for line in text.split("\n"):
        words = re.findall(r"\w+", line)
        caps = sum(1 for w in words if all_caps(w))
        if caps >= 1 and not any(c.islower() for w in words for c in ascii_letters(w)):
            # A heading typed in a ".VnTimeH" font: every word is a capital, even "Kế" and "Bộ".
            # The number line "Số: 27/KH-LĐLĐ" looks the same but keeps its "Số".
            upper = line.upper()
            lines.append(re.sub(r"^(\W*)SỐ\b", r"\1Số", upper))
        else:
            lines.append(re.sub(r"\w+", fix_word, line))
    return "\n".join(lines)


def decode_vni(data: bytes) -> str:
    """Decode VNI-Windows bytes (base letter + modifier byte) to Unicode NFC."""
    chars = _bytes_to_chars(data)
    out: list[str] = []
    i = 0
    n = len(chars)
    while i < n:
        pair = chars[i : i + 2]
        if len(pair) == 2 and pair in _VNI_DECODE_2:
            out.append(_VNI_DECODE_2[pair])
            i += 2
            continue
        out.append(_VNI_DECODE_1.get(chars[i], chars[i]))
        i += 1
    return _nfc("".join(out))


def encode_vni(text: str) -> bytes:
    """Encode Unicode text as VNI-Windows."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        out.append(_VNI_ENCODE.get(ch, ch))
    return "".join(out).encode("cp1252")


_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
_NUCLEUS = (
    r"(?:uyê|uya|uyu|ươi|ươu|oai|oay|oao|oeo|uây|uôi|iêu|yêu|ưởi|"
    r"ia|iê|ya|yê|ua|uô|ưa|ươ|oa|oă|oe|uê|uy|uâ|uơ|ai|ao|au|ay|âu|ây|eo|êu|iu|oi|ôi|ơi|ui|ưi|ưu|"
    r"[aăâeêioôơuưy])"
)
_CODA = r"(?:ng|nh|ch|[cmnpt])?"
_SYLLABLE = re.compile(rf"^{_ONSET}{_NUCLEUS}{_CODA}$")


def _is_vietnamese_syllable(word: str) -> bool:
    """True when `word` (one token) is shaped like a Vietnamese syllable: onset, vowels, coda, <= 1 tone."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for c in decomposed if c in _TONE_MARKS)
    if tones > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return bool(_SYLLABLE.match(bare))


_WORD = re.compile(r"[^\W\d_]+")


def _score(text: str) -> tuple[int, int, int]:
    """(good, bad, controls): non-ASCII words that are / are not Vietnamese syllables, control chars."""
    good = bad = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        if len(word) <= 7 and _is_vietnamese_syllable(word):
            good += 1
        else:
            bad += 1
    controls = sum(1 for c in text if unicodedata.category(c) in {"Cc", "Co", "Cn"} and c not in "\t\n\r\f")
    return good, bad, controls


def decode_text(data: bytes) -> tuple[str, str, list[str]]:
    """Decode a text file: returns (NFC text, encoding name, warnings).

    Tries UTF-8 (with or without BOM) and UTF-16 (BOM) first; otherwise scores Windows-1258, TCVN3 and
    VNI by how many words come out as Vietnamese syllables. Raises UnreadableDocument when nothing
    plausible comes out.
    """
    warnings: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        return _clean(data[3:].decode("utf-8", errors="replace")), "utf-8-sig", warnings
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        try:
            return _clean(data.decode("utf-16")), "utf-16", warnings
        except UnicodeDecodeError as exc:
            raise UnreadableDocument("Tệp UTF-16 bị hỏng, không giải mã được.") from exc
    if _looks_utf16_without_bom(data):
        codec = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        try:
            text = data.decode(codec)
            if _plausible(text):
                return _clean(text), codec, warnings
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _plausible(text):
            return _clean(text), "utf-8", warnings
        raise UnreadableDocument("Không xác định được bảng mã của tệp văn bản.")

    candidates: list[tuple[str, str]] = []
    candidates.append(("cp1258", data.decode("cp1258", errors="replace")))
    candidates.append(("tcvn3", decode_tcvn3(data)))
    candidates.append(("vni", decode_vni(data)))
    best_name, best_text, best_key = "", "", (-(10**9),)
    for name, text in candidates:
        text = _nfc(text)
        good, bad, controls = _score(text)
        key = (good - 2 * bad - 5 * controls,)
        if key > best_key:
            best_name, best_text, best_key = name, text, key
    good, bad, controls = _score(best_text)
    replacement = best_text.count("\ufffd")
    if good == 0 or good < 2 * bad or controls + replacement > max(2, len(best_text) // 200):
        raise UnreadableDocument("Không xác định được bảng mã của tệp văn bản.")
    labels = {"cp1258": "Windows-1258", "tcvn3": "TCVN3 (ABC)", "vni": "VNI-Windows"}
    if best_name in {"tcvn3", "vni"}:
        warnings.append(f"Tệp dùng bảng mã cũ {labels[best_name]}; đã chuyển sang Unicode.")
    return _clean(best_text), best_name, warnings


def _looks_utf16_without_bom(data: bytes) -> bool:
    sample = data[:4000]
    if len(sample) < 8:
        return False
    zeros = sample.count(0)
    return zeros > len(sample) * 0.2 and (
        sample[1::2].count(0) > 0.8 * zeros or sample[0::2].count(0) > 0.8 * zeros
    )


def _plausible(text: str) -> bool:
    if not text:
        return True
    controls = sum(1 for c in text if unicodedata.category(c) in {"Cc", "Co", "Cn"} and c not in "\t\n\r\f")
    return controls <= max(2, len(text) // 200)


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return _nfc(text)
