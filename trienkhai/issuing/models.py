"""Documents out (văn bản đi): what a unit issues, and its numbering register (sổ văn bản đi).

An `OutgoingDocument` starts as a draft generated from the app's data (a plan, a unit's results for a
period, the units late with a plan or a report) as a `trienkhai.document/1` dict that the officer edits.
Issuing takes the next number of the unit's `Register` for the calendar year, freezes the content, stores
it as .docx (and as .pdf once the task worker has converted it) and puts it in the registry of legal
bases. An issued document never changes: a correction is a new document that replaces it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from trienkhai.documents.models import LegalBasis
from trienkhai.lib.docparse.schema import from_json
from trienkhai.lib.vn import fold, format_date, iso_date
from trienkhai.orgs.models import Unit


class Register(models.Model):
    """Sổ văn bản đi of one issuing unit for one calendar year: `last_number` is the last serial taken.
    Numbers start at 01 every 1 January (Decree 30/2020, art. 15)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="registers")
    year = models.PositiveIntegerField(_("năm"))
    last_number = models.PositiveIntegerField(_("số cuối đã cấp"), default=0)

    class Meta:
        verbose_name = _("sổ văn bản đi")
        verbose_name_plural = _("sổ văn bản đi")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="register_once_per_year")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.year}"


class Batch(models.Model):
    """Several drafts made together (one reminder dispatch to each late unit), issued together."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("nội dung"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class OutgoingDocumentQuerySet(models.QuerySet):
    def issued(self) -> OutgoingDocumentQuerySet:
        return self.exclude(state=OutgoingDocument.State.DRAFT)

    def register_of(self, unit: Unit, year: int) -> OutgoingDocumentQuerySet:
        """The register's lines: the unit's issued documents of the year, by number."""
        return self.issued().filter(unit=unit, year=year).order_by("serial")


class OutgoingDocument(models.Model):
    class Kind(models.TextChoices):
        PLAN = "plan", _("Kế hoạch")
        REPORT = "report", _("Báo cáo kết quả")
        REMINDER = "reminder", _("Công văn đôn đốc")
        # Issued for the apps that close the year (inspections, evaluations, awards): they compose the
        # content; numbering, freezing and the register are the same as for every other kind.
        NOTICE = "notice", _("Thông báo")
        RECORD = "record", _("Biên bản")
        DECISION = "decision", _("Quyết định")

    class State(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")
        REPLACED = "replaced", _("Đã được thay thế")

    class PdfState(models.TextChoices):
        NONE = "", _("Chưa có bản PDF")
        QUEUED = "queued", _("Đang chờ chuyển PDF")
        CONVERTING = "converting", _("Đang chuyển sang PDF")
        READY = "ready", _("Đã có bản PDF")
        FAILED = "failed", _("Không chuyển được PDF")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="outgoing_documents", verbose_name=_("đơn vị ban hành")
    )
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    state = models.CharField(_("trạng thái"), max_length=16, choices=State.choices, default=State.DRAFT)
    # The document as the officer edited it (parse-json contract dict plus the layout keys of lib.render);
    # frozen at issue.
    content = models.JSONField(default=dict)
    title = models.TextField(_("trích yếu"), blank=True)
    issuer_code = models.CharField(_("ký hiệu đơn vị"), max_length=32, blank=True)
    # Set when issued: the serial in the register of `year`, and the number as printed ("05/BC-LĐLĐ").
    year = models.PositiveIntegerField(_("năm"), null=True, blank=True)
    serial = models.PositiveIntegerField(_("số thứ tự"), null=True, blank=True)
    number = models.CharField(_("số, ký hiệu"), max_length=64, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    # What it was made from.
    plan = models.ForeignKey(
        "plans.Plan", null=True, blank=True, on_delete=models.PROTECT, related_name="outgoing_documents"
    )
    report_form = models.ForeignKey(
        "reports.ReportForm", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    period_year = models.PositiveIntegerField(null=True, blank=True)
    period_index = models.PositiveSmallIntegerField(null=True, blank=True)
    recipient_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("gửi đơn vị")
    )
    batch = models.ForeignKey(
        Batch, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
        verbose_name=_("thay thế văn bản"),
    )
    basis = models.ForeignKey(
        LegalBasis, null=True, blank=True, on_delete=models.SET_NULL, related_name="outgoing_documents"
    )
    # The frozen files (issued), or the latest preview (draft): `pdf_key` says which content the PDF and
    # its page images show, so a stale preview is never offered as the current one.
    docx = models.FileField(upload_to="issuing/%Y/", blank=True)
    pdf = models.FileField(upload_to="issuing/%Y/", blank=True)
    pdf_key = models.CharField(max_length=64, blank=True)
    pdf_state = models.CharField(max_length=16, choices=PdfState.choices, default=PdfState.NONE, blank=True)
    pdf_error = models.TextField(blank=True)
    pages = models.PositiveSmallIntegerField(default=0)
    # The document of record once signed and stamped on paper: the latest scan uploaded (older ones stay
    # in `signed_copies`). Moving this pointer is the optimistic lock between two officers uploading.
    signed_copy = models.ForeignKey(
        "SignedCopy", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OutgoingDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản đi")
        verbose_name_plural = _("văn bản đi")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "serial"],
                condition=Q(serial__isnull=False),
                name="outgoing_number_once",
            ),
        ]
        indexes = [models.Index(fields=["unit", "state"])]

    def __str__(self) -> str:
        return self.number or str(self.title)[:80]

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT

    @property
    def is_dispatch(self) -> bool:
        return self.kind == self.Kind.REMINDER

    @property
    def type_code(self) -> str:
        """KH, BC, TB, BB, QĐ; a dispatch (công văn) has none."""
        return TYPE_CODES.get(self.kind, "")

    @property
    def pdf_busy(self) -> bool:
        return self.pdf_state in (self.PdfState.QUEUED, self.PdfState.CONVERTING)

    @property
    def page_list(self) -> range:
        return range(1, self.pages + 1)

    @property
    def signer_text(self) -> str:
        """The signer as the register lists it: "Nguyễn Văn A — Chủ tịch"."""
        signer = self.content.get("signer") or {}
        title = str(signer.get("title") or "")
        return " — ".join(filter(None, [signer.get("name"), title[:1] + title[1:].lower()]))

    @property
    def note(self) -> str:
        """What the register notes beside the document: which one it replaces, which one replaced it
        (`replaced_by` prefetched by the register)."""
        notes = []
        replaces = self.replaces if self.replaces_id else None
        if replaces is not None:
            notes.append(f"Thay thế văn bản số {replaces.number}")
        replaced = getattr(self, "replaced_by", None)
        if self.state == self.State.REPLACED and replaced is not None:
            notes.append(f"Đã được thay thế bởi văn bản số {replaced.number}")
        return "; ".join(notes)

    def file_stem(self) -> str:
        """A download name: "05-BC-LDLD" for an issued document, "du-thao-12" for a draft."""
        if not self.number:
            return f"du-thao-{self.pk}"
        return "".join(c if c.isalnum() else "-" for c in fold(self.number)).strip("-").upper()


class SignedCopy(models.Model):
    """The scan (or .docx) of an issued document as signed and stamped on paper, uploaded by an officer of
    the issuing unit. Never overwritten: a new upload is a new row and becomes the document's
    `signed_copy`; the parser reads it back on the task worker to compare it with what was issued."""

    class ReadState(models.TextChoices):
        QUEUED = "queued", _("Đang chờ đọc")
        READING = "reading", _("Đang đọc bản đã ký")
        READY = "ready", _("Đã đọc")
        FAILED = "failed", _("Không đọc được")

    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE, related_name="signed_copies")
    file = models.FileField(upload_to="issuing/signed/%Y/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    read_state = models.CharField(max_length=16, choices=ReadState.choices, default=ReadState.QUEUED)
    read_kind = models.CharField(max_length=16, blank=True)  # docx / pdf / ocr (docread.ReadResult.kind)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    parsed = models.JSONField(default=dict, blank=True)  # the parse-json contract of what was read

    class Meta:
        verbose_name = _("bản đã ký")
        verbose_name_plural = _("bản đã ký")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def busy(self) -> bool:
        return self.read_state in (self.ReadState.QUEUED, self.ReadState.READING)

    def download_name(self) -> str:
        suffix = self.original_name.rsplit(".", 1)[-1].lower() if "." in self.original_name else "pdf"
        return f"{self.document.file_stem()}-ban-da-ky.{suffix}"

    def comparison(self) -> list[Comparison]:
        """Number, date and signer as issued beside what the parser read from this copy."""
        parsed = from_json(self.parsed or {})
        issued = self.document
        signer = issued.content.get("signer") or {}
        read_date = parsed["date"]
        return [
            Comparison(_("Số, ký hiệu"), issued.number, parsed["number"] or "", _same_number),
            Comparison(
                _("Ngày ban hành"),
                _vndate(issued.issued_on.isoformat() if issued.issued_on else ""),
                _vndate(read_date or ""),
                _same_text,
            ),
            Comparison(_("Người ký"), signer.get("name") or "", parsed["signer"]["name"] or "", _same_text),
        ]


def _vndate(iso: str) -> str:
    day = iso_date(iso) if iso else None
    return format_date(day) if day else iso


def _squash(text: str) -> str:
    return " ".join(fold(text).lower().split())


def _same_text(a: str, b: str) -> bool:
    return _squash(a) == _squash(b)


def _same_number(a: str, b: str) -> bool:
    # "01/BC-CĐ" and "01 / BC - CĐ", "1/BC-CĐ": the register's serial is printed with a leading zero.
    def key(text: str) -> str:
        return _squash(text).replace(" ", "").lstrip("0")

    return key(a) == key(b)


class Comparison:
    """One field of the comparison: `state` is "match", "differs" or "unread" (the parser found none)."""

    def __init__(
        self, label: str | Promise, issued: str, read: str, same: Callable[[str, str], bool]
    ) -> None:
        self.label, self.issued, self.read = label, issued, read
        if not read.strip():
            self.state = "unread"
        else:
            self.state = "match" if same(issued, read) else "differs"


# The type code each kind prints in its number (Decree 30/2020, appendix III); a dispatch has none.
TYPE_CODES: dict[str, str] = {
    OutgoingDocument.Kind.PLAN: "KH",
    OutgoingDocument.Kind.REPORT: "BC",
    OutgoingDocument.Kind.NOTICE: "TB",
    OutgoingDocument.Kind.RECORD: "BB",
    OutgoingDocument.Kind.DECISION: "QĐ",
}
