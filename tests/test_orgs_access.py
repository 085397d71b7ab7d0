"""Owner / member / outsider on every orgs view: the scope is the user's units and everything below."""

from django.urls import reverse

from .world import World


class UnitPagesScopeTests(World):
    def pages(self, unit):
        return [
            reverse("orgs:detail", args=[unit.pk]),
            reverse("orgs:children", args=[unit.pk]),
        ]

    def test_province_chair_sees_every_unit_below(self):
        self.login(self.chairwoman_lan)
        for unit in (self.province, self.commune, self.school, self.factory):
            for url in self.pages(unit):
                self.assertEqual(self.client.get(url).status_code, 200, url)

    def test_commune_officer_sees_commune_and_its_cdcs_but_not_the_province(self):
        self.login(self.officer_minh)
        self.assertEqual(self.client.get(reverse("orgs:detail", args=[self.school.pk])).status_code, 200)
        self.assertEqual(self.client.get(reverse("orgs:detail", args=[self.province.pk])).status_code, 404)

    def test_cdcs_member_sees_only_own_cdcs(self):
        self.login(self.cdcs_hoa)
        self.assertEqual(self.client.get(reverse("orgs:detail", args=[self.school.pk])).status_code, 200)
        self.assertEqual(self.client.get(reverse("orgs:detail", args=[self.factory.pk])).status_code, 404)
        self.assertEqual(self.client.get(reverse("orgs:detail", args=[self.commune.pk])).status_code, 404)

    def test_outsider_gets_404_on_other_unit_pages(self):
        self.login(self.outsider)
        for unit in (self.province, self.commune, self.school):
            for url in [*self.pages(unit), reverse("orgs:import", args=[unit.pk])]:
                self.assertEqual(self.client.get(url).status_code, 404, url)

    def test_outsider_cannot_post_restructure_actions(self):
        self.login(self.outsider)
        url = reverse("orgs:action", args=[self.school.pk, "rename"])
        response = self.client.post(url, {"name": "Tên lạ", "on": "2024-01-01"})
        self.assertEqual(response.status_code, 404)
        self.school.refresh_from_db()
        self.assertEqual(self.school.name, "Công đoàn Trường Tiểu học Hòa Lạc")

    def test_anonymous_is_sent_to_login(self):
        response = self.client.get(reverse("orgs:detail", args=[self.school.pk]))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])

    def test_tree_lists_only_units_in_scope(self):
        self.login(self.officer_minh)
        body = self.client.get(reverse("orgs:tree")).content.decode()
        self.assertIn("Công đoàn xã Hòa Lạc", body)
        self.assertIn("Công đoàn Trường Tiểu học Hòa Lạc", body)
        self.assertNotIn("Liên đoàn Lao động tỉnh An Bình", body)
        self.assertNotIn("Bắc Sơn", body)

    def test_search_never_returns_units_outside_scope(self):
        self.login(self.outsider)
        body = self.client.get(reverse("orgs:tree"), {"q": "hoa lac"}).content.decode()
        self.assertNotIn("Hòa Lạc", body)

    def test_cdcs_chair_cannot_restructure_its_parent(self):
        self.login(self.cdcs_hoa)
        response = self.client.post(
            reverse("orgs:action", args=[self.commune.pk, "rename"]), {"name": "X", "on": "2024-01-01"}
        )
        self.assertEqual(response.status_code, 404)

    def test_viewer_role_cannot_write(self):
        from trienkhai.orgs.models import Role

        viewer = self.make_user("viewer_an", "An", self.province, Role.VIEWER)
        self.login(viewer)
        self.assertEqual(self.client.get(reverse("orgs:detail", args=[self.school.pk])).status_code, 200)
        response = self.client.post(
            reverse("orgs:action", args=[self.school.pk, "rename"]), {"name": "Tên mới", "on": "2024-01-01"}
        )
        self.assertEqual(response.status_code, 404)

    def test_admin_is_for_superusers_only(self):
        self.chairwoman_lan.is_staff = True
        self.chairwoman_lan.save()
        self.login(self.chairwoman_lan)
        response = self.client.get("/quan-tri/")
        self.assertEqual(response.status_code, 302)


class LargeIdTests(World):
    def test_ids_above_999_are_printed_without_thousand_separators(self):
        # Forms post ids back; "1.271" instead of "1271" broke them once the database grew.
        from trienkhai.orgs.models import Unit, UnitKind, UnitLink

        big = Unit.objects.create(
            id=123456,
            code="BIG",
            name="Công đoàn xã Lớn",
            kind=UnitKind.COMMUNE,
            valid_from=self.school.valid_from,
        )
        UnitLink.objects.create(unit=big, parent=self.province, valid_from=big.valid_from)
        self.login(self.chairwoman_lan)
        body = self.client.get(
            reverse("documents:upload")
        ).content.decode()  # a template printing {{ unit.pk }}
        self.assertIn('value="123456"', body)
        self.assertNotIn("123.456", body)


class RestructureRuleTests(World):
    """Restructuring is decided by a unit above; roles for accounts of another part of the tree go
    through an officer who covers both (docs/access.md)."""

    def action(self, unit, name):
        return reverse("orgs:action", args=[unit.pk, name])

    def test_cdcs_chair_cannot_rename_or_split_or_dissolve_its_own_unit(self):
        self.login(self.cdcs_hoa)
        for name, data in (
            ("rename", {"name": "Tên tự đặt", "on": "01/01/2024"}),
            ("dissolve", {"on": "01/01/2024"}),
            ("split", {"on": "01/01/2024", "parts": "A|A1\nB|B1"}),
            ("merge", {"on": "01/01/2024", "into": self.factory.pk}),
            ("move", {"on": "01/01/2024", "new_parent": self.province.pk}),
        ):
            self.assertEqual(self.client.post(self.action(self.school, name), data).status_code, 404, name)
        self.school.refresh_from_db()
        self.assertEqual(self.school.name, "Công đoàn Trường Tiểu học Hòa Lạc")
        page = self.client.get(reverse("orgs:detail", args=[self.school.pk])).content.decode()
        for key in ("rename", "move", "merge", "merge_new", "split", "dissolve", "child"):
            self.assertNotIn(f'id="form-{key}"', page, key)
        self.assertIn('id="form-member"', page)  # the chair still gives roles in the CĐCS

    def test_the_unit_above_renames_the_cdcs(self):
        self.login(self.officer_minh)
        self.assertContains(
            self.client.get(reverse("orgs:detail", args=[self.school.pk])), 'id="form-rename"'
        )
        response = self.client.post(
            self.action(self.school, "rename"), {"name": "Công đoàn Trường TH Hòa Lạc", "on": "01/01/2024"}
        )
        self.assertEqual(response.status_code, 302)
        self.school.refresh_from_db()
        self.assertEqual(self.school.name, "Công đoàn Trường TH Hòa Lạc")

    def test_no_role_for_an_account_of_another_province_and_no_name_shown(self):
        from trienkhai.orgs.models import Membership

        for granter in (self.cdcs_hoa, self.chairwoman_lan):
            self.login(granter)
            response = self.client.post(
                self.action(self.school, "member"),
                {"username": "outsider", "role": "officer", "start_date": "01/01/2024"},
            )
            self.assertContains(response, "ngoài phạm vi bạn quản lý")
            self.assertNotContains(response, "Khách")  # the account's full name
            self.assertFalse(Membership.objects.filter(user=self.outsider, unit=self.school).exists())
        self.login(self.outsider)
        self.assertEqual(self.client.get(reverse("orgs:detail", args=[self.school.pk])).status_code, 404)

    def test_an_officer_covering_both_units_may_grant_it(self):
        from django.contrib.auth import get_user_model

        from trienkhai.orgs.models import Membership

        admin = get_user_model().objects.create_superuser("quantri", password="x")
        self.login(admin)
        response = self.client.post(
            self.action(self.school, "member"),
            {"username": "outsider", "role": "viewer", "start_date": "01/01/2024"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Membership.objects.filter(user=self.outsider, unit=self.school).exists())

    def test_the_chair_gives_a_role_in_the_cdcs_to_a_new_account(self):
        from trienkhai.orgs.models import Membership

        self.login(self.cdcs_hoa)
        response = self.client.post(
            self.action(self.school, "member"),
            {"username": "gv_lan", "full_name": "Trần Thị Lan", "role": "viewer", "start_date": "01/01/2024"},
            follow=True,
        )
        self.assertContains(response, "mật khẩu ban đầu")
        self.assertTrue(Membership.objects.filter(user__username="gv_lan", unit=self.school).exists())
