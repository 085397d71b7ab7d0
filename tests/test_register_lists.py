"""The register lists (activities, agreements, dialogues, legal cases) share one reading of `?don-vi=`,
`?tu=`, `?den=` and one scope rule for a row (issue 18 moved both into `orgs.access`): these pin what
the lists and pages did before the move."""

from __future__ import annotations

import datetime as dt

from trienkhai.activities.models import Activity
from trienkhai.agreements.models import CollectiveAgreement

from .daily_world import DailyWorld


class RegisterListTests(DailyWorld):
    def activity(self, unit, held_on: dt.date, topic: str) -> Activity:
        return Activity.objects.create(unit=unit, kind="propaganda", held_on=held_on, topic=topic)

    def listed(self, url: str) -> list[str]:
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return sorted(str(row) for row in response.context["page"].object_list)

    def test_the_activity_list_narrows_to_a_unit_subtree_and_to_dates(self):
        self.activity(self.school, dt.date(2026, 3, 8), "Trường, tháng 3")
        self.activity(self.school, dt.date(2026, 5, 1), "Trường, tháng 5")
        self.activity(self.factory, dt.date(2026, 3, 9), "Nhà máy, tháng 3")
        self.login(self.officer_minh)
        everything = ["Nhà máy, tháng 3", "Trường, tháng 3", "Trường, tháng 5"]
        self.assertEqual(self.listed("/hoat-dong/"), everything)
        self.assertEqual(
            self.listed(f"/hoat-dong/?don-vi={self.school.pk}"), ["Trường, tháng 3", "Trường, tháng 5"]
        )
        self.assertEqual(self.listed(f"/hoat-dong/?don-vi={self.commune.pk}"), everything)
        self.assertEqual(
            self.listed("/hoat-dong/?tu=01/03/2026&den=31/03/2026"), ["Nhà máy, tháng 3", "Trường, tháng 3"]
        )
        # One end of the range alone, or an unreadable one, does not narrow the list.
        self.assertEqual(self.listed("/hoat-dong/?tu=01/03/2026"), everything)
        self.assertEqual(self.listed("/hoat-dong/?tu=abc&den=31/03/2026&don-vi=x"), everything)

    def test_every_register_list_answers_404_for_a_unit_out_of_reach(self):
        self.login(self.outsider)
        for url in ("/hoat-dong/", "/thoa-uoc/", "/thoa-uoc/doi-thoai/", "/phap-ly/"):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(f"{url}?don-vi={self.school.pk}").status_code, 404)

    def test_a_new_activity_records_who_wrote_it(self):
        self.login(self.cdcs_hoa)
        response = self.client.post(
            "/hoat-dong/moi/",
            {
                "unit": self.school.pk,
                "kind": "propaganda",
                "held_on": "08/03/2026",
                "topic": "Luật Công đoàn",
                "participants": "30",
                "channel": "in_person",
            },
        )
        activity = Activity.objects.get()
        self.assertRedirects(response, f"/hoat-dong/{activity.pk}/")
        self.assertEqual(activity.created_by, self.cdcs_hoa)

    def test_an_agreement_shows_its_graded_terms_and_is_404_outside_its_tree(self):
        agreement = CollectiveAgreement.objects.create(
            unit=self.school,
            title="Thỏa ước 2026",
            employer="Công ty TNHH May Phú Riềng",
            grade="B",
            signed_on=dt.date(2026, 1, 10),
            effective_from=dt.date(2026, 1, 10),
            expires_on=dt.date(2028, 1, 9),
            wage_terms="Lương cao hơn tối thiểu vùng 10%",
        )
        self.login(self.cdcs_hoa)
        terms = self.client.get(f"/thoa-uoc/{agreement.pk}/").context["terms"]
        self.assertEqual([text for _, text in terms][0], "Lương cao hơn tối thiểu vùng 10%")
        self.assertEqual(len(terms), 5)
        self.assertEqual(
            str(terms[0][0]), str(CollectiveAgreement._meta.get_field("wage_terms").verbose_name)
        )
        self.login(self.cdcs_dung)
        self.assertEqual(self.client.get(f"/thoa-uoc/{agreement.pk}/").status_code, 404)

    def test_a_photo_whose_file_is_gone_is_a_404_not_a_500(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from .test_activities import png

        activity = self.activity(self.school, dt.date(2026, 3, 8), "Hội nghị")
        self.login(self.cdcs_hoa)
        self.client.post(f"/hoat-dong/{activity.pk}/anh/", {"photos": [SimpleUploadedFile("a.png", png())]})
        photo = activity.photos.get()
        url = f"/hoat-dong/{activity.pk}/anh/{photo.pk}/"
        self.assertEqual(self.client.get(url).status_code, 200)
        photo.file.storage.delete(photo.file.name)
        self.assertEqual(self.client.get(url).status_code, 404)
