"""Numbering under concurrency: 20 officers of one unit press "Ban hành" at the same moment, each in
their own thread with its own database connection and its own committed transaction. Every document gets
its own number, the numbers are exactly 01..20, and the register ends at 20.

On PostgreSQL the 20 issuers really run at once (they meet at a barrier, then race for the register row,
which the first one to create it locks). SQLite takes one writer at a time, so there the issuers run one
after another; the test still checks that no number is given twice.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from trienkhai.issuing import workflow
from trienkhai.issuing.models import OutgoingDocument, Register
from trienkhai.issuing.signers import Signer
from trienkhai.lib.docparse import SCHEMA
from trienkhai.orgs.models import UnitKind
from trienkhai.orgs.workflow import create_unit

ISSUERS = 20
ON = dt.date(2026, 5, 4)
SIGNER = Signer(mode="TM", collective="BAN THƯỜNG VỤ", position="CHỦ TỊCH", name="Nguyễn Thị Lan")


def _content(n: int) -> dict:
    return {
        "schema": SCHEMA,
        "issuer": "LIÊN ĐOÀN LAO ĐỘNG TỈNH AN BÌNH",
        "number": "/BC-LĐLĐ",
        "doc_type": "BC",
        "doc_type_name": "Báo cáo",
        "place": "An Bình",
        "date": ON.isoformat(),
        "title": f"Kết quả công tác tháng {n}",
        "sections": [{"label": "I", "title": "KẾT QUẢ", "paragraphs": [f"Nội dung báo cáo số {n}."]}],
        "recipients": ["Tổng Liên đoàn (b.c)"],
        "signer": SIGNER.as_dict(),
        "filing_unit": "LĐLĐ",
    }


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_issuers_never_share_a_number() -> None:
    unit = create_unit(
        parent=None,
        on=dt.date(2010, 1, 1),
        code="AB",
        name="Liên đoàn Lao động tỉnh An Bình",
        kind=UnitKind.PROVINCIAL,
    )
    drafts = [
        OutgoingDocument.objects.create(unit=unit, kind="report", content=_content(n), title=f"Tháng {n}")
        for n in range(1, ISSUERS + 1)
    ]
    parallel = connection.vendor == "postgresql"
    barrier = threading.Barrier(ISSUERS) if parallel else None
    one_at_a_time = threading.Lock()
    errors: list[BaseException] = []

    def issue(draft: OutgoingDocument) -> None:
        try:
            if barrier is not None:
                barrier.wait(timeout=60)
                workflow.issue_document(document=draft, user=None, on=ON, header={"signer": SIGNER})
            else:
                with one_at_a_time:
                    workflow.issue_document(document=draft, user=None, on=ON, header={"signer": SIGNER})
        except BaseException as exc:  # handed to the main thread, which fails the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(d,)) for d in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == []
    issued = OutgoingDocument.objects.filter(unit=unit, state="issued")
    serials = sorted(issued.values_list("serial", flat=True))
    numbers = set(issued.values_list("number", flat=True))
    assert serials == list(range(1, ISSUERS + 1))
    assert numbers == {f"{n:02d}/BC-LĐLĐ" for n in range(1, ISSUERS + 1)}
    assert Register.objects.get(unit=unit, year=2026).last_number == ISSUERS
    # Each frozen .docx carries its own number.
    import docx

    for document in issued:
        header = docx.Document(document.docx.path).tables[0].rows[0].cells[0].text
        assert f"Số: {document.number}" in header
