"""Reading speed: a .docx through docread (median of runs) and OCR of one rendered page.

Prints `BENCH read_docx_ms <median> ms` and `BENCH ocr_page_s <seconds> s` (one OCR run is enough:
it takes seconds and varies little).
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCX = ROOT / "tests" / "docparse" / "corpus_docx" / "union_plan.docx"
SEED_JSON = ROOT / "tests" / "docread" / "fixtures" / "seed.json"


def bench_read_docx(runs: int = 30) -> float:
    """Median milliseconds to read the union-plan .docx fixture."""
    from trienkhai.lib.docread import read_document

    read_document(DOCX)  # warm imports
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        read_document(DOCX)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_ocr_page() -> float | None:
    """Seconds to OCR page 1 of the seed rendered by LibreOffice (None when a tool is missing)."""
    import json

    from trienkhai.lib.docread import read_document
    from trienkhai.lib.render import render_pdf

    if not all(shutil.which(t) for t in ("soffice", "pdftoppm", "tesseract")):
        return None
    with tempfile.TemporaryDirectory(prefix="bench-ocr-") as tmp:
        pdf = render_pdf(json.loads(SEED_JSON.read_text(encoding="utf-8")), Path(tmp) / "seed.pdf")
        prefix = Path(tmp) / "page1"
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "300",
                "-gray",
                "-png",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf),
                str(prefix),
            ],
            check=True,
            timeout=120,
        )
        start = time.perf_counter()
        read_document(prefix.with_suffix(".png"))
        return time.perf_counter() - start


def run() -> None:
    print(f"BENCH read_docx_ms {bench_read_docx():.1f} ms")
    seconds = bench_ocr_page()
    if seconds is None:
        print("bench_read: OCR tools missing (soffice, pdftoppm, tesseract); ocr_page_s not measured")
    else:
        print(f"BENCH ocr_page_s {seconds:.1f} s")


if __name__ == "__main__":
    run()
