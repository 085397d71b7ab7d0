"""What `issuing` adds to the pages of `documents` (see `trienkhai.documents.contrib`): the signed copy of
an issued document is the document of record of its number in the registry of legal bases."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from trienkhai.documents.contrib import Link
from trienkhai.documents.models import LegalBasis
from trienkhai.orgs.models import Unit

from .models import OutgoingDocument


def record_copies(request: HttpRequest, bases: list[LegalBasis]) -> dict[int, Link]:
    """{basis id: "Bản đã ký"} for the bases whose issued document has a signed copy that the user may
    download (the same rule as the issued document's page: the issuing unit is in the user's tree)."""
    documents = (
        OutgoingDocument.objects.issued()
        .filter(basis__in=[b.pk for b in bases], signed_copy__isnull=False)
        .filter(unit__in=Unit.objects.related_to(request.user))
        .order_by("issued_at", "pk")  # the latest issued under a number wins
        .values_list("basis_id", "pk", "signed_copy_id", "number")
    )
    return {
        basis_id: Link(
            label=_("Bản đã ký"),
            url=reverse("issuing:signed_file", args=[pk, signed_id]),
            detail=number,
            id=f"signed-copy-{basis_id}",
        )
        for basis_id, pk, signed_id, number in documents
    }
