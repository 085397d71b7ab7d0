"""`trienkhai parse FILE [--json]`: parse an official document and print its structure."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from trienkhai.lib.docparse import format_outline, parse_text


class _Unreadable(Exception):
    """Raised by the fallback reader; carries a one-line Vietnamese message."""


def _read(path: str) -> tuple[str, list[str], type[Exception]]:
    """Text and reader warnings of `path`, via trienkhai.lib.docread when it is installed."""
    try:
        from trienkhai.lib import docread
    except ImportError:
        docread = None
    if docread is not None:
        result = docread.read_document(path)
        return result.text, list(result.warnings), docread.UnreadableDocument
    return _read_plain(path), [], _Unreadable


def _read_plain(path: str) -> str:
    file = Path(path)
    if not file.is_file():
        raise _Unreadable(f"Không tìm thấy tệp “{path}”.")
    if file.suffix.lower() not in (".txt", ".md"):
        raise _Unreadable(f"Chưa đọc được loại tệp “{file.suffix}”; chỉ nhận .txt hoặc .md.")
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        raise _Unreadable(f"Không đọc được tệp “{path}” (không phải văn bản UTF-8).") from None
    if not text.strip():
        raise _Unreadable(f"Tệp “{path}” trống.")
    return text


class Command(BaseCommand):
    help = "Phân tích một văn bản hành chính (.txt, .md, .docx, .pdf) và in bố cục hoặc JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="tệp văn bản cần phân tích")
        parser.add_argument("--json", action="store_true", help="in JSON theo hợp đồng trienkhai.document/1")

    def handle(self, *args: object, **options: object) -> None:
        path = str(options["file"])
        try:
            text, reader_warnings, _ = _read(path)
        except Exception as exc:
            if _is_unreadable(exc):
                sys.stderr.write(" ".join(str(exc).split()) + "\n")
                sys.exit(2)
            raise
        doc = parse_text(text)
        doc["warnings"].extend(reader_warnings)
        if options["json"]:
            self.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(format_outline(doc))


def _is_unreadable(exc: Exception) -> bool:
    if isinstance(exc, _Unreadable):
        return True
    try:
        from trienkhai.lib.docread import UnreadableDocument
    except ImportError:
        return False
    return isinstance(exc, UnreadableDocument)
