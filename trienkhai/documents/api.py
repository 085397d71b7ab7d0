"""What apps above `documents` may call to read a file the way an upload is read, without storing it as an
ingested document: the same readers (text, .docx, PDF, OCR of a scan) with the same bounds, then the same
parser. `issuing` reads the signed, stamped copy of what it issued through here (on its task worker)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from trienkhai.lib.docparse.schema import Document as ParsedDocument
from trienkhai.lib.docread import ProgressFn, UnreadableDocument, read_bytes

from .workflow import _parsed_from

__all__ = ["Reading", "UnreadableDocument", "read_file"]


@dataclass
class Reading:
    """What the reading path made of a file: the parse (the `Document.contract()` shape), how the text
    was obtained ("docx", "pdf", "ocr", "text") and the text itself."""

    parsed: ParsedDocument
    kind: str
    text: str


def read_file(data: bytes, filename: str, *, progress: ProgressFn | None = None) -> Reading:
    """Read and parse a file held in memory as `read_queued_document` does for an upload (OCR included,
    so call it from the task worker for scans). Raises UnreadableDocument with a Vietnamese sentence."""
    result = read_bytes(data, filename, max_bytes=settings.UPLOAD_MAX_BYTES, ocr=True, progress=progress)
    return Reading(parsed=_parsed_from(result), kind=result.kind, text=result.text)


# --------------------------------------------------------------------------------------------------
# issuing (i18-issuing): what issuing needs to put what it issued in the registry of legal bases
# --------------------------------------------------------------------------------------------------

from typing import Any  # noqa: E402

from trienkhai.orgs.models import Unit  # noqa: E402

from .models import LegalBasis  # noqa: E402
from .workflow import _upsert_basis  # noqa: E402
from .workflow import type_name as type_name  # noqa: E402

__all__ += ["type_name", "upsert_basis"]


def upsert_basis(number: str, *, owner: Unit | None = None, **values: Any) -> LegalBasis:
    """The registry entry of `number` (the one `owner` owns when given), created when there is none, else
    completed: a field it already has is never replaced, an empty value never written. Saves the entry;
    the caller may then set fields it is the authority on and save again."""
    return _upsert_basis(number, owner=owner, **values)


# --- plans (i18-plans) ----------------------------------------------------------------------------------
# What `plans` needs of documents: who may write a document, whether a reviewed parse is a plan, the
# review form posted to plans' "Lưu thành kế hoạch", the review saved with its registry pass (run once,
# its result handed on to the plan), and the registry pass itself for a document whose review is stored.
# Each name is re-exported from where documents keeps it; its promise is in its own docstring there.
from .access import can_write_document as can_write_document  # noqa: E402
from .review import ValidReview as ValidReview  # noqa: E402
from .review import posted_review as posted_review  # noqa: E402
from .workflow import Registration as Registration  # noqa: E402
from .workflow import is_plan as is_plan  # noqa: E402
from .workflow import register_document as register_document  # noqa: E402
from .workflow import review_document as review_document  # noqa: E402

__all__ += [
    "Registration",
    "ValidReview",
    "can_write_document",
    "is_plan",
    "posted_review",
    "register_document",
    "review_document",
]
