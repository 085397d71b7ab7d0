"""The four grades of the annual evaluation, best first: the one place their codes, order and labels are
written. Models, scoring and forms read them here; other apps read them through `api`, which re-exports
them (this module imports nothing of the app, so neither `models` nor `api` needs the other lazily)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy, gettext_noop

# Best first; codes are stored data, never rename them. The labels are Vietnamese (issued documents use
# them as they are); pages translate them through the catalog (`gettext_noop` only marks them for it).
GRADES: list[tuple[str, str]] = [
    ("xuat_sac", gettext_noop("Hoàn thành xuất sắc nhiệm vụ")),
    ("tot", gettext_noop("Hoàn thành tốt nhiệm vụ")),
    ("hoan_thanh", gettext_noop("Hoàn thành nhiệm vụ")),
    ("khong_hoan_thanh", gettext_noop("Không hoàn thành nhiệm vụ")),
]
GRADE_ORDER: list[str] = [code for code, _label in GRADES]
# For pages: each label through the catalog (GRADES itself stays Vietnamese for issued documents).
GRADE_LABELS: dict[str, Promise] = {code: gettext_lazy(label) for code, label in GRADES}  # noqa: INT001 - marked above
GRADE_LABELS_VI: dict[str, str] = dict(GRADES)  # for issued documents and stored notification texts


def worse_than(code: str, minimum: str) -> bool:
    """Whether grade `code` is below `minimum` (an unknown code counts as the lowest)."""
    rank = {c: i for i, c in enumerate(GRADE_ORDER)}
    return rank.get(code, len(GRADE_ORDER)) > rank.get(minimum, len(GRADE_ORDER))
