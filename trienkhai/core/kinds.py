"""Kinds of notification, as a user chooses channels for them: each gathers the `verb`s the apps pass to
`notify()` today. A verb not listed here is "other" (a new app's notification still reaches the user)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    code: str
    label: str | Promise
    verbs: frozenset[str]


KINDS: tuple[Kind, ...] = (
    Kind(
        "deadline",
        _("Nhắc hạn (báo cáo, kế hoạch, tự đánh giá, đăng ký thi đua, thỏa ước sắp hết hạn)"),
        frozenset(
            {"reminder", "plan_reminder", "evaluation_due", "movement_signup_due", "agreement_expiring"}
        ),
    ),
    Kind(
        "returned",
        _("Báo cáo, phiếu bị trả lại hoặc mở lại"),
        frozenset({"returned", "reopened", "evaluation_returned", "recommendation_open"}),
    ),
    Kind(
        "approved",
        _("Được duyệt, công bố kết quả"),
        frozenset({"approved", "evaluation_moderated", "evaluation_published", "recommendation_closed"}),
    ),
    Kind(
        "submitted",
        _("Cấp dưới gửi lên, cần xem xét"),
        frozenset({"submitted", "evaluation_submitted", "recommendation_answered"}),
    ),
    Kind(
        "plans",
        _("Kế hoạch mới, điều chỉnh; mở đợt đánh giá"),
        frozenset({"plan_published", "plan_amended", "evaluation_open"}),
    ),
    Kind(
        "recommendation_due",
        _("Kiến nghị sau kiểm tra đến hạn, quá hạn"),
        frozenset({"recommendation_overdue"}),
    ),
    Kind(
        "concern",
        _("Tâm tư, nguyện vọng; vụ việc pháp lý được giao"),
        frozenset({"concern_filed", "concern_held", "concern_escalated", "legal_assigned"}),
    ),
    Kind(
        "members",
        _("Đoàn viên: chuyển sinh hoạt, cảnh báo đọc dữ liệu"),
        frozenset({"member_transfer", "member_bulk_read"}),
    ),
    Kind("other", _("Thông báo khác"), frozenset()),
)
# The daily digest is not a verb's kind, but its channels are chosen the same way.
DIGEST = Kind("digest", _("Bản tin tổng hợp hằng ngày"), frozenset())
CHOOSABLE: tuple[Kind, ...] = (*KINDS, DIGEST)
BY_CODE = {k.code: k for k in CHOOSABLE}
_BY_VERB = {verb: k.code for k in KINDS for verb in k.verbs}


def kind_of(verb: str) -> str:
    """The kind a `notify()` verb belongs to ("other" when none lists it)."""
    return _BY_VERB.get(verb, "other")
