"""Document flows: ingest an upload, read a scan in the background, save the officer's review, register
the legal bases a document cites. Each is one function, keyword-only, in one transaction where it writes
several rows. What becomes of a reviewed document (a plan, ...) is for the apps above to decide.
"""

from __future__ import annotations

import copy
import hashlib
import re
from pathlib import Path
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from trienkhai.core.uploads import policy
from trienkhai.lib.docparse import parse_text
from trienkhai.lib.docparse.numbers import NUMBER_RE, TYPE_CODES, parse_number
from trienkhai.lib.docparse.schema import Document as ParsedDocument
from trienkhai.lib.docparse.schema import Section
from trienkhai.lib.docparse.text import fold_keep
from trienkhai.lib.docread import Deadline, ReadResult, UnreadableDocument, preflight, read_bytes
from trienkhai.lib.uploads import UploadRefused, check
from trienkhai.lib.vn import fold, iso_date, name_key
from trienkhai.orgs.models import Unit, UnitLink, today

from .models import Document, LegalBasis

# --------------------------------------------------------------------------------------------------
# Ingest
# --------------------------------------------------------------------------------------------------


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _parsed_from(result: ReadResult) -> ParsedDocument:
    parsed = parse_text(result.text)
    parsed["warnings"] = [*result.warnings, *(parsed["warnings"] or [])]
    return parsed


# What may be uploaded as a document to read: Word, PDF (text or scan), a photo or scan, plain text.
DOCUMENT_KINDS = ("docx", "pdf", "jpeg", "png", "tiff", "text")


def find_duplicate(data: bytes, *, owner_unit: Unit) -> Document | None:
    """The unit's document already stored with the same content, if any (a failed read does not count).
    Another unit's copy of the same file is not a duplicate: each unit keeps its own."""
    return (
        Document.objects.filter(sha256=sha256_of(data), owner_unit=owner_unit)
        .exclude(read_state=Document.ReadState.FAILED)
        .first()
    )


def ingest_upload(
    *, data: bytes, filename: str, owner_unit: Unit, user: User | None
) -> tuple[Document, bool]:
    """Store an uploaded file, queued for reading (the caller queues the task: `tasks.queue_reading`).
    Returns (document, created).

    The same content uploaded again to the same unit returns the stored document (created=False). Only
    the cheap checks run here (`docread.preflight`: size, emptiness, a container that is not what its
    name says, a zip bomb's directory); the reading itself — text, .docx, PDF, OCR of a scan — runs in the
    task worker (`read_queued_document`), bounded in size, time and memory, while the review page shows its
    progress. Raises UnreadableDocument with docread's Vietnamese sentence, and then nothing is stored.
    """
    limit = settings.UPLOAD_MAX_BYTES
    preflight(data, filename, max_bytes=limit)
    try:
        # The one upload policy: kind by content, no markup, pixels from the header, real inflated
        # bytes, and a PDF's pages counted so that OCR never starts on 2,000 blank pages.
        check(data, filename, policy(DOCUMENT_KINDS, max_bytes=limit, max_pages=settings.OCR_MAX_PAGES))
    except UploadRefused as exc:
        raise UnreadableDocument(str(exc)) from exc
    existing = find_duplicate(data, owner_unit=owner_unit)
    if existing is not None:
        return existing, False
    sha = sha256_of(data)
    name = Path(filename).name[:255] or "van-ban"
    # A failed earlier attempt at the same file gives way to this one.
    for failed in Document.objects.filter(
        sha256=sha, owner_unit=owner_unit, read_state=Document.ReadState.FAILED
    ):
        discard_document(document=failed)
    document = Document(
        sha256=sha,
        original_name=name,
        size=len(data),
        owner_unit=owner_unit,
        uploaded_by=user,
        read_state=Document.ReadState.QUEUED,
    )
    document.original.save(name, ContentFile(data), save=False)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        # The same file arrived twice at once (a double click): the other request stored it.
        document.original.delete(save=False)
        existing = find_duplicate(data, owner_unit=owner_unit)
        if existing is None:
            raise
        return existing, False
    return document, True


def read_queued_document(*, document_id: int) -> None:
    """Body of the background task: read the stored file (text, .docx, PDF, or OCR of a scan, reporting
    progress page by page) and parse it; a file that cannot be read is removed and its reason kept."""
    document = Document.objects.filter(pk=document_id).first()
    if document is None or document.read_state not in Document.ACTIVE_STATES:
        return
    Document.start(document_id, Document.ReadState.READING)
    # The whole reading is bounded (OCR_TASK_SECONDS): each tool run gets at most the time left, and no
    # page starts after it; past it the document fails with the reason, and the worker moves on.
    deadline = Deadline.after(settings.OCR_TASK_SECONDS)
    # Every page read stamps the heartbeat (a plain UPDATE: progress ticks must not fill the history table).
    progress = Document.progress_of(document_id)

    try:
        with document.original.open("rb") as fh:
            data = fh.read()
        result = read_bytes(
            data,
            document.original_name,
            max_bytes=settings.UPLOAD_MAX_BYTES,
            ocr=True,
            progress=progress,
            deadline=deadline,
        )
    except (UnreadableDocument, OSError) as exc:
        message = str(exc) if isinstance(exc, UnreadableDocument) else "Không đọc được tệp đã lưu."
        document.refresh_from_db()
        document.original.delete(save=False)
        document.read_state = Document.ReadState.FAILED
        document.error = message
        document.save()
        return
    parsed = _parsed_from(result)
    document.refresh_from_db()
    document.read_kind = result.kind
    document.text = result.text
    document.parsed = parsed
    document.parsed_original = copy.deepcopy(parsed)
    document.read_state = Document.ReadState.READY
    document.save()


def discard_document(*, document: Document) -> None:
    """Remove a document that could not be read, with its stored file."""
    if document.original:
        document.original.delete(save=False)
    document.delete()


# --------------------------------------------------------------------------------------------------
# Review
# --------------------------------------------------------------------------------------------------


class Registration(NamedTuple):
    """What the registry made of one document: its own basis (None without a number), the basis it
    carries out, and the bases it cites in citation order."""

    basis: LegalBasis | None
    implements: LegalBasis | None
    cites: list[LegalBasis]


def is_plan(parsed: ParsedDocument) -> bool:
    """Whether a (reviewed) parse is a plan: a plan's type code (KH) or any task in it."""
    return parsed["doc_type"] == "KH" or bool(parsed["tasks"])


def save_review(*, document: Document, parsed: ParsedDocument, user: User | None) -> Document:
    """Store the officer's corrected parse and put the document's numbers into the registry."""
    review_document(document=document, parsed=parsed, user=user)
    return document


@transaction.atomic
def review_document(*, document: Document, parsed: ParsedDocument, user: User | None) -> Registration:
    """`save_review` for a caller that goes on with what the registry made of the document (a plan made
    from it): the registry pass runs once, here, and its result is handed back."""
    if not document.parsed_original:
        document.parsed_original = copy.deepcopy(document.parsed)
    document.parsed = parsed
    document.review_state = Document.ReviewState.SAVED
    document.save()
    return register_document(document=document, parsed=parsed)


# --------------------------------------------------------------------------------------------------
# Registry of legal bases
# --------------------------------------------------------------------------------------------------

_CLAUSE_START = re.compile(r"^\W*(?:thuc hien|can cu|trien khai)\b")
# "... số 79/KH-LĐLĐ ngày 02/8/2024 của LĐLĐ tỉnh về “Thực hiện Nghị quyết số 43-NQ/TW": the words
# between two numbers say that the first carries out the second.
_IMPLEMENTS_BETWEEN = re.compile(
    r"\bve\s*[\"“”']?\s*(?:viec\s+)?(?:tiep tuc\s+)?(?:trien khai\s+)?(?:thuc hien|trien khai)\b[^.;]*$"
)
_QUOTED_TITLE = re.compile(r"^[^.;“\"]{0,160}?\bv[eề]\s*[“\"]([^”\"]{5,400})[”\"]")


def _issuer_code(number: str) -> str:
    """Issuer part of a number: "LĐLĐ" in 27/KH-LĐLĐ, "TW" in 43-NQ/TW."""
    if "/" not in number:
        return ""
    tail = number.rsplit("/", 1)[1]
    return tail.split("-", 1)[1] if "-" in tail else tail


def _texts(parsed: ParsedDocument) -> list[str]:
    """Running text of the document in reading order, as the officer last saw it."""
    out = [parsed["title"] or "", *(parsed["preamble"] or [])]

    def walk(sections: list[Section]) -> None:
        for s in sections:
            out.extend(s["paragraphs"] or [])
            out.extend(s["items"] or [])
            walk(s["children"] or [])

    walk(parsed["sections"] or [])
    out.extend(t["text"] or "" for t in parsed["tasks"] or [])
    for a in parsed["assignments"] or []:
        out.extend(a["duties"] or [])
    out.extend(parsed["closing"] or [])
    return [t for t in out if t]


class _Normaliser:
    """Maps numbers as printed in running text ("79/KH-LĐLD") to the registry's normalised form."""

    def __init__(self, parsed: ParsedDocument) -> None:
        self.known: dict[str, str] = {}
        for number in [parsed["number"], *(c["number"] for c in parsed["citations"] or [])]:
            if number:
                self.known[fold(number)] = number
        self.evidence = [
            n
            for n in [parsed["issuer"], parsed["parent_body"]]
            + [c["issuer"] for c in parsed["citations"] or []]
            if n
        ]

    def __call__(self, printed: str) -> str | None:
        compact = re.sub(r"\s+", "", printed)
        if fold(compact) in self.known:
            return self.known[fold(compact)]
        number, _ = parse_number(compact, [], self.evidence)
        return number.text if number else None


def _mentions(text: str, normalise: _Normaliser) -> list[tuple[int, int, str]]:
    out = []
    for m in NUMBER_RE.finditer(text):
        number = normalise(m.group(0))
        if number:
            out.append((m.start(), m.end(), number))
    return out


def _infer_implements(parsed: ParsedDocument, own: str | None, normalise: _Normaliser) -> str | None:
    """The number this document carries out: the first number of the title or of a "Thực hiện/Căn cứ"
    paragraph of the preamble, preferring one of the same organisation (a district plan carries out the
    province's plan, which in turn carries out the Party resolution named in both titles)."""
    candidates: list[str] = []
    for paragraph in parsed["preamble"] or []:
        if _CLAUSE_START.match(fold_keep(paragraph).lower()):
            found = [n for _, _, n in _mentions(paragraph, normalise) if n != own]
            if found:
                candidates.append(found[0])
    title = [n for _, _, n in _mentions(parsed["title"] or "", normalise) if n != own]
    if title:
        candidates.insert(0, title[0])
    if not candidates:
        return None
    own_code = _issuer_code(own or "")
    if own_code:
        for number in candidates:
            if _issuer_code(number) == own_code:
                return number
    return candidates[0]


def _nested_links(
    parsed: ParsedDocument, own: str | None, normalise: _Normaliser
) -> tuple[dict[str, str], dict[str, str]]:
    """(implements, titles) stated about cited documents: "X ... về “Thực hiện ... Y”" and "X ... về “title”"."""
    links: dict[str, str] = {}
    titles: dict[str, str] = {}
    for text in _texts(parsed):
        mentions = _mentions(text, normalise)
        for i, (_, end, number) in enumerate(mentions):
            next_start = mentions[i + 1][0] if i + 1 < len(mentions) else len(text)
            # The quoted subject may itself cite a number ("về “Thực hiện Nghị quyết số 43-NQ/TW ...”"):
            # it belongs to this number when its opening quote comes before the next number.
            quoted = _QUOTED_TITLE.match(text[end:])
            if quoted and end + quoted.start(1) <= next_start and number not in titles:
                titles[number] = " ".join(quoted.group(1).split())
            if i + 1 >= len(mentions) or number == own:
                continue
            target = mentions[i + 1][2]
            between = fold_keep(text[end : mentions[i + 1][0]]).lower()
            if target != number and len(between) < 300 and _IMPLEMENTS_BETWEEN.search(between):
                links.setdefault(number, target)
    return links, titles


# Issuers whose documents are public knowledge: the Party, the State and the confederation. A number in
# Party style (43-NQ/TW) or with one of these issuer codes, or an issuer named with one of these words.
_PUBLIC_CODES = {"TW", "TU", "HU", "TTG", "CP", "QH", "UBTVQH", "TLD", "UBND", "HDND", "VPCP"}
_PUBLIC_WORDS = (
    "uy ban nhan dan",
    "hoi dong nhan dan",
    "chinh phu",
    "thu tuong",
    "quoc hoi",
    "tong lien doan",
    "ban chap hanh trung uong",
    "dang cong san",
    "tinh uy",
    "thanh uy",
    "huyen uy",
    "dang uy",
    "bo ",
)


def is_public_body(*, number: str | None, issuer: str | None) -> bool:
    """Whether a document comes from a public body (Party, State, confederation) rather than a unit."""
    if number and re.match(r"^\d+-", number):
        return True
    tail = (number or "").split("/", 1)[1] if "/" in (number or "") else ""
    if any(fold(part).upper() in _PUBLIC_CODES for part in re.split(r"[-/]", tail)):
        return True
    name = f" {fold(issuer or '')} "
    return any(f" {word}" in name for word in _PUBLIC_WORDS)


def _upsert_basis(
    number: str, *, owner: Unit | None = None, known: LegalBasis | None = None, **values: Any
) -> LegalBasis:
    """The basis for `number` (a unit's own when `owner` is given; `known` when the caller found it
    already), created or completed: known values are never replaced by unknown ones."""
    basis = known or LegalBasis.objects.filter(number=number, owner_unit=owner).first()
    if basis is None:
        created: LegalBasis = LegalBasis.objects.create(
            number=number, owner_unit=owner, **{k: v for k, v in values.items() if v}
        )
        return created
    changed = False
    for field, value in values.items():
        if value and not getattr(basis, field):
            setattr(basis, field, value)
            changed = True
    if changed:
        basis.save()
    return basis


def _lineage(unit_id: int) -> set[int]:
    """The unit and every unit it was ever under, and the successors of each (a dissolved district's
    documents live on with the province that absorbed it): the units one document of it may travel
    through. A few queries, one per level."""
    seen: set[int] = set()
    frontier = {unit_id}
    while frontier:
        seen |= frontier
        parents = set(UnitLink.objects.filter(unit_id__in=frontier).values_list("parent_id", flat=True))
        successors = set(
            Unit.objects.filter(pk__in=frontier, successor__isnull=False).values_list(
                "successor_id", flat=True
            )
        )
        frontier = (parents | successors) - seen - {None}
    return seen


def _same_document(number: str, issuer: str, unit: Unit) -> LegalBasis | None:
    """A unit's own basis already registered with this number by this issuer (spelt in capitals or not,
    spaced or composed differently) in the uploading unit's line: the same document uploaded by another
    unit of the tree (the district's plan, uploaded again by the CĐCS that received it)."""
    key = name_key(issuer)
    if not key:
        return None
    candidates: list[LegalBasis] = list(
        LegalBasis.objects.filter(number=number, owner_unit__isnull=False, issuer_key=key).order_by("pk")
    )
    if not candidates:
        return None
    mine = _lineage(unit.pk)
    for basis in candidates:
        owner = basis.owner_unit_id  # never None: the query asks for an owner
        if owner is not None and (owner in mine or unit.pk in _lineage(owner)):
            return basis
    return None


def _link(basis: LegalBasis, target: LegalBasis, *, replace: bool = False) -> None:
    """Set `basis.implements = target` unless it is known already (or would make a cycle)."""
    if basis.pk == target.pk or (basis.implements_id and not replace):
        return
    if any(b.pk == basis.pk for b in target.chain_up()):
        return
    basis.implements = target
    basis.save()


def _display_issuer(printed: str | None, owner_unit: Unit | None) -> str:
    # The header prints the issuer in capitals; the owner unit's name is the same words, properly cased.
    if printed and owner_unit is not None and fold(printed) == fold(owner_unit.name):
        return owner_unit.name
    return printed or ""


def _related_basis(number: str, unit: Unit | None) -> LegalBasis | None:
    """A unit's own basis with this number that the citing unit can see: its own, or one of a unit above
    it (a district plan cites its province's plan)."""
    if unit is None:
        return None
    related = [unit.pk, *(a.pk for a in unit.ancestors(today()))]
    owned = {b.owner_unit_id: b for b in LegalBasis.objects.filter(number=number, owner_unit_id__in=related)}
    return next((owned[pk] for pk in related if pk in owned), None)


@transaction.atomic
def register_document(*, document: Document | None, parsed: ParsedDocument) -> Registration:
    """Put a document's own number and every number it cites into the registry of legal bases.

    Returns (basis, implements, cites): the document's own basis (None without a number), the basis it
    carries out (inferred from the title and preamble), and the cited bases in citation order. Also
    records what the text says about cited documents (79/KH-LĐLĐ "về Thực hiện Nghị quyết 43-NQ/TW"),
    so the seed yields the chain 27/KH-LĐLĐ → 79/KH-LĐLĐ → 43-NQ/TW. With a document, its `basis` and
    `cites` are updated too.
    """
    normalise = _Normaliser(parsed)
    own = parsed["number"] or None
    links, titles = _nested_links(parsed, own, normalise)
    cites: list[LegalBasis] = []
    by_number: dict[str, LegalBasis] = {}
    unit = document.owner_unit if document is not None else None
    for citation in parsed["citations"] or []:
        number = citation["number"]
        if not number or number == own or number in by_number:
            continue
        known = _related_basis(number, unit)
        if known is not None:
            by_number[number] = known
            cites.append(known)
            continue
        cited = _upsert_basis(
            number,
            doc_type=citation["doc_type"] or "",
            issuer=citation["issuer"] or "",
            date=iso_date(citation["date"]),
            title=titles.get(number, ""),
        )
        by_number[number] = cited
        cites.append(cited)

    basis: LegalBasis | None = None
    if own:
        public = unit is None or is_public_body(number=own, issuer=parsed["issuer"])
        issuer = _display_issuer(parsed["issuer"], unit)
        basis = _upsert_basis(
            own,
            owner=None if public else unit,
            known=None if public or unit is None else _same_document(own, issuer, unit),
            doc_type=parsed["doc_type"] or "",
            issuer=issuer,
            date=iso_date(parsed["date"]),
            title=parsed["title"] or "",
        )
        by_number[own] = basis

    implements = None
    target = _infer_implements(parsed, own, normalise)
    if target:
        implements = by_number.get(target) or _related_basis(target, unit) or _upsert_basis(target)
        by_number[target] = implements
        if basis is not None:
            # The document itself is the best witness of what it carries out.
            _link(basis, implements, replace=True)

    for number, target_number in links.items():
        source = by_number.get(number)
        target_basis = by_number.get(target_number)
        if source is not None and target_basis is not None and source != basis:
            source.refresh_from_db(fields=["implements"])
            _link(source, target_basis)

    if document is not None:
        document.basis = basis
        document.save(update_fields=["basis"])
        document.cites.set(cites)
    return Registration(basis, implements, cites)


def set_basis_public(*, basis: LegalBasis, public: bool) -> None:
    """Open a unit's own document to every unit, or keep it within the unit's tree again."""
    basis.is_public = public
    basis.save(update_fields=["is_public"])


def type_name(code: str | None) -> str:
    return TYPE_CODES.get(code or "", "")
