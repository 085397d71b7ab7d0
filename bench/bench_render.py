"""Rendering speed (issue 12): the seed as a Decree 30 .docx, one PDF through LibreOffice, and a batch of
100 PDFs converted on every core (one LibreOffice process and profile per conversion).

Prints `BENCH render_docx_ms` (median, goal < 300), `BENCH render_pdf_s` (median of 3, goal < 3),
`BENCH render_pdf_cpu_s` (the CPU time LibreOffice spends on it: the figure that does not depend on
what else the machine runs), `BENCH render_pdf_batch100_s` with `BENCH render_pdf_batch100_cores`, and
`BENCH render_pdf_batch100_vs_serial` (the batch's time over 100 single conversions one after another: about
1/cores when every core is busy). `BENCH_SCALE` < 1 shrinks the batch (the figure is then scaled to 100 and
the output says so).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_JSON = ROOT / "tests" / "docread" / "fixtures" / "seed.json"


def _seed() -> dict:
    return json.loads(SEED_JSON.read_text(encoding="utf-8"))


def bench_docx(runs: int = 30) -> float:
    """Median milliseconds to lay the seed out as .docx."""
    from trienkhai.lib.render import render_docx

    seed = _seed()
    with tempfile.TemporaryDirectory(prefix="bench-render-") as tmp:
        render_docx(seed, Path(tmp) / "warm.docx")
        times = []
        for i in range(runs):
            start = time.perf_counter()
            render_docx(seed, Path(tmp) / f"seed-{i}.docx")
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_pdf(runs: int = 3) -> tuple[float, float]:
    """(median wall seconds, median CPU seconds of LibreOffice) to convert the seed's .docx to PDF, each
    run on a profile of its own. The CPU time does not depend on what else the machine runs."""
    import resource

    from trienkhai.lib.render import docx_to_pdf, render_docx

    def children_cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        docx_path = render_docx(_seed(), Path(tmp) / "seed.docx")
        docx_to_pdf(docx_path, Path(tmp) / "warm")  # the process's profile template, made once
        times, cpu = [], []
        for i in range(runs):
            out = Path(tmp) / f"out-{i}"
            start, start_cpu = time.perf_counter(), children_cpu()
            docx_to_pdf(docx_path, out)
            times.append(time.perf_counter() - start)
            cpu.append(children_cpu() - start_cpu)
    return statistics.median(times), statistics.median(cpu)


def bench_batch(count: int) -> tuple[float, int]:
    """Seconds to convert `count` copies of the seed (distinct files) on every core; (seconds, cores)."""
    from trienkhai.lib.office import convert_many, cores
    from trienkhai.lib.render import RenderError, render_docx

    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        first = render_docx(_seed(), Path(tmp) / "doc-0.docx")
        paths = [first]
        for i in range(1, count):
            paths.append(Path(shutil.copy(first, Path(tmp) / f"doc-{i}.docx")))
        start = time.perf_counter()
        results = convert_many(paths, Path(tmp) / "pdf")
        seconds = time.perf_counter() - start
    failed = [r for r in results if isinstance(r, RenderError)]
    if failed:
        raise RuntimeError(f"{len(failed)} of {count} conversions failed: {failed[0]}")
    return seconds, cores()


def run() -> None:
    print(f"BENCH render_docx_ms {bench_docx():.1f} ms")
    if shutil.which("soffice") is None:
        print("bench_render: LibreOffice (soffice) missing; PDF figures not measured")
        return
    single, cpu = bench_pdf()
    print(f"BENCH render_pdf_s {single:.2f} s")
    print(f"BENCH render_pdf_cpu_s {cpu:.2f} s")
    print(f"bench_render: load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs during the PDF runs")
    scale = float(os.environ.get("BENCH_SCALE", "1") or 1)
    count = max(4, round(100 * min(scale, 1.0)))
    seconds, cores = bench_batch(count)
    if count != 100:
        print(f"bench_render: batch of {count} documents (BENCH_SCALE={scale}), time scaled to 100")
        seconds = seconds * 100 / count
    print(f"BENCH render_pdf_batch100_s {seconds:.1f} s")
    print(f"BENCH render_pdf_batch100_cores {cores} cores")
    print(f"BENCH render_pdf_batch100_vs_serial {seconds / (100 * single):.2f} ratio")


if __name__ == "__main__":
    run()
