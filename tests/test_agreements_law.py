"""Collective agreements after signing, by the Labour Code 2019: the filing clock on the home page (Art. 77),
amendments (Art. 82), extension and carry-over while bargaining (Art. 83) with their history, and the
quality grade of each year with its "không xếp loại" cases (TLĐ 1580/HD-TLĐ, whose criteria were not found)."""

from __future__ import annotations

import datetime as dt

from trienkhai.agreements.models import AgreementChange, AgreementGrading, CollectiveAgreement
from trienkhai.lib.vn import format_date
from trienkhai.orgs.models import today

from .daily_world import DailyWorld


class AgreementLawTests(DailyWorld):
    def agreement(self, *, signed: dt.date, expires: dt.date, **extra) -> CollectiveAgreement:
        fields = {"title": "TƯLĐTT Công ty May", "employer": "Công ty May Hòa Lạc", "grade": "B", **extra}
        return CollectiveAgreement.objects.create(
            unit=self.factory, signed_on=signed, effective_from=signed, expires_on=expires, **fields
        )

    def change(self, a: CollectiveAgreement, **data):
        self.login(self.cdcs_dung)
        return self.client.post(f"/thoa-uoc/{a.pk}/thay-doi/", data)

    def grade(self, a: CollectiveAgreement, **data):
        """Open the form of the year (which carries the lock of that year's grading), then save it."""
        self.login(self.cdcs_dung)
        shown = self.client.get(f"/thoa-uoc/{a.pk}/xep-loai/", {"nam": data.get("year", "")})
        lock = {k: shown.context["form"].initial[k] for k in ("lock_year", "lock_version")}
        return self.client.post(f"/thoa-uoc/{a.pk}/xep-loai/", {**lock, **data})

    # --- Art. 77 ---------------------------------------------------------------------------------------

    def test_blld_art77_filing_clock_on_the_home_page_of_the_cdcs(self):
        on = today()
        self.agreement(signed=on - dt.timedelta(days=4), expires=on + dt.timedelta(days=700))
        self.agreement(signed=on - dt.timedelta(days=12), expires=on + dt.timedelta(days=700), title="Muộn")
        self.agreement(signed=on - dt.timedelta(days=2), expires=on + dt.timedelta(days=700), title="Đã gửi",
                       filed_on=on)  # fmt: skip
        self.login(self.cdcs_dung)
        page = self.client.get("/")
        self.assertContains(page, "Thỏa ước chưa gửi cơ quan lao động")
        self.assertContains(page, "còn 6 ngày (Điều 77 BLLĐ 2019)")
        self.assertContains(page, "quá hạn 2 ngày (Điều 77 BLLĐ 2019)")
        self.assertNotContains(page, "cơ quan chuyên môn về lao động cấp tỉnh: Đã gửi")

    # --- Art. 82 ---------------------------------------------------------------------------------------

    def test_blld_art82_amendment_needs_the_vote_and_is_kept_in_history(self):
        on = today()
        a = self.agreement(signed=on - dt.timedelta(days=100), expires=on + dt.timedelta(days=600))
        data = {"kind": "amendment", "on": format_date(on), "summary": "Tăng phụ cấp ăn ca"}
        self.assertContains(self.change(a, **data), "phải lấy ý kiến như khi ký", status_code=400)
        refused = self.change(a, **data, voters="100", votes_for="50")
        self.assertContains(refused, "trên 50% người được lấy ý kiến", status_code=400)
        self.assertFalse(AgreementChange.objects.exists())
        self.assertEqual(self.change(a, **data, voters="100", votes_for="51").status_code, 302)
        page = self.client.get(f"/thoa-uoc/{a.pk}/")
        self.assertContains(page, "Sửa đổi, bổ sung (Điều 82)")
        self.assertContains(page, "Tăng phụ cấp ăn ca")

    # --- Art. 83 ---------------------------------------------------------------------------------------

    def test_blld_art83_extension_only_within_90_days_before_expiry(self):
        on = today()
        a = self.agreement(signed=on - dt.timedelta(days=300), expires=on + dt.timedelta(days=91))
        response = self.change(
            a, kind="extension", on=format_date(on), voters="100", votes_for="80",
            new_until=format_date(on + dt.timedelta(days=400)),
        )  # fmt: skip
        self.assertContains(response, "trong 90 ngày trước ngày thỏa ước hết hạn", status_code=400)
        self.assertContains(response, "Điều 83 Bộ luật Lao động 2019", status_code=400)
        a.refresh_from_db()
        self.assertEqual(a.expires_on, on + dt.timedelta(days=91))

    def test_blld_art83_extension_needs_the_art76_vote(self):
        on = today()
        a = self.agreement(signed=on - dt.timedelta(days=400), expires=on + dt.timedelta(days=30))
        data = {
            "kind": "extension",
            "on": format_date(on),
            "new_until": format_date(on + dt.timedelta(days=400)),
        }
        self.assertContains(self.change(a, **data), "phải lấy ý kiến như khi ký", status_code=400)
        refused = self.change(a, **data, voters="100", votes_for="40")
        self.assertContains(refused, "trên 50% người được lấy ý kiến", status_code=400)
        a.refresh_from_db()
        self.assertEqual(a.expires_on, on + dt.timedelta(days=30))

    def test_blld_art83_extension_moves_expiry_and_keeps_the_old_one_in_history(self):
        on = today()
        a = self.agreement(signed=on - dt.timedelta(days=400), expires=on + dt.timedelta(days=30))
        new = on + dt.timedelta(days=400)
        response = self.change(
            a, kind="extension", on=format_date(on), voters="100", votes_for="80", new_until=format_date(new)
        )
        self.assertEqual(response.status_code, 302)
        a.refresh_from_db()
        self.assertEqual(a.expires_on, new)
        change = AgreementChange.objects.get()
        self.assertEqual(change.previous_expires_on, on + dt.timedelta(days=30))
        self.assertContains(self.client.get(f"/thoa-uoc/{a.pk}/"), "Kéo dài thời hạn (Điều 83)")

    def test_blld_art83_carry_over_at_most_90_days_after_expiry(self):
        on = today()
        a = self.agreement(signed=on - dt.timedelta(days=500), expires=on - dt.timedelta(days=10))
        too_long = self.change(
            a, kind="carry_over", on=format_date(on), new_until=format_date(on + dt.timedelta(days=100))
        )
        self.assertContains(too_long, "không quá 90 ngày kể từ ngày hết hạn", status_code=400)
        self.assertEqual(self.change(a, kind="carry_over", on=format_date(on)).status_code, 302)
        a.refresh_from_db()
        self.assertEqual(a.carried_until, on + dt.timedelta(days=80))  # 90 days from expiry by default

    def test_blld_art83_carried_over_agreement_is_still_in_force(self):
        on = today()
        a = self.agreement(signed=on - dt.timedelta(days=500), expires=on - dt.timedelta(days=10))
        self.assertFalse(CollectiveAgreement.objects.in_force(on=on).exists())
        self.change(a, kind="carry_over", on=format_date(on), summary="Đang thương lượng thỏa ước mới")
        self.assertEqual(list(CollectiveAgreement.objects.in_force(on=on)), [a])
        self.assertContains(self.client.get(f"/thoa-uoc/{a.pk}/"), "đang thương lượng: tiếp tục thực hiện")

    def test_blld_art83_carry_over_days_are_data(self):
        on = today()
        a = self.agreement(signed=on - dt.timedelta(days=500), expires=on - dt.timedelta(days=10))
        with self.settings(AGREEMENT_CARRY_OVER_DAYS=30):
            self.assertEqual(self.change(a, kind="carry_over", on=format_date(on)).status_code, 302)
        a.refresh_from_db()
        self.assertEqual(a.carried_until, on + dt.timedelta(days=20))

    # --- TLĐ grading (1580/HD-TLĐ) ---------------------------------------------------------------------

    def test_tld1580_one_grade_per_year_grading_again_replaces_it(self):
        on = today()
        a = self.agreement(signed=on - dt.timedelta(days=400), expires=on + dt.timedelta(days=300))
        self.assertEqual(self.grade(a, year=str(on.year - 1), grade="C").status_code, 302)
        self.assertEqual(self.grade(a, year=str(on.year), grade="B").status_code, 302)
        self.assertEqual(self.grade(a, year=str(on.year), grade="A").status_code, 302)
        self.assertEqual(
            list(AgreementGrading.objects.values_list("year", "grade")), [(on.year, "A"), (on.year - 1, "C")]
        )
        self.assertContains(
            self.grade(a, year=str(on.year + 1), grade="A"), "không xếp loại trước", status_code=400
        )

    def test_two_people_grading_the_same_year_the_second_is_told_and_keeps_what_was_typed(self):
        on = today()
        a = self.agreement(signed=on - dt.timedelta(days=400), expires=on + dt.timedelta(days=300))
        self.login(self.cdcs_dung)
        url = f"/thoa-uoc/{a.pk}/xep-loai/"
        seen = self.client.get(url).context["form"].initial  # both open the form: no grading yet
        self.assertEqual((seen["lock_year"], seen["lock_version"]), (on.year, 0))
        self.login(self.officer_minh)
        mine = {"year": str(on.year), "grade": "A", "lock_year": str(on.year), "lock_version": "0"}
        self.assertEqual(self.client.post(url, mine).status_code, 302)
        self.login(self.cdcs_dung)
        theirs = {"year": str(on.year), "grade": "C", "note": "Chỉ 1 nội dung có lợi hơn luật",
                  "lock_year": str(on.year), "lock_version": "0"}  # fmt: skip
        response = self.client.post(url, theirs)
        self.assertContains(response, "Trong lúc bạn nhập", status_code=409)
        self.assertContains(response, "Chỉ 1 nội dung có lợi hơn luật", status_code=409)
        self.assertEqual(AgreementGrading.objects.get().grade, "A")  # nothing overwritten
        form = response.context["form"]
        again = {**theirs, "lock_version": form["lock_version"].value()}  # saving again replaces knowingly
        self.assertEqual(self.client.post(url, again).status_code, 302)
        self.assertEqual(AgreementGrading.objects.get().grade, "C")

    def test_grading_another_year_than_the_form_was_opened_for_does_not_replace_it_unseen(self):
        on = today()
        a = self.agreement(signed=on - dt.timedelta(days=800), expires=on + dt.timedelta(days=300))
        self.assertEqual(self.grade(a, year=str(on.year - 1), grade="C").status_code, 302)
        self.login(self.cdcs_dung)
        url = f"/thoa-uoc/{a.pk}/xep-loai/"
        data = {"year": str(on.year - 1), "grade": "A", "lock_year": str(on.year), "lock_version": "0"}
        self.assertContains(self.client.post(url, data), "Trong lúc bạn nhập", status_code=409)
        self.assertEqual(AgreementGrading.objects.get().grade, "C")

    def test_tld1580_copy_of_the_law_is_not_graded(self):
        on = today()
        a = self.agreement(signed=on - dt.timedelta(days=40), expires=on + dt.timedelta(days=400))
        both = self.grade(a, year=str(on.year), grade="A", ungraded="copy_of_law")
        self.assertContains(both, "không chọn cả hai", status_code=400)
        self.assertEqual(self.grade(a, year=str(on.year), ungraded="copy_of_law").status_code, 302)
        page = self.client.get(f"/thoa-uoc/{a.pk}/")
        self.assertContains(page, "Không xếp loại: Sao chép quy định của pháp luật")
        self.assertContains(page, "Chưa tìm được văn bản 1580/HD-TLĐ")

    def test_tld1580_expired_agreement_is_not_graded(self):
        on = today()
        a = self.agreement(signed=dt.date(on.year - 3, 1, 1), expires=dt.date(on.year - 1, 12, 31))
        response = self.grade(a, year=str(on.year), grade="A")
        self.assertContains(response, "không xếp loại (đã hết hạn)", status_code=400)
        self.assertEqual(self.grade(a, year=str(on.year)).status_code, 302)
        self.assertEqual(AgreementGrading.objects.get().ungraded, "expired")

    def test_tld1580_grade_left_empty_follows_the_better_terms(self):
        on = today()
        a = self.agreement(signed=on - dt.timedelta(days=40), expires=on + dt.timedelta(days=400),
                           wage_terms="Cao hơn 7%", bonus_terms="Tháng 13", hours_terms="44 giờ")  # fmt: skip
        self.assertEqual(self.grade(a, year=str(on.year)).status_code, 302)
        self.assertEqual(AgreementGrading.objects.get().grade, "B")
