"""The rules of legal aid as data: the limitation periods of the Labour Code 2019 (Bộ luật Lao động
45/2019/QH14) per kind of dispute and body asked, the worker's authorisation when the union represents
them, and the advisor's qualifications. Each rule has the text's value as default, the article, and the
words of the text or a note that the text could not be found. A federation changes a value through the
setting of the same name without touching code.

Read in diepxuan/diepxuan.github.io van-ban/lao-dong/lao-dong.md (an earlier version holds paragraph 1 of
Art. 190 and Art. 194; paragraphs 2 and 3 were not in it) and sonnt-dna/Store_pdf Luat_Congdoan.md (Luật
Công đoàn 2012).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class LegalRule:
    setting: str
    default: int
    article: str
    text: str  # what the text says, or why there is no text to quote

    def value(self) -> int:
        return int(getattr(settings, self.setting, self.default))


NOT_FOUND = "Chưa tìm được nguyên văn khoản này trong các văn bản đã tra; giá trị theo hiểu biết chung, cần đối chiếu."

# (dispute kind, stage) -> months from the day the breach was found.
LIMITATIONS: dict[tuple[str, str], LegalRule] = {
    ("individual", "mediation"): LegalRule(
        "LEGALAID_LIMITATION_INDIVIDUAL_MEDIATION_MONTHS",
        6,
        "khoản 1 Điều 190 Bộ luật Lao động 2019",
        "Thời hiệu yêu cầu hòa giải viên lao động thực hiện hòa giải tranh chấp lao động cá nhân là 06 tháng "
        "kể từ ngày phát hiện ra hành vi mà bên tranh chấp cho rằng quyền và lợi ích hợp pháp của mình bị vi "
        "phạm.",
    ),
    ("individual", "arbitration"): LegalRule(
        "LEGALAID_LIMITATION_INDIVIDUAL_ARBITRATION_MONTHS",
        9,
        "khoản 2 Điều 190 Bộ luật Lao động 2019",
        "Yêu cầu Hội đồng trọng tài lao động giải quyết tranh chấp lao động cá nhân: 09 tháng. " + NOT_FOUND,
    ),
    ("individual", "court"): LegalRule(
        "LEGALAID_LIMITATION_INDIVIDUAL_COURT_MONTHS",
        12,
        "khoản 3 Điều 190 Bộ luật Lao động 2019",
        "Yêu cầu Tòa án giải quyết tranh chấp lao động cá nhân: 01 năm (nhiều trang hỏi đáp trích như vậy). "
        + NOT_FOUND,
    ),
    ("collective_rights", "mediation"): LegalRule(
        "LEGALAID_LIMITATION_COLLECTIVE_MEDIATION_MONTHS",
        6,
        "khoản 1 Điều 194 Bộ luật Lao động 2019",
        "Thời hiệu yêu cầu hòa giải viên lao động thực hiện hòa giải tranh chấp lao động tập thể về quyền là "
        "06 tháng kể từ ngày phát hiện ra hành vi mà bên tranh chấp cho rằng quyền hợp pháp của mình bị vi "
        "phạm.",
    ),
    ("collective_rights", "arbitration"): LegalRule(
        "LEGALAID_LIMITATION_COLLECTIVE_ARBITRATION_MONTHS",
        9,
        "khoản 2 Điều 194 Bộ luật Lao động 2019",
        "Yêu cầu Hội đồng trọng tài lao động giải quyết tranh chấp lao động tập thể về quyền: 09 tháng. "
        + NOT_FOUND,
    ),
    ("collective_rights", "court"): LegalRule(
        "LEGALAID_LIMITATION_COLLECTIVE_COURT_MONTHS",
        12,
        "khoản 3 Điều 194 Bộ luật Lao động 2019",
        "Yêu cầu Tòa án giải quyết tranh chấp lao động tập thể về quyền: 01 năm. " + NOT_FOUND,
    ),
}

# Art. 188(1): an individual dispute goes to a labour mediator before the arbitration council or the court,
# except the cases listed there (dismissal, termination, compensation ...). So mediation is not forced here.
MEDIATION_FIRST_ARTICLE = "khoản 1 Điều 188 Bộ luật Lao động 2019"

AUTHORISATION_ARTICLE = "khoản 8 Điều 10 Luật Công đoàn 2012"
AUTHORISATION_TEXT = (
    "Công đoàn đại diện cho người lao động khởi kiện tại Tòa án khi quyền, lợi ích hợp pháp, chính đáng của "
    "người lao động bị xâm phạm và được người lao động ủy quyền. (Luật Công đoàn 2024 thay Luật 2012 từ "
    "01/7/2025; điều tương ứng của Luật 2024 chưa tìm được trong các văn bản đã tra.)"
)

# Who may advise. The texts that set the standard of a union's legal advisor were not found; the list is the
# federation's own (ví dụ, không lấy từ văn bản) and can be changed through LEGALAID_QUALIFICATIONS.
QUALIFICATIONS_DEFAULT = (
    ("lawyer", "Luật sư (có chứng chỉ hành nghề)"),
    ("legal_aid_officer", "Trợ giúp viên pháp lý"),
    ("law_graduate", "Cán bộ công đoàn có bằng cử nhân luật"),
    ("collaborator", "Cộng tác viên tư vấn pháp luật"),
    ("other", "Khác"),
)
QUALIFICATIONS_NOTE = "Danh mục do Liên đoàn quy định (ví dụ, không lấy từ văn bản)."


def qualifications() -> tuple[tuple[str, str], ...]:
    return tuple(getattr(settings, "LEGALAID_QUALIFICATIONS", QUALIFICATIONS_DEFAULT))
