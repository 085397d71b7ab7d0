"""The rules of the Labour Code 2019 (Bộ luật Lao động 45/2019/QH14), of Decree 145/2020/NĐ-CP (dialogue at
the workplace) and of TLĐ that the register of collective agreements and of dialogues applies, as data: each rule has the text's value as default, the article it comes
from and the words of the text (or a note that the text could not be found). A federation changes a value
through its setting (environment variable of the same name) without touching code; the pages quote the
article beside the rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from trienkhai.core.holidays import add_working_days as add_working_days  # the one working-day count


@dataclass(frozen=True)
class LegalRule:
    setting: str
    default: int
    article: str
    text: str  # what the text says, or why there is no text to quote

    def value(self) -> int:
        return int(getattr(settings, self.setting, self.default))


MIN_TERM_MONTHS = LegalRule(
    "AGREEMENT_MIN_TERM_MONTHS",
    12,
    "khoản 3 Điều 78 Bộ luật Lao động 2019",
    "Thỏa ước lao động tập thể có thời hạn từ 01 năm đến 03 năm.",
)
MAX_TERM_MONTHS = LegalRule(
    "AGREEMENT_MAX_TERM_MONTHS",
    36,
    "khoản 3 Điều 78 Bộ luật Lao động 2019",
    "Thỏa ước lao động tập thể có thời hạn từ 01 năm đến 03 năm.",
)
ADOPTION_PERCENT = LegalRule(
    "AGREEMENT_ADOPTION_PERCENT",
    50,
    "Điều 76 Bộ luật Lao động 2019",
    "Thỏa ước chỉ được ký kết khi có trên 50% người được lấy ý kiến biểu quyết tán thành.",
)
FILING_DAYS = LegalRule(
    "AGREEMENT_FILING_DAYS",
    10,
    "Điều 77 Bộ luật Lao động 2019",
    "Trong thời hạn 10 ngày kể từ ngày ký kết, người sử dụng lao động phải gửi 01 bản thỏa ước đến cơ quan "
    "chuyên môn về lao động thuộc Ủy ban nhân dân cấp tỉnh.",
)
EXTENSION_WINDOW_DAYS = LegalRule(
    "AGREEMENT_EXTENSION_WINDOW_DAYS",
    90,
    "Điều 83 Bộ luật Lao động 2019",
    "Trong thời hạn 90 ngày trước ngày thỏa ước lao động tập thể hết hạn, các bên có thể thương lượng để kéo "
    "dài thời hạn của thỏa ước hoặc ký kết thỏa ước mới; kéo dài thời hạn phải lấy ý kiến theo Điều 76.",
)
CARRY_OVER_DAYS = LegalRule(
    "AGREEMENT_CARRY_OVER_DAYS",
    90,
    "Điều 83 Bộ luật Lao động 2019",
    "Khi thỏa ước hết hạn mà các bên vẫn tiếp tục thương lượng thì thỏa ước cũ vẫn được tiếp tục thực hiện "
    "trong thời hạn không quá 90 ngày kể từ ngày hết hạn, trừ trường hợp các bên có thỏa thuận khác.",
)
AMENDMENT_ARTICLE = "Điều 82 Bộ luật Lao động 2019"
AMENDMENT_TEXT = (
    "Việc sửa đổi, bổ sung thỏa ước lao động tập thể được thực hiện như việc thương lượng, ký kết thỏa ước "
    "(lấy ý kiến theo Điều 76)."
)
# TLĐ's grading framework. The guidance 1580/HD-TLĐ could not be found in the texts searched (neither its
# criteria nor the point thresholds of grades A-D), so the grade suggested from the number of terms better
# than the law (AGREEMENT_GRADE_THRESHOLDS) is the federation's own choice, and the union confirms it.
GRADING_ARTICLE = "Hướng dẫn 1580/HD-TLĐ của Tổng Liên đoàn Lao động Việt Nam"
GRADING_TEXT = (
    "Chưa tìm được văn bản 1580/HD-TLĐ: tiêu chí và thang điểm xếp loại A, B, C, D chưa được đối chiếu; "
    "loại gợi ý tính theo số nội dung có lợi hơn luật do Liên đoàn quy định. Các trường hợp không xếp loại "
    "(sao chép luật, vô hiệu, trái pháp luật, hết hạn) cũng chưa được đối chiếu với văn bản gốc."
)

ALL = [
    MIN_TERM_MONTHS,
    MAX_TERM_MONTHS,
    ADOPTION_PERCENT,
    FILING_DAYS,
    EXTENSION_WINDOW_DAYS,
    CARRY_OVER_DAYS,
]


# --- Dialogue at the workplace (Decree 145/2020/NĐ-CP, read in diepxuan/diepxuan.github.io
# van-ban/lao-dong/lao-dong.md, "Điều 20.2.NĐ.3.38" to "Điều 20.2.NĐ.3.47") ---------------------------------


@dataclass(frozen=True)
class TableRule:
    """A rule whose value is a table: (from this many workers, at least this many representatives)."""

    setting: str
    default: tuple[tuple[int, int], ...]
    article: str
    text: str

    def value(self) -> tuple[tuple[int, int], ...]:
        rows = getattr(settings, self.setting, self.default)
        return tuple(sorted((int(a), int(b)) for a, b in rows))


DIALOGUE_REPRESENTATIVES = TableRule(
    "DIALOGUE_MIN_REPRESENTATIVES",
    ((0, 3), (50, 4), (150, 9), (300, 14), (500, 19), (1000, 24)),
    "điểm a khoản 2 Điều 38 Nghị định 145/2020/NĐ-CP",
    "Bên người lao động: ít nhất 03 người nếu dưới 50 người lao động; ít nhất từ 04 đến 08 người từ 50 đến "
    "dưới 150; từ 09 đến 13 người từ 150 đến dưới 300; từ 14 đến 18 người từ 300 đến dưới 500; từ 19 đến 23 "
    "người từ 500 đến dưới 1.000; ít nhất 24 người từ 1.000 người lao động trở lên. (Ứng dụng lấy số thấp "
    "nhất của mỗi bậc làm mức tối thiểu.)",
)
DIALOGUE_PERIODIC_PER_YEAR = LegalRule(
    "DIALOGUE_PERIODIC_PER_YEAR",
    1,
    "điểm a khoản 2 Điều 63 Bộ luật Lao động 2019",
    "Người sử dụng lao động phải tổ chức đối thoại tại nơi làm việc định kỳ ít nhất 01 năm một lần.",
)
DIALOGUE_NOTICE_WORKING_DAYS = LegalRule(
    "DIALOGUE_NOTICE_WORKING_DAYS",
    5,
    "khoản 3 Điều 39 Nghị định 145/2020/NĐ-CP",
    "Chậm nhất 05 ngày làm việc trước ngày bắt đầu tổ chức đối thoại định kỳ, các bên có trách nhiệm gửi "
    "nội dung đối thoại cho bên tham gia đối thoại.",
)
DIALOGUE_QUORUM_PERCENT = LegalRule(
    "DIALOGUE_QUORUM_PERCENT",
    70,
    "khoản 4 Điều 39 Nghị định 145/2020/NĐ-CP",
    "Đối thoại định kỳ chỉ được tiến hành khi bên người sử dụng lao động có sự tham gia của người đại diện "
    "theo pháp luật hoặc người được ủy quyền và bên người lao động có sự tham gia của trên 70% tổng số "
    "thành viên đại diện; diễn biến đối thoại phải được ghi thành biên bản có chữ ký của các bên.",
)
DIALOGUE_PUBLISH_WORKING_DAYS = LegalRule(
    "DIALOGUE_PUBLISH_WORKING_DAYS",
    3,
    "khoản 5 Điều 39, khoản 4 Điều 40 Nghị định 145/2020/NĐ-CP",
    "Chậm nhất 03 ngày làm việc kể từ khi kết thúc đối thoại, người sử dụng lao động có trách nhiệm công bố "
    "công khai tại nơi làm việc những nội dung chính của đối thoại.",
)
DIALOGUE_REQUEST_PERCENT = LegalRule(
    "DIALOGUE_REQUEST_PERCENT",
    30,
    "điểm b khoản 1 Điều 40 Nghị định 145/2020/NĐ-CP",
    "Đối với bên người lao động, nội dung yêu cầu đối thoại phải được sự đồng ý của ít nhất 30% số thành viên "
    "đại diện của bên người lao động tham gia đối thoại.",
)
DIALOGUE_ANSWER_WORKING_DAYS = LegalRule(
    "DIALOGUE_ANSWER_WORKING_DAYS",
    5,
    "khoản 2 Điều 40 Nghị định 145/2020/NĐ-CP",
    "Chậm nhất 05 ngày làm việc kể từ khi nhận được nội dung yêu cầu đối thoại, bên nhận được yêu cầu phải có "
    "văn bản trả lời, thống nhất về thời gian, địa điểm tổ chức đối thoại.",
)
WORKER_CONFERENCE_PER_YEAR = LegalRule(
    "WORKER_CONFERENCE_PER_YEAR",
    1,
    "khoản 1 Điều 47 Nghị định 145/2020/NĐ-CP",
    "Hội nghị người lao động do người sử dụng lao động phối hợp với tổ chức đại diện người lao động tại cơ sở "
    "tổ chức hằng năm theo hình thức hội nghị toàn thể hoặc hội nghị đại biểu.",
)
# Working days count Monday to Friday. Public holidays (Tết and the others of Art. 112 Bộ luật Lao động)
# are not taken out: they are not in the data yet, so a clock across a holiday is one or more days early.
WORKING_DAYS_NOTE = "Ngày làm việc tính từ thứ Hai đến thứ Sáu; chưa trừ ngày nghỉ lễ, Tết."

DIALOGUE_RULES = [
    DIALOGUE_PERIODIC_PER_YEAR,
    DIALOGUE_NOTICE_WORKING_DAYS,
    DIALOGUE_QUORUM_PERCENT,
    DIALOGUE_PUBLISH_WORKING_DAYS,
    DIALOGUE_REQUEST_PERCENT,
    DIALOGUE_ANSWER_WORKING_DAYS,
    WORKER_CONFERENCE_PER_YEAR,
]


def min_representatives(workforce: int) -> int:
    """The least number of worker representatives for a workforce (Art. 38(2)(a) Decree 145/2020)."""
    least = 0
    for from_workers, minimum in DIALOGUE_REPRESENTATIVES.value():
        if workforce >= from_workers:
            least = minimum
    return least
