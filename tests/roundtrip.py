"""Render, then parse: what an official document says must come back from its rendering.

`roundtrip(doc)` renders a parse-contract dict to .docx, reads it with `docread` and parses it with
`docparse`; `key_fields` reduces a dict to what must survive: number, type, date, place, title, section
labels, tasks, recipients and signer. The renderer prints numbers under 10 with a leading zero and ends
"Nơi nhận" with the filing line, so the source is compared as the renderer prints it (`as_printed`).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from trienkhai.lib.docparse import parse_text
from trienkhai.lib.docread import read_document
from trienkhai.lib.render import _signer_lines, display_number, filing_line, render_docx


def _labels(sections: list, out: list[str] | None = None) -> list[str]:
    out = [] if out is None else out
    for s in sections or []:
        if s.get("label"):
            out.append(str(s["label"]))
        _labels(s.get("children") or [], out)
    return out


def _text(value) -> str:  # noqa: ANN001
    return " ".join(str(value or "").split())


def key_fields(doc: dict) -> dict:
    signer = doc.get("signer") or {}
    return {
        "number": doc.get("number"),
        "doc_type": doc.get("doc_type"),
        "date": doc.get("date"),
        "place": doc.get("place"),
        "title": _text(doc.get("title")),
        "labels": _labels(doc.get("sections") or []),
        "tasks": [(t.get("id"), _text(t.get("text"))) for t in doc.get("tasks") or []],
        "recipients": [_text(r) for r in doc.get("recipients") or []],
        # The signature block as printed, line by line ("TM. BAN THƯỜNG VỤ", "CHỦ TỊCH"), and the name.
        "signer": {"name": _text(signer.get("name")) or None, "lines": _signer_lines(signer)},
    }


def as_printed(doc: dict) -> dict:
    """The source dict as the rendering prints it: the number with its leading zero, the filing line
    added when "Nơi nhận" had none."""
    printed = dict(doc)
    if doc.get("number"):
        printed["number"] = display_number(doc["number"])
    recipients = list(doc.get("recipients") or [])
    if not any(_text(r).lower().startswith("lưu") for r in recipients):
        recipients.append(filing_line(doc))
    printed["recipients"] = recipients
    return printed


def roundtrip(doc: dict) -> dict:
    """`doc` rendered to .docx, read back and parsed."""
    with tempfile.TemporaryDirectory(prefix="trienkhai-roundtrip-") as tmp:
        path = render_docx(doc, Path(tmp) / "document.docx")
        return parse_text(read_document(path).text)


def differences(doc: dict) -> dict:
    """{field: (source, after the round trip)} for every field that did not survive."""
    want, got = key_fields(as_printed(doc)), key_fields(roundtrip(doc))
    return {k: (want[k], got[k]) for k in want if want[k] != got[k]}
