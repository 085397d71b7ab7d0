"""What apps above `documents` add to its pages, without `documents` knowing them.

An app contributes through functions in its module `hooks.py` (found by `core.apps_registry`):
- `document_links(request, documents) -> {document id: [Link]}`: what was made of each document
  (the plans app: "Kế hoạch lập từ văn bản này");
- `known_elsewhere(request, document) -> [Link]`: what the system holds under the same number and issuer;
- `review_buttons(request, document) -> [Button]`: extra submit buttons of the review form, each posting the
  reviewed form to its own URL (the plans app: "Lưu thành kế hoạch");
- `basis_links(request, basis) -> [(section, Link)]`, section "below" (implements it) or "own" (made
  from it);
- `record_copies(request, bases) -> {basis id: Link}`: the document of record of a basis the app issued
  (the issuing app: "Bản đã ký", the signed and stamped copy), for the bases the user may open it of.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from trienkhai.core.apps_registry import app_functions

from .models import Document, LegalBasis


@dataclass
class Link:
    label: str
    url: str
    detail: str = ""
    id: str = ""


@dataclass
class Button:
    label: str
    formaction: str
    id: str
    icon: str = ""


def _hooks(name: str) -> Iterator[Callable[..., Any]]:
    return app_functions("hooks", name)


def document_links(request: HttpRequest, documents: Iterable[Document]) -> dict[int, list[Link]]:
    documents = list(documents)
    links: dict[int, list[Link]] = {d.pk: [] for d in documents}
    for hook in _hooks("document_links"):
        for pk, found in hook(request, documents).items():
            links.setdefault(pk, []).extend(found)
    return links


def known_elsewhere(request: HttpRequest, document: Document) -> list[Link]:
    return [link for hook in _hooks("known_elsewhere") for link in hook(request, document)]


def review_buttons(request: HttpRequest, document: Document) -> list[Button]:
    return [button for hook in _hooks("review_buttons") for button in hook(request, document)]


def basis_links(request: HttpRequest, basis: LegalBasis) -> dict[str, list[Link]]:
    sections: dict[str, list[Link]] = {"below": [], "own": []}
    for hook in _hooks("basis_links"):
        for section, link in hook(request, basis):
            sections.setdefault(section, []).append(link)
    return sections


def record_copies(request: HttpRequest, bases: Iterable[LegalBasis | None]) -> dict[int, Link]:
    """{basis id: the link to its document of record} for the bases that have one (signed copies)."""
    bases = [b for b in bases if b is not None]
    found: dict[int, Link] = {}
    if not bases:
        return found
    for hook in _hooks("record_copies"):
        found.update(hook(request, bases))
    return found
