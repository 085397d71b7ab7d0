"""The small named test world (STYLE.md), built once per test class through the real workflows.

Tổng Liên đoàn (federation)
  └─ LĐLĐ tỉnh An Bình (province)            chairwoman_lan: chair
       ├─ Công đoàn xã Hòa Lạc (commune)     officer_minh: officer
       │    ├─ CĐCS Trường Tiểu học Hòa Lạc  cdcs_hoa: CĐCS chair
       │    └─ CĐCS Công ty May Hòa Lạc
       └─ (nothing else)
  └─ LĐLĐ tỉnh Bắc Sơn (other province)      outsider: officer
       └─ CĐCS Bệnh viện Bắc Sơn
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.test import TestCase

from trienkhai.core.names import split_full_name
from trienkhai.orgs.models import Role, Sector, UnitKind
from trienkhai.orgs.workflow import add_membership, create_unit

PASSWORD = "mat-khau-thu-nghiem"
START = dt.date(2010, 1, 1)


class World(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.federation = create_unit(
            parent=None,
            on=START,
            code="TLD",
            name="Tổng Liên đoàn Lao động Việt Nam",
            kind=UnitKind.CONFEDERATION,
        )
        cls.province = create_unit(
            parent=cls.federation,
            on=START,
            code="AB",
            name="Liên đoàn Lao động tỉnh An Bình",
            kind=UnitKind.PROVINCIAL,
        )
        cls.commune = create_unit(
            parent=cls.province, on=START, code="AB-HL", name="Công đoàn xã Hòa Lạc", kind=UnitKind.COMMUNE
        )
        cls.school = create_unit(
            parent=cls.commune,
            on=START,
            code="AB-HL-TH",
            name="Công đoàn Trường Tiểu học Hòa Lạc",
            kind=UnitKind.GRASSROOTS,
            sector=Sector.ADMINISTRATIVE,
        )
        cls.factory = create_unit(
            parent=cls.commune,
            on=START,
            code="AB-HL-MAY",
            name="Công đoàn Công ty May Hòa Lạc",
            kind=UnitKind.GRASSROOTS,
            sector=Sector.FDI,
        )
        cls.other_province = create_unit(
            parent=cls.federation,
            on=START,
            code="BS",
            name="Liên đoàn Lao động tỉnh Bắc Sơn",
            kind=UnitKind.PROVINCIAL,
        )
        cls.other_cdcs = create_unit(
            parent=cls.other_province,
            on=START,
            code="BS-BV",
            name="Công đoàn Bệnh viện Bắc Sơn",
            kind=UnitKind.GRASSROOTS,
        )
        cls.chairwoman_lan = cls.make_user("chairwoman_lan", "Nguyễn Thị Lan", cls.province, Role.CHAIR)
        cls.officer_minh = cls.make_user("officer_minh", "Lê Quang Minh", cls.commune, Role.OFFICER)
        cls.cdcs_hoa = cls.make_user("cdcs_hoa", "Đỗ Thị Hoa", cls.school, Role.CDCS_CHAIR)
        cls.outsider = cls.make_user("outsider", "Ngô Văn Khách", cls.other_province, Role.OFFICER)

    @classmethod
    def make_user(cls, username: str, name: str, unit, role: str):
        """An account named in Vietnamese order ("Nguyễn Thị Lan": the given name is the last word)."""
        family, given = split_full_name(name)
        user = get_user_model().objects.create_user(
            username, password=PASSWORD, first_name=given, last_name=family
        )
        add_membership(user=user, unit=unit, role=role, start_date=START, end_date=None)
        return user

    def login(self, user) -> None:
        self.client.force_login(user)
