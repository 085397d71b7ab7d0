"""The upload policy (`lib.uploads`) as the views use it: check an uploaded file, serve a stored one.

Every file field of the project checks its uploads here before anything is stored, and every stored
upload is served through `serve`: with the type of the kind it was checked as (never what the browser
sent or guesses), `X-Content-Type-Options: nosniff`, and as a download unless it is an image or a PDF
shown in a page.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import IO, Any

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

from trienkhai.lib.uploads import (
    Checked,
    Policy,
    UploadRefused,
    check,
    content_type_for,
    shows_inline,
    too_big,
)


def policy(kinds: Collection[str], *, max_bytes: int | None = None, max_pages: int | None = None) -> Policy:
    """The policy of one file field: its kinds, its size (UPLOAD_MAX_BYTES unless said), its pages."""
    return Policy(
        kinds=frozenset(kinds), max_bytes=max_bytes or settings.UPLOAD_MAX_BYTES, max_pages=max_pages
    )


def check_uploaded(upload: Any, field_policy: Policy) -> Checked:
    """Check an UploadedFile against `field_policy` (reading at most one byte past its size bound) and
    rewind it for storing; raises UploadRefused with the Vietnamese reason."""
    if upload.size is not None and upload.size > field_policy.max_bytes:  # refused without reading it
        raise UploadRefused(too_big(upload.size, field_policy.max_bytes))
    upload.seek(0)
    data = upload.read(field_policy.max_bytes + 1)
    upload.seek(0)
    return check(data, upload.name or "", field_policy)


def refusal(upload: Any, field_policy: Policy) -> str | None:
    """The Vietnamese reason `upload` is refused, naming the file, or None when it is accepted."""
    try:
        check_uploaded(upload, field_policy)
    except UploadRefused as exc:
        return f"Không nhận tệp «{upload.name}»: {exc}"
    return None


def serve(handle: IO[bytes], filename: str, *, inline: bool = False) -> FileResponse:
    """A stored upload as a response: checked type, no sniffing, a download unless the page shows it
    (`inline`, an activity photo) and it is an image or a PDF."""
    response = FileResponse(
        handle,
        as_attachment=not (inline and shows_inline(filename)),
        filename=filename,
        content_type=content_type_for(filename),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def serve_stored(stored: FieldFile, filename: str, *, inline: bool = False, missing: str) -> FileResponse:
    """`serve` for a file a model keeps, opened here: when the storage has lost it, 404 with the
    Vietnamese `missing` sentence (never a 500)."""
    try:
        handle = stored.open("rb")
    except FileNotFoundError as exc:
        raise Http404(missing) from exc
    return serve(handle, filename, inline=inline)
