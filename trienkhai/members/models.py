"""The member register (đoàn viên) and the founding of new CĐCS.

Personal data is kept to what the union's work needs (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15, in force
from 01/01/2026, which takes over Decree 13/2023/NĐ-CP's role): name, birth date (or year), sex, union card,
date joined, status, the fields the guidance's forms ask for, and an optional phone; the personal ID
number is shown only on demand to the roles that keep the register, and each showing is logged. Where a member belongs is not a column but a row
in `Affiliation`, valid on [valid_from, valid_to) like the units' own links, so the register can be read as
of any date: joining opens a row, leaving closes it, a transfer (chuyển sinh hoạt) closes one and opens
the next. `Member.unit` and `Member.status` repeat today's answer for lists and scope checks.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from trienkhai.core.jobs import IMPORT_CRASHED, Job
from trienkhai.lib.vn import fold
from trienkhai.orgs.models import Sector, Unit

# Shown on every register page, in the import template and in every export (Luật Bảo vệ dữ liệu cá nhân
# 91/2025/QH15, art. 4: the subject's right to know about the processing).
PURPOSE = _(
    "Dữ liệu cá nhân của đoàn viên chỉ dùng để quản lý đoàn viên, phát triển đoàn viên và báo cáo thống kê "
    "theo Điều lệ Công đoàn Việt Nam; chỉ công đoàn cơ sở và công đoàn cấp trên của đoàn viên được xem "
    "(Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15, hiệu lực từ 01/01/2026). Đoàn viên có quyền xem, yêu cầu "
    "chỉnh sửa, cung cấp, hạn chế xử lý hoặc xóa dữ liệu của mình. Mọi lần xem, sửa, nhập và xuất đều được "
    "ghi nhật ký."
)


class Sex(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("Đang sinh hoạt")
    # Tạm dừng sinh hoạt: still a member, not counted among the active, pays no dues (rules.PAUSE).
    PAUSED = "paused", _("Tạm dừng sinh hoạt")
    LEFT = "left", _("Đã ra khỏi tổ chức")


class PauseReason(models.TextChoices):
    CONTRACT_SUSPENDED = "suspended", _("Tạm hoãn hợp đồng lao động")
    JOB_LOST = "job_lost", _("Mất việc làm, chưa có việc làm mới")
    OTHER = "other", _("Lý do khác")


class Education(models.TextChoices):
    # The levels the guidance's member forms ask for (trình độ học vấn / chuyên môn).
    SECONDARY = "secondary", _("Trung học cơ sở")
    HIGH_SCHOOL = "high_school", _("Trung học phổ thông")
    VOCATIONAL = "vocational", _("Trung cấp, cao đẳng")
    UNIVERSITY = "university", _("Đại học")
    POSTGRADUATE = "postgrad", _("Sau đại học")


class Application(models.TextChoices):
    """How the signed application (tiểu mục 3.1 Hướng dẫn 38/HD-TLĐ) is on file."""

    INDIVIDUAL = "5a", _("Đơn cá nhân (Mẫu 5a)")
    GROUP = "5b", _("Đơn tập thể (Mẫu 5b)")


class LeaveReason(models.TextChoices):
    JOB_ENDED = "job_ended", _("Nghỉ việc, chấm dứt hợp đồng")
    RETIRED = "retired", _("Nghỉ hưu")
    RESIGNED = "resigned", _("Xin ra khỏi tổ chức công đoàn")
    EXPELLED = "expelled", _("Khai trừ")
    DECEASED = "deceased", _("Từ trần")
    # Chuyển sinh hoạt to a union outside this system (another federation): the member leaves our register.
    MOVED_OUT = "moved_out", _("Chuyển sinh hoạt ra ngoài hệ thống")
    OTHER = "other", _("Lý do khác")


class MemberQuerySet(models.QuerySet):
    def search(self, text: str) -> MemberQuerySet:
        """Diacritic-insensitive search on name and card number: "nguyen van" finds "Nguyễn Văn"."""
        q = Q()
        for word in fold(text).split()[:6]:
            q &= Q(search_text__contains=word)
        return self.filter(q)


class Member(models.Model):
    full_name = models.CharField(_("họ và tên"), max_length=100)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"))
    sex = models.CharField(_("giới tính"), max_length=8, choices=Sex.choices)
    card_number = models.CharField(_("số thẻ đoàn viên"), max_length=20, blank=True)
    joined_on = models.DateField(_("ngày vào công đoàn"))
    phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    # The CĐCS the member belongs to today, or belonged to last (repeats the open Affiliation).
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="union_members", verbose_name=_("CĐCS")
    )
    left_on = models.DateField(_("ngày ra khỏi tổ chức"), null=True, blank=True)
    left_reason = models.CharField(_("lý do"), max_length=16, choices=LeaveReason.choices, blank=True)
    search_text = models.CharField(max_length=140, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    # When the retention period after leaving ran out and the name, phone and card number were erased
    # (workflow.anonymise_departed); the row stays for the counts of the past.
    anonymised_on = models.DateField(_("ngày xóa dữ liệu cá nhân"), null=True, blank=True)
    # The register's fields of the guidance's forms (issue 20). `birth_year` stays the column every count and
    # import uses; a full birth date, when known, sets it (`save`).
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    id_number = models.CharField(_("số định danh cá nhân (CCCD)"), max_length=12, blank=True, db_default="")
    card_issued_on = models.DateField(_("ngày cấp thẻ đoàn viên"), null=True, blank=True)
    union_position = models.CharField(_("chức vụ công đoàn"), max_length=100, blank=True, db_default="")
    ethnicity = models.CharField(_("dân tộc"), max_length=40, blank=True, db_default="")
    education = models.CharField(
        _("trình độ"), max_length=12, choices=Education.choices, blank=True, db_default=""
    )
    # The import writes members with a raw INSERT naming only its columns: these have database defaults.
    # Admission: the signed application and the decision (tiểu mục 3.1 Hướng dẫn 38/HD-TLĐ).
    application = models.CharField(
        _("đơn gia nhập"), max_length=2, choices=Application.choices, blank=True, db_default=""
    )
    application_signed = models.BooleanField(_("đơn đã có chữ ký"), default=False, db_default=False)
    application_scan = models.FileField(
        _("bản chụp đơn"), upload_to="members/applications/", blank=True, db_default=""
    )
    admission_decision = models.CharField(
        _("số quyết định kết nạp"), max_length=40, blank=True, db_default=""
    )
    admission_decided_on = models.DateField(_("ngày quyết định kết nạp"), null=True, blank=True)
    admitted_by = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("nơi kết nạp"),
    )
    # The current state's date and reason (paused since, with why); leaving keeps left_on/left_reason.
    status_on = models.DateField(_("ngày chuyển trạng thái"), null=True, blank=True)
    status_note = models.CharField(_("ghi chú trạng thái"), max_length=255, blank=True, db_default="")
    # A data-subject restriction of processing (Luật 91/2025/QH15 Điều 4): kept, shown, never exported.
    restricted_on = models.DateField(_("hạn chế xử lý từ ngày"), null=True, blank=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("đoàn viên")
        verbose_name_plural = _("đoàn viên")
        ordering = ["unit", "search_text", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["card_number"], condition=~Q(card_number=""), name="member_card_unique"
            ),
            models.CheckConstraint(condition=Q(birth_year__gte=1900), name="member_birth_year_sane"),
        ]
        indexes = [models.Index(fields=["unit", "status", "search_text"])]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        self.search_text = self.folded(self.full_name, self.card_number)
        if self.birth_date:
            self.birth_year = self.birth_date.year
        super().save(*args, **kwargs)

    @property
    def id_number_masked(self) -> str:
        return f"••••••••{self.id_number[-4:]}" if self.id_number else ""

    @property
    def state_label(self) -> str:
        """Active, paused, or the way the member left (transferred out, expelled, deceased, left)."""
        if self.status == MemberStatus.LEFT and self.left_reason:
            return str(self.get_left_reason_display())
        return str(self.get_status_display())

    @staticmethod
    def folded(full_name: str, card_number: str) -> str:
        return fold(f"{full_name} {card_number}")[:140]


class AffiliationQuerySet(models.QuerySet):
    def active_on(self, on: dt.date) -> AffiliationQuerySet:
        return self.filter(Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gt=on)))

    def under(self, unit: Unit | int, *, on: dt.date) -> AffiliationQuerySet:
        """Rows at `unit` or any unit below it, the tree read as of `on` (one recursive CTE)."""
        unit_id = unit if isinstance(unit, int) else unit.pk
        return self.filter(unit_id__in=Unit.objects.subtree_of([unit_id], on=on).values("pk"))

    def admissions(self) -> AffiliationQuerySet:
        """Rows that brought a person into the union (not transfers between CĐCS)."""
        return self.exclude(start=Affiliation.Start.TRANSFER)

    def not_paused_on(self, on: dt.date) -> AffiliationQuerySet:
        """Without the members whose membership was paused (tạm dừng sinh hoạt) on `on`."""
        return self.exclude(member_id__in=MemberPause.objects.active_on(on).values("member_id"))

    def paused_on(self, on: dt.date) -> AffiliationQuerySet:
        return self.filter(member_id__in=MemberPause.objects.active_on(on).values("member_id"))


def member_count(unit: Unit | int, *, on: dt.date) -> int:
    """Active members of `unit` and every CĐCS below it on `on`, the tree as it stood that day; members
    paused that day (tạm dừng sinh hoạt) are not counted (see `paused_count`)."""
    return Affiliation.objects.under(unit, on=on).active_on(on).not_paused_on(on).count()


def paused_count(unit: Unit | int, *, on: dt.date) -> int:
    """Members of the subtree whose membership was paused on `on`."""
    return Affiliation.objects.under(unit, on=on).active_on(on).paused_on(on).count()


class Affiliation(models.Model):
    """`member` belongs to the CĐCS `unit` on [valid_from, valid_to)."""

    class Start(models.TextChoices):
        JOINED = "joined", _("Kết nạp")
        FOUNDING = "founding", _("Đoàn viên sáng lập CĐCS")
        TRANSFER = "transfer", _("Chuyển sinh hoạt đến")

    class End(models.TextChoices):
        LEFT = "left", _("Ra khỏi tổ chức")
        TRANSFER = "transfer", _("Chuyển sinh hoạt đi")

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="affiliations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="member_affiliations")
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến trước ngày"), null=True, blank=True)
    start = models.CharField(max_length=12, choices=Start.choices, default=Start.JOINED)
    end = models.CharField(max_length=12, choices=End.choices, blank=True)

    objects = AffiliationQuerySet.as_manager()

    class Meta:
        ordering = ["member", "valid_from", "pk"]
        indexes = [
            # Counting a subtree as of a date reads only this index (unit range, then dates).
            models.Index(fields=["unit", "valid_from", "valid_to"], name="affiliation_unit_dates"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")),
                name="affiliation_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id} @ {self.unit_id} [{self.valid_from}, {self.valid_to})"


class PauseQuerySet(models.QuerySet):
    def active_on(self, on: dt.date) -> PauseQuerySet:
        return self.filter(Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gt=on)))


class MemberPause(models.Model):
    """`member` paused (tạm dừng sinh hoạt) on [valid_from, valid_to): a member still, not counted among the
    active and owing no dues in that time (rules.PAUSE, rules.PAUSED_NO_DUES)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="pauses")
    valid_from = models.DateField(_("tạm dừng từ ngày"))
    valid_to = models.DateField(_("sinh hoạt lại từ ngày"), null=True, blank=True)
    reason = models.CharField(_("lý do"), max_length=12, choices=PauseReason.choices)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    objects = PauseQuerySet.as_manager()

    class Meta:
        ordering = ["member", "valid_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")),
                name="member_pause_dates_ordered",
            )
        ]


class AdmissionRequest(models.Model):
    """An application to join from a worker where there is no CĐCS: the upper union decides within
    rules.UPPER_DECISION_WORKING_DAYS working days (the clock shows on its home page)."""

    class Outcome(models.TextChoices):
        PENDING = "", _("Chờ quyết định")
        ADMITTED = "admitted", _("Đã kết nạp")
        REFUSED = "refused", _("Không kết nạp")

    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="admission_requests",
        verbose_name=_("công đoàn cấp trên"),
    )
    full_name = models.CharField(_("họ và tên"), max_length=100)
    birth_date = models.DateField(_("ngày sinh"))
    sex = models.CharField(_("giới tính"), max_length=8, choices=Sex.choices)
    workplace = models.CharField(_("nơi làm việc"), max_length=255)
    application = models.CharField(
        _("đơn gia nhập"), max_length=2, choices=Application.choices, default=Application.INDIVIDUAL
    )
    application_signed = models.BooleanField(_("đơn đã có chữ ký"), default=False)
    application_scan = models.FileField(_("bản chụp đơn"), upload_to="members/applications/", blank=True)
    received_on = models.DateField(_("ngày nhận đơn"))
    due_on = models.DateField(_("hạn quyết định"))
    outcome = models.CharField(_("kết quả"), max_length=8, choices=Outcome.choices, blank=True)
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=40, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    member = models.OneToOneField(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="admission_request"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("đơn gia nhập gửi công đoàn cấp trên")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["unit", "outcome", "due_on"])]

    def __str__(self) -> str:
        return self.full_name


class SubjectRequest(models.Model):
    """A data subject's request about their own data (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15, Điều 4),
    with its clock (rules.SUBJECT_*)."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("Xem, cung cấp dữ liệu")
        CORRECTION = "correction", _("Chỉnh sửa dữ liệu")
        RESTRICTION = "restriction", _("Hạn chế xử lý dữ liệu")
        DELETION = "deletion", _("Xóa dữ liệu")

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="subject_requests")
    kind = models.CharField(_("loại yêu cầu"), max_length=12, choices=Kind.choices)
    received_on = models.DateField(_("ngày nhận yêu cầu"))
    ack_due_on = models.DateField(_("hạn phản hồi"))
    due_on = models.DateField(_("hạn thực hiện"))
    detail = models.CharField(_("nội dung yêu cầu"), max_length=500, blank=True)
    done_on = models.DateField(_("ngày thực hiện xong"), null=True, blank=True)
    outcome = models.CharField(_("kết quả"), max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["done_on", "due_on", "pk"]

    def is_late(self, on: dt.date) -> bool:
        return self.done_on is None and on > self.due_on


class DataAccess(models.Model):
    """The access log of personal data (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15; Decree 13/2023 before
    01/01/2026): who saw, changed, imported, exported or erased what, and each data-subject request."""

    class Action(models.TextChoices):
        LIST = "list", _("Xem danh sách")
        VIEW = "view", _("Xem hồ sơ")
        CREATE = "create", _("Thêm đoàn viên")
        EDIT = "edit", _("Sửa thông tin")
        LEAVE = "leave", _("Ghi ra khỏi tổ chức")
        TRANSFER = "transfer", _("Chuyển sinh hoạt")
        IMPORT = "import", _("Nhập từ Excel")
        EXPORT = "export", _("Xuất Excel")
        VIEW_ID = "view_id", _("Xem số định danh cá nhân")
        STATE = "state", _("Đổi trạng thái sinh hoạt")
        SUBJECT = "subject", _("Yêu cầu của chủ thể dữ liệu")
        EXPORT_OWN = "export_own", _("Cung cấp dữ liệu cho chính đoàn viên")
        ERASE = "erase", _("Xóa dữ liệu cá nhân (ẩn danh hóa)")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=12, choices=Action.choices)
    records = models.PositiveIntegerField(_("số bản ghi"), default=1)
    purpose = models.CharField(_("mục đích"), max_length=255, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["unit", "at"])]


class MemberImport(Job):
    """One Excel import: checked on the task worker (preview), then applied all or nothing."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Đang chờ kiểm tra")
        CHECKING = "checking", _("Đang kiểm tra")
        READY = "ready", _("Đã kiểm tra — chờ xác nhận")
        REFUSED = "refused", _("Có lỗi — chưa nhập")
        IMPORTING = "importing", _("Đang nhập")
        DONE = "done", _("Đã nhập xong")
        FAILED = "failed", _("Không nhập được")

    ACTIVE_STATES = (State.QUEUED, State.CHECKING, State.IMPORTING)
    FAILED_STATE = State.FAILED
    CRASH_MESSAGE = IMPORT_CRASHED

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="member_imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The uploaded file is personal data: it stays outside MEDIA_URL's reach and is deleted once done.
    file = models.FileField(upload_to="members/imports/", blank=True)
    filename = models.CharField(max_length=255)
    state = models.CharField(max_length=12, choices=State.choices, default=State.QUEUED)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # [[row, column, message]], the first ERROR_CAP
    error_count = models.PositiveIntegerField(default=0)
    preview = models.JSONField(default=list, blank=True)  # the first rows as read, until confirmed
    per_unit = models.JSONField(default=dict, blank=True)  # {unit name: rows}
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    @property
    def progress_text(self) -> str:
        if self.state == self.State.IMPORTING:
            return str(_("Đang ghi vào sổ (một lần cho tất cả các dòng)…"))
        return str(_("Đang đọc và kiểm tra từng dòng…"))


class FoundingCase(models.Model):
    """A target enterprise followed from canvassing to the founding decision of its CĐCS."""

    class Stage(models.TextChoices):
        TARGET = "target", _("Doanh nghiệp mục tiêu")
        CANVASSING = "canvassing", _("Đang tuyên truyền, vận động")
        BOARD = "board", _("Đã lập ban vận động thành lập")
        FOUNDED = "founded", _("Đã có quyết định thành lập")
        STOPPED = "stopped", _("Tạm dừng")

    owner_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="founding_cases",
        verbose_name=_("công đoàn cấp trên phụ trách"),
    )
    enterprise = models.CharField(_("tên doanh nghiệp"), max_length=255)
    tax_code = models.CharField(_("mã số thuế"), max_length=20, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    sector = models.CharField(_("khu vực"), max_length=32, choices=Sector.choices, default=Sector.NON_STATE)
    workers = models.PositiveIntegerField(_("số lao động"), default=0)
    stage = models.CharField(_("giai đoạn"), max_length=12, choices=Stage.choices, default=Stage.TARGET)
    next_step = models.CharField(_("việc tiếp theo"), max_length=255, blank=True)
    next_step_on = models.DateField(_("hạn việc tiếp theo"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=40, blank=True)
    decision_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    new_unit = models.OneToOneField(
        Unit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="founding_case",
        verbose_name=_("CĐCS mới"),
    )
    founding_members = models.PositiveIntegerField(_("số đoàn viên sáng lập"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thành lập CĐCS")
        verbose_name_plural = _("thành lập CĐCS")
        ordering = ["stage", "next_step_on", "enterprise"]
        indexes = [models.Index(fields=["owner_unit", "stage"]), models.Index(fields=["decision_on"])]

    def __str__(self) -> str:
        return self.enterprise

    @property
    def is_open(self) -> bool:
        return self.stage not in (self.Stage.FOUNDED, self.Stage.STOPPED)


class FoundingStep(models.Model):
    """A step of the canvassing: a meeting, a talk with the employer, the board's founding meeting."""

    case = models.ForeignKey(FoundingCase, on_delete=models.CASCADE, related_name="steps")
    on = models.DateField(pgettext_lazy("ngày diễn ra", "ngày"))
    stage = models.CharField(_("giai đoạn"), max_length=12, choices=FoundingCase.Stage.choices)
    note = models.TextField(_("nội dung"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-pk"]


# --------------------------------------------------------------------------------------------------
# Dues (đoàn phí) — issue 20. The rule is data: a federation records the TLĐ decision in force and its
# figures; a month's amount is worked out with the rule valid on the month's first day.
# --------------------------------------------------------------------------------------------------


class DuesRule(models.Model):
    """The dues rate and cap of one TLĐ decision, from `valid_from` until the next rule.

    61/QĐ-TLĐ (29/7/2025): 0.5% of the salary on which social insurance is paid, at most 10% of the State's
    base salary (mức lương cơ sở) a month. The base salary changes by Government decree, so it is a figure
    of the rule too (2,340,000 đ from 01/7/2024 under Nghị định 73/2024/NĐ-CP)."""

    decision = models.CharField(_("văn bản quy định"), max_length=200)
    valid_from = models.DateField(_("áp dụng từ ngày"), unique=True)
    rate_percent = models.DecimalField(_("tỷ lệ trên tiền lương (%)"), max_digits=5, decimal_places=2)
    cap_percent_of_base = models.DecimalField(
        _("mức tối đa (% mức lương cơ sở)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    base_salary = models.DecimalField(_("mức lương cơ sở (đồng)"), max_digits=12, decimal_places=0)
    basis = models.CharField(_("căn cứ của mức lương cơ sở"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("quy định mức đóng đoàn phí")
        verbose_name_plural = _("quy định mức đóng đoàn phí")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return self.decision


class DuesPayment(models.Model):
    """One member's dues for one month: the salary it was worked out on and the amount (whole đồng)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="dues")
    # The CĐCS that collected it (the member's CĐCS that month): counts of the past follow the unit.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="member_dues")
    month = models.DateField(_("tháng"))  # the first day of the month
    salary = models.DecimalField(_("tiền lương làm căn cứ (đồng)"), max_digits=14, decimal_places=0)
    amount = models.DecimalField(_("đoàn phí (đồng)"), max_digits=12, decimal_places=0)
    rule = models.ForeignKey(DuesRule, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đoàn phí tháng")
        verbose_name_plural = _("đoàn phí tháng")
        ordering = ["-month", "member"]
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="dues_one_per_member_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="dues_month_first_day"),
        ]
        indexes = [models.Index(fields=["unit", "month"], name="dues_unit_month")]


# --------------------------------------------------------------------------------------------------
# Founding (issue 20): the threshold per kind, the founding congress and its recognition (Mẫu 7b).
# --------------------------------------------------------------------------------------------------


class FoundingThreshold(models.Model):
    """The least number of members (or workers applying) for founding a grassroots union of `kind`."""

    kind = models.CharField(_("loại công đoàn cơ sở"), max_length=32, unique=True)
    min_members = models.PositiveSmallIntegerField(_("số đoàn viên tối thiểu"))
    article = models.CharField(_("căn cứ"), max_length=255)

    class Meta:
        verbose_name = _("điều kiện thành lập")
        verbose_name_plural = _("điều kiện thành lập")

    def __str__(self) -> str:
        return f"{self.kind}: {self.min_members}"


class FoundingCongress(models.Model):
    """The founding congress of a case and the upper union's recognition of its BCH and UBKT."""

    class Path(models.TextChoices):
        CANVASSING = "canvassing", _("Vận động người lao động thành lập")
        # Luật Công đoàn 2024, Art. 6: a workers' organisation at an enterprise (BLLĐ 2019 Art. 172) that
        # joins the Vietnam Trade Union with a dossier sent to the provincial (or central sector) union.
        ART6_JOINING = (
            "art6",
            _("Tổ chức của người lao động tại doanh nghiệp gia nhập (Điều 6 Luật Công đoàn 2024)"),
        )

    case = models.OneToOneField(FoundingCase, on_delete=models.CASCADE, related_name="congress")
    path = models.CharField(_("hình thức"), max_length=12, choices=Path.choices, default=Path.CANVASSING)
    kind = models.CharField(_("loại công đoàn cơ sở"), max_length=32, default="grassroots")
    organisation = models.CharField(_("tên tổ chức của người lao động"), max_length=255, blank=True)
    dossier_received_on = models.DateField(_("ngày nhận hồ sơ gia nhập"), null=True, blank=True)
    held_on = models.DateField(_("ngày đại hội"))
    attendees = models.PositiveIntegerField(_("số đoàn viên dự đại hội"))
    bch = models.TextField(_("Ban Chấp hành (mỗi dòng: họ tên – chức vụ)"))
    ubkt = models.TextField(_("Ủy ban Kiểm tra (mỗi dòng: họ tên – chức vụ)"), blank=True)
    # The upper union's decision recognising the BCH and UBKT (Mẫu 7b, Hướng dẫn 38/HD-TLĐ), a document
    # out of `issuing` (numbered and frozen there).
    decision = models.ForeignKey(
        "issuing.OutgoingDocument", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đại hội thành lập")
        verbose_name_plural = _("đại hội thành lập")

    @staticmethod
    def names(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]
