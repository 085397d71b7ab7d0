"""The rules of union inspection as data, each with the text it comes from (issue 19).

A federation changes these values (they are read through this module only); the defaults are the texts'.
Where a value could not be found in a public text the entry says so ("ví dụ, không lấy từ văn bản").

Texts read (via the public copies named in the report):
- Quyết định 684/QĐ-TLĐ ngày 08/6/2020 of the Đoàn Chủ tịch TLĐ, Điều 1: seven processes (quy trình) of
  inspection, supervision, discipline, complaints and denunciations.
- Điều lệ Công đoàn Việt Nam (khóa XII, kèm Quyết định 174/QĐ-TLĐ ngày 03/02/2020), Điều 29 khoản 1–2:
  the Ủy ban kiểm tra is elected by the same-level Ban Chấp hành and recognised by the union above; the
  Hướng dẫn thi hành Điều lệ: its term follows the Ban Chấp hành's, and its BCH members are at most 1/3
  of its members.
- Hướng dẫn 238/HD-TLĐ mục 29 (tasks of the UBKT, Điều lệ khóa XI Điều 41; the 2020 text keeps them in
  Điều 30 — article number of the 2020 text not checked against the original): inspect organisations,
  officers and members of the same level and below on signs of violation; supervise BCH members and
  officers of the same level and the unions below; inspect finance of the same level and below; advise on
  discipline; settle complaints and denunciations.
- Quyết định 5130/QĐ-TLĐ ngày 12/8/2022, Quy định xử lý kỷ luật trong tổ chức công đoàn (replacing
  1602/QĐ-TLĐ, whose Điều 4 listed the forms): forms of discipline per target.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Who an inspection or a case may be about.
UNIT_BELOW = "unit_below"  # a union organisation below (CĐCS, nghiệp đoàn, upper-level unions below)
UNIT_SAME = "unit_same"  # the inspecting union itself ("cùng cấp")
OFFICER = "officer"  # a union officer (cán bộ công đoàn)
MEMBER = "member"  # a union member (đoàn viên)

TARGET_LABELS: dict[str, Promise] = {
    UNIT_BELOW: _("Tổ chức công đoàn cấp dưới"),
    UNIT_SAME: _("Công đoàn cùng cấp"),
    OFFICER: _("Cán bộ công đoàn"),
    MEMBER: _("Đoàn viên"),
}

# The documents a process issues, by the role they play.
DECISION = "decision"  # quyết định kiểm tra / giám sát / kỷ luật
RECORD = "record"  # biên bản (one per visit)
CONCLUSION = "conclusion"  # thông báo kết luận (kết quả)


@dataclass(frozen=True)
class Step:
    name: str
    document: str = ""  # DECISION, RECORD, CONCLUSION or "" when the step issues none


@dataclass(frozen=True)
class Process:
    key: str
    name: str
    article: str
    targets: tuple[str, ...]
    steps: tuple[Step, ...]
    verb: str = "kiểm tra"  # "giám sát" for supervision: it names the team and the documents
    # Documents: the decision's and the conclusion's title words ("Quyết định kiểm tra", "Thông báo kết luận").
    decision_title: str = "Quyết định kiểm tra"
    conclusion_title: str = "Thông báo kết luận kiểm tra"

    @property
    def documents(self) -> tuple[str, ...]:
        return tuple(s.document for s in self.steps if s.document)

    def allows(self, target: str) -> bool:
        return target in self.targets


# The three phases 684/QĐ-TLĐ gives each inspection process (chuẩn bị — tiến hành — kết thúc); the names of
# the steps inside them follow the TLĐ training material on the processes ("Tài liệu nghiệp vụ công tác
# kiểm tra công đoàn"): ví dụ, đối chiếu văn bản gốc trước khi dùng chính thức.
_INSPECTION_STEPS = (
    Step("Chuẩn bị: thu thập thông tin, xây dựng kế hoạch, ra quyết định kiểm tra, thành lập đoàn", DECISION),
    Step("Tiến hành: làm việc với đối tượng, xem xét hồ sơ, lập biên bản từng cuộc làm việc", RECORD),
    Step(
        "Kết thúc: báo cáo kết quả, ban thường vụ / ủy ban kiểm tra kết luận, thông báo kết luận", CONCLUSION
    ),
    Step("Theo dõi việc thực hiện kết luận, kiến nghị"),
)

CHARTER = "charter"
VIOLATION = "violation"
FINANCE = "finance"
SUPERVISION = "supervision"
DISCIPLINE = "discipline"
COMPLAINT = "complaint"
DENUNCIATION = "denunciation"

PROCESSES: dict[str, Process] = {
    p.key: p
    for p in (
        Process(
            CHARTER,
            "Kiểm tra chấp hành Điều lệ Công đoàn Việt Nam",
            "684/QĐ-TLĐ Điều 1 khoản 1 (quy trình 1); Điều lệ CĐVN 2020 Điều 29–30",
            (UNIT_BELOW,),
            _INSPECTION_STEPS,
        ),
        Process(
            VIOLATION,
            "Kiểm tra khi tổ chức, cá nhân có dấu hiệu vi phạm",
            "684/QĐ-TLĐ Điều 1 khoản 2 (quy trình 2); HD 238/HD-TLĐ mục 29 (tổ chức, cán bộ, đoàn viên cùng cấp và "
            "cấp dưới)",
            (UNIT_BELOW, OFFICER, MEMBER),
            _INSPECTION_STEPS,
        ),
        Process(
            FINANCE,
            "Kiểm tra tài chính, tài sản công đoàn",
            "684/QĐ-TLĐ Điều 1 khoản 3 (quy trình 3); HD 238/HD-TLĐ mục 29 (tài chính cùng cấp và cấp dưới)",
            (UNIT_SAME, UNIT_BELOW),
            _INSPECTION_STEPS,
        ),
        Process(
            SUPERVISION,
            "Giám sát trong tổ chức công đoàn",
            "684/QĐ-TLĐ Điều 1 khoản 4 (quy trình 4); HD 238/HD-TLĐ mục 29 (ủy viên BCH, cán bộ cùng cấp và tổ "
            "chức công đoàn cấp dưới)",
            (UNIT_BELOW, OFFICER),
            (
                Step("Chuẩn bị: kế hoạch giám sát, quyết định giám sát, thành lập đoàn", DECISION),
                Step("Tiến hành: làm việc với đối tượng, lập biên bản", RECORD),
                Step("Kết thúc: thông báo kết quả giám sát", CONCLUSION),
            ),
            verb="giám sát",
            decision_title="Quyết định giám sát",
            conclusion_title="Thông báo kết quả giám sát",
        ),
        Process(
            DISCIPLINE,
            "Xử lý kỷ luật trong tổ chức công đoàn",
            "684/QĐ-TLĐ Điều 1 khoản 5 (quy trình 5); QĐ 5130/QĐ-TLĐ ngày 12/8/2022",
            (UNIT_BELOW, OFFICER, MEMBER),
            (
                Step("Tổ chức, cá nhân vi phạm kiểm điểm, tự nhận hình thức kỷ luật"),
                Step("Ủy ban kiểm tra thẩm tra, xác minh, lập biên bản", RECORD),
                Step("Cấp có thẩm quyền bỏ phiếu kín, ra quyết định kỷ luật", DECISION),
                Step("Thông báo quyết định kỷ luật", CONCLUSION),
            ),
            decision_title="Quyết định kỷ luật",
            conclusion_title="Thông báo quyết định kỷ luật",
        ),
        Process(
            COMPLAINT,
            "Giải quyết và tham gia giải quyết khiếu nại",
            "684/QĐ-TLĐ Điều 1 khoản 6 (quy trình 6); Luật Khiếu nại 2011",
            (UNIT_BELOW, OFFICER, MEMBER),
            (
                Step("Thụ lý, thông báo thụ lý"),
                Step("Xác minh, lập biên bản làm việc", RECORD),
                Step("Quyết định giải quyết khiếu nại", DECISION),
                Step("Thông báo kết quả giải quyết", CONCLUSION),
            ),
            decision_title="Quyết định giải quyết khiếu nại",
            conclusion_title="Thông báo kết quả giải quyết khiếu nại",
        ),
        Process(
            DENUNCIATION,
            "Giải quyết và tham gia giải quyết tố cáo",
            "684/QĐ-TLĐ Điều 1 khoản 7 (quy trình 7); Luật Tố cáo 2018",
            (UNIT_BELOW, OFFICER, MEMBER),
            (
                Step("Thụ lý tố cáo"),
                Step("Xác minh nội dung tố cáo, lập biên bản", RECORD),
                Step("Kết luận nội dung tố cáo", DECISION),
                Step("Thông báo kết luận nội dung tố cáo", CONCLUSION),
            ),
            decision_title="Quyết định thụ lý, xác minh tố cáo",
            conclusion_title="Thông báo kết luận nội dung tố cáo",
        ),
    )
}

PROCESS_CHOICES = [(p.key, p.name) for p in PROCESSES.values()]


def process(key: str) -> Process:
    return PROCESSES.get(key) or PROCESSES[CHARTER]


# --- The Ủy ban kiểm tra (Điều lệ CĐVN 2020 Điều 29; Hướng dẫn thi hành Điều lệ) -------------------------
# BCH members may be at most this share of the committee's members ("không được vượt quá một phần ba").
COMMITTEE_MAX_BCH_SHARE = (1, 3)
COMMITTEE_ARTICLE = (
    "Điều lệ CĐVN 2020 Điều 29; Hướng dẫn thi hành Điều lệ (ủy viên BCH ≤ 1/3 số ủy viên UBKT)"
)
# The team of an inspection is drawn from the committee's members (Điều lệ 2020 Điều 30: the UBKT
# inspects). A federation that also sends officers outside the committee turns this off.
TEAM_FROM_COMMITTEE = True
TEAM_ARTICLE = "Điều lệ CĐVN 2020 Điều 29–30 (ủy ban kiểm tra tiến hành kiểm tra, giám sát)"


# --- Discipline (QĐ 5130/QĐ-TLĐ 2022; before it 1602/QĐ-TLĐ Điều 4) ------------------------------------
REPRIMAND = "reprimand"
WARNING = "warning"
DISMISSAL = "dismissal"
EXPULSION = "expulsion"
DISSOLUTION = "dissolution"

DISCIPLINE_FORMS: dict[str, Promise] = {
    REPRIMAND: _("Khiển trách"),
    WARNING: _("Cảnh cáo"),
    DISMISSAL: _("Cách chức"),
    EXPULSION: _("Khai trừ"),
    DISSOLUTION: _("Giải tán"),
}
DISCIPLINE_ARTICLE = (
    "QĐ 5130/QĐ-TLĐ ngày 12/8/2022 (số điều: không tìm thấy bản gốc; trước đó Điều 4 QĐ 1602/QĐ-TLĐ)"
)
# The forms each target may receive: collectives and organisations (khiển trách, cảnh cáo, giải tán);
# members (khiển trách, cảnh cáo, khai trừ); officers (khiển trách, cảnh cáo, cách chức, khai trừ).
FORMS_BY_TARGET: dict[str, tuple[str, ...]] = {
    UNIT_BELOW: (REPRIMAND, WARNING, DISSOLUTION),
    UNIT_SAME: (REPRIMAND, WARNING, DISSOLUTION),
    MEMBER: (REPRIMAND, WARNING, EXPULSION),
    OFFICER: (REPRIMAND, WARNING, DISMISSAL, EXPULSION),
}
# How long a form's effect runs after the decision, in months (None: it does not end). Ví dụ, không lấy từ
# văn bản: the period was not found in the public copies of 5130/QĐ-TLĐ; the decision may set its own end.
EFFECT_MONTHS: dict[str, int | None] = {
    REPRIMAND: 12,
    WARNING: 12,
    DISMISSAL: 12,
    EXPULSION: None,
    DISSOLUTION: None,
}
EFFECT_ARTICLE = "ví dụ, không lấy từ văn bản (thời hạn hiệu lực của kỷ luật chưa tìm thấy trong 5130/QĐ-TLĐ)"


# --- Awards wait (Nghị định 152/2025/NĐ-CP Điều 4, as issue 19 cites it) --------------------------------
AWARD_WAIT_ARTICLE = "Nghị định 152/2025/NĐ-CP Điều 4"
