"""The tree as of a date before and after restructuring; history and audit shown on the unit page."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.urls import reverse

from trienkhai.orgs.models import Unit, UnitKind
from trienkhai.orgs.workflow import (
    create_unit,
    dissolve_unit,
    merge_units,
    move_unit,
    rename_unit,
    split_unit,
)

from .world import World

BEFORE = dt.date(2024, 6, 1)
REFORM = dt.date(2025, 7, 1)
AFTER = dt.date(2025, 8, 1)


class RestructureTests(World):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # A district level that ends with the 2025 reform, as in Phú Riềng.
        cls.district = create_unit(
            parent=cls.province,
            on=dt.date(2015, 7, 1),
            code="AB-PR",
            name="Liên đoàn Lao động huyện Phú Riềng",
            kind=UnitKind.DISTRICT,
        )
        cls.rubber = create_unit(
            parent=cls.district,
            on=dt.date(2016, 1, 1),
            code="AB-PR-CS",
            name="Công đoàn Công ty Cao su Phú Riềng",
            kind=UnitKind.GRASSROOTS,
        )
        move_unit(unit=cls.rubber, new_parent=cls.commune, on=REFORM)
        dissolve_unit(unit=cls.district, on=REFORM, successor=cls.province)

    def test_cdcs_shows_under_district_as_of_2024_and_under_commune_today(self):
        self.assertEqual(self.rubber.parent_on(BEFORE), self.district)
        self.assertEqual(self.rubber.parent_on(AFTER), self.commune)
        self.login(self.chairwoman_lan)
        old = self.client.get(
            reverse("orgs:detail", args=[self.rubber.pk]), {"ngay": "2024-06-01"}
        ).content.decode()
        self.assertIn("Liên đoàn Lao động huyện Phú Riềng", old.split('id="parent-name"')[1][:200])
        new = self.client.get(reverse("orgs:detail", args=[self.rubber.pk])).content.decode()
        self.assertIn("Công đoàn xã Hòa Lạc", new.split('id="parent-name"')[1][:200])

    def test_subtree_as_of_a_date(self):
        before = set(Unit.objects.subtree_of([self.district.pk], on=BEFORE))
        after = set(Unit.objects.subtree_of([self.district.pk], on=AFTER))
        self.assertEqual(before, {self.district, self.rubber})
        self.assertEqual(after, {self.district})  # no links below it any more
        self.assertIn(self.rubber, set(self.commune.descendants(AFTER)))
        self.assertNotIn(self.rubber, set(self.commune.descendants(BEFORE)))

    def test_tree_page_as_of_2024_shows_district_and_not_after_reform(self):
        self.login(self.chairwoman_lan)
        old = self.client.get(reverse("orgs:tree"), {"ngay": "01/6/2024"}).content.decode()
        self.assertIn("Liên đoàn Lao động huyện Phú Riềng", old)
        new = self.client.get(reverse("orgs:tree")).content.decode()
        self.assertNotIn("Liên đoàn Lao động huyện Phú Riềng", new)
        self.assertIn("Công đoàn Công ty Cao su Phú Riềng", new)

    def test_history_lists_move_and_dissolution(self):
        self.login(self.chairwoman_lan)
        body = self.client.get(reverse("orgs:detail", args=[self.district.pk])).content.decode()
        history = body.split('id="history"')[1].split("</ul>")[0]
        self.assertIn("01/7/2025", history)
        self.assertIn("Giải thể/chấm dứt", history)
        rubber = self.client.get(reverse("orgs:detail", args=[self.rubber.pk])).content.decode()
        self.assertIn("chuyển từ “Liên đoàn Lao động huyện Phú Riềng” sang “Công đoàn xã Hòa Lạc”", rubber)

    def test_dissolved_district_stays_visible_to_its_successor(self):
        self.login(self.chairwoman_lan)
        self.assertEqual(self.client.get(reverse("orgs:detail", args=[self.district.pk])).status_code, 200)
        self.login(self.outsider)
        self.assertEqual(self.client.get(reverse("orgs:detail", args=[self.district.pk])).status_code, 404)

    def test_rename_keeps_old_name_for_earlier_dates(self):
        rename_unit(unit=self.factory, name="Công đoàn Công ty May Hòa Lạc Mới", on=dt.date(2024, 1, 1))
        self.assertEqual(self.factory.name_on(dt.date(2023, 12, 31)), "Công đoàn Công ty May Hòa Lạc")
        self.assertEqual(self.factory.name_on(dt.date(2024, 1, 1)), "Công đoàn Công ty May Hòa Lạc Mới")
        annotated = Unit.objects.with_name_on(dt.date(2023, 6, 1)).get(pk=self.factory.pk)
        self.assertEqual(annotated.name_at, "Công đoàn Công ty May Hòa Lạc")

    def test_merge_two_into_new_unit(self):
        a = create_unit(
            parent=self.province, on=START_2020, code="M-A", name="Công đoàn xã A", kind=UnitKind.COMMUNE
        )
        b = create_unit(
            parent=self.province, on=START_2020, code="M-B", name="Công đoàn xã B", kind=UnitKind.COMMUNE
        )
        child = create_unit(parent=a, on=START_2020, code="M-A-1", name="CĐCS A1", kind=UnitKind.GRASSROOTS)
        c = merge_units(
            sources=[a, b],
            new_parent=self.province,
            on=REFORM,
            new_unit={"code": "M-C", "name": "Công đoàn xã C", "kind": UnitKind.COMMUNE},
        )
        a.refresh_from_db()
        self.assertEqual(a.valid_to, REFORM)
        self.assertEqual(a.successor, c)
        self.assertEqual(child.parent_on(BEFORE), a)
        self.assertEqual(child.parent_on(AFTER), c)

    def test_split_unit_assigns_children(self):
        s = create_unit(
            parent=self.province, on=START_2020, code="S", name="Công đoàn Khối", kind=UnitKind.SECTOR
        )
        x = create_unit(parent=s, on=START_2020, code="S-1", name="CĐCS 1", kind=UnitKind.GRASSROOTS)
        y = create_unit(parent=s, on=START_2020, code="S-2", name="CĐCS 2", kind=UnitKind.GRASSROOTS)
        parts = [
            {"code": "S-A", "name": "Khối A", "kind": UnitKind.SECTOR},
            {"code": "S-B", "name": "Khối B", "kind": UnitKind.SECTOR},
        ]
        first, second = split_unit(unit=s, parts=parts, assignment={x.pk: 0, y.pk: 1}, on=REFORM)
        self.assertEqual(x.parent_on(AFTER), first)
        self.assertEqual(y.parent_on(AFTER), second)
        self.assertEqual(y.parent_on(BEFORE), s)
        self.assertEqual(first.parent_on(AFTER), self.province)

    def test_moving_under_own_descendant_is_refused_with_vietnamese_message(self):
        with self.assertRaisesMessage(ValidationError, "vòng lặp"):
            move_unit(unit=self.commune, new_parent=self.school, on=AFTER)
        self.assertEqual(self.commune.parent_on(AFTER), self.province)

    def test_cycle_through_http_shows_message_and_changes_nothing(self):
        # The school is not offered as a parent; posting its id anyway is refused by the form.
        self.login(self.chairwoman_lan)
        url = reverse("orgs:action", args=[self.commune.pk, "move"])
        response = self.client.post(url, {"new_parent": self.school.pk, "on": "2025-08-01"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "is-invalid")
        self.assertEqual(self.commune.parent_on(AFTER), self.province)

    def test_move_dated_before_a_later_recorded_move_is_refused(self):
        with self.assertRaisesMessage(ValidationError, "sớm hơn"):
            move_unit(unit=self.rubber, new_parent=self.province, on=dt.date(2025, 1, 1))

    def test_dissolving_unit_with_children_needs_successor(self):
        with self.assertRaisesMessage(ValidationError, "còn 3 đơn vị trực thuộc"):
            dissolve_unit(unit=self.commune, on=AFTER)

    def test_duplicate_code_is_refused(self):
        self.login(self.chairwoman_lan)
        response = self.client.post(
            reverse("orgs:action", args=[self.province.pk, "child"]),
            {"code": "ab-hl-th", "name": "Trùng mã", "kind": "grassroots", "on": "2025-08-01"},
        )
        self.assertContains(response, "đã tồn tại")
        self.assertFalse(Unit.objects.filter(name="Trùng mã").exists())

    def test_rename_through_http_records_event_and_audit(self):
        self.login(self.chairwoman_lan)
        response = self.client.post(
            reverse("orgs:action", args=[self.factory.pk, "rename"]),
            {"name": "Công đoàn Công ty May Hòa Lạc Việt Nam", "on": "01/9/2025", "note": "QĐ 12/QĐ-LĐLĐ"},
        )
        self.assertEqual(response.status_code, 302)
        body = self.client.get(reverse("orgs:detail", args=[self.factory.pk])).content.decode()
        self.assertIn("Đổi tên", body.split('id="history"')[1])
        audit = body.split('id="audit"')[1]
        self.assertIn("Lan", audit)

    def test_audit_shows_field_changes_with_old_and_new_values(self):
        self.login(self.chairwoman_lan)
        self.client.post(
            reverse("orgs:action", args=[self.factory.pk, "rename"]),
            {"name": "Công đoàn Công ty May Hòa Lạc Việt Nam", "on": "01/9/2025"},
        )
        audit = (
            self.client.get(reverse("orgs:detail", args=[self.factory.pk]))
            .content.decode()
            .split('id="audit"')[1]
        )
        self.assertIn(
            "Tên đơn vị: “Công đoàn Công ty May Hòa Lạc” → “Công đoàn Công ty May Hòa Lạc Việt Nam”", audit
        )

    def test_bad_date_keeps_what_was_typed(self):
        self.login(self.chairwoman_lan)
        response = self.client.post(
            reverse("orgs:action", args=[self.factory.pk, "rename"]),
            {"name": "Tên đã gõ", "on": "31/02/2025"},
        )
        self.assertContains(response, "Ngày không hợp lệ")
        self.assertContains(response, 'value="Tên đã gõ"')

    def test_single_unit_check_agrees_with_subtree_listing(self):
        # get_unit_for_user walks up from one unit; lists expand the subtree down. Same rule, both ways.
        from trienkhai.orgs.models import Unit

        users = [self.chairwoman_lan, self.officer_minh, self.cdcs_hoa, self.outsider]
        for on in (None, BEFORE, AFTER):
            for user in users:
                for write in (False, True):
                    listed = (
                        Unit.objects.writable_by(user, on=on)
                        if write
                        else Unit.objects.visible_to(user, on=on)
                    )
                    listed_ids = set(listed.values_list("pk", flat=True))
                    for unit in Unit.objects.all():
                        self.assertEqual(
                            Unit.objects.in_scope(user, unit.pk, on=on, write=write),
                            unit.pk in listed_ids,
                            f"{user.username} {unit.code} on={on} write={write}",
                        )

    def test_merge_into_new_unit_through_http(self):
        other = create_unit(
            parent=self.province,
            on=START_2020,
            code="AB-HT",
            name="Công đoàn xã Hòa Thạch",
            kind=UnitKind.COMMUNE,
        )
        self.login(self.chairwoman_lan)
        response = self.client.post(
            reverse("orgs:action", args=[self.commune.pk, "merge_new"]),
            {
                "others": [other.pk],
                "code": "ab-hlt",
                "name": "Công đoàn xã Hòa Lạc Thạch",
                "kind": "commune",
                "new_parent": self.province.pk,
                "on": "01/9/2025",
                "note": "Nghị quyết sắp xếp đơn vị hành chính",
            },
        )
        self.assertEqual(response.status_code, 302, response.content.decode()[-2000:])
        merged = Unit.objects.get(code="AB-HLT")
        self.assertEqual(self.school.parent_on(dt.date(2025, 9, 1)), merged)
        self.assertEqual(self.school.parent_on(dt.date(2025, 8, 31)), self.commune)
        self.commune.refresh_from_db()
        self.assertEqual(self.commune.successor, merged)

    def test_split_through_http_assigns_children_by_number(self):
        self.login(self.chairwoman_lan)
        response = self.client.post(
            reverse("orgs:action", args=[self.commune.pk, "split"]),
            {
                "parts": "AB-HL1 | Công đoàn xã Hòa Lạc 1\nAB-HL2 | Công đoàn xã Hòa Lạc 2",
                "kind": "commune",
                "on": "2025-09-01",
                f"child_{self.school.pk}": "1",
                f"child_{self.factory.pk}": "2",
                f"child_{self.rubber.pk}": "2",
            },
        )
        self.assertEqual(response.status_code, 302, response.content.decode()[-2000:])
        self.assertEqual(self.school.parent_on(dt.date(2025, 9, 1)).code, "AB-HL1")
        self.assertEqual(self.factory.parent_on(dt.date(2025, 9, 1)).code, "AB-HL2")

    def test_split_with_a_bad_line_keeps_the_text(self):
        self.login(self.chairwoman_lan)
        response = self.client.post(
            reverse("orgs:action", args=[self.commune.pk, "split"]),
            {"parts": "chỉ một dòng không có dấu gạch", "kind": "commune", "on": "2025-09-01"},
        )
        self.assertContains(response, "Mã | Tên đơn vị")
        self.assertContains(response, "chỉ một dòng không có dấu gạch")
        self.assertEqual(Unit.objects.filter(code__startswith="AB-HL").count(), 3)


START_2020 = dt.date(2020, 1, 1)
