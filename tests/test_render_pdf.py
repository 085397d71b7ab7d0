"""The seed through LibreOffice: the PDF keeps every paragraph and every Vietnamese letter, has a sane
number of pages with the page number from page 2 on, and page 1 is saved as a PNG for the docs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trienkhai.lib.render import docx_to_pdf, render_docx

from .docread.util import require_tools
from .layout import assert_decree30_layout, assert_pdf_keeps_the_text, save_page_one

SEED_JSON = Path(__file__).parent / "docread" / "fixtures" / "seed.json"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    require_tools("soffice", "pdftotext", "pdfinfo", "pdftoppm")
    out = tmp_path_factory.mktemp("seed-pdf")
    seed = json.loads(SEED_JSON.read_text(encoding="utf-8"))
    docx_path = render_docx(seed, out / "seed.docx")
    return docx_path, docx_to_pdf(docx_path, out)


def test_the_pdf_keeps_every_paragraph_and_vietnamese_letter(seed_pdf: tuple[Path, Path]) -> None:
    docx_path, pdf = seed_pdf
    assert_decree30_layout(docx_path)
    pages = assert_pdf_keeps_the_text(docx_path, pdf)
    assert 4 <= pages <= 9  # the seed printed on A4 at 14 pt


def test_page_numbers_start_on_page_two(seed_pdf: tuple[Path, Path]) -> None:
    import subprocess

    _docx, pdf = seed_pdf

    def first_line(page: int) -> str:
        out = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"], capture_output=True, check=True
        ).stdout.decode("utf-8")
        return next(line.strip() for line in out.splitlines() if line.strip())

    assert first_line(1) == "LIÊN ĐOÀN LAO ĐỘNG"
    assert first_line(2) == "2"
    assert first_line(3) == "3"


def test_page_one_is_saved_as_an_image(seed_pdf: tuple[Path, Path]) -> None:
    png = save_page_one(seed_pdf[1], "render-seed-page1")
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert abs(height / width - 297 / 210) < 0.01  # an A4 page
