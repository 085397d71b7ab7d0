"""Demo step of `documents`: ingest the seed plan 27/KH-LĐLĐ of LĐLĐ huyện Phú Riềng as officer_son
would, through the same code path as the upload (read → parse → register → draft plan).

Idempotent: the same file (SHA-256) is not ingested twice.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model

from trienkhai.orgs.models import Unit

from .models import Document, LegalBasis
from .workflow import create_plan_for_document, ingest_upload, save_review, sha256_of

# The founding document (shared/seed/000_ba02c80196998ee5.txt), shipped with the app so that the demo and
# the tests never read anything outside the repository.
PACKAGED_SEED = Path(__file__).resolve().parent / "data" / "seed-27-KH-LDLD.txt"


def build(units: dict[str, Unit], stdout) -> None:
    path = PACKAGED_SEED
    data = path.read_bytes()
    if Document.objects.filter(sha256=sha256_of(data)).exists():
        stdout.write("Kế hoạch mẫu 27/KH-LĐLĐ đã được nạp trước đây.")
        return
    user = get_user_model().objects.filter(username="officer_son").first()
    document, _created = ingest_upload(data=data, filename=path.name, owner_unit=units["PRG"], user=user)
    save_review(document=document, parsed=document.parsed, user=user)
    plan, _ = create_plan_for_document(document=document, user=user)
    stdout.write(
        f"Đã nạp văn bản {document.parsed.get('number')} ({len(document.parsed.get('tasks') or [])} nhiệm vụ), "
        f"{LegalBasis.objects.count()} văn bản căn cứ, kế hoạch nháp #{plan.pk}."
    )


def wipe() -> None:
    from trienkhai.plans.models import Plan

    documents = Document.objects.all()
    # Plans made from the demo documents go first (their owner units are about to be wiped too);
    # sub-plans before the plans they implement.
    plans = Plan.objects.filter(document__in=documents)
    Plan.objects.filter(parent_plan__in=plans).delete()
    plans.delete()
    for document in documents:
        if document.original:
            document.original.delete(save=False)
    documents.delete()
    LegalBasis.objects.all().delete()
