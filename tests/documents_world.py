"""The named world plus what the document tests share: a viewer in the commune, the seed file, a
scratch MEDIA_ROOT, tasks run at once, and a helper that turns the review screen's forms into POST data."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from trienkhai.documents.forms import ReviewForms
from trienkhai.documents.models import Document
from trienkhai.documents.tasks import queue_reading
from trienkhai.documents.workflow import ingest_upload
from trienkhai.orgs.models import Role

from .media import TempMediaMixin
from .world import World

SEED = Path(__file__).resolve().parent.parent / "trienkhai" / "documents" / "data" / "seed-27-KH-LDLD.txt"
IMMEDIATE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default", "slow"]}
}


def seed_bytes() -> bytes:
    return SEED.read_bytes()


def review_data(parsed: dict, **changes: str) -> dict:
    """POST data of the review screen exactly as shown for `parsed`, with `changes` by field name
    ("h-place", "t-3-text" ...)."""
    forms = ReviewForms(parsed)
    data: dict[str, str] = {}
    for formset in (forms.group_forms, forms.tasks, forms.assignments, forms.citations):
        mf = formset.management_form
        for name in mf.fields:
            data[mf.add_prefix(name)] = str(mf.initial[name])
    every = [forms.header]
    for formset in (forms.group_forms, forms.tasks, forms.assignments, forms.citations):
        every.extend(formset.forms)
    for form in every:
        for name, field in form.fields.items():
            if name == "DELETE":
                continue
            value = form.initial.get(name, field.initial)
            if value is not None:
                data[form.add_prefix(name)] = str(value)
    data.update(changes)
    return data


class DocumentWorld(TempMediaMixin, World):
    extra_settings = {"TASKS": IMMEDIATE}

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.viewer = cls.make_user("viewer_vy", "Vy", cls.commune, Role.VIEWER)

    def upload(self, data: bytes, name: str, unit=None, **extra):
        unit = unit or self.commune
        return self.client.post(
            "/van-ban/tai-len/", {"owner_unit": unit.pk, "file": SimpleUploadedFile(name, data)}, **extra
        )

    def ingest_seed(self, unit=None) -> Document:
        document, _ = ingest_upload(
            data=seed_bytes(),
            filename="ke-hoach-27.txt",
            owner_unit=unit or self.commune,
            user=self.officer_minh,
        )
        return queue_reading(document)
