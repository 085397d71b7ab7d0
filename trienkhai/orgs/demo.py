"""Demo world of units and users: Phú Riềng district before and after the 2025 reform.

Built through the same workflow functions as the UI, so the history pages show real events.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from trienkhai.core.models import Delivery, NotificationSettings

from .models import Membership, NotificationDefaults, Role, Sector, Unit, UnitKind
from .workflow import add_membership, create_unit, dissolve_unit, merge_units, move_unit, rename_unit

DEMO_PASSWORD = "trienkhai2024"
REFORM = dt.date(2025, 7, 1)
G = UnitKind.GRASSROOTS
ADM, STATE, NONSTATE, FDI = Sector.ADMINISTRATIVE, Sector.STATE_ENTERPRISE, Sector.NON_STATE, Sector.FDI

# (code, name, sector, commune, founded) — commune decides where the CĐCS goes on 01/7/2025:
# public-sector units to the new commune unions, enterprises directly to the provincial federation.
GRASSROOTS = [
    ("PR-MN-PR", "Công đoàn Trường Mầm non Phú Riềng", ADM, "Phú Riềng", "2015-09-01"),
    ("PR-MN-BT", "Công đoàn Trường Mầm non Bình Tân", ADM, "Phú Riềng", "2015-09-01"),
    ("PR-MN-LH", "Công đoàn Trường Mầm non Long Hà", ADM, "Long Hà", "2015-09-01"),
    ("PR-TH-PR", "Công đoàn Trường Tiểu học Phú Riềng A", ADM, "Phú Riềng", "2015-09-01"),
    ("PR-TH-BS", "Công đoàn Trường Tiểu học Bình Sơn", ADM, "Phú Riềng", "2015-09-01"),
    ("PR-TH-LH", "Công đoàn Trường Tiểu học Long Hà A", ADM, "Long Hà", "2015-09-01"),
    ("PR-TH-LT", "Công đoàn Trường Tiểu học Long Tân", ADM, "Long Hà", "2015-09-01"),
    ("PR-TH-BN", "Công đoàn Trường Tiểu học Bù Nho", ADM, "Phú Riềng", "2015-09-01"),
    ("PR-THCS-PR", "Công đoàn Trường THCS Phú Riềng", ADM, "Phú Riềng", "2015-09-01"),
    ("PR-THCS-LH", "Công đoàn Trường THCS Long Hà", ADM, "Long Hà", "2015-09-01"),
    ("PR-THCS-PT", "Công đoàn Trường THCS Phú Trung", ADM, "Phú Riềng", "2015-09-01"),
    ("PR-THCS-LHG", "Công đoàn Trường THCS Long Hưng", ADM, "Long Hà", "2015-09-01"),
    ("PR-THPT-PR", "Công đoàn Trường THPT Phú Riềng", ADM, "Phú Riềng", "2016-08-15"),
    ("PR-THPT-LH", "Công đoàn Trường THPT Nguyễn Khuyến", ADM, "Long Hà", "2016-08-15"),
    ("PR-UB-PR", "Công đoàn cơ sở UBND xã Phú Riềng", ADM, "Phú Riềng", "2015-07-01"),
    ("PR-UB-BT", "Công đoàn cơ sở UBND xã Bình Tân", ADM, "Phú Riềng", "2015-07-01"),
    ("PR-UB-PT", "Công đoàn cơ sở UBND xã Phú Trung", ADM, "Phú Riềng", "2015-07-01"),
    ("PR-UB-LH", "Công đoàn cơ sở UBND xã Long Hà", ADM, "Long Hà", "2015-07-01"),
    ("PR-UB-LT", "Công đoàn cơ sở UBND xã Long Tân", ADM, "Long Hà", "2015-07-01"),
    ("PR-UB-LB", "Công đoàn cơ sở UBND xã Long Bình", ADM, "Long Hà", "2015-07-01"),
    ("PR-UB-BN", "Công đoàn cơ sở UBND xã Bù Nho", ADM, "Phú Riềng", "2015-07-01"),
    ("PR-UB-PTN", "Công đoàn cơ sở UBND xã Phước Tân", ADM, "Long Hà", "2015-07-01"),
    ("PR-UBH", "Công đoàn Cơ quan UBND huyện Phú Riềng", ADM, "Phú Riềng", "2015-07-01"),
    ("PR-KDH", "Công đoàn Khối Đảng - Đoàn thể huyện Phú Riềng", ADM, "Phú Riềng", "2015-07-01"),
    ("PR-TTYT", "Công đoàn Trung tâm Y tế huyện Phú Riềng", ADM, "Phú Riềng", "2016-01-01"),
    ("PR-CA", "Công đoàn Công an huyện Phú Riềng", ADM, "Phú Riềng", "2016-03-01"),
    ("PR-KB", "Công đoàn Kho bạc Nhà nước Phú Riềng", ADM, "Phú Riềng", "2016-01-01"),
    ("PR-BHXH", "Công đoàn Bảo hiểm xã hội huyện Phú Riềng", ADM, "Phú Riềng", "2016-01-01"),
    ("PR-DL", "Công đoàn Điện lực Phú Riềng", STATE, "", "2016-01-01"),
    ("PR-CS-PR", "Công đoàn Công ty TNHH MTV Cao su Phú Riềng", STATE, "", "2015-07-01"),
    ("PR-NT-LH", "Công đoàn Nông trường Cao su Long Hà", STATE, "", "2015-07-01"),
    ("PR-NT-PT", "Công đoàn Nông trường Cao su Phú Trung", STATE, "", "2015-07-01"),
    ("PR-NT-BS", "Công đoàn Nông trường Cao su Bình Sơn", STATE, "", "2015-07-01"),
    ("PR-DIEU", "Công đoàn Công ty TNHH Chế biến Hạt điều Long Hà", NONSTATE, "", "2017-05-20"),
    ("PR-GO", "Công đoàn Công ty Cổ phần Gỗ Bình Tân", NONSTATE, "", "2018-03-12"),
    ("PR-NS", "Công đoàn Công ty TNHH Nông sản Phú Trung", NONSTATE, "", "2019-10-01"),
    ("PR-MAY", "Công đoàn Công ty TNHH May mặc Hoa Sen Việt Nam", FDI, "", "2018-06-01"),
    ("PR-GIAY", "Công đoàn Công ty TNHH Giày da Thịnh Phát Việt Nam", FDI, "", "2019-04-15"),
    ("PR-DT", "Công đoàn Công ty TNHH Linh kiện Điện tử Sao Việt", FDI, "", "2021-11-01"),
    ("PR-CB", "Công đoàn Công ty TNHH Chế biến Gỗ Minh Long Việt Nam", FDI, "", "2022-08-08"),
    ("PR-LOGI", "Công đoàn Công ty TNHH Kho vận Phú Riềng", NONSTATE, "", "2023-02-01"),
]

USERS: list[tuple[str, str, str, list[tuple[str, Role, str, str | None]]]] = [
    # username, first name, last name, [(unit code, role, start, end)]
    (
        "chairwoman_lan",
        "Lan",
        "Nguyễn Thị",
        [("BPC", Role.CHAIR, "2020-01-01", "2025-06-30"), ("DNI", Role.CHAIR, "2025-07-01", None)],
    ),
    ("vice_tuan", "Tuấn", "Trần Văn", [("DNI", Role.VICE_CHAIR, "2023-01-01", None)]),
    (
        "officer_minh",
        "Minh",
        "Lê Quang",
        [("PRG", Role.OFFICER, "2020-01-01", "2025-06-30"), ("X-PR", Role.OFFICER, "2025-07-01", None)],
    ),
    (
        "officer_son",
        "Sơn",
        "Hoàng Thạch",
        [("PRG", Role.CHAIR, "2019-01-01", "2025-06-30"), ("DNI", Role.OFFICER, "2025-07-01", None)],
    ),
    ("viewer_thu", "Thu", "Phạm Thị", [("DNI", Role.VIEWER, "2025-07-01", None)]),
    ("cdcs_hoa", "Hoa", "Đỗ Thị", [("PR-THCS-PR", Role.CDCS_CHAIR, "2021-09-01", None)]),
    ("cdcs_dung", "Dũng", "Vũ Văn", [("PR-CS-PR", Role.CDCS_CHAIR, "2022-01-01", None)]),
    ("outsider", "Khách", "Ngô Văn", [("LDG", Role.OFFICER, "2022-01-01", None)]),
]


def _d(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def demo_exists() -> bool:
    return Unit.objects.filter(code="TLD").exists()


def build_units() -> dict[str, Unit]:
    """Create the unit tree and apply the 2025 restructure. Returns units by code."""
    u: dict[str, Unit] = {}
    u["TLD"] = create_unit(
        parent=None,
        on=dt.date(1929, 7, 28),
        code="TLD",
        name="Tổng Liên đoàn Lao động Việt Nam",
        short_name="TLĐLĐ VN",
        kind=UnitKind.CONFEDERATION,
        address="82 Trần Hưng Đạo, Hà Nội",
    )
    for code, name, short, founded, addr in [
        ("DNI", "Liên đoàn Lao động tỉnh Đồng Nai", "LĐLĐ Đồng Nai", "1976-01-01", "Biên Hòa, Đồng Nai"),
        (
            "BPC",
            "Liên đoàn Lao động tỉnh Bình Phước",
            "LĐLĐ Bình Phước",
            "1997-01-01",
            "Đồng Xoài, Bình Phước",
        ),
        ("LDG", "Liên đoàn Lao động tỉnh Lâm Đồng", "LĐLĐ Lâm Đồng", "1976-01-01", "Đà Lạt, Lâm Đồng"),
    ]:
        u[code] = create_unit(
            parent=u["TLD"],
            on=_day(founded),
            code=code,
            name=name,
            short_name=short,
            kind=UnitKind.PROVINCIAL,
            address=addr,
        )
    u["PRG"] = create_unit(
        parent=u["BPC"],
        on=dt.date(2015, 7, 1),
        code="PRG",
        name="Liên đoàn Lao động huyện Phú Riềng",
        short_name="LĐLĐ huyện Phú Riềng",
        kind=UnitKind.DISTRICT,
        address="Xã Phú Riềng, huyện Phú Riềng, tỉnh Bình Phước",
    )
    u["LDG-DL"] = create_unit(
        parent=u["LDG"],
        on=dt.date(2010, 1, 1),
        code="LDG-DL",
        name="Công đoàn Trường Đại học Đà Lạt",
        kind=G,
        sector=ADM,
    )
    for code, name, sector, _commune, founded in GRASSROOTS:
        u[code] = create_unit(
            parent=u["PRG"],
            on=_day(founded),
            code=code,
            name=name,
            kind=G,
            sector=sector,
            address="Phú Riềng, Bình Phước",
        )
    # A rename before the reform, so "as of" names show.
    rename_unit(
        unit=u["PR-THPT-LH"],
        name="Công đoàn Trường THPT Nguyễn Khuyến Phú Riềng",
        on=dt.date(2020, 1, 1),
        note="Quyết định đổi tên trường của UBND tỉnh",
    )

    # 01/7/2025: districts end; commune unions take the public sector, the province the enterprises.
    note = "Sắp xếp tổ chức công đoàn theo mô hình chính quyền địa phương hai cấp (từ 01/7/2025)"
    for code, name in [("X-PR", "Công đoàn xã Phú Riềng"), ("X-LH", "Công đoàn xã Long Hà")]:
        u[code] = create_unit(
            parent=u["DNI"],
            on=REFORM,
            code=code,
            name=name,
            kind=UnitKind.COMMUNE,
            address=f"{name.removeprefix('Công đoàn ')}, tỉnh Đồng Nai",
            note=note,
        )
    for code, _name, _sector, commune, _f in GRASSROOTS:
        if commune:
            move_unit(
                unit=u[code], new_parent=u["X-PR" if commune == "Phú Riềng" else "X-LH"], on=REFORM, note=note
            )
    dissolve_unit(unit=u["PRG"], on=REFORM, successor=u["DNI"], note=note)
    merge_units(sources=[u["BPC"]], into=u["DNI"], on=REFORM, note=note)
    return u


def build_users(units: dict[str, Unit]) -> list[tuple[str, str]]:
    """Create the demo users with their memberships. Returns (username, description) pairs."""
    User = get_user_model()
    logins = []
    for username, first, last, roles in USERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        for code, role, start, end in roles:
            if not Membership.objects.filter(user=user, unit=units[code], role=role).exists():
                add_membership(
                    user=user, unit=units[code], role=role, start_date=_day(start), end_date=_d(end)
                )
        current = roles[-1]
        logins.append((username, f"{Role(current[1]).label} — {units[current[0]].name}"))
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "admin@localhost", DEMO_PASSWORD, first_name="Quản trị")
    logins.append(("admin", "Quản trị hệ thống (superuser)"))
    return logins


def load_units_by_code() -> dict[str, Unit]:
    return {u.code: u for u in Unit.objects.all()}


def build(world: dict, stdout) -> None:
    """The first demo step: units (once) and users; hands `units`, `logins` and `password` to the rest."""
    if demo_exists():
        stdout.write("Dữ liệu mẫu về đơn vị đã có sẵn (dùng --reset để nạp lại).")
        units = load_units_by_code()
    else:
        units = build_units()
        stdout.write(f"Đã tạo {len(units)} đơn vị mẫu.")
    world.update(units=units, logins=build_users(units), password=DEMO_PASSWORD)


def finish(world: dict, stdout) -> None:
    """After every demo step (core's demo command): the notification settings and delivery log."""
    build_notifications(world["units"])


def build_notifications(units: dict[str, Unit]) -> None:
    """The province's notification defaults, two users' verified addresses, and a delivery log with every
    channel and every state (a Zalo number without Zalo falling back to SMS, an e-mail outage retried, a
    push subscription gone), so the log and the settings page show what they are for (once)."""
    User = get_user_model()
    users = {
        u.username: u for u in User.objects.filter(username__in=["cdcs_hoa", "officer_minh", "cdcs_dung"])
    }
    if len(users) < 3 or Delivery.objects.filter(user__in=users.values()).exists():
        return
    now = timezone.now()
    NotificationDefaults.objects.get_or_create(
        unit=units["DNI"],
        defaults={
            "channels": {
                "deadline": ["zns", "sms", "email"],
                "returned": ["zns", "email"],
                "digest": ["email"],
            },
            "quiet_start": dt.time(21, 30),
            "quiet_end": dt.time(6, 30),
        },
    )
    hoa, minh, dung = users["cdcs_hoa"], users["officer_minh"], users["cdcs_dung"]
    NotificationSettings.objects.update_or_create(
        user=hoa,
        defaults={
            "email": "hoa@thcs-phurieng.edu.vn",
            "email_verified_at": now,
            "phone": "0912345678",
            "phone_verified_at": now,
        },
    )
    NotificationSettings.objects.update_or_create(
        user=minh,
        defaults={
            "email": "minh@congdoan-phurieng.vn",
            "email_verified_at": now,
            "channels": {"submitted": ["push", "email"]},
        },
    )
    NotificationSettings.objects.update_or_create(
        user=dung,
        defaults={
            "phone": "0987654321",
            "phone_verified_at": now,
            "zns_failing": f"{timezone.localtime(now):%d/%m/%Y}: Zalo ZNS -118: Zalo account not existed",
        },
    )
    ago = lambda minutes: now - dt.timedelta(minutes=minutes)  # noqa: E731 — a local shorthand
    text = "Nhắc nộp Báo cáo công đoàn cơ sở quý IV/2026 (hạn 15/12/2026)."
    rows = [
        (hoa, "zns", "0912345678", "deadline", "1001", "delivered", 1, "", 180),
        (
            minh,
            "email",
            "minh@congdoan-phurieng.vn",
            "submitted",
            "",
            "sent",
            3,
            "SMTP 451 4.3.0 Mail server temporarily unavailable",
            150,
        ),
        (
            minh,
            "push",
            "fcm.googleapis.com",
            "submitted",
            "",
            "failed",
            1,
            "Đăng ký nhận thông báo đã hết hạn (410)",
            120,
        ),
        (
            dung,
            "zns",
            "0987654321",
            "deadline",
            "1001",
            "failed",
            1,
            "Zalo ZNS -118: Zalo account not existed",
            90,
        ),
        (dung, "sms", "0987654321", "deadline", "", "sent", 1, "", 89),
        (
            hoa,
            "email",
            "hoa@thcs-phurieng.edu.vn",
            "returned",
            "",
            "queued",
            2,
            "Máy chủ thư không phản hồi: Connection refused",
            5,
        ),
    ]
    previous = None
    for user, channel, recipient, kind, template, state, attempts, error, minutes in rows:
        row = Delivery.objects.create(
            user=user,
            channel=channel,
            recipient=recipient,
            kind=kind,
            template=template,
            subject=text,
            text=text,
            url="/bao-cao/",
            state=state,
            attempts=attempts,
            last_error=error,
            fallback_of=previous if channel == "sms" else None,
            sent_at=ago(minutes - 1) if state in ("sent", "delivered") else None,
            delivered_at=ago(minutes - 2) if state == "delivered" else None,
            failed_at=ago(minutes - 1) if state == "failed" else None,
            next_attempt_at=now + dt.timedelta(minutes=2) if state == "queued" else None,
        )
        Delivery.objects.filter(pk=row.pk).update(created_at=ago(minutes))
        previous = row


def wipe() -> None:
    User = get_user_model()
    Membership.objects.all().delete()
    Unit.objects.all().delete()
    User.objects.filter(username__in=[u[0] for u in USERS] + ["admin"]).delete()
