"""Per-field accuracy of the parser on the corpus: `.venv/bin/python -m tests.docparse.accuracy`."""

from __future__ import annotations

import json
from pathlib import Path

from trienkhai.lib.docparse import parse_text_strict

CORPUS = Path(__file__).parent / "corpus"
FIELDS = (
    "parent_body",
    "issuer",
    "number",
    "number_raw",
    "doc_type",
    "doc_type_name",
    "is_dispatch",
    "place",
    "date",
    "title",
    "outline",
    "tasks",
    "assignments",
    "citations",
    "recipients",
    "signer",
)


def corpus_files(folder: Path = CORPUS) -> list[tuple[Path, Path]]:
    """(document, expected JSON) pairs of a corpus folder, sorted by name."""
    pairs = []
    for expected in sorted(folder.glob("*.expected.json")):
        stem = expected.name[: -len(".expected.json")]
        docs = [p for p in folder.glob(f"{stem}.*") if not p.name.endswith(".json")]
        pairs.append((docs[0], expected))
    return pairs


def outline(sections: list[dict]) -> list[list[str]]:
    """[id, title] of every numbered part, depth first."""
    out: list[list[str]] = []
    for s in sections:
        out.append([s["id"], s["title"]])
        out.extend(outline(s["children"]))
    return out


def comparable(doc: dict) -> dict:
    """The parsed dict reduced to the fields the expected files hold."""
    got = {k: doc.get(k) for k in FIELDS if k != "outline"}
    got["outline"] = outline(doc["sections"])
    got["citations"] = sorted(
        ({k: c.get(k) for k in ("number", "doc_type", "date", "issuer")} for c in doc["citations"]),
        key=lambda c: c["number"],
    )
    return got


def normalise_expected(expected: dict) -> dict:
    """Expected values in the same shape as `comparable` (citations sorted by number)."""
    exp = dict(expected)
    exp["citations"] = sorted(exp["citations"], key=lambda c: c["number"])
    return exp


def field_results(path: Path, expected_path: Path) -> dict[str, bool]:
    """field -> parsed value equals the expected value, for one corpus document."""
    got = comparable(parse_text_strict(path.read_text(encoding="utf-8")))
    exp = normalise_expected(json.loads(expected_path.read_text(encoding="utf-8")))
    return {f: got[f] == exp[f] for f in FIELDS}


def report(title: str, pairs: list[tuple[Path, Path]]) -> float:
    """Print per-document misses and per-field accuracy; return the share of fields right."""
    totals = dict.fromkeys(FIELDS, 0)
    for doc, exp in pairs:
        res = field_results(doc, exp)
        for f, ok in res.items():
            totals[f] += ok
        bad = [f for f, ok in res.items() if not ok]
        print(f"{doc.name:32} {'ok' if not bad else 'MISS ' + ', '.join(bad)}")
    print(f"\n{title}: per-field accuracy over {len(pairs)} documents")
    for f in FIELDS:
        print(f"  {f:14} {totals[f]}/{len(pairs)}  {100 * totals[f] / len(pairs):.0f}%")
    overall = sum(totals.values()) / (len(FIELDS) * len(pairs))
    print(f"  {'all fields':14} {100 * overall:.1f}%\n")
    return overall


def main() -> None:
    report("Corpus (developed with the parser)", corpus_files())
    report("Held-out (written after the parser was frozen)", corpus_files(CORPUS / "heldout"))


# --- the real corpus: public documents as copied from the web, annotated by hand ----------------

REAL = Path(__file__).parent / "real"
REAL_FIELDS = (
    "parent_body",
    "issuer",
    "number",
    "number_raw",
    "doc_type",
    "doc_type_name",
    "is_dispatch",
    "place",
    "date",
    "title",
    "recipients",
    "signer",
)


def real_results(path: Path, expected_path: Path) -> dict[str, tuple[bool, object, object]]:
    """field -> (right, parsed, expected) for the fields annotated in a real-corpus expected file."""
    got = parse_text_strict(path.read_text(encoding="utf-8"))
    exp = json.loads(expected_path.read_text(encoding="utf-8"))
    return {f: (got[f] == exp[f], got[f], exp[f]) for f in REAL_FIELDS if f in exp}


def report_real(title: str, pairs: list[tuple[Path, Path]], verbose: bool = False) -> float:
    """Print per-document misses and per-field accuracy of the real corpus; return the share right."""
    right = dict.fromkeys(REAL_FIELDS, 0)
    seen = dict.fromkeys(REAL_FIELDS, 0)
    for doc, exp in pairs:
        res = real_results(doc, exp)
        for f, (ok, _, _) in res.items():
            seen[f] += 1
            right[f] += ok
        bad = [f for f, (ok, _, _) in res.items() if not ok]
        print(f"{doc.name:36} {'ok' if not bad else 'MISS ' + ', '.join(bad)}")
        if verbose:
            for f in bad:
                print(f"    {f}: got {res[f][1]!r}\n    {' ' * len(f)}  want {res[f][2]!r}")
    print(f"\n{title}: per-field accuracy over {len(pairs)} documents")
    for f in REAL_FIELDS:
        if seen[f]:
            print(f"  {f:14} {right[f]}/{seen[f]}  {100 * right[f] / seen[f]:.0f}%")
    overall = sum(right.values()) / max(1, sum(seen.values()))
    print(f"  {'all fields':14} {sum(right.values())}/{sum(seen.values())}  {100 * overall:.1f}%\n")
    return overall


def real_main(corpus: str = "real") -> None:
    """Score a real-document folder: `python -m tests.docparse.accuracy real|wild [heldout] [-v]`."""
    import sys

    verbose = "-v" in sys.argv
    folder = REAL_FOLDERS[corpus]
    label = REAL_LABELS[corpus]
    if "heldout" in sys.argv:
        report_real(f"{label}, held-out part", corpus_files(folder / "heldout"), verbose)
    else:
        report_real(f"{label}, development part", corpus_files(folder), verbose)


# --- the wild corpus: public documents from sources the parser was not developed on ----------------

WILD = Path(__file__).parent / "wild"
REAL_FOLDERS = {"real": REAL, "wild": WILD}
REAL_LABELS = {"real": "Real corpus", "wild": "Wild corpus"}


if __name__ == "__main__":
    import sys

    corpus = next((a for a in sys.argv[1:] if a in REAL_FOLDERS), None)
    if corpus:
        real_main(corpus)
    else:
        main()
