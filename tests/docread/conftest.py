"""Fixtures shared by the docread and render tests. LibreOffice runs once per session per output."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from .util import SEED_JSON, require_tools


@pytest.fixture(scope="session")
def seed_doc() -> dict:
    """The seed plan as a `trienkhai.document/1` dict, written by hand from the seed (see fixtures/)."""
    return json.loads(SEED_JSON.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def rendered_seed(tmp_path_factory: pytest.TempPathFactory, seed_doc: dict) -> dict[str, Path]:
    """The seed rendered once to .docx and .pdf (LibreOffice)."""
    from trienkhai.lib.render import docx_to_pdf, render_docx

    require_tools("soffice")
    out = tmp_path_factory.mktemp("rendered-seed")
    docx_path = render_docx(seed_doc, out / "seed.docx")
    pdf_path = docx_to_pdf(docx_path, out)
    return {"docx": docx_path, "pdf": pdf_path}


@pytest.fixture(scope="session")
def scanned_seed(tmp_path_factory: pytest.TempPathFactory, rendered_seed: dict[str, Path]) -> dict:
    """The rendered seed turned into a scan: page images (200 dpi JPEG, 300 dpi PNG of page 1) and an
    image-only PDF with no text layer."""
    from .util import image_pdf

    require_tools("pdftoppm")
    out = tmp_path_factory.mktemp("scanned-seed")
    subprocess.run(
        ["pdftoppm", "-r", "200", "-gray", "-jpeg", str(rendered_seed["pdf"]), str(out / "scan")],
        check=True,
        timeout=120,
    )
    jpegs = sorted(out.glob("scan-*.jpg"))
    pdf = out / "scan.pdf"
    pdf.write_bytes(image_pdf([p.read_bytes() for p in jpegs], 200))
    subprocess.run(
        ["pdftoppm", "-r", "300", "-gray", "-png", "-f", "1", "-l", "1", "-singlefile",
         str(rendered_seed["pdf"]), str(out / "page1")],
        check=True,
        timeout=120,
    )  # fmt: skip
    return {"pdf": pdf, "page1_png": out / "page1.png", "pages": len(jpegs)}
