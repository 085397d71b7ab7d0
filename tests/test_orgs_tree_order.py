"""Issue 26: a unit's children are listed upper-level unions first, then the CĐCS, each by name in
Vietnamese alphabetical order (Đ after D and before E), on the tree, its expanded nodes and a unit's page."""

from django.urls import reverse

from trienkhai.lib.vn import vn_sort_key
from trienkhai.orgs.models import UnitKind
from trienkhai.orgs.workflow import create_unit

from .world import START, World


class TreeOrderTests(World):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # A CĐCS directly under the province whose name sorts before every commune union's name.
        cls.hospital = create_unit(
            parent=cls.province, on=START, code="AB-BV", name="Công đoàn Bệnh viện An Bình",
            kind=UnitKind.GRASSROOTS,
        )  # fmt: skip
        cls.east = create_unit(
            parent=cls.province, on=START, code="AB-DH", name="Công đoàn xã Đông Hòa", kind=UnitKind.COMMUNE
        )
        cls.eo = create_unit(
            parent=cls.province, on=START, code="AB-EG", name="Công đoàn xã Eo Gió", kind=UnitKind.COMMUNE
        )

    def assert_in_order(self, body: str, names: list[str]) -> None:
        positions = [body.index(name) for name in names]
        self.assertEqual(positions, sorted(positions), names)

    def test_tree_lists_upper_level_unions_before_cdcs_in_vietnamese_order(self):
        self.login(self.chairwoman_lan)
        body = self.client.get(reverse("orgs:tree")).content.decode()
        self.assert_in_order(
            body,
            [
                "Công đoàn xã Đông Hòa",
                "Công đoàn xã Eo Gió",
                "Công đoàn xã Hòa Lạc",
                "Công đoàn Bệnh viện An Bình",
            ],
        )

    def test_expanded_node_and_unit_page_list_children_in_the_same_order(self):
        self.login(self.chairwoman_lan)
        order = [
            "Công đoàn xã Đông Hòa",
            "Công đoàn xã Eo Gió",
            "Công đoàn xã Hòa Lạc",
            "Công đoàn Bệnh viện An Bình",
        ]
        partial = self.client.get(reverse("orgs:children", args=[self.province.pk]), HTTP_HX_REQUEST="true")
        self.assert_in_order(partial.content.decode(), order)
        page = self.client.get(reverse("orgs:detail", args=[self.province.pk]))
        self.assert_in_order(page.content.decode(), order)

    def test_vietnamese_order_puts_d_stroke_after_d_and_tones_after_letters(self):
        names = ["Eo Gió", "Đông Hòa", "Dương Minh", "Ánh Dương", "Anh Đào", "Ăn Quán"]
        self.assertEqual(
            sorted(names, key=vn_sort_key),
            ["Anh Đào", "Ánh Dương", "Ăn Quán", "Dương Minh", "Đông Hòa", "Eo Gió"],
        )
