"""PDFs with a text layer, scans read by OCR (pages in parallel), and images."""

from __future__ import annotations

import os
import re
import resource
import shutil
import statistics
import subprocess
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from .base import (
    OCR_COLUMN_GAP,
    OCR_DPI,
    OCR_WARNING,
    PDF_MIN_CHARS_PER_PAGE,
    STOPPED_MESSAGE,
    SUBPROCESS_MAX_MEMORY,
    SUBPROCESS_TIMEOUT,
    Deadline,
    OcrNeeded,
    ProgressFn,
    ReadResult,
    TimeLimit,
    UnreadableDocument,
    _nfc,
)
from .layout import unlayout


def _limit_memory() -> None:  # pragma: no cover - runs in the child between fork and exec
    resource.setrlimit(resource.RLIMIT_AS, (SUBPROCESS_MAX_MEMORY, SUBPROCESS_MAX_MEMORY))


# The tools running now (tesseract, pdftoppm ...), so that a worker told to stop can end them at once
# instead of waiting minutes for the page in hand; once stopping, no tool starts.
_CHILDREN: set[subprocess.Popen[bytes]] = set()
_CHILDREN_LOCK = threading.Lock()
_STOPPING = threading.Event()


def stop_tools() -> None:
    """Kill every tool running now and refuse to start more (the worker received SIGTERM): the reading
    in progress ends with STOPPED_MESSAGE."""
    _STOPPING.set()
    with _CHILDREN_LOCK:
        for child in list(_CHILDREN):
            child.kill()


def resume_tools() -> None:
    """Allow tools to run again after `stop_tools` (the next task of a worker that goes on)."""
    _STOPPING.clear()


def _run(
    args: list[str],
    *,
    timeout: int = SUBPROCESS_TIMEOUT,
    env: dict[str, str] | None = None,
    deadline: Deadline | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run a tool under a time limit (the smaller of `timeout` and what is left before `deadline`) and an
    address-space limit; over either is an UnreadableDocument (TimeLimit for the deadline)."""
    if _STOPPING.is_set():
        raise TimeLimit(STOPPED_MESSAGE)
    limit: float = timeout
    if deadline is not None:
        deadline.check()
        limit = min(timeout, deadline.left())
    child = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, preexec_fn=_limit_memory
    )
    with _CHILDREN_LOCK:
        _CHILDREN.add(child)
    try:
        stdout, stderr = child.communicate(timeout=limit)
    except subprocess.TimeoutExpired as exc:
        child.kill()
        child.communicate()
        if deadline is not None and deadline.left() <= 0:
            raise TimeLimit(deadline.message()) from exc
        raise UnreadableDocument(f"Xử lý tệp quá lâu (quá {timeout} giây) ở bước {args[0]}.") from exc
    except BaseException:  # SystemExit from a second SIGTERM, KeyboardInterrupt: never leave it running
        child.kill()
        child.wait()
        raise
    finally:
        with _CHILDREN_LOCK:
            _CHILDREN.discard(child)
    if _STOPPING.is_set():
        raise TimeLimit(STOPPED_MESSAGE)
    proc = subprocess.CompletedProcess(args, child.returncode, stdout, stderr)
    if proc.returncode < 0 or any(
        m in proc.stderr for m in (b"bad_alloc", b"Cannot allocate memory", b"MemoryError")
    ):
        raise UnreadableDocument(f"Xử lý tệp cần quá nhiều bộ nhớ ở bước {args[0]}; tệp bị từ chối.")
    return proc


def _pdf_info(path: Path) -> int | None:
    """Page count from pdfinfo; raises for password-protected or broken PDFs."""
    if shutil.which("pdfinfo") is None:
        return _pdf_info_pypdf(path)
    proc = _run(["pdfinfo", str(path)])
    err = proc.stderr.decode("utf-8", "replace").lower()
    if proc.returncode != 0:
        if "password" in err:
            raise UnreadableDocument("Tệp PDF được bảo vệ bằng mật khẩu; hãy gỡ mật khẩu rồi tải lên lại.")
        raise UnreadableDocument("Tệp PDF bị hỏng hoặc không hợp lệ.")
    m = re.search(rb"^Pages:\s+(\d+)", proc.stdout, re.M)
    return int(m.group(1)) if m else None


def _pdf_info_pypdf(path: Path) -> int | None:
    try:
        from pypdf import PdfReader

        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                ok = bool(reader.decrypt(""))
            except Exception:  # missing crypto provider: treat as protected
                ok = False
            if not ok:
                raise UnreadableDocument(
                    "Tệp PDF được bảo vệ bằng mật khẩu; hãy gỡ mật khẩu rồi tải lên lại."
                )
        return len(reader.pages)
    except UnreadableDocument:
        raise
    except Exception as exc:
        raise UnreadableDocument("Tệp PDF bị hỏng hoặc không hợp lệ.") from exc


def _read_pdf(
    data: bytes, *, ocr: bool, progress: ProgressFn | None, deadline: Deadline | None = None
) -> ReadResult:
    with tempfile.TemporaryDirectory(prefix="trienkhai-pdf-") as tmp:
        path = Path(tmp) / "in.pdf"
        path.write_bytes(data)
        pages = _pdf_info(path)
        if shutil.which("pdftotext") is None:
            raise UnreadableDocument("Chưa cài công cụ đọc PDF (poppler-utils: pdftotext).")
        # -layout keeps the geometry we need: where the two header columns sit and which lines start a
        # paragraph (first-line indent). _unlayout() then reads the columns one after the other and
        # rejoins wrapped lines, so the parser sees the same shape as from a .docx.
        proc = _run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], deadline=deadline)
        if proc.returncode != 0:
            err = proc.stderr.decode("utf-8", "replace").lower()
            if "password" in err:
                raise UnreadableDocument(
                    "Tệp PDF được bảo vệ bằng mật khẩu; hãy gỡ mật khẩu rồi tải lên lại."
                )
            raise UnreadableDocument("Tệp PDF bị hỏng hoặc không hợp lệ.")
        text = unlayout(_nfc(proc.stdout.decode("utf-8", "replace")))
        visible = len(re.sub(r"\s", "", text))
        if visible >= PDF_MIN_CHARS_PER_PAGE * max(pages or 1, 1) * 0.5 and visible >= PDF_MIN_CHARS_PER_PAGE:
            return ReadResult(text=text, kind="pdf", encoding=None, warnings=[], pages=pages)
        if not ocr:
            raise OcrNeeded("Tệp PDF không có lớp chữ (bản quét); cần bật OCR để đọc.")
        return _ocr_pdf(path, pages, progress, deadline)


def _require_ocr() -> None:
    if shutil.which("tesseract") is None:
        raise UnreadableDocument("Chưa cài phần mềm nhận dạng chữ (OCR: tesseract) trên máy chủ.")


def _tesseract(image: Path, *, threads: int | None = None, deadline: Deadline | None = None) -> str:
    """OCR one image and return its text with the two header columns read one after the other.

    Tesseract reads the issuer column and the motto column side by side as one line, whatever the page
    segmentation mode. Its flattened text cannot tell them apart, but its word boxes (TSV output) can:
    each word is placed at the column its left edge sits at, so a wide gap between the columns stays a
    wide gap, and unlayout() pulls the columns apart as it does for `pdftotext -layout`. --psm 4 keeps the
    body lines in order.
    """
    env = dict(os.environ)
    if threads is not None:
        env["OMP_THREAD_LIMIT"] = str(threads)
    args = ["tesseract", str(image), "stdout", "-l", _ocr_lang(), "--psm", "4", "tsv"]
    try:
        proc = _run(args, env=env, deadline=deadline)
    except UnreadableDocument as exc:
        if "quá lâu" in str(exc) and not isinstance(exc, TimeLimit):
            raise UnreadableDocument(
                f"Nhận dạng chữ (OCR) quá lâu (quá {SUBPROCESS_TIMEOUT} giây một trang)."
            ) from exc
        raise
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = err[-1] if err else "lỗi không rõ"
        raise UnreadableDocument(f"Nhận dạng chữ (OCR) thất bại: {detail}")
    text = layout_from_tsv(_nfc(proc.stdout.decode("utf-8", "replace")))
    # The short rules under the issuer and the motto come out as underscores glued to a word ("_TỈNH").
    text = re.sub(r"(?m)(^|\s)_{1,3}(?=\w)", r"\1", text)
    return unlayout(text, min_gap=OCR_COLUMN_GAP, join_lines=False)


def layout_from_tsv(tsv: str) -> str:
    """Text laid out from tesseract's TSV word boxes: one row per printed line, words at their columns.

    Rows are tesseract's lines, and lines of different blocks that sit at the same height (the two header
    columns) are merged into one row. Within a row a gap of two characters or less is one space; a wider
    gap puts the next word at its own column (left edge / median character width), at least
    OCR_COLUMN_GAP spaces on, which unlayout() reads as a column gap.
    """
    words: list[tuple[tuple[int, int, int, int], int, int, int, int, str]] = []
    for record in tsv.splitlines()[1:]:
        parts = record.split("\t")
        if len(parts) < 12 or parts[0] != "5" or not parts[11].strip():
            continue
        try:
            page, block, par, line = (int(x) for x in parts[1:5])
            left, top, width, height = (int(x) for x in parts[6:10])
        except ValueError:
            continue
        words.append(((page, block, par, line), left, top, width, height, parts[11].strip()))
    if not words:
        return ""
    char_w = statistics.median(w[3] / max(1, len(w[5])) for w in words) or 1.0
    lines: dict[tuple[int, int, int, int], list[tuple[int, int, int, int, str]]] = {}
    for key, left, top, width, height, text in words:
        lines.setdefault(key, []).append((left, top, width, height, text))
    rows: list[tuple[int, list[tuple[int, int, int, int, str]]]] = []  # (block, words)
    for key, ws in sorted(lines.items(), key=lambda kv: min(w[1] for w in kv[1])):
        top = min(w[1] for w in ws)
        bottom = max(w[1] + w[3] for w in ws)
        for block, row in rows:
            if block == key[1]:
                continue
            r_top = min(w[1] for w in row)
            r_bottom = max(w[1] + w[3] for w in row)
            overlap = min(bottom, r_bottom) - max(top, r_top)
            apart = min(w[0] for w in ws) > max(w[0] + w[2] for w in row) or max(
                w[0] + w[2] for w in ws
            ) < min(w[0] for w in row)
            # the other header column, printed at the same height in a block of its own
            if apart and overlap > 0.7 * max(bottom - top, r_bottom - r_top):
                row.extend(ws)
                break
        else:
            rows.append((key[1], list(ws)))
    margin = min(w[0] for _, row in rows for w in row)
    out: list[str] = []
    for _, row in rows:
        row.sort(key=lambda w: w[0])
        text = ""
        prev_end = None
        for left, _top, width, _height, word in row:
            col = round((left - margin) / char_w)
            if prev_end is None:
                text = " " * col
            elif left - prev_end <= 2 * char_w:
                text += " "
            else:
                text += " " * max(OCR_COLUMN_GAP, col - len(text))
            text += word
            prev_end = left + width
        out.append(text.rstrip())
    return "\n".join(out) + "\n"


_LANG_CACHE: list[str] = []


def _ocr_lang() -> str:
    if not _LANG_CACHE:
        proc = _run(["tesseract", "--list-langs"], timeout=30)
        langs = proc.stdout.decode("utf-8", "replace").split()
        _LANG_CACHE.append("vie" if "vie" in langs else "eng")
    return _LANG_CACHE[0]


def _ocr_pdf(
    path: Path, pages: int | None, progress: ProgressFn | None, deadline: Deadline | None = None
) -> ReadResult:
    _require_ocr()
    if shutil.which("pdftoppm") is None:
        raise UnreadableDocument("Chưa cài công cụ chuyển PDF sang ảnh (poppler-utils: pdftoppm).")
    total = pages or 1
    # pages in parallel on every core, one tesseract thread each: faster than tesseract's own threading
    workers = max(1, min(total, os.cpu_count() or 1))

    def ocr_page(page: int) -> str:
        if _STOPPING.is_set():  # between pages: a stopping worker or a spent deadline starts no page
            raise TimeLimit(STOPPED_MESSAGE)
        if deadline is not None:
            deadline.check()
        prefix = path.parent / f"page{page}"
        proc = _run(["pdftoppm", "-r", str(OCR_DPI), "-gray", "-png", "-f", str(page), "-l", str(page),
                     "-singlefile", str(path), str(prefix)], deadline=deadline)  # fmt: skip
        if proc.returncode != 0:
            raise UnreadableDocument("Không chuyển được trang PDF sang ảnh để nhận dạng chữ.")
        image = prefix.with_suffix(".png")
        try:
            # Pages run in parallel, one tesseract thread each: faster than tesseract's own threading.
            return _tesseract(image, threads=1 if workers > 1 else None, deadline=deadline)
        finally:
            image.unlink(missing_ok=True)

    texts: list[str] = [""] * total
    pool = ThreadPoolExecutor(max_workers=workers)
    try:
        futures = {pool.submit(ocr_page, page): page for page in range(1, total + 1)}
        done = 0
        for future in as_completed(futures):
            texts[futures[future] - 1] = future.result()
            done += 1
            if progress is not None:
                progress(done, total)
    finally:
        # On a failed page, the deadline or a stop, the pages not started are dropped (a `with` block
        # would run all 2,000 of them before letting the error through).
        pool.shutdown(wait=True, cancel_futures=True)
    text = _tidy_ocr("\n".join(texts))
    if not text.strip():
        raise UnreadableDocument("Không nhận dạng được chữ nào trong tệp PDF quét.")
    return ReadResult(
        text=text, kind="ocr", encoding=None, warnings=[OCR_WARNING], pages=total, used_ocr=True
    )


def _read_image(
    data: bytes, ext: str, *, progress: ProgressFn | None, deadline: Deadline | None = None
) -> ReadResult:
    _require_ocr()
    with tempfile.TemporaryDirectory(prefix="trienkhai-img-") as tmp:
        if ext not in {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"}:
            ext = ".png"
        image = Path(tmp) / f"in{ext}"
        image.write_bytes(data)
        text = _tidy_ocr(_tesseract(image, deadline=deadline))
        if progress is not None:
            progress(1, 1)
    if not re.search(r"[^\W\d_]{2,}", text):
        raise UnreadableDocument("Không nhận dạng được chữ nào trong ảnh.")
    return ReadResult(text=text, kind="ocr", encoding=None, warnings=[OCR_WARNING], pages=1, used_ocr=True)


def _tidy_ocr(text: str) -> str:
    text = text.replace("\f", "\n")
    lines = [ln.rstrip() for ln in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + ("\n" if text.strip() else "")
