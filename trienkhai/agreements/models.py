"""Dialogue at the workplace and collective agreements (thỏa ước lao động tập thể, TƯLĐTT).

Periodic dialogue is required by law (Decree 145/2020: at least once a year); each dialogue held is
recorded with its topics. The register of agreements keeps the signing date, the expiry, the terms that
go beyond the legal minimum, and a quality grade; reminders go out before an agreement expires.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trienkhai.lib.vn import format_date
from trienkhai.orgs.models import Unit

from . import rules

if TYPE_CHECKING:  # a lazy gettext string's type exists for the checker only
    from django_stubs_ext import StrOrPromise


class DialogueTopic(models.TextChoices):
    WAGES = "wages", _("Tiền lương, thưởng")
    HOURS = "hours", _("Thời giờ làm việc, nghỉ ngơi")
    SAFETY = "safety", _("An toàn, vệ sinh lao động")
    WELFARE = "welfare", _("Phúc lợi, bữa ăn ca, nhà ở")
    CONTRACTS = "contracts", _("Hợp đồng, việc làm")
    RULES = "rules", _("Nội quy, kỷ luật lao động")
    AGREEMENT = "agreement", _("Thương lượng thỏa ước lao động tập thể")
    OTHER = "other", _("Khác")


class Dialogue(models.Model):
    class Kind(models.TextChoices):
        PERIODIC = "periodic", _("Định kỳ")
        ON_REQUEST = "on_request", _("Theo yêu cầu của một bên")
        INCIDENT = "incident", _("Khi có vụ việc")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="dialogues", verbose_name=_("CĐCS"))
    held_on = models.DateField(_("ngày đối thoại"))
    kind = models.CharField(_("hình thức"), max_length=12, choices=Kind.choices, default=Kind.PERIODIC)
    topics = models.JSONField(_("nội dung đối thoại"), default=list)
    workers = models.PositiveIntegerField(_("số người lao động tham dự"), default=0)
    result = models.TextField(_("kết quả, cam kết của người sử dụng lao động"), blank=True)
    # Decree 145/2020, Art. 38-40. Empty on dialogues recorded before these were asked for.
    workforce = models.PositiveIntegerField(
        _("số người lao động của người sử dụng lao động"), null=True, blank=True
    )
    representatives = models.PositiveIntegerField(
        _("số thành viên đại diện bên người lao động (theo danh sách)"), null=True, blank=True
    )
    representatives_present = models.PositiveIntegerField(
        _("số thành viên đại diện bên người lao động có mặt"), null=True, blank=True
    )
    legal_rep_present = models.BooleanField(
        _("người đại diện theo pháp luật (hoặc người được ủy quyền) của người sử dụng lao động có mặt"),
        default=False,
    )
    content_sent_on = models.DateField(_("ngày gửi nội dung đối thoại"), null=True, blank=True)
    requested_on = models.DateField(_("ngày nhận yêu cầu đối thoại"), null=True, blank=True)
    request_supporters = models.PositiveIntegerField(
        _("số thành viên đại diện đồng ý nội dung yêu cầu"), null=True, blank=True
    )
    answered_on = models.DateField(_("ngày có văn bản trả lời yêu cầu"), null=True, blank=True)
    published_on = models.DateField(_("ngày công bố công khai nội dung chính"), null=True, blank=True)
    minutes = models.FileField(_("biên bản đối thoại có chữ ký"), upload_to="dialogues/%Y/%m/", blank=True)
    minutes_name = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cuộc đối thoại")
        verbose_name_plural = _("cuộc đối thoại")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["unit", "held_on"])]

    def topic_labels(self) -> list[str]:
        labels = dict(DialogueTopic.choices)
        return [str(labels.get(t, t)) for t in self.topics]

    @property
    def notice_due(self) -> dt.date:
        """Last day to send the content of a periodic dialogue (Art. 39(3) Decree 145/2020)."""
        return rules.add_working_days(self.held_on, -rules.DIALOGUE_NOTICE_WORKING_DAYS.value())

    @property
    def publish_due(self) -> dt.date:
        """Last day to make the main points public (Art. 39(5), Art. 40(4) Decree 145/2020)."""
        return rules.add_working_days(self.held_on, rules.DIALOGUE_PUBLISH_WORKING_DAYS.value())

    @property
    def answer_due(self) -> dt.date | None:
        """Last day for the written answer to a request (Art. 40(2) Decree 145/2020)."""
        if self.requested_on is None:
            return None
        return rules.add_working_days(self.requested_on, rules.DIALOGUE_ANSWER_WORKING_DAYS.value())

    def findings(self, on: dt.date) -> list[Finding]:
        """What the dialogue's record says against Decree 145/2020, each with its article: met or not."""
        out: list[Finding] = []
        if self.workforce is not None and self.representatives is not None:
            least = rules.min_representatives(self.workforce)
            out.append(
                Finding(
                    self.representatives >= least,
                    _(
                        "%(n)s thành viên đại diện bên người lao động; tối thiểu %(least)s với %(w)s người lao động"
                    )
                    % {"n": self.representatives, "least": least, "w": self.workforce},
                    rules.DIALOGUE_REPRESENTATIVES.article,
                )
            )
        if self.kind == self.Kind.PERIODIC:
            notice = rules.DIALOGUE_NOTICE_WORKING_DAYS
            out.append(
                Finding(
                    self.content_sent_on is not None and self.content_sent_on <= self.notice_due,
                    _("Gửi nội dung đối thoại chậm nhất %(n)s ngày làm việc trước (đến %(d)s): %(got)s")
                    % {
                        "n": notice.value(),
                        "d": format_date(self.notice_due),
                        "got": format_date(self.content_sent_on) if self.content_sent_on else _("chưa ghi"),
                    },
                    notice.article,
                )
            )
            out.append(
                Finding(
                    quorum_problem(self) is None,
                    quorum_problem(self)
                    or _(
                        "Đủ thành phần: có người đại diện theo pháp luật và trên %(p)s%% thành viên đại diện"
                    )
                    % {"p": rules.DIALOGUE_QUORUM_PERCENT.value()},
                    rules.DIALOGUE_QUORUM_PERCENT.article,
                )
            )
        if self.kind == self.Kind.ON_REQUEST and self.requested_on is not None:
            answer = rules.DIALOGUE_ANSWER_WORKING_DAYS
            due = self.answer_due
            assert due is not None
            out.append(
                Finding(
                    self.answered_on is not None and self.answered_on <= due,
                    _("Trả lời yêu cầu bằng văn bản chậm nhất %(n)s ngày làm việc (đến %(d)s): %(got)s")
                    % {
                        "n": answer.value(),
                        "d": format_date(due),
                        "got": format_date(self.answered_on) if self.answered_on else _("chưa trả lời"),
                    },
                    answer.article,
                )
            )
        out.append(
            Finding(
                bool(self.minutes),
                _("Biên bản đối thoại có chữ ký các bên")
                if self.minutes
                else _("Chưa có biên bản có chữ ký"),
                rules.DIALOGUE_QUORUM_PERCENT.article,
            )
        )
        publish = rules.DIALOGUE_PUBLISH_WORKING_DAYS
        late = self.published_on is None and on > self.publish_due
        out.append(
            Finding(
                self.published_on is not None and self.published_on <= self.publish_due,
                _("Công bố công khai nội dung chính chậm nhất %(n)s ngày làm việc (đến %(d)s): %(got)s")
                % {
                    "n": publish.value(),
                    "d": format_date(self.publish_due),
                    "got": format_date(self.published_on)
                    if self.published_on
                    else (_("quá hạn, chưa công bố") if late else _("chưa công bố")),
                },
                publish.article,
            )
        )
        return out


@dataclass(frozen=True)
class Finding:
    """One rule checked on a record: met or not, what it says, and the article it comes from."""

    ok: bool
    text: StrOrPromise
    article: str


def quorum_problem(d: Dialogue) -> StrOrPromise | None:
    """Why a periodic dialogue could not be held (Art. 39(4) Decree 145/2020: the employer's legal
    representative or a person authorised, and more than DIALOGUE_QUORUM_PERCENT of the worker
    representatives), or None."""
    share = rules.DIALOGUE_QUORUM_PERCENT.value()
    if not d.legal_rep_present:
        return _(
            "Đối thoại định kỳ chỉ được tiến hành khi có người đại diện theo pháp luật của người sử dụng lao "
            "động hoặc người được ủy quyền (khoản 4 Điều 39 Nghị định 145/2020/NĐ-CP)."
        )
    if not d.representatives or d.representatives_present is None:
        return _("Ghi số thành viên đại diện bên người lao động theo danh sách và số có mặt.")
    if d.representatives_present > d.representatives:
        return _("Số thành viên có mặt không được lớn hơn số thành viên theo danh sách.")
    if d.representatives_present * 100 <= d.representatives * share:
        return _(
            "Đối thoại định kỳ chỉ được tiến hành khi có trên %(p)s%% thành viên đại diện bên người lao động "
            "(khoản 4 Điều 39 Nghị định 145/2020/NĐ-CP); ở đây %(n)s/%(all)s người."
        ) % {"p": share, "n": d.representatives_present, "all": d.representatives}
    return None


def request_problem(d: Dialogue) -> StrOrPromise | None:
    """Why the workers' side may not request a dialogue (Art. 40(1)(b) Decree 145/2020: at least
    DIALOGUE_REQUEST_PERCENT of the worker representatives agree), or None."""
    share = rules.DIALOGUE_REQUEST_PERCENT.value()
    if not d.representatives or d.request_supporters is None:
        return _("Ghi số thành viên đại diện bên người lao động và số thành viên đồng ý nội dung yêu cầu.")
    if d.request_supporters > d.representatives:
        return _("Số thành viên đồng ý không được lớn hơn số thành viên đại diện.")
    if d.request_supporters * 100 < d.representatives * share:
        return _(
            "Yêu cầu đối thoại của bên người lao động phải được ít nhất %(p)s%% thành viên đại diện đồng ý "
            "(điểm b khoản 1 Điều 40 Nghị định 145/2020/NĐ-CP); ở đây %(n)s/%(all)s người."
        ) % {"p": share, "n": d.request_supporters, "all": d.representatives}
    return None


class WorkerConference(models.Model):
    """Hội nghị người lao động, held each year (Art. 47 Decree 145/2020)."""

    class Form(models.TextChoices):
        FULL = "full", _("Hội nghị toàn thể")
        DELEGATES = "delegates", _("Hội nghị đại biểu")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="worker_conferences", verbose_name=_("CĐCS")
    )
    held_on = models.DateField(_("ngày tổ chức"))
    form = models.CharField(_("hình thức"), max_length=10, choices=Form.choices, default=Form.FULL)
    attendees = models.PositiveIntegerField(_("số người tham dự"), default=0)
    note = models.TextField(_("nội dung chính, kết quả"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hội nghị người lao động")
        verbose_name_plural = _("hội nghị người lao động")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["unit", "held_on"])]


# Terms beyond the legal minimum, the areas the confederation grades an agreement on.
TERM_FIELDS = ("wage_terms", "bonus_terms", "hours_terms", "leave_terms", "safety_terms")


def count_better_terms(texts: Mapping[str, str | None]) -> int:
    """How many of TERM_FIELDS hold some text (a term beyond the legal minimum), from a row or a form."""
    return sum(1 for name in TERM_FIELDS if (texts.get(name) or "").strip())


def filing_days() -> int:
    return rules.FILING_DAYS.value()


class AgreementQuerySet(models.QuerySet):
    def in_force(self, *, on: dt.date) -> AgreementQuerySet:
        """Applied on `on`: within its term, or carried over after expiry while bargaining goes on (Art. 83)."""
        return self.filter(effective_from__lte=on).filter(
            models.Q(expires_on__gte=on) | models.Q(carried_until__gte=on)
        )

    def expiring(self, *, on: dt.date, days: int) -> AgreementQuerySet:
        return self.filter(
            effective_from__lte=on, expires_on__gte=on, expires_on__lte=on + dt.timedelta(days=days)
        )


class CollectiveAgreement(models.Model):
    class Scope(models.TextChoices):
        ENTERPRISE = "enterprise", _("Doanh nghiệp")
        MULTI = "multi", _("Có nhiều doanh nghiệp")
        SECTOR = "sector", _("Ngành")

    class Grade(models.TextChoices):
        A = "A", _("Loại A")
        B = "B", _("Loại B")
        C = "C", _("Loại C")
        D = "D", _("Loại D")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("công đoàn ký")
    )
    scope = models.CharField(_("phạm vi"), max_length=12, choices=Scope.choices, default=Scope.ENTERPRISE)
    title = models.CharField(_("tên thỏa ước"), max_length=255)
    employer = models.CharField(_("người sử dụng lao động"), max_length=255)
    signed_on = models.DateField(_("ngày ký"))
    effective_from = models.DateField(_("có hiệu lực từ"))
    expires_on = models.DateField(_("hết hạn ngày"))
    workers = models.PositiveIntegerField(_("số người lao động được áp dụng"), default=0)
    wage_terms = models.TextField(_("tiền lương (cao hơn quy định)"), blank=True)
    bonus_terms = models.TextField(_("tiền thưởng"), blank=True)
    hours_terms = models.TextField(_("thời giờ làm việc"), blank=True)
    leave_terms = models.TextField(_("nghỉ phép, nghỉ lễ"), blank=True)
    safety_terms = models.TextField(_("an toàn, vệ sinh lao động"), blank=True)
    grade = models.CharField(_("xếp loại chất lượng"), max_length=1, choices=Grade.choices)
    # Art. 76 Bộ luật Lao động 2019: signed only when more than half of those consulted vote in favour.
    voters = models.PositiveIntegerField(_("số người được lấy ý kiến"), null=True, blank=True)
    votes_for = models.PositiveIntegerField(_("số người biểu quyết tán thành"), null=True, blank=True)
    # Art. 77: a copy goes to the provincial labour authority within AGREEMENT_FILING_DAYS of signing.
    filed_on = models.DateField(_("ngày gửi cơ quan chuyên môn về lao động cấp tỉnh"), null=True, blank=True)
    # Art. 83: expired while the parties still bargain, the old agreement applies until this day.
    carried_until = models.DateField(_("tiếp tục thực hiện đến ngày"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("thỏa ước lao động tập thể")
        verbose_name_plural = _("thỏa ước lao động tập thể")
        ordering = ["expires_on", "pk"]
        indexes = [models.Index(fields=["unit", "signed_on"]), models.Index(fields=["expires_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__gt=models.F("effective_from")),
                name="agreement_expires_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def terms(self) -> list[tuple[StrOrPromise, str]]:
        """The graded terms as (label, text), in the order of TERM_FIELDS."""
        rows: list[tuple[StrOrPromise, str]] = []
        for name in TERM_FIELDS:
            field = self._meta.get_field(name)
            assert isinstance(field, models.Field)  # get_field is typed to return relations too
            rows.append((field.verbose_name, getattr(self, name)))
        return rows

    @property
    def better_terms(self) -> int:
        return count_better_terms({name: getattr(self, name) for name in TERM_FIELDS})

    def days_left(self, on: dt.date) -> int:
        return (self.expires_on - on).days

    def is_carried_over(self, on: dt.date) -> bool:
        """Expired, but still applied while the parties bargain (Art. 83)."""
        return self.expires_on < on <= (self.carried_until or self.expires_on)

    @property
    def filing_due(self) -> dt.date:
        """Last day to send the agreement to the provincial labour authority (Art. 77)."""
        return self.signed_on + dt.timedelta(days=filing_days())

    def filing_days_late(self, on: dt.date) -> int:
        """Days past the filing deadline: at filing, or today while not filed (0 when on time)."""
        return max(0, ((self.filed_on or on) - self.filing_due).days)

    @property
    def vote_percent(self) -> float | None:
        if not self.voters or self.votes_for is None:
            return None
        return 100 * self.votes_for / self.voters


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the last day of the month when it has fewer days)."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def term_problem(start: dt.date, expires: dt.date) -> str | None:
    """Why a term from `start` to `expires` (both inclusive) breaks Art. 78(3) Bộ luật Lao động 2019
    ("thời hạn từ 01 năm đến 03 năm"; bounds are data: AGREEMENT_MIN/MAX_TERM_MONTHS), or None."""
    low, high = rules.MIN_TERM_MONTHS.value(), rules.MAX_TERM_MONTHS.value()
    after_end = expires + dt.timedelta(days=1)
    if low % 12 == 0 and high % 12 == 0:
        bounds = _("từ %(low)s đến %(high)s năm") % {"low": low // 12, "high": high // 12}
    else:
        bounds = _("từ %(low)s đến %(high)s tháng") % {"low": low, "high": high}
    rule = _("Thời hạn thỏa ước %(bounds)s (khoản 3 Điều 78 Bộ luật Lao động 2019)") % {"bounds": bounds}
    if after_end < add_months(start, low):
        return _("%(rule)s: thời hạn đã nhập ngắn hơn, ngày hết hạn sớm nhất là %(day)s.") % {
            "rule": rule,
            "day": format_date(add_months(start, low) - dt.timedelta(days=1)),
        }
    if after_end > add_months(start, high):
        return _("%(rule)s: thời hạn đã nhập dài hơn, ngày hết hạn muộn nhất là %(day)s.") % {
            "rule": rule,
            "day": format_date(add_months(start, high) - dt.timedelta(days=1)),
        }
    return None


def vote_problem(voters: int | None, votes_for: int | None) -> StrOrPromise | None:
    """Why a vote does not adopt the agreement under Art. 76 Bộ luật Lao động 2019 ("trên 50% ... biểu
    quyết tán thành"; the share is data: AGREEMENT_ADOPTION_PERCENT), or None."""
    if voters is None and votes_for is None:
        return None
    if not voters or votes_for is None:
        return _("Ghi đủ cả số người được lấy ý kiến và số người biểu quyết tán thành.")
    if votes_for > voters:
        return _("Số người tán thành không được lớn hơn số người được lấy ý kiến.")
    share = rules.ADOPTION_PERCENT.value()
    if votes_for * 100 <= voters * share:
        return _(
            "Thỏa ước chỉ được ký khi có trên %(share)s%% người được lấy ý kiến biểu quyết tán thành (Điều 76 "
            "Bộ luật Lao động 2019); ở đây %(yes)s/%(all)s người."
        ) % {"share": share, "yes": votes_for, "all": voters}
    return None


def suggested_grade(better_terms: int) -> str:
    """The grade the terms suggest (thresholds are data: AGREEMENT_GRADE_THRESHOLDS, best grade first)."""
    thresholds = getattr(settings, "AGREEMENT_GRADE_THRESHOLDS", {"A": 4, "B": 3, "C": 1})
    for grade, minimum in sorted(thresholds.items()):
        if better_terms >= minimum:
            return grade
    return CollectiveAgreement.Grade.D


class AgreementChange(models.Model):
    """One step in an agreement's life after signing, kept as its history: an amendment (Art. 82), an
    extension of its term (Art. 83, paragraph 1) or the carry-over while bargaining after expiry (Art. 83,
    paragraph 3)."""

    class Kind(models.TextChoices):
        AMENDMENT = "amendment", _("Sửa đổi, bổ sung (Điều 82)")
        EXTENSION = "extension", _("Kéo dài thời hạn (Điều 83)")
        CARRY_OVER = "carry_over", _("Tiếp tục thực hiện khi đang thương lượng (Điều 83)")

    agreement = models.ForeignKey(CollectiveAgreement, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("loại thay đổi"), max_length=12, choices=Kind.choices)
    on = models.DateField(_("ngày"))
    summary = models.TextField(_("nội dung"), blank=True)
    voters = models.PositiveIntegerField(_("số người được lấy ý kiến"), null=True, blank=True)
    votes_for = models.PositiveIntegerField(_("số người biểu quyết tán thành"), null=True, blank=True)
    # The expiry before and after: an extension moves it; a carry-over sets `carried_until` instead.
    previous_expires_on = models.DateField(_("ngày hết hạn trước đó"))
    new_until = models.DateField(_("đến ngày"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thay đổi thỏa ước")
        verbose_name_plural = _("thay đổi thỏa ước")
        ordering = ["agreement", "on", "pk"]


class AgreementGrading(models.Model):
    """The quality grade of an agreement for one year (TLĐ grades agreements each year, not once), or
    the reason it is not graded that year."""

    class Ungraded(models.TextChoices):
        COPY_OF_LAW = "copy_of_law", _("Sao chép quy định của pháp luật")
        VOID = "void", _("Thỏa ước vô hiệu")
        UNLAWFUL = "unlawful", _("Có nội dung trái pháp luật")
        EXPIRED = "expired", _("Đã hết hạn")

    agreement = models.ForeignKey(CollectiveAgreement, on_delete=models.CASCADE, related_name="gradings")
    year = models.PositiveIntegerField(_("năm xếp loại"))
    grade = models.CharField(
        _("xếp loại"), max_length=1, blank=True, choices=CollectiveAgreement.Grade.choices
    )
    ungraded = models.CharField(_("không xếp loại vì"), max_length=12, blank=True, choices=Ungraded.choices)
    better_terms = models.PositiveSmallIntegerField(_("số nội dung có lợi hơn luật"), default=0)
    note = models.TextField(_("nhận xét"), blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    graded_at = models.DateTimeField(auto_now=True)
    # Optimistic lock: two people grading the same year must not silently overwrite each other. 0 is "no
    # grading of this year yet" on a form; a saved grading starts at 1 and goes up with each save.
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("xếp loại thỏa ước theo năm")
        verbose_name_plural = _("xếp loại thỏa ước theo năm")
        ordering = ["agreement", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "year"], name="agreement_one_grading_per_year"),
            models.CheckConstraint(
                condition=(models.Q(grade="") & ~models.Q(ungraded=""))
                | (~models.Q(grade="") & models.Q(ungraded="")),
                name="agreement_grading_grade_or_reason",
            ),
        ]

    def label(self) -> str:
        if self.grade:
            return str(self.get_grade_display())
        return str(_("Không xếp loại: %(why)s") % {"why": self.get_ungraded_display()})
