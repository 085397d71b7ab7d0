"""The rules of the Labour Code 2019 (Bộ luật Lao động 45/2019/QH14) and of TLĐ that the register of
collective agreements applies, as data: each rule has the text's value as default, the article it comes
from and the words of the text (or a note that the text could not be found). A federation changes a value
through its setting (environment variable of the same name) without touching code; the pages quote the
article beside the rule.
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
