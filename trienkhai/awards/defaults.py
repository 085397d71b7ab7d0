"""The award forms and eligibility rules a federation starts with: data, edited in the admin afterwards.
Used by the first migration and by `models.ensure_default_forms` (a flushed test database, a demo)."""

FORMS = [
    ("Giấy khen của Liên đoàn Lao động", "own", "", "", 10),
    ("Danh hiệu “Lao động giỏi”", "own", "", "person", 20),
    ("Cờ thi đua của Liên đoàn Lao động tỉnh", "own", "", "unit", 30),
    ("Bằng khen của Tổng Liên đoàn Lao động Việt Nam", "upward", "Tổng Liên đoàn Lao động Việt Nam", "", 40),
    (
        "Cờ thi đua của Tổng Liên đoàn Lao động Việt Nam",
        "upward",
        "Tổng Liên đoàn Lao động Việt Nam",
        "unit",
        50,
    ),
]
RULES = [
    (0, "hoan_thanh", "unit", "Tập thể không hoàn thành nhiệm vụ trong năm không được khen thưởng.", False),
    (2, "xuat_sac", "unit", "Cờ thi đua chỉ xét cho tập thể hoàn thành xuất sắc nhiệm vụ trong năm.", False),
    (
        3,
        "tot",
        "unit",
        "Tập thể xếp loại dưới «Hoàn thành tốt nhiệm vụ» trong năm không đủ điều kiện đề nghị Bằng khen.",
        False,
    ),
    (
        4,
        "xuat_sac",
        "unit",
        "Cờ thi đua của Tổng Liên đoàn chỉ xét cho tập thể hoàn thành xuất sắc nhiệm vụ trong năm.",
        True,
    ),
]
