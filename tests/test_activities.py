"""The activities log: photos are bounded and checked by their content."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from trienkhai.activities.models import Activity

from .daily_world import DailyWorld


def png(width: int = 40, height: int = 30) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


class ActivityTests(DailyWorld):
    def activity(self) -> Activity:
        return Activity.objects.create(
            unit=self.school,
            kind="propaganda",
            held_on=dt.date(2026, 3, 8),
            topic="Luật Công đoàn 2024",
            participants=45,
        )

    def upload(self, activity, *files):
        return self.client.post(f"/hoat-dong/{activity.pk}/anh/", {"photos": list(files)})

    def test_a_real_photo_is_kept_and_served_to_the_tree_only(self):
        a = self.activity()
        self.login(self.cdcs_hoa)
        self.upload(a, SimpleUploadedFile("hoi-nghi.png", png()))
        photo = a.photos.get()
        self.assertEqual((photo.width, photo.height), (40, 30))
        self.assertEqual(self.client.get(f"/hoat-dong/{a.pk}/anh/{photo.pk}/").status_code, 200)
        self.login(self.cdcs_dung)
        self.assertEqual(self.client.get(f"/hoat-dong/{a.pk}/anh/{photo.pk}/").status_code, 404)

    def test_files_that_are_not_photos_are_refused(self):
        a = self.activity()
        self.login(self.cdcs_hoa)
        truncated = png()[:60]
        response = self.upload(
            a,
            SimpleUploadedFile("anh.jpg", b"<html><script>alert(1)</script></html>"),
            SimpleUploadedFile("anh.png", truncated),
            SimpleUploadedFile("tai-lieu.pdf", b"%PDF-1.4\n"),
            SimpleUploadedFile("doi-ten.jpg", png()),  # a PNG named .jpg
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(a.photos.exists())

    def test_a_decompression_bomb_is_refused_before_it_is_decoded(self):
        a = self.activity()
        self.login(self.cdcs_hoa)
        out = io.BytesIO()
        Image.new("1", (12000, 12000)).save(out, "PNG")  # 144 megapixels in a few kB
        self.assertLess(len(out.getvalue()), 100_000)
        self.upload(a, SimpleUploadedFile("bom.png", out.getvalue()))
        self.assertFalse(a.photos.exists())

    @override_settings(ACTIVITY_MAX_PHOTOS=2, ACTIVITY_PHOTO_MAX_BYTES=2000)
    def test_number_and_size_are_bounded(self):
        a = self.activity()
        self.login(self.cdcs_hoa)
        self.upload(a, SimpleUploadedFile("lon.png", png(400, 400) + b"\0" * 3000))
        self.upload(a, *[SimpleUploadedFile(f"a{i}.png", png()) for i in range(3)])
        self.assertEqual(a.photos.count(), 2)

    def test_the_log_is_scoped_and_only_writers_add(self):
        self.login(self.viewer)
        self.assertEqual(self.client.post("/hoat-dong/moi/", {"unit": self.school.pk}).status_code, 400)
        self.login(self.cdcs_hoa)
        data = {
            "unit": self.school.pk,
            "kind": "contest",
            "held_on": "08/03/2026",
            "topic": "Hội thi giáo viên giỏi",
            "participants": "30",
            "channel": "in_person",
        }
        self.assertEqual(self.client.post("/hoat-dong/moi/", data).status_code, 302)
        self.login(self.cdcs_dung)
        self.assertNotContains(self.client.get("/hoat-dong/"), "Hội thi giáo viên giỏi")
