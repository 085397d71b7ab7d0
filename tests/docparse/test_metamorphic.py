"""Metamorphic tests: another layout of the same header or signature block gives the same reading.

For every corpus document and every transformation of `metamorphic.TRANSFORMS` (lines joined, wrapped at
40 columns, columns flattened in either order, blank lines added or removed), the header fields and the
signer read from the transformed text equal those read from the original. Cases the parser does not meet
yet are listed in `metamorphic_xfail.py` and marked strict, so the list can only shrink.
"""

from __future__ import annotations

import json

import pytest

from trienkhai.lib.docparse import parse_text_strict

from .metamorphic import TRANSFORMS, case_id, cases, reading
from .metamorphic_xfail import XFAIL

CASES = cases()


def _param(doc, name):
    cid = case_id(doc, name)
    marks = [pytest.mark.xfail(strict=True, reason=XFAIL[cid])] if cid in XFAIL else []
    return pytest.param(doc, name, id=cid, marks=marks)


def test_every_document_gets_every_line_transformation() -> None:
    docs = {doc for doc, _ in CASES}
    assert len(docs) >= 70
    assert len(CASES) >= 5 * len(docs)
    assert sum(1 for _, name in CASES if name == "flat_right") >= 5


def test_xfail_list_names_only_existing_cases() -> None:
    assert set(XFAIL) <= {case_id(doc, name) for doc, name in CASES}


@pytest.mark.parametrize(("doc", "name"), [_param(d, n) for d, n in CASES])
def test_layout_transformation_keeps_header_and_signer(doc, name) -> None:
    text = doc.read_text(encoding="utf-8")
    want = reading(parse_text_strict(text))
    got = reading(parse_text_strict(TRANSFORMS[name](text)))
    assert got == want, json.dumps(
        {k: (want[k], got[k]) for k in want if want[k] != got[k]}, ensure_ascii=False
    )
