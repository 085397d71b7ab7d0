"""The rules of the Điều lệ Công đoàn Việt Nam (khóa XIII), its guidance 38/HD-TLĐ (2024), the Luật Công
đoàn 2024 and the Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15 that the member register applies, as data: each
rule has the text's value as default, the article it comes from and what the text says, or a note that
the text could not be found in the sources searched. A federation changes a value through its setting
(an attribute of the same name in settings / the environment) without touching code; the pages quote the
article beside the rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from trienkhai.core.holidays import add_working_days as add_working_days  # the one working-day count

NOT_FOUND = "không tìm thấy văn bản"  # marks a value not read from the text (the or an example)


@dataclass(frozen=True)
class LegalRule:
    setting: str
    default: int
    article: str
    text: str  # what the text says, or why there is no text to quote

    def value(self) -> int:
        return int(getattr(settings, self.setting, self.default))

    @property
    def found(self) -> bool:
        return NOT_FOUND not in self.text


@dataclass(frozen=True)
class Citation:
    article: str
    text: str


# --- admission (kết nạp) ---------------------------------------------------------------------------------
APPLICATION = Citation(
    "tiểu mục 3.1 mục 3 Hướng dẫn 38/HD-TLĐ năm 2024; Mẫu số 5a (cá nhân), Mẫu số 5b (tập thể)",
    "Người lao động có đơn gia nhập công đoàn, có chữ ký của người viết đơn (chữ ký số đối với đơn điện tử). "
    "Trường hợp nhiều người gia nhập thì được sử dụng đơn tập thể, có chữ ký của từng người lao động.",
)
BCH_DECISION = Citation(
    "tiểu mục 3.1 mục 3 Hướng dẫn 38/HD-TLĐ năm 2024",
    "Nơi đã có công đoàn cấp cơ sở, người lao động nộp đơn lên ban chấp hành công đoàn cấp cơ sở để được "
    "xem xét, quyết định kết nạp đoàn viên và tổ chức lễ kết nạp theo quy định.",
)
UPPER_DECISION_WORKING_DAYS = LegalRule(
    "MEMBER_UPPER_DECISION_WORKING_DAYS",
    10,
    "tiểu mục 3.1 mục 3 Hướng dẫn 38/HD-TLĐ năm 2024 (nơi chưa có công đoàn cơ sở)",
    f"{NOT_FOUND}: đoạn về công đoàn cấp trên quyết định kết nạp nơi chưa có CĐCS chưa đọc được trong các "
    "nguồn đã tìm; 10 ngày làm việc là giá trị của yêu cầu (issue 20), cần đối chiếu.",
)
READMISSION_MONTHS = LegalRule(
    "MEMBER_READMISSION_MONTHS",
    3,
    "Hướng dẫn 38/HD-TLĐ năm 2024 (kết nạp lại)",
    f"{NOT_FOUND}: điều kiện kết nạp lại chưa đọc được trong các nguồn đã tìm; 3 tháng kể từ ngày ra khỏi tổ "
    "chức là giá trị của yêu cầu (issue 20), cần đối chiếu.",
)
NOT_ADMITTED_ARTICLE = "tiểu mục 1.2 mục 1 Hướng dẫn 38/HD-TLĐ năm 2024"
NOT_ADMITTED_NOTE = (
    f"{NOT_FOUND}: danh sách đối tượng không kết nạp (tiểu mục 1.2) chưa đọc được trong các nguồn đã tìm; "
    "các trường hợp dưới đây là ví dụ, không lấy từ văn bản — Liên đoàn sửa trong cài đặt MEMBER_NOT_ADMITTED."
)
# (code, label) pairs; a federation replaces them with the guidance's own list (settings.MEMBER_NOT_ADMITTED).
NOT_ADMITTED_DEFAULT: list[tuple[str, str]] = [
    ("employer", "Người sử dụng lao động, người đại diện theo pháp luật của doanh nghiệp (ví dụ)"),
    ("criminal", "Người đang bị truy cứu trách nhiệm hình sự hoặc đang chấp hành hình phạt tù (ví dụ)"),
    ("other_org", "Người đang là thành viên tổ chức của người lao động khác tại doanh nghiệp (ví dụ)"),
]


def not_admitted() -> list[tuple[str, str]]:
    return list(getattr(settings, "MEMBER_NOT_ADMITTED", NOT_ADMITTED_DEFAULT))


# --- states -----------------------------------------------------------------------------------------------
PAUSE = Citation(
    "Điều lệ Công đoàn Việt Nam khóa XIII và Hướng dẫn 38/HD-TLĐ năm 2024 (tạm dừng sinh hoạt)",
    f"{NOT_FOUND}: điều khoản về tạm dừng sinh hoạt công đoàn chưa đọc được trong các nguồn đã tìm; các lý "
    "do (tạm hoãn hợp đồng, mất việc làm) theo yêu cầu (issue 20).",
)
PAUSED_NO_DUES = Citation(
    "khoản 6 Điều 23 Quy định ban hành kèm Quyết định 1908/QĐ-TLĐ năm 2016",
    "Đoàn viên công đoàn hưởng trợ cấp bảo hiểm xã hội từ 01 tháng trở lên, trong thời gian hưởng trợ cấp "
    "không phải đóng đoàn phí; đoàn viên không có việc làm, không có thu nhập … không phải đóng đoàn phí.",
)

# --- personal data (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15, in force 01/01/2026) -------------------------
PDP_LAW = "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 (hiệu lực từ 01/01/2026)"
PDP_IN_FORCE = dt.date(2026, 1, 1)
SUBJECT_RIGHTS = Citation(
    "Điều 4 Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15",
    "Chủ thể dữ liệu cá nhân có quyền: được biết về hoạt động xử lý dữ liệu cá nhân; xem, chỉnh sửa hoặc "
    "yêu cầu chỉnh sửa dữ liệu cá nhân; yêu cầu cung cấp, xóa, hạn chế xử lý dữ liệu cá nhân; gửi yêu cầu "
    "phản đối xử lý dữ liệu cá nhân.",
)
ERASURE = Citation(
    "Điều 14 Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15",
    "Dữ liệu cá nhân được xóa, hủy khi chủ thể dữ liệu yêu cầu và chấp nhận rủi ro có thể xảy ra, khi đã "
    "hoàn thành mục đích xử lý, khi hết thời hạn lưu trữ theo quy định của pháp luật …",
)
SUBJECT_ACK_WORKING_DAYS = LegalRule(
    "PDP_ACK_WORKING_DAYS",
    2,
    "Nghị định 356/2025/NĐ-CP hướng dẫn Luật Bảo vệ dữ liệu cá nhân",
    "Bên kiểm soát dữ liệu cá nhân phản hồi yêu cầu của chủ thể dữ liệu trong 02 ngày làm việc kể từ ngày "
    "nhận được yêu cầu (theo bản tóm tắt Nghị định 356/2025, frasersvn.com; chưa đọc được nguyên văn điều).",
)
SUBJECT_RESTRICTION_DAYS = LegalRule(
    "PDP_RESTRICTION_DAYS",
    15,
    "khoản 2 Điều 5, Điều 10 Nghị định 356/2025/NĐ-CP",
    "Yêu cầu rút lại sự đồng ý, hạn chế xử lý dữ liệu cá nhân được thực hiện trong thời hạn 15 ngày "
    "(theo bản tóm tắt trên vnexpress.net và cdlaf.vn; chưa đọc được nguyên văn điều).",
)
SUBJECT_OTHER_DAYS = LegalRule(
    "PDP_REQUEST_DAYS",
    20,
    "Nghị định 356/2025/NĐ-CP hướng dẫn Luật Bảo vệ dữ liệu cá nhân",
    f"{NOT_FOUND}: thời hạn riêng cho yêu cầu xem/cung cấp, chỉnh sửa và xóa chưa đọc được; bản tóm tắt "
    "(cdlaf.vn) nói hoàn thành trong 10 đến 20 ngày — lấy mức 20 ngày, cần đối chiếu.",
)


def add_months(on: dt.date, months: int) -> dt.date:
    month = on.month - 1 + months
    year, month = on.year + month // 12, month % 12 + 1
    for day in (on.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise ValueError(on)


ALL_RULES = [
    UPPER_DECISION_WORKING_DAYS,
    READMISSION_MONTHS,
    SUBJECT_ACK_WORKING_DAYS,
    SUBJECT_RESTRICTION_DAYS,
    SUBJECT_OTHER_DAYS,
]
