"""Ingested official documents and the registry of legal bases (căn cứ) they cite.

A `Document` is one uploaded file (kept as uploaded, keyed by SHA-256) with its extracted text and the
parse result as the officer reviewed it. A `LegalBasis` is one official document known by its normalised
number (43-NQ/TW, 79/KH-LĐLĐ), whether or not we hold its file; `implements` links it to the document it
carries out, which gives the chain upward (27/KH-LĐLĐ → 79/KH-LĐLĐ → 43-NQ/TW).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords  # type: ignore[import-untyped]  # the package ships no type information

from trienkhai.lib.docparse.schema import Document as ParsedDocument
from trienkhai.lib.docparse.schema import from_json
from trienkhai.lib.vn import fold, name_key
from trienkhai.orgs.models import Unit

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")


class LegalBasisQuerySet(models.QuerySet):
    def visible_to(self, user) -> LegalBasisQuerySet:
        """Documents of the Party, the State and the confederation (no owner unit) are public knowledge;
        a unit's own documents are seen within its tree (its units, those below and those above), unless
        the unit marked them public."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(
            models.Q(owner_unit__isnull=True)
            | models.Q(is_public=True)
            | models.Q(owner_unit__in=Unit.objects.related_to(user))
        )

    def with_implements_visible_to(self, user) -> LegalBasisQuerySet:
        """Annotate `implements_visible`: whether the user may open what each basis carries out, by the
        same rule as `visible_to`, so a list never links to a page that refuses the user (a province's
        report carries out the plan of a dissolved district that its CĐCS no longer see)."""
        target = LegalBasis.objects.visible_to(user).filter(pk=models.OuterRef("implements_id"))
        return self.annotate(implements_visible=models.Exists(target))

    def search(self, text: str) -> LegalBasisQuerySet:
        """Diacritic-insensitive search on number, issuer and title."""
        q = models.Q()
        for word in fold(text).split():
            q &= models.Q(search_text__contains=word)
        return self.filter(q)


class LegalBasis(models.Model):
    # Numbers repeat between units (every district federation has a 27/KH-LĐLĐ), so a unit's own
    # document is known by (number, owner unit); a public body's document by its number alone.
    number = models.CharField(_("số, ký hiệu"), max_length=64)
    owner_unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="own_bases",
        verbose_name=_("đơn vị ban hành"),
    )
    is_public = models.BooleanField(_("công khai"), default=False)
    doc_type = models.CharField(_("loại văn bản"), max_length=16, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    # The issuer as identity: one document printed "LIÊN ĐOÀN LAO ĐỘNG HUYỆN …" in one copy and
    # "Liên đoàn Lao động huyện …" in another is one legal basis (see documents.workflow).
    issuer_key = models.CharField(max_length=255, blank=True, default="", editable=False)
    date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    title = models.TextField(_("trích yếu"), blank=True)
    implements = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="implemented_by",
        verbose_name=_("thực hiện văn bản"),
    )
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["search_text", "issuer_key"])

    objects = LegalBasisQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản căn cứ")
        verbose_name_plural = _("văn bản căn cứ")
        ordering = ["-date", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=models.Q(owner_unit__isnull=True), name="basis_public_number"
            ),
            models.UniqueConstraint(
                fields=["number", "owner_unit"],
                condition=models.Q(owner_unit__isnull=False),
                name="basis_own_number",
            ),
        ]
        indexes = [models.Index(fields=["number", "issuer_key"], name="basis_number_issuer")]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs) -> None:
        self.search_text = fold(" ".join([self.number, self.issuer, self.title]))
        self.issuer_key = name_key(self.issuer)
        super().save(*args, **kwargs)

    def chain_up(self, limit: int = 12) -> list[LegalBasis]:
        """This basis and what it implements, upward, stopping on cycles."""
        chain: list[LegalBasis] = []
        seen: set[int] = set()
        node: LegalBasis | None = self
        while node is not None and node.pk not in seen and len(chain) < limit:
            chain.append(node)
            seen.add(node.pk)
            node = node.implements
        return chain


# Past the task's own time limit, a worker that is alive has already failed the reading itself.
STALE_MARGIN = dt.timedelta(minutes=2)
STALE_MESSAGE = "Việc đọc văn bản bị gián đoạn (máy chủ dừng giữa chừng) và đã hủy; hãy tải tệp lên lại."


def stale_since() -> dt.datetime:
    """A reading that began before this moment has outlived its task's time limit: its worker died."""
    return timezone.now() - dt.timedelta(seconds=settings.OCR_TASK_SECONDS) - STALE_MARGIN


class DocumentQuerySet(models.QuerySet):
    def fail_stale_readings(self) -> int:
        """Mark failed, with a message the officer sees, every reading that began longer ago than the
        task's time limit (OCR_TASK_SECONDS) plus a margin: its worker died or was killed. Returns how
        many. Run by the daily job (`documents/daily.py`); pages show such a reading as failed without
        writing (`Document.show_stale_as_failed`), since a GET changes nothing."""
        since = stale_since()
        return self.filter(read_state=Document.ReadState.READING, read_started_at__lt=since).update(
            read_state=Document.ReadState.FAILED, error=STALE_MESSAGE
        )


class Document(models.Model):
    class ReviewState(models.TextChoices):
        REVIEW = "review", _("Chờ rà soát")
        SAVED = "saved", _("Đã lưu")

    class ReadState(models.TextChoices):
        QUEUED = "queued", _("Đang chờ đọc")
        READING = "reading", _("Đang nhận dạng chữ")
        READY = "ready", _("Đã đọc")
        FAILED = "failed", _("Không đọc được")

    # One copy per unit: two provinces each keep their own copy of the same central resolution.
    sha256 = models.CharField(max_length=64)
    original = models.FileField(upload_to="documents/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(default=0)
    read_kind = models.CharField(
        max_length=16, blank=True
    )  # text / docx / pdf / ocr (docread.ReadResult.kind)
    text = models.TextField(_("văn bản trích xuất"), blank=True)
    parsed = models.JSONField(_("kết quả phân tích"), default=dict, blank=True)  # parse-json contract dict
    # The parser's output before the officer's corrections, kept to audit what was changed by hand.
    parsed_original = models.JSONField(default=dict, blank=True)
    # Reading state: a scan is OCR'd by a background task and the review page polls its progress.
    read_state = models.CharField(max_length=16, choices=ReadState.choices, default=ReadState.READY)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)  # docread's one-line message when reading failed
    # When the worker began reading: a reading still going long past OCR_TASK_SECONDS belongs to a worker
    # that died, and is failed with a message (`Document.objects.fail_stale_readings`).
    read_started_at = models.DateTimeField(null=True, blank=True)
    review_state = models.CharField(max_length=16, choices=ReviewState.choices, default=ReviewState.REVIEW)
    owner_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="documents")
    basis = models.ForeignKey(
        LegalBasis,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
        verbose_name=_("số hiệu trong sổ căn cứ"),
    )
    cites = models.ManyToManyField(LegalBasis, blank=True, related_name="cited_by_documents")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["text"])

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-uploaded_at"]
        constraints = [
            models.UniqueConstraint(fields=["owner_unit", "sha256"], name="document_once_per_unit")
        ]
        indexes = [models.Index(fields=["sha256"])]

    def __str__(self) -> str:
        return self.contract()["number"] or self.original_name

    def contract(self) -> ParsedDocument:
        """The stored parse as the typed contract; a row saved before a key was added gets its empty
        value."""
        return from_json(self.parsed or {})

    @property
    def is_image(self) -> bool:
        """An image file is always read by OCR; a .docx or a text file never is, and a PDF only when
        it turns out to be a scan (then the reader reports page progress)."""
        return self.original_name.lower().endswith(IMAGE_SUFFIXES)

    def show_stale_as_failed(self) -> Document:
        """A reading that outlived its time limit died with its worker: shown as failed, with why, in
        memory only (a GET writes nothing); the daily job records it (`fail_stale_readings`)."""
        started = self.read_started_at
        if self.read_state == self.ReadState.READING and started is not None and started < stale_since():
            self.read_state = self.ReadState.FAILED
            self.error = STALE_MESSAGE
        return self

    @property
    def read_state_label(self) -> str:
        """The reading state as it really is for this file: OCR only for an image or a scan."""
        if self.read_state in (self.ReadState.QUEUED, self.ReadState.READING) and not (
            self.is_image or self.progress_total
        ):
            return str(_("Đang chờ đọc") if self.read_state == self.ReadState.QUEUED else _("Đang đọc tệp"))
        return str(self.get_read_state_display())
