"""`trienkhai parse FILE [--json]`: parse an official document and print its structure."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from trienkhai.core.cli import fail
from trienkhai.lib.docparse import format_outline, parse_text, to_json
from trienkhai.lib.docread import UnreadableDocument, read_document


class Command(BaseCommand):
    help = "Phân tích một văn bản hành chính (.txt, .md, .docx, .pdf) và in bố cục hoặc JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="tệp văn bản cần phân tích")
        parser.add_argument("--json", action="store_true", help="in JSON theo hợp đồng trienkhai.document/1")

    def handle(self, *args: object, **options: object) -> None:
        try:
            result = read_document(str(options["file"]))
        except UnreadableDocument as exc:
            fail(str(exc))  # the contract (cli.md)
        doc = parse_text(result.text)
        doc["warnings"].extend(result.warnings)
        if options["json"]:
            self.stdout.write(to_json(doc))
        else:
            self.stdout.write(format_outline(doc))
