"""Ingested official documents and the registry of legal bases (căn cứ) they cite.

A `Document` is one uploaded file (kept as uploaded, keyed by SHA-256) with its extracted text and the
parse result as the officer reviewed it. A `LegalBasis` is one official document known by its normalised
number (43-NQ/TW, 79/KH-LĐLĐ), whether or not we hold its file; `implements` links it to the document it
carries out, which gives the chain upward (27/KH-LĐLĐ → 79/KH-LĐLĐ → 43-NQ/TW).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords  # type: ignore[import-untyped]

from trienkhai.core.jobs import Job
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


# Shown when the reading's worker died (core.jobs: no heartbeat for JOB_STALE_SECONDS).
STALE_MESSAGE = "Việc đọc văn bản bị gián đoạn (máy chủ dừng giữa chừng) và đã hủy; hãy tải tệp lên lại."
READ_CRASHED = "Có lỗi hệ thống khi đọc văn bản; hãy tải tệp lên lại hoặc báo quản trị viên."


class Document(Job):
    class ReviewState(models.TextChoices):
        REVIEW = "review", _("Chờ rà soát")
        SAVED = "saved", _("Đã lưu")

    class ReadState(models.TextChoices):
        QUEUED = "queued", _("Đang chờ đọc")
        READING = "reading", _("Đang nhận dạng chữ")
        READY = "ready", _("Đã đọc")
        FAILED = "failed", _("Không đọc được")

    STATE_FIELD = "read_state"
    ACTIVE_STATES = (ReadState.QUEUED, ReadState.READING)
    FAILED_STATE = ReadState.FAILED
    CRASH_MESSAGE = READ_CRASHED
    DEAD_MESSAGE = STALE_MESSAGE

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
    error = models.TextField(blank=True)  # docread's one-line message when reading failed
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

    @property
    def failure_text(self) -> str:
        return self.error

    @classmethod
    def failure_fields(cls, message: str) -> dict[str, Any]:
        return {"error": message}

    @property
    def progress_text(self) -> str:
        if self.progress_total:
            return str(
                _("Đang nhận dạng trang %(done)s/%(total)s")
                % {"done": self.progress_done, "total": self.progress_total}
            )
        if self.is_image:
            return str(_("Đang chờ nhận dạng chữ (OCR)…"))
        if self.read_state == self.ReadState.READING:
            return str(_("Đang đọc tệp %(name)s…") % {"name": self.original_name})
        return str(_("Đang chờ đọc tệp %(name)s…") % {"name": self.original_name})

    @property
    def read_state_label(self) -> str:
        """The reading state as it really is for this file: OCR only for an image or a scan."""
        if self.read_state in (self.ReadState.QUEUED, self.ReadState.READING) and not (
            self.is_image or self.progress_total
        ):
            return str(_("Đang chờ đọc") if self.read_state == self.ReadState.QUEUED else _("Đang đọc tệp"))
        return str(self.get_read_state_display())
