"""The catalogue of award forms and the rules a federation starts with: data, edited in the admin
afterwards. Each row names the text it comes from (`source`); where the text could not be read when this
was written the row says so ("chưa đối chiếu được toàn văn", "ví dụ, không lấy từ văn bản"): never a
silent invention. Used by migration 0002 and by `models.ensure_default_forms` (a flushed test database,
a demo).

Texts: Luật Thi đua, khen thưởng số 06/2022/QH15 (Luật TĐKT); Nghị định 98/2023/NĐ-CP (tiền thưởng);
Nghị định 152/2025/NĐ-CP; Quy chế khen thưởng của Tổng Liên đoàn Lao động Việt Nam (TLĐ)."""

from decimal import Decimal

TLD = "Tổng Liên đoàn Lao động Việt Nam"
MONEY = "Nghị định 98/2023/NĐ-CP, Điều 54 (hệ số × mức lương cơ sở; chưa đối chiếu được toàn văn)"
TLD_RULES = "Quy chế khen thưởng của Tổng Liên đoàn (chưa đối chiếu được toàn văn)"

# Kinds of award, Luật TĐKT 2022 Điều 8 (loại hình khen thưởng).
KIND_MERIT = "cong_trang"  # theo công trạng và thành tích đạt được
KIND_TOPIC = "chuyen_de"  # theo đợt (chuyên đề)
KIND_SUDDEN = "dot_xuat"  # đột xuất
KIND_DEDICATION = "cong_hien"  # quá trình cống hiến
KIND_SENIORITY = "nien_han"  # niên hạn
KIND_FOREIGN = "doi_ngoai"  # đối ngoại

# One dict per form. `recipients`: "" both, "unit", "person", "business" (doanh nghiệp), "team" (tổ công
# đoàn); a form "unit" also fits a business and a team (they are collectives). Money: the multiple of the
# base salary for a collective and for a person (None: the text gives no money, or it was not found).
# `prerequisite`: the form the recipient must have held `prerequisite_years` years in a row, the year of
# the proposal included. Quotas: per council unit and year (`yearly_quota`), per proposer and year
# (`proposer_quota`); None is no cap.
FORMS: list[dict] = [
    # Names of the first rows are kept from the first catalogue (stored proposals point at them).
    {
        "name": "Giấy khen của Liên đoàn Lao động",
        "level": "own",
        "position": 10,
        "source": "Luật TĐKT 2022, Điều 75 (Giấy khen) [số điều chưa đối chiếu được]; cấp trên cơ sở của Công đoàn tặng",
        "unit_multiple": Decimal("0.6"),
        "person_multiple": Decimal("0.3"),
    },
    {
        # No text found names a title "Lao động giỏi" (Luật TĐKT 2022 names "Lao động tiên tiến";
        # "Lao động giỏi, lao động sáng tạo" is the name of the TLĐ movement): kept for the stored
        # proposals, switched off.
        "name": "Danh hiệu “Lao động giỏi”",
        "level": "own",
        "recipients": "person",
        "position": 20,
        "source": "Không thấy văn bản nào quy định danh hiệu này (chỉ có phong trào “Lao động giỏi, lao động sáng tạo”): không dùng",
        "active": False,
    },
    {
        "name": "Cờ thi đua của Liên đoàn Lao động tỉnh",
        "level": "own",
        "recipients": "unit",
        "position": 30,
        "is_title": True,
        "source": TLD_RULES,
    },
    {
        "name": "Bằng khen của Tổng Liên đoàn Lao động Việt Nam",
        "level": "upward",
        "decided_by": TLD,
        "position": 40,
        "source": f"Luật TĐKT 2022, Điều 74 (Bằng khen cấp bộ, ngành, đoàn thể trung ương) [số điều chưa đối chiếu được]; {TLD_RULES}: toàn diện",
        "unit_multiple": Decimal("2.0"),
        "person_multiple": Decimal("1.0"),
    },
    {
        "name": "Cờ thi đua của Tổng Liên đoàn Lao động Việt Nam",
        "level": "upward",
        "decided_by": TLD,
        "recipients": "unit",
        "position": 50,
        "is_title": True,
        "source": f"Luật TĐKT 2022, Điều 26 (Cờ thi đua cấp bộ, ngành, đoàn thể trung ương) [số điều chưa đối chiếu được]; {TLD_RULES}: toàn diện",
        "unit_multiple": Decimal("8.0"),
    },
    # Titles (danh hiệu thi đua), Luật TĐKT 2022 chương II.
    {
        "name": "Danh hiệu “Chiến sĩ thi đua cơ sở”",
        "level": "own",
        "recipients": "person",
        "position": 60,
        "is_title": True,
        "source": "Luật TĐKT 2022, Điều 23 [số điều chưa đối chiếu được]",
        "person_multiple": Decimal("1.0"),
    },
    {
        "name": "Danh hiệu “Chiến sĩ thi đua cấp Tổng Liên đoàn”",
        "level": "upward",
        "decided_by": TLD,
        "recipients": "person",
        "position": 70,
        "is_title": True,
        "source": "Luật TĐKT 2022, Điều 22: tiêu biểu xuất sắc trong số những cá nhân có 03 lần liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở",
        "person_multiple": Decimal("3.0"),
        "prerequisite": "Danh hiệu “Chiến sĩ thi đua cơ sở”",
        "prerequisite_years": 3,
    },
    {
        "name": "Danh hiệu “Lao động tiên tiến”",
        "level": "own",
        "recipients": "person",
        "position": 80,
        "is_title": True,
        "source": "Luật TĐKT 2022, Điều 24 [số điều chưa đối chiếu được]",
        "person_multiple": Decimal("0.3"),
    },
    {
        "name": "Danh hiệu “Tập thể lao động xuất sắc”",
        "level": "own",
        "recipients": "unit",
        "position": 90,
        "is_title": True,
        "source": "Luật TĐKT 2022, Điều 27 [số điều chưa đối chiếu được]",
        "unit_multiple": Decimal("1.5"),
    },
    {
        "name": "Danh hiệu “Tập thể lao động tiên tiến”",
        "level": "own",
        "recipients": "unit",
        "position": 100,
        "is_title": True,
        "source": "Luật TĐKT 2022, Điều 28 [số điều chưa đối chiếu được]",
        "unit_multiple": Decimal("0.8"),
    },
    # The union's own forms.
    {
        "name": "Bằng khen của Liên đoàn Lao động tỉnh",
        "level": "own",
        "position": 110,
        "source": TLD_RULES,
        "unit_multiple": Decimal("2.0"),
        "person_multiple": Decimal("1.0"),
    },
    {
        "name": "Bằng khen chuyên đề của Tổng Liên đoàn Lao động Việt Nam",
        "level": "upward",
        "decided_by": TLD,
        "kind": KIND_TOPIC,
        "position": 120,
        "source": f"{TLD_RULES}: Bằng khen chuyên đề",
        "unit_multiple": Decimal("2.0"),
        "person_multiple": Decimal("1.0"),
        "proposer_quota": 5,
        "quota_source": "ví dụ, không lấy từ văn bản (TLĐ giới hạn số Bằng khen chuyên đề mỗi năm; chưa tìm thấy con số)",
    },
    {
        "name": "Cờ thi đua chuyên đề của Tổng Liên đoàn Lao động Việt Nam",
        "level": "upward",
        "decided_by": TLD,
        "recipients": "unit",
        "kind": KIND_TOPIC,
        "position": 130,
        "is_title": True,
        "source": f"{TLD_RULES}: Cờ thi đua chuyên đề",
        "unit_multiple": Decimal("8.0"),
    },
    {
        "name": "Bằng “Lao động sáng tạo” của Tổng Liên đoàn Lao động Việt Nam",
        "level": "upward",
        "decided_by": TLD,
        "recipients": "person",
        "position": 140,
        "needs_initiative": True,
        "source": f"{TLD_RULES}: Bằng Lao động sáng tạo (cho sáng kiến, giải pháp đã được công nhận)",
    },
    {
        "name": "Giải thưởng Nguyễn Đức Cảnh",
        "level": "upward",
        "decided_by": TLD,
        "recipients": "person",
        "position": 150,
        "needs_initiative": True,
        "source": f"{TLD_RULES}: Quy chế Giải thưởng Nguyễn Đức Cảnh (mức thưởng chưa tìm thấy)",
    },
    {
        "name": "Kỷ niệm chương “Vì sự nghiệp xây dựng tổ chức Công đoàn”",
        "level": "upward",
        "decided_by": TLD,
        "recipients": "person",
        "kind": KIND_DEDICATION,
        "position": 160,
        "source": f"{TLD_RULES}: Kỷ niệm chương (khen quá trình cống hiến; hiện vật, không có tiền thưởng theo văn bản đã đọc)",
    },
    {
        "name": "Giấy khen của Công đoàn cơ sở",
        "level": "own",
        "position": 170,
        "source": "Luật TĐKT 2022, Điều 75 [số điều chưa đối chiếu được]; Điều lệ Công đoàn Việt Nam: CĐCS tặng Giấy khen",
        "unit_multiple": Decimal("0.6"),
        "person_multiple": Decimal("0.3"),
    },
    {
        "name": "Danh hiệu “Công đoàn cơ sở vững mạnh”",
        "level": "own",
        "recipients": "unit",
        "position": 180,
        "is_title": True,
        "source": f"{TLD_RULES}: đánh giá, xếp loại CĐCS hằng năm",
    },
    {
        "name": "Chứng nhận “Doanh nghiệp vì người lao động”",
        "level": "upward",
        "decided_by": TLD,
        "recipients": "business",
        "kind": KIND_TOPIC,
        "position": 190,
        "source": "Chương trình “Doanh nghiệp vì người lao động” (tên trong issue 19; văn bản quy định chưa tìm thấy)",
    },
    {
        "name": "Giấy khen đột xuất của Liên đoàn Lao động",
        "level": "own",
        "kind": KIND_SUDDEN,
        "position": 200,
        "source": "Luật TĐKT 2022, Điều 8 (khen thưởng đột xuất); Điều 75 (Giấy khen)",
        "unit_multiple": Decimal("0.6"),
        "person_multiple": Decimal("0.3"),
    },
]

# Rules on the evaluation grade: (form name, min grade, applies to, text, blocking, years in a row).
RULES: list[tuple[str, str, str, str, bool, int]] = [
    (
        "Giấy khen của Liên đoàn Lao động",
        "hoan_thanh",
        "unit",
        "Tập thể không hoàn thành nhiệm vụ trong năm không được khen thưởng.",
        False,
        1,
    ),
    (
        "Cờ thi đua của Liên đoàn Lao động tỉnh",
        "xuat_sac",
        "unit",
        "Cờ thi đua chỉ xét cho tập thể hoàn thành xuất sắc nhiệm vụ trong năm.",
        False,
        1,
    ),
    (
        "Bằng khen của Tổng Liên đoàn Lao động Việt Nam",
        "tot",
        "unit",
        "Tập thể xếp loại dưới «Hoàn thành tốt nhiệm vụ» trong năm không đủ điều kiện đề nghị Bằng khen.",
        False,
        1,
    ),
    (
        "Cờ thi đua của Tổng Liên đoàn Lao động Việt Nam",
        "xuat_sac",
        "unit",
        "Cờ thi đua của Tổng Liên đoàn chỉ xét cho tập thể hoàn thành xuất sắc nhiệm vụ trong năm.",
        True,
        1,
    ),
    (
        "Bằng khen của Tổng Liên đoàn Lao động Việt Nam",
        "tot",
        "unit",
        "Luật TĐKT 2022, Điều 74 (theo hiểu biết, chưa đối chiếu): Bằng khen cho tập thể có 02 năm liên tục hoàn thành tốt nhiệm vụ trở lên.",
        False,
        2,
    ),
]

# The base salary (mức lương cơ sở) the money column multiplies: (amount in đồng, from, decree).
BASE_SALARIES = [
    (2_340_000, "2024-07-01", "Nghị định 73/2024/NĐ-CP (mức lương cơ sở 2.340.000 đồng/tháng từ 01/7/2024)"),
]

# The file of a proposal, Luật TĐKT 2022 Điều 84: the document slots (code, label, needed when).
FILE_SLOTS = [
    ("to_trinh", "Tờ trình đề nghị khen thưởng", "always"),
    ("bao_cao", "Báo cáo thành tích", "always"),
    ("bien_ban", "Biên bản bình xét của Hội đồng thi đua – khen thưởng cấp trình", "always"),
    ("sang_kien", "Xác nhận sáng kiến, giải pháp (bản công nhận)", "initiative"),
]
