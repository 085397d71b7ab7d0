"""The shared kit of every outgoing document, whichever app drafts it (issuing's own plans, reports and
reminders; inspections' notices and records; awards' decisions; evaluations' summaries): the unit that
acts, its issuer code (ký hiệu), the header, number, place and date, the signer, and the sections and
annexes of the body (`trienkhai.lib.content` types). Other apps reach it through `issuing.api`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from trienkhai.documents import api as documents_api
from trienkhai.lib.content import Annex, Content, ContentSection, Table
from trienkhai.lib.docparse import SCHEMA
from trienkhai.orgs.models import Unit, UnitKind
from trienkhai.plans.models import Plan

from .models import TYPE_CODES, OutgoingDocument
from .signers import Signer

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]

# Issuer codes (ký hiệu) by kind, used until the unit has issued something: then its last code is kept.
KIND_CODES: dict[str, str] = {
    UnitKind.CONFEDERATION: "TLĐ",
    UnitKind.PROVINCIAL: "LĐLĐ",
    UnitKind.DISTRICT: "LĐLĐ",
    UnitKind.NATIONAL_SECTOR: "CĐN",
    UnitKind.SECTOR: "CĐN",
    UnitKind.COMMUNE: "CĐX",
    UnitKind.INDUSTRIAL_ZONE: "CĐKCN",
    UnitKind.CORPORATION: "CĐTCT",
    UnitKind.GRASSROOTS: "CĐCS",
    UnitKind.GUILD: "NĐCS",
}
_LOCALITY = re.compile(
    r"\b(?:huyện|tỉnh|thành phố|quận|thị xã|xã|phường|thị trấn|đặc khu)\s+(.+)$", re.IGNORECASE
)


def issuer_code_of(number: str) -> str:
    """The issuer part of a State-style number: "LĐLĐ" in 27/KH-LĐLĐ, "CĐX" in 12/CĐX."""
    if "/" not in number or re.match(r"^\s*\d+\s*-", number):
        return ""
    tail = number.rsplit("/", 1)[1].strip()
    return tail.split("-", 1)[1] if "-" in tail and tail.split("-", 1)[0] in TYPE_CODES.values() else tail


def default_issuer_code(unit: Unit) -> str:
    """The code the unit used last (its register, then its plans' numbers), else one by its kind."""
    last = OutgoingDocument.objects.issued().filter(unit=unit).exclude(issuer_code="").order_by("-pk").first()
    if last is not None:
        return last.issuer_code
    for number in Plan.objects.filter(owner_unit=unit).exclude(number="").values_list("number", flat=True):
        code = issuer_code_of(number)
        if code:
            return code
    return KIND_CODES.get(unit.kind, "CĐ")


def draft_number(kind: str, code: str) -> str:
    """The number before registration: "/KH-LĐLĐ"; a dispatch "/LĐLĐ". Issuing puts the serial in front."""
    type_code = TYPE_CODES.get(kind, "")
    return f"/{type_code}-{code}" if type_code else f"/{code}"


def place_of(unit: Unit) -> str:
    """The place of the date line: the locality in the unit's name ("Phú Riềng"), else where its plans
    were issued."""
    place = Plan.objects.filter(owner_unit=unit).exclude(place="").values_list("place", flat=True).first()
    if place:
        return place
    m = _LOCALITY.search(unit.name)
    return m.group(1).strip() if m else ""


def acting_unit(unit: Unit, *, on: dt.date) -> Unit:
    """The unit that acts for `unit` on `on`: itself, or the successor that took it over when it ended
    (LĐLĐ tỉnh Đồng Nai for the dissolved LĐLĐ huyện Phú Riềng), as plans inherit."""
    for _hop in range(8):
        if unit.is_active_on(on) or unit.successor_id is None:
            break
        successor = unit.successor
        if successor is None:  # never: the id is set; says so to the type checker
            break
        unit = successor
    return unit


def _unit_names(unit: Unit, on: dt.date) -> tuple[str, str]:
    parent = unit.parent_on(on)
    return (parent.name.upper() if parent else ""), unit.name.upper()


def base_content(unit: Unit, *, kind: str, code: str, on: dt.date, title: str, signer: Signer) -> Content:
    """The parts every document shares (header, number, place and date, signer), for any kind: the
    other apps (inspections, evaluations, awards) add their sections and recipients."""
    parent_body, issuer = _unit_names(unit, on)
    type_code = TYPE_CODES.get(kind)
    return {
        "schema": SCHEMA,
        "parent_body": parent_body or None,
        "issuer": issuer,
        "number": draft_number(kind, code),
        "doc_type": type_code,
        "doc_type_name": documents_api.type_name(type_code) if type_code else "Công văn",
        "is_dispatch": kind == OutgoingDocument.Kind.REMINDER,
        "place": place_of(unit),
        "date": on.isoformat(),
        "title": title,
        "addressees": [],
        "preamble": [],
        "sections": [],
        "closing": [],
        "recipients": [],
        "signer": signer.as_dict(),
        "signer_form": signer.as_form(),
        "filing_unit": code,
    }


def section(
    label: str,
    title: str,
    *,
    paragraphs: Sequence[str] | None = None,
    items: Sequence[str] | None = None,
    children: Sequence[ContentSection] | None = None,
    table: Table | None = None,
) -> ContentSection:
    """A part of the body; the table only when there is one."""
    out: ContentSection = {
        "label": label,
        "title": title,
        "paragraphs": list(paragraphs or []),
        "items": list(items or []),
        "children": list(children or []),
    }
    if table:
        out["table"] = table
    return out


def numbered(sections: Sequence[ContentSection]) -> list[ContentSection]:
    """Give top-level sections their roman numbers in order (a part left out shifts the next ones)."""
    out: list[ContentSection] = []
    for i, s in enumerate(sections):
        out.append({**s, "label": ROMAN[i] if i < len(ROMAN) else str(i + 1)})
    return out


def annex(title: str, table: Table) -> Annex:
    """One annex (phụ lục) after the signature: its title and its table (`lib.render` adds the line
    "(Kèm theo … số … ngày …)" from the document's own number and date)."""
    return {"title": title, "table": table}
