"""Dialogue at the workplace by Decree 145/2020/NĐ-CP (read in diepxuan/diepxuan.github.io,
van-ban/lao-dong/lao-dong.md): the worker representatives by workforce (Art. 38), the periodic dialogue's
notice, quorum, signed minutes and publication (Art. 39), the dialogue on request (Art. 40), the yearly Hội
nghị người lao động (Art. 47) and the warnings on the parent union's home page."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from trienkhai.agreements.home import dialogue_sections
from trienkhai.agreements.models import Dialogue, WorkerConference
from trienkhai.agreements.rules import add_working_days, min_representatives
from trienkhai.orgs.models import today

from .daily_world import DailyWorld
from .upload_corpus import blank_pdf

HELD = dt.date(2026, 3, 12)  # a Thursday


class DialogueDecree145Tests(DailyWorld):
    def post(self, **extra):
        self.login(self.cdcs_dung)
        data = {
            "unit": self.factory.pk,
            "held_on": "12/03/2026",
            "kind": "periodic",
            "topics": ["wages"],
            "workforce": "420",
            "representatives": "14",
            "representatives_present": "11",
            "legal_rep_present": "on",
            "content_sent_on": "05/03/2026",
            "workers": "30",
            **extra,
        }
        return self.client.post("/thoa-uoc/doi-thoai/moi/", data)

    def dialogue(self, **fields) -> Dialogue:
        base = {"unit": self.factory, "held_on": HELD, "kind": "periodic", "topics": ["wages"]}
        return Dialogue.objects.create(**{**base, **fields})

    def as_(self, user):
        self.login(user)
        return self.client

    def findings(self, d: Dialogue) -> dict[str, bool]:
        return {f.article: f.ok for f in d.findings(today())}

    def test_working_days_skip_the_weekend(self):
        self.assertEqual(add_working_days(HELD, 3), dt.date(2026, 3, 17))  # Thu + 3: Fri, Mon, Tue
        self.assertEqual(add_working_days(HELD, -5), dt.date(2026, 3, 5))  # the Thursday before

    def test_nd145_art38_minimum_worker_representatives_by_workforce(self):
        self.assertEqual(
            [min_representatives(n) for n in (10, 49, 50, 149, 150, 300, 499, 500, 999, 1000, 5000)],
            [3, 3, 4, 4, 9, 14, 14, 19, 19, 24, 24],
        )
        few = self.dialogue(
            workforce=420, representatives=9, representatives_present=9, legal_rep_present=True
        )
        self.assertFalse(self.findings(few)["điểm a khoản 2 Điều 38 Nghị định 145/2020/NĐ-CP"])
        page = self.as_(self.cdcs_dung).get(f"/thoa-uoc/doi-thoai/{few.pk}/")
        self.assertContains(
            page, "9 thành viên đại diện bên người lao động; tối thiểu 14 với 420 người lao động"
        )

    def test_nd145_art39_3_content_sent_at_least_5_working_days_ahead(self):
        on_time = self.dialogue(content_sent_on=dt.date(2026, 3, 5))
        late = self.dialogue(content_sent_on=dt.date(2026, 3, 6))
        article = "khoản 3 Điều 39 Nghị định 145/2020/NĐ-CP"
        self.assertTrue(self.findings(on_time)[article])
        self.assertFalse(self.findings(late)[article])

    def test_nd145_art39_4_periodic_dialogue_needs_over_70_percent_of_representatives(self):
        refused = self.post(representatives_present="9")  # 9/14 = 64%
        self.assertContains(refused, "trên 70% thành viên đại diện", status_code=400)
        self.assertContains(refused, 'value="420"', status_code=400)  # what was typed is kept
        exactly = self.post(representatives="10", representatives_present="7")  # 70%, not more than 70%
        self.assertEqual(exactly.status_code, 400)
        self.assertEqual(self.post(representatives_present="11").status_code, 302)  # 79%

    def test_nd145_art39_4_periodic_dialogue_needs_the_employers_legal_representative(self):
        response = self.post(legal_rep_present="")
        self.assertContains(response, "người đại diện theo pháp luật", status_code=400)
        self.assertFalse(Dialogue.objects.exists())

    def test_nd145_art39_4_signed_minutes_are_uploaded_and_served_through_the_dialogue(self):
        minutes = SimpleUploadedFile("bien-ban.pdf", blank_pdf(), content_type="application/pdf")
        self.assertEqual(self.post(minutes=minutes).status_code, 302)
        d = Dialogue.objects.get()
        self.assertEqual(d.minutes_name, "bien-ban.pdf")
        self.assertTrue(self.findings(d)["khoản 4 Điều 39 Nghị định 145/2020/NĐ-CP"])
        served = self.client.get(f"/thoa-uoc/doi-thoai/{d.pk}/bien-ban/")
        self.assertEqual(served.status_code, 200)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(f"/thoa-uoc/doi-thoai/{d.pk}/bien-ban/").status_code, 404)

    def test_nd145_art39_4_minutes_go_through_the_upload_policy(self):
        fake = SimpleUploadedFile(
            "bien-ban.pdf", b"<html><script>x</script></html>", content_type="application/pdf"
        )
        response = self.post(minutes=fake)
        self.assertContains(response, "Không nhận tệp", status_code=400)
        self.assertFalse(Dialogue.objects.exists())

    def test_nd145_art39_5_main_points_made_public_within_3_working_days(self):
        article = "khoản 5 Điều 39, khoản 4 Điều 40 Nghị định 145/2020/NĐ-CP"
        self.assertTrue(self.findings(self.dialogue(published_on=dt.date(2026, 3, 17)))[article])
        self.assertFalse(self.findings(self.dialogue(published_on=dt.date(2026, 3, 18)))[article])
        unpublished = self.dialogue()
        page = self.as_(self.cdcs_dung).get(f"/thoa-uoc/doi-thoai/{unpublished.pk}/")
        self.assertContains(page, "(đến 17/3/2026): quá hạn, chưa công bố")

    def test_nd145_art40_1_workers_request_needs_30_percent_of_representatives(self):
        request = {"kind": "on_request", "requested_on": "02/03/2026", "representatives": "10"}
        refused = self.post(**request, request_supporters="2")
        self.assertContains(refused, "ít nhất 30% thành viên đại diện", status_code=400)
        self.assertEqual(self.post(**request, request_supporters="3").status_code, 302)

    def test_nd145_art40_2_written_answer_due_within_5_working_days(self):
        article = "khoản 2 Điều 40 Nghị định 145/2020/NĐ-CP"
        asked = {"kind": "on_request", "requested_on": dt.date(2026, 3, 2)}  # a Monday: due Monday 9th
        self.assertTrue(self.findings(self.dialogue(**asked, answered_on=dt.date(2026, 3, 9)))[article])
        self.assertFalse(self.findings(self.dialogue(**asked, answered_on=dt.date(2026, 3, 10)))[article])

    def test_nd145_art47_and_blld_art63_cdcs_without_dialogue_or_conference_warned_on_parent_home(self):
        page = self.as_(self.officer_minh).get("/")
        on = today()
        self.assertContains(page, f"Chưa đối thoại định kỳ năm {on.year}")
        self.assertContains(page, f"Chưa tổ chức hội nghị người lao động năm {on.year}")
        self.assertContains(page, "Công đoàn Công ty May Hòa Lạc")
        self.dialogue(held_on=on)
        WorkerConference.objects.create(unit=self.factory, held_on=on, attendees=300)
        page = self.as_(self.officer_minh).get("/")
        self.assertNotContains(page, f"Chưa đối thoại định kỳ năm {on.year}")
        self.assertNotContains(page, f"Chưa tổ chức hội nghị người lao động năm {on.year}")

    def test_a_public_administration_cdcs_is_not_warned_under_decree_145(self):
        sections = dialogue_sections(self.officer_minh, on=today())
        names = {item.unit_name for section in sections for item in section.items}
        self.assertEqual(names, {self.factory.name})  # not the school: viên chức, under other texts
