"""Parser speed and memory: the seed plan, and a ~1 MB (about 300 pages) synthetic document.

Prints `BENCH parse_seed_ms <median> ms` (median of 40 parses of the seed), `BENCH parse_1mb_s <s> s`
(median of 3 parses of the synthetic document) and `BENCH parse_1mb_peak_mb <MB> MB` (tracemalloc peak
while parsing it once), and `BENCH parse_1mb_worst_s` (the slowest hostile 1 MB input of the property tests).
Targets: seed < 100 ms; 1 MB < 2 s and < 200 MB; worst hostile 1 MB < 10 s.
"""

from __future__ import annotations

import random
import statistics
import time
import tracemalloc
from pathlib import Path

from trienkhai.lib.docparse import parse_text

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "trienkhai" / "documents" / "data" / "seed-27-KH-LDLD.txt"  # the packaged seed
CORPUS = ROOT / "tests" / "docparse" / "corpus"


def _seed_text() -> str:
    if SEED.exists():
        return SEED.read_text(encoding="utf-8")
    return next(CORPUS.glob("kh_ldld_tinh-*.md")).read_text(encoding="utf-8")


def synthetic_document(size: int = 1_000_000) -> str:
    """The seed followed by corpus bodies, renumbered and shuffled, until `size` characters (one document)."""
    rng = random.Random(7)
    seed = _seed_text()
    bodies = [
        p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*-*.*")) if p.suffix in (".txt", ".md")
    ]
    parts = [seed]
    total = len(seed)
    n = 0
    while total < size:
        n += 1
        text = rng.choice(bodies + [seed]).replace("27 /KH", f"{n} /KH").replace("43-NQ/TW", f"{n}-NQ/TW")
        lines = text.split("\n")
        cut = rng.randrange(len(lines) // 3 + 1)
        chunk = "\n".join(lines[cut:])  # later pages: mostly body text, some headers and footers
        parts.append(f"\n\n- {n + 1} -\n\n{chunk}")
        total += len(chunk) + 12
    return "".join(parts)[:size]


def run() -> None:
    """Measure and print the three BENCH lines."""
    seed = _seed_text()
    parse_text(seed)  # warm up regex caches
    samples = []
    for _ in range(40):
        start = time.perf_counter()
        parse_text(seed)
        samples.append((time.perf_counter() - start) * 1000)
    print(f"BENCH parse_seed_ms {statistics.median(samples):.1f} ms")

    big = synthetic_document()
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        doc = parse_text(big)
        runs.append(time.perf_counter() - start)
    assert doc["schema"] == "trienkhai.document/1"
    print(f"BENCH parse_1mb_s {statistics.median(runs):.2f} s")

    tracemalloc.start()
    parse_text(big)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"BENCH parse_1mb_peak_mb {peak / 1_000_000:.1f} MB")

    # the hostile 1 MB inputs of tests/docparse/test_properties.py (one long line, a million dashes ...):
    # the slowest of them, which must stay linear (target < 10 s)
    from tests.docparse.test_properties import BIG_CASES

    worst = 0.0
    for text in BIG_CASES.values():
        start = time.perf_counter()
        parse_text(text)
        worst = max(worst, time.perf_counter() - start)
    print(f"BENCH parse_1mb_worst_s {worst:.2f} s")


if __name__ == "__main__":
    run()
