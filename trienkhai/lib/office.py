"""PDF work around LibreOffice and poppler: many .docx to PDF at once, PDF pages as images, page counts.

Each LibreOffice conversion runs in its own process with its own throwaway profile
(`render.docx_to_pdf`), so conversions can overlap; `convert_many` keeps one running per core. Nothing
here imports Django.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from .render import RenderError, docx_to_pdf

__all__ = ["cores", "convert_many", "page_count", "page_images"]

POPPLER_TIMEOUT = 120


def cores() -> int:
    """The cores this process may use (the CPU affinity where the system tells it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def convert_many(
    docx_paths: Sequence[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    workers: int | None = None,
    on_done: Callable[[int, Path | RenderError], None] | None = None,
) -> list[Path | RenderError]:
    """Convert every .docx to PDF in `out_dir`, `workers` conversions at a time (default: every core).

    Returns, in input order, the PDF path or the RenderError of each file: one bad file does not stop the
    others. `on_done(index, result)` is called as each conversion ends, from the calling thread (so a
    caller may write to its database there).
    """
    paths = [Path(p) for p in docx_paths]
    stems = [p.stem for p in paths]
    if len(set(stems)) != len(stems):
        raise ValueError("convert_many needs distinct file names (the PDFs share one folder)")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    results: list[Path | RenderError] = [RenderError("chưa chuyển")] * len(paths)
    # Threads are enough: each one waits on its own soffice process.
    with ThreadPoolExecutor(max_workers=max(1, workers or cores())) as pool:
        futures = {pool.submit(docx_to_pdf, path, out): i for i, path in enumerate(paths)}
        for future in as_completed(futures):
            i = futures[future]
            try:
                results[i] = future.result()
            except RenderError as exc:
                results[i] = exc
            if on_done is not None:
                on_done(i, results[i])
    return results


def _poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise RenderError(f"Chưa cài {tool} (poppler-utils) để xem trước văn bản.")
    return path


def page_count(pdf: str | os.PathLike[str]) -> int:
    """Number of pages of a PDF (pdfinfo)."""
    proc = subprocess.run(
        [_poppler("pdfinfo"), str(pdf)], capture_output=True, timeout=POPPLER_TIMEOUT, check=False
    )
    for line in proc.stdout.decode("utf-8", "replace").splitlines():
        if line.startswith("Pages:"):
            return int(line.split(":", 1)[1])
    raise RenderError("Không đọc được số trang của tệp PDF.")


def page_images(
    pdf: str | os.PathLike[str], out_dir: str | os.PathLike[str], *, dpi: int = 80, last: int | None = None
) -> list[Path]:
    """PNG images of the PDF's pages (pages 1..`last`, or all) in `out_dir`, named page-1.png, page-2.png …"""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    args = [_poppler("pdftoppm"), "-r", str(dpi), "-png"]
    if last is not None:
        args += ["-l", str(last)]
    proc = subprocess.run(
        [*args, str(pdf), str(out / "page")], capture_output=True, timeout=POPPLER_TIMEOUT, check=False
    )
    if proc.returncode != 0:
        raise RenderError("Không tạo được ảnh xem trước các trang PDF.")
    # pdftoppm pads page numbers to the width of the page count (page-01.png for 10+ pages).
    pages = sorted(out.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    renamed = []
    for path in pages:
        target = out / f"page-{int(path.stem.rsplit('-', 1)[1])}.png"
        if path != target:
            path.rename(target)
        renamed.append(target)
    return renamed
