"""Our whole scanned-PDF pipeline against plain tesseract on the same page images, in the same run.

The seed is rendered (render -> LibreOffice PDF), rasterised to 200 dpi grayscale JPEGs and wrapped in an
image-only PDF, as tests/docread/test_pdf_ocr.py builds its scan. Then, side by side:
- ours: `read_document(scan.pdf)` (pdfinfo, pdftotext to find no text layer, pdftoppm at 300 dpi and
  tesseract per page, pages in parallel, columns from the word boxes);
- plain: `tesseract page.png stdout -l vie` on the same 300 dpi page images, one page after the other.
Prints `BENCH ocr_vs_tesseract <ours/plain> x` (goal: at most 1.2), `BENCH ocr_scan_s` and
`BENCH ocr_tesseract_s`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_JSON = ROOT / "tests" / "docread" / "fixtures" / "seed.json"
TOOLS = ("soffice", "pdftoppm", "pdfinfo", "pdftotext", "tesseract")


def build_scan(out: Path) -> tuple[Path, list[Path]]:
    """The seed as an image-only PDF (the 'scan') and the 300 dpi page images OCR works on."""
    from tests.docread.util import image_pdf
    from trienkhai.lib.render import docx_to_pdf, render_docx

    seed = json.loads(SEED_JSON.read_text(encoding="utf-8"))
    pdf = docx_to_pdf(render_docx(seed, out / "seed.docx"), out)
    subprocess.run(
        ["pdftoppm", "-r", "200", "-gray", "-jpeg", str(pdf), str(out / "scan")], check=True, timeout=300
    )
    jpegs = sorted(out.glob("scan-*.jpg"))
    scan = out / "scan.pdf"
    scan.write_bytes(image_pdf([p.read_bytes() for p in jpegs], 200))
    subprocess.run(
        ["pdftoppm", "-r", "300", "-gray", "-png", str(scan), str(out / "page")], check=True, timeout=300
    )
    return scan, sorted(out.glob("page-*.png"))


def plain_tesseract(pages: list[Path]) -> float:
    """Seconds for plain tesseract on every page image, one after the other."""
    start = time.perf_counter()
    for page in pages:
        subprocess.run(
            ["tesseract", str(page), "stdout", "-l", "vie"], check=True, capture_output=True, timeout=600
        )
    return time.perf_counter() - start


def our_pipeline(scan: Path) -> float:
    """Seconds for read_document on the scanned PDF (the whole pipeline)."""
    from trienkhai.lib.docread import read_document

    start = time.perf_counter()
    result = read_document(scan)
    elapsed = time.perf_counter() - start
    assert result.used_ocr and result.text.strip()
    return elapsed


def run() -> None:
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        print(f"bench_ocr: tools missing ({', '.join(missing)}); ocr_vs_tesseract not measured")
        return
    with tempfile.TemporaryDirectory(prefix="bench-ocr-") as tmp:
        scan, pages = build_scan(Path(tmp))
        plain = plain_tesseract(pages)
        ours = our_pipeline(scan)
    print(f"BENCH ocr_pages {len(pages)} pages")
    print(f"BENCH ocr_scan_s {ours:.1f} s")
    print(f"BENCH ocr_tesseract_s {plain:.1f} s")
    print(f"BENCH ocr_vs_tesseract {ours / plain:.2f} x")


if __name__ == "__main__":
    run()
