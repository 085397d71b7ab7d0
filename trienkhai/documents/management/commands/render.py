"""`trienkhai render FILE -o OUT`: lay a document out as an official document (Decree 30/2020).

FILE is a document (.txt/.md/.docx/.pdf, read with `docread` and parsed with `docparse`) or a JSON written
by `trienkhai parse --json`. OUT ends in .docx or .pdf. Exit 0 on success; exit 2 with one Vietnamese
line on standard error when the input is unreadable or lacks what the layout needs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

from django.core.management.base import BaseCommand, CommandParser

from trienkhai.core.cli import fail
from trienkhai.lib.content import Content
from trienkhai.lib.docparse import parse_text
from trienkhai.lib.docread import UnreadableDocument, read_document
from trienkhai.lib.render import RenderError, render_docx, render_pdf, validate_for_render


def load_document(path: Path) -> dict[str, Any]:
    """The parsed-document dict for `path`: a `parse --json` file as is, any other document parsed."""
    if path.suffix.lower() == ".json":
        if not path.is_file():
            raise UnreadableDocument(f"Không tìm thấy tệp: {path}")
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise UnreadableDocument("Tệp JSON không phải là văn bản UTF-8.") from exc
        except json.JSONDecodeError as exc:
            raise UnreadableDocument(f"Tệp JSON không hợp lệ (dòng {exc.lineno}, cột {exc.colno}).") from exc
        if not isinstance(data, dict):
            raise UnreadableDocument(
                "Tệp JSON phải chứa một đối tượng văn bản (từ `trienkhai parse --json`)."
            )
        return data
    result = read_document(path)
    doc: dict[str, Any] = dict(parse_text(result.text))
    if result.warnings:
        doc.setdefault("warnings", [])
        doc["warnings"] = [*result.warnings, *doc["warnings"]]
    return doc


class Command(BaseCommand):
    help = "Trình bày văn bản theo thể thức Nghị định 30/2020 và ghi ra .docx hoặc .pdf."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Văn bản (.txt, .md, .docx, .pdf) hoặc JSON từ `parse --json`.")
        parser.add_argument("-o", "--output", required=True, help="Tệp kết quả, .docx hoặc .pdf.")

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["file"])
        out = Path(options["output"])
        suffix = out.suffix.lower()
        if suffix not in {".docx", ".pdf"}:
            fail(f"Tệp kết quả phải có đuôi .docx hoặc .pdf, không phải {suffix or '(không có đuôi)'}.")
        try:
            doc = load_document(source)
        except UnreadableDocument as exc:
            fail(str(exc))
        problems = validate_for_render(doc)
        if problems:
            fail("Không trình bày được văn bản: " + " ".join(problems))
        # A parsed document has the keys of `Content` the layout needs (just validated); the layout keys it
        # lacks (tables, annexes, filing unit) are read with their defaults.
        content = cast(Content, doc)
        try:
            if suffix == ".pdf":
                render_pdf(content, out)
            else:
                render_docx(content, out)
        except RenderError as exc:
            fail(str(exc))
        except OSError as exc:
            fail(f"Không ghi được tệp {out}: {exc.strerror or exc}.")
        self.stdout.write(f"Đã ghi {out}")
