"""Demo step of `documents`: ingest the seed plan 27/KH-LĐLĐ of LĐLĐ huyện Phú Riềng as officer_son
would, through the same code path as the upload (read → parse → review → registry). The plans step
makes the draft plan of it.

Idempotent: the same file (SHA-256) is not ingested twice.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model

from trienkhai.orgs.models import Unit

from .models import Document, LegalBasis
from .workflow import ingest_upload, read_queued_document, save_review, sha256_of

# The founding document (shared/seed/000_ba02c80196998ee5.txt), shipped with the app so that the demo and
# the tests never read anything outside the repository.
PACKAGED_SEED = Path(__file__).resolve().parent / "data" / "seed-27-KH-LDLD.txt"


def seed_document() -> Document | None:
    """The demo's copy of the seed, once ingested."""
    return Document.objects.filter(sha256=sha256_of(PACKAGED_SEED.read_bytes())).order_by("pk").first()


def build(world: dict, stdout) -> None:
    units: dict[str, Unit] = world["units"]
    path = PACKAGED_SEED
    data = path.read_bytes()
    if Document.objects.filter(sha256=sha256_of(data)).exists():
        stdout.write("Kế hoạch mẫu 27/KH-LĐLĐ đã được nạp trước đây.")
        return
    user = get_user_model().objects.filter(username="officer_son").first()
    document, _created = ingest_upload(data=data, filename=path.name, owner_unit=units["PRG"], user=user)
    # The demo reads the seed at once rather than waiting for the task worker to start.
    read_queued_document(document_id=document.pk)
    document.refresh_from_db()
    save_review(document=document, parsed=document.contract(), user=user)
    stdout.write(
        f"Đã nạp văn bản {document.contract()['number']} ({len(document.contract()['tasks'])} nhiệm vụ), "
        f"{LegalBasis.objects.count()} văn bản căn cứ."
    )


def wipe() -> None:
    # Runs after the steps above it (plans, reports) have wiped what they built on these documents.
    documents = Document.objects.all()
    for document in documents:
        if document.original:
            document.original.delete(save=False)
    documents.delete()
    LegalBasis.objects.all().delete()
