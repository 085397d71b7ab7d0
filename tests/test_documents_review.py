"""The review screen: who may see and change a document, corrections saved with the original kept,
validation messages next to the fields, saving as a plan, the original file download."""

from __future__ import annotations

from unittest import mock

from trienkhai.documents.models import Document
from trienkhai.documents.workflow import register_document
from trienkhai.plans.models import Plan

from .documents_world import DocumentWorld, review_data, seed_bytes


class AccessTests(DocumentWorld):
    """Document owned by the commune: officer_minh writes, viewer_vy only sees, chairwoman_lan (above)
    writes, cdcs_hoa (below) and the outsider do not see it at all."""

    def setUp(self) -> None:
        self.document = self.ingest_seed()
        self.url = f"/van-ban/{self.document.pk}/"

    def test_owner_sees_the_review_form_with_save_buttons(self) -> None:
        self.login(self.officer_minh)
        page = self.client.get(self.url)
        self.assertContains(page, 'id="save-plan"')
        self.assertNotContains(page, "<fieldset disabled>")

    def test_officer_above_may_review(self) -> None:
        self.login(self.chairwoman_lan)
        self.assertContains(self.client.get(self.url), 'id="save-review"')

    def test_member_with_view_role_sees_it_read_only(self) -> None:
        self.login(self.viewer)
        page = self.client.get(self.url)
        self.assertContains(page, "<fieldset disabled>")
        self.assertNotContains(page, 'id="save-review"')

    def test_member_with_view_role_cannot_post_corrections(self) -> None:
        self.login(self.viewer)
        response = self.client.post(self.url, review_data(self.document.parsed, **{"h-place": "Đồng Xoài"}))
        self.assertEqual(response.status_code, 404)
        self.document.refresh_from_db()
        self.assertEqual(self.document.parsed["place"], "Phú Riềng")

    def test_outsider_gets_404_on_another_units_document(self) -> None:
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.post(self.url, review_data(self.document.parsed)).status_code, 404)

    def test_outsider_gets_404_on_the_original_file_and_progress(self) -> None:
        self.login(self.outsider)
        self.assertEqual(self.client.get(f"{self.url}tep-goc/").status_code, 404)
        self.assertEqual(self.client.get(f"{self.url}tien-do/").status_code, 404)

    def test_grassroots_below_does_not_see_the_communes_document(self) -> None:
        self.login(self.cdcs_hoa)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_owner_and_member_download_the_original_bytes(self) -> None:
        for user in (self.officer_minh, self.viewer):
            self.login(user)
            response = self.client.get(f"{self.url}tep-goc/")
            self.assertEqual(response.status_code, 200)
            self.assertEqual(b"".join(response.streaming_content), seed_bytes())
            self.assertIn("attachment", response["Content-Disposition"])

    def test_list_shows_documents_in_scope_only(self) -> None:
        self.login(self.outsider)
        self.assertNotContains(self.client.get("/van-ban/"), "27/KH-LĐLĐ")
        for user in (self.officer_minh, self.viewer, self.chairwoman_lan):
            self.login(user)
            self.assertContains(self.client.get("/van-ban/"), "27/KH-LĐLĐ")


class ReviewTests(DocumentWorld):
    def setUp(self) -> None:
        self.document = self.ingest_seed()
        self.url = f"/van-ban/{self.document.pk}/"
        self.as_plan_url = f"/ke-hoach/tu-van-ban/{self.document.pk}/"  # the "Lưu thành kế hoạch" button
        self.login(self.officer_minh)

    def post(self, **changes: str):
        return self.client.post(self.url, review_data(self.document.parsed, **changes))

    def test_unchanged_form_saves_the_same_parse(self) -> None:
        response = self.post()
        self.assertRedirects(response, self.url)
        self.document.refresh_from_db()
        self.assertEqual(self.document.review_state, Document.ReviewState.SAVED)
        self.assertEqual(self.document.parsed["tasks"], self.document.parsed_original["tasks"])
        self.assertEqual(self.document.parsed["citations"][0]["number"], "43-NQ/TW")
        self.assertEqual(self.document.parsed["recipients"], self.document.parsed_original["recipients"])

    def test_corrections_are_saved_and_the_original_parse_is_kept(self) -> None:
        response = self.post(**{"h-place": "Phú Riềng, Bình Phước", "t-0-text": "Quán triệt Nghị quyết 43."})
        self.assertRedirects(response, self.url)
        self.document.refresh_from_db()
        self.assertEqual(self.document.parsed["place"], "Phú Riềng, Bình Phước")
        self.assertEqual(self.document.parsed["tasks"][0]["text"], "Quán triệt Nghị quyết 43.")
        self.assertEqual(self.document.parsed_original["place"], "Phú Riềng")
        self.assertTrue(self.document.parsed_original["tasks"][0]["text"].startswith("Các cấp công đoàn"))
        self.assertContains(self.client.get(self.url), "đã chỉnh sửa so với bản phân tích")

    def test_a_task_moves_to_another_group_and_tasks_are_renumbered(self) -> None:
        moved = self.document.parsed["tasks"][0]["text"]
        self.post(**{"t-0-group": "II.2"})
        self.document.refresh_from_db()
        tasks = self.document.parsed["tasks"]
        self.assertEqual(len(tasks), 26)
        self.assertEqual([t["id"] for t in tasks if t["group"] == "II.1"], [f"II.1.{n}" for n in range(1, 6)])
        self.assertEqual(tasks[11]["id"], "II.2.7")
        self.assertEqual(tasks[11]["text"], moved)
        self.assertEqual(tasks[11]["group_title"], self.document.parsed_original["tasks"][6]["group_title"])

    def test_a_task_is_removed_and_another_added(self) -> None:
        self.post(**{"t-1-DELETE": "on", "t-26-text": "Tổ chức hội nghị sơ kết.", "t-26-group": "II.6"})
        self.document.refresh_from_db()
        tasks = self.document.parsed["tasks"]
        self.assertEqual(len(tasks), 26)
        self.assertNotIn(self.document.parsed_original["tasks"][1]["text"], [t["text"] for t in tasks])
        self.assertEqual(tasks[-1], {**tasks[-1], "id": "II.6.5", "text": "Tổ chức hội nghị sơ kết."})

    def test_group_title_and_duties_and_recipients_are_corrected(self) -> None:
        self.post(
            **{
                "g-0-title": "Tuyên truyền, giáo dục",
                "a-1-duties": "Xây dựng kế hoạch.\nBáo cáo kết quả.",
                "h-recipients": "VP LĐLĐ tỉnh (b.c)\nLưu: VT",
            }
        )
        self.document.refresh_from_db()
        parsed = self.document.parsed
        self.assertEqual(parsed["tasks"][0]["group_title"], "Tuyên truyền, giáo dục")
        self.assertEqual(parsed["assignments"][1]["duties"], ["Xây dựng kế hoạch.", "Báo cáo kết quả."])
        self.assertEqual(parsed["recipients"], ["VP LĐLĐ tỉnh (b.c)", "Lưu: VT"])

    def test_a_citation_is_added_with_its_number_normalised(self) -> None:
        n = len(self.document.parsed["citations"])
        self.post(
            **{f"c-{n}-number": "30/2020/NĐ-CP", f"c-{n}-date": "05/3/2020", f"c-{n}-issuer": "Chính phủ"}
        )
        self.document.refresh_from_db()
        added = self.document.parsed["citations"][-1]
        self.assertEqual(
            added, {"number": "30/2020/NĐ-CP", "doc_type": "NĐ", "date": "2020-03-05", "issuer": "Chính phủ"}
        )
        self.assertTrue(self.document.cites.filter(number="30/2020/NĐ-CP").exists())

    def assert_refused(self, response, message: str, kept: str) -> None:
        self.assertContains(response, message, status_code=400)
        self.assertContains(response, 'id="form-errors"', status_code=400)
        self.assertContains(response, kept, status_code=400)  # what the officer typed is still there
        self.document.refresh_from_db()
        self.assertEqual(self.document.parsed, self.document.parsed_original)
        self.assertEqual(self.document.review_state, Document.ReviewState.REVIEW)

    def test_date_must_be_a_real_date(self) -> None:
        response = self.post(**{"h-date": "31/02/2024", "h-place": "Bù Đăng"})
        self.assert_refused(
            response, "Ngày không hợp lệ: hãy nhập một ngày có thật, dạng 08/8/2024.", "31/02/2024"
        )
        self.assertContains(response, "Bù Đăng", status_code=400)

    def test_number_must_look_like_a_document_number(self) -> None:
        response = self.post(**{"h-number": "kế hoạch hai bảy"})
        self.assert_refused(response, "Số, ký hiệu không đúng dạng văn bản", "kế hoạch hai bảy")

    def test_a_citation_with_a_date_but_no_number_is_refused_in_vietnamese(self) -> None:
        n = len(self.document.parsed["citations"])
        response = self.post(
            **{f"c-{n}-number": "", f"c-{n}-date": "05/3/2020", f"c-{n}-issuer": "Chính phủ"}
        )
        self.assert_refused(response, "Hãy ghi số, ký hiệu văn bản được dẫn chiếu.", "05/3/2020")

    def test_a_citation_number_longer_than_64_characters_is_refused_in_vietnamese(self) -> None:
        long_number = "30/2020/NĐ-CP" + "-X" * 30
        response = self.post(**{"c-0-number": long_number})
        self.assert_refused(response, "Số, ký hiệu dài tối đa 64 ký tự.", long_number)

    def test_a_header_number_longer_than_64_characters_is_refused_in_vietnamese(self) -> None:
        long_number = "27/KH-LĐLĐ" + "-X" * 30
        response = self.post(**{"h-number": long_number})
        self.assert_refused(response, "Số, ký hiệu dài tối đa 64 ký tự.", long_number)

    def test_task_text_must_not_be_empty(self) -> None:
        response = self.post(**{"t-4-text": "   ", "t-5-text": "Sửa nội dung."})
        self.assert_refused(response, "Nội dung nhiệm vụ không được để trống.", "Sửa nội dung.")

    def test_typed_number_is_normalised(self) -> None:
        self.post(**{"h-number": "27 /KH-LĐLD"})
        self.document.refresh_from_db()
        self.assertEqual(self.document.parsed["number"], "27/KH-LĐLĐ")

    def test_save_as_plan_creates_a_draft_plan_with_26_tasks_and_opens_it(self) -> None:
        response = self.client.post(self.as_plan_url, review_data(self.document.parsed))
        plan = Plan.objects.get()
        self.assertRedirects(response, f"/ke-hoach/{plan.pk}/", fetch_redirect_response=False)
        self.assertEqual(plan.status, Plan.Status.DRAFT)
        self.assertEqual(plan.tasks.count(), 26)
        self.assertEqual(plan.groups.count(), 6)
        self.assertEqual(plan.owner_unit, self.commune)
        self.assertEqual(plan.document, self.document)
        self.assertEqual(plan.basis.number, "27/KH-LĐLĐ")
        self.assertEqual(plan.implements.number, "79/KH-LĐLĐ")
        self.assertEqual(plan.cites.count(), 12)

    def test_save_as_plan_passes_the_registry_of_legal_bases_once(self) -> None:
        # The review's registry pass gives the plan its bases; a second pass in the same request would
        # only redo the same work.
        counter = mock.Mock(wraps=register_document)
        with (
            mock.patch("trienkhai.documents.workflow.register_document", counter),
            mock.patch("trienkhai.plans.workflow.register_document", counter),
        ):
            response = self.client.post(self.as_plan_url, review_data(self.document.parsed))
        self.assertRedirects(response, f"/ke-hoach/{Plan.objects.get().pk}/", fetch_redirect_response=False)
        self.assertEqual(counter.call_count, 1)

    def test_save_as_plan_with_an_invalid_form_shows_the_review_again_and_stores_nothing(self) -> None:
        response = self.client.post(
            self.as_plan_url, review_data(self.document.parsed, **{"h-date": "31/02/2024"})
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "31/02/2024", status_code=400)  # what was typed stays in the form
        self.assertContains(response, 'id="save-plan"', status_code=400)
        self.assertFalse(Plan.objects.exists())
        self.document.refresh_from_db()
        self.assertEqual(self.document.review_state, Document.ReviewState.REVIEW)

    def test_save_as_plan_of_a_document_without_tasks_saves_the_review_only(self) -> None:
        changes = {f"t-{i}-DELETE": "on" for i in range(len(self.document.parsed["tasks"]))}
        changes["h-number"] = "12/QĐ-LĐLĐ"
        response = self.client.post(self.as_plan_url, review_data(self.document.parsed, **changes))
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        self.assertFalse(Plan.objects.exists())
        self.document.refresh_from_db()
        self.assertEqual(self.document.review_state, Document.ReviewState.SAVED)
        self.assertEqual(self.document.basis.number, "12/QĐ-LĐLĐ")

    def test_save_as_plan_twice_does_not_duplicate_the_plan(self) -> None:
        self.client.post(self.as_plan_url, review_data(self.document.parsed))
        self.document.refresh_from_db()
        response = self.client.post(self.as_plan_url, review_data(self.document.parsed))
        self.assertEqual(Plan.objects.count(), 1)
        self.assertRedirects(response, f"/ke-hoach/{Plan.objects.get().pk}/", fetch_redirect_response=False)

    def test_corrected_task_reaches_the_plan(self) -> None:
        data = review_data(self.document.parsed, **{"t-0-text": "Nhiệm vụ đã sửa."})
        self.client.post(self.as_plan_url, data)
        self.assertEqual(
            Plan.objects.get().tasks.order_by("group__position", "position").first().text, "Nhiệm vụ đã sửa."
        )
