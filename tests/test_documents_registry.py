"""The registry of legal bases: the seed's chain, completing without overwriting, the search, the
pages (open to every logged-in user, with plans and documents filtered by scope), query counts."""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import unicodedata

from django.db import connection
from django.test.utils import CaptureQueriesContext

from trienkhai.documents.models import Document, LegalBasis
from trienkhai.documents.workflow import register_document, save_review
from trienkhai.lib.docparse import parse_text
from trienkhai.plans.workflow import create_plan_from_document

from .documents_world import DocumentWorld, review_data, seed_bytes


def seed_parsed() -> dict:
    return parse_text(seed_bytes().decode("utf-8"))


class ChainTests(DocumentWorld):
    def test_seed_yields_the_chain_27_to_79_to_43(self) -> None:
        basis, implements, cites = register_document(document=None, parsed=seed_parsed())
        self.assertEqual([b.number for b in basis.chain_up()], ["27/KH-LĐLĐ", "79/KH-LĐLĐ", "43-NQ/TW"])
        self.assertEqual(implements.number, "79/KH-LĐLĐ")
        self.assertEqual(len(cites), 12)
        self.assertNotIn(basis, cites)

    def test_own_basis_and_cited_bases_carry_what_the_text_says(self) -> None:
        register_document(document=None, parsed=seed_parsed())
        own = LegalBasis.objects.get(number="27/KH-LĐLĐ")
        self.assertEqual((own.doc_type, own.date), ("KH", dt.date(2024, 8, 8)))
        self.assertTrue(own.title.startswith("Thực hiện Nghị quyết số 43-NQ/TW"))
        resolution = LegalBasis.objects.get(number="43-NQ/TW")
        self.assertEqual((resolution.doc_type, resolution.date), ("NQ", dt.date(2023, 11, 24)))
        self.assertEqual(
            LegalBasis.objects.get(number="79/KH-LĐLĐ").issuer, "Liên đoàn Lao động tỉnh Bình Phước"
        )
        self.assertEqual(
            LegalBasis.objects.get(number="34-CT/TW").title, "Tiếp tục đổi mới công tác thi đua, khen thưởng"
        )
        # "62-CTr/TU ... về thực hiện Nghị quyết số 43-NQ/TW" is stated too.
        self.assertEqual(LegalBasis.objects.get(number="62-CTr/TU").implements.number, "43-NQ/TW")
        self.assertIsNone(LegalBasis.objects.get(number="09-ĐA/TU").date)

    def test_known_values_are_never_replaced_by_unknown_ones(self) -> None:
        known = LegalBasis.objects.create(
            number="09-ĐA/TU", issuer="Tỉnh ủy Bình Phước", date=dt.date(2021, 3, 1)
        )
        register_document(document=None, parsed=seed_parsed())
        known.refresh_from_db()
        self.assertEqual((known.issuer, known.date), ("Tỉnh ủy Bình Phước", dt.date(2021, 3, 1)))
        self.assertEqual(known.doc_type, "ĐA")  # a missing value is filled in

    def test_a_known_implements_link_of_a_cited_document_is_kept(self) -> None:
        other = LegalBasis.objects.create(number="02-NQ/TW")
        LegalBasis.objects.create(number="79/KH-LĐLĐ", implements=other)
        register_document(document=None, parsed=seed_parsed())
        self.assertEqual(LegalBasis.objects.get(number="79/KH-LĐLĐ").implements, other)

    def test_registering_twice_changes_nothing(self) -> None:
        register_document(document=None, parsed=seed_parsed())
        before = list(
            LegalBasis.objects.order_by("number").values_list("number", "implements__number", "date")
        )
        register_document(document=None, parsed=seed_parsed())
        after = list(
            LegalBasis.objects.order_by("number").values_list("number", "implements__number", "date")
        )
        self.assertEqual(before, after)

    def test_same_organisation_plan_is_preferred_only_when_present(self) -> None:
        parsed = seed_parsed()
        parsed["preamble"] = []
        basis, implements, _ = register_document(document=None, parsed=parsed)
        self.assertEqual(implements.number, "43-NQ/TW")

    def test_document_basis_and_cites_are_recorded(self) -> None:
        document = self.ingest_seed()
        save_review(document=document, parsed=document.parsed, user=self.officer_minh)
        self.assertEqual(document.basis.number, "27/KH-LĐLĐ")
        self.assertEqual(document.cites.count(), 12)


class SearchTests(DocumentWorld):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        register_document(document=None, parsed=seed_parsed())

    def numbers(self, query: str) -> set[str]:
        self.login(self.cdcs_hoa)
        page = self.client.get("/can-cu/", {"q": query})
        self.assertEqual(page.status_code, 200)
        return {b.number for b in page.context["page"]}

    def test_type_name_without_diacritics_finds_the_resolution(self) -> None:
        found = self.numbers("nghi quyet 43")
        self.assertIn("43-NQ/TW", found)
        self.assertNotIn("02-NQ/TW", found)

    def test_number_fragment_in_lower_case(self) -> None:
        found = self.numbers("43-nq")
        # Also the plans whose titles name it ("Thực hiện Nghị quyết số 43-NQ/TW ...").
        self.assertEqual(found, {"43-NQ/TW", "27/KH-LĐLĐ", "79/KH-LĐLĐ"})

    def test_issuer_words_with_or_without_diacritics(self) -> None:
        self.assertEqual(self.numbers("binh phuoc"), {"79/KH-LĐLĐ"})
        self.assertEqual(self.numbers("Bình Phước"), {"79/KH-LĐLĐ"})

    def test_number_with_d_for_đ(self) -> None:
        self.assertIn("27/KH-LĐLĐ", self.numbers("27/kh-ldld"))

    def test_list_is_newest_first_with_undated_bases_last(self) -> None:
        self.login(self.cdcs_hoa)
        numbers = [b.number for b in self.client.get("/can-cu/").context["page"]]
        self.assertEqual(numbers[0], "27/KH-LĐLĐ")
        self.assertEqual(numbers[-1], "09-ĐA/TU")

    def test_nothing_found_says_so(self) -> None:
        self.login(self.cdcs_hoa)
        self.assertContains(self.client.get("/can-cu/", {"q": "không có gì"}), "Không có văn bản nào khớp")


class PageTests(DocumentWorld):
    def setUp(self) -> None:
        self.document = self.ingest_seed()
        save_review(document=self.document, parsed=self.document.parsed, user=self.officer_minh)
        self.plan, _ = create_plan_from_document(document=self.document, user=self.officer_minh)
        self.resolution = LegalBasis.objects.get(number="43-NQ/TW")
        self.province_plan = LegalBasis.objects.get(number="79/KH-LĐLĐ")

    def test_every_logged_in_user_sees_the_registry(self) -> None:
        for user in (self.officer_minh, self.viewer, self.cdcs_hoa, self.outsider):
            self.login(user)
            self.assertContains(self.client.get("/can-cu/"), "43-NQ/TW")
            self.assertContains(
                self.client.get(f"/can-cu/{self.resolution.pk}/"), "BCH Trung ương Đảng khóa XIII"
            )

    def test_anonymous_is_sent_to_login(self) -> None:
        self.assertEqual(self.client.get("/can-cu/").status_code, 302)
        self.assertEqual(self.client.get(f"/can-cu/{self.resolution.pk}/").status_code, 302)

    def test_unknown_basis_is_404(self) -> None:
        self.login(self.officer_minh)
        self.assertEqual(self.client.get("/can-cu/999999/").status_code, 404)

    def test_detail_shows_the_chain_upward_as_links(self) -> None:
        own = LegalBasis.objects.get(number="27/KH-LĐLĐ")
        self.login(self.officer_minh)
        page = self.client.get(f"/can-cu/{own.pk}/")
        self.assertEqual([b.number for b in page.context["chain"]], ["27/KH-LĐLĐ", "79/KH-LĐLĐ", "43-NQ/TW"])
        self.assertContains(page, f'href="/can-cu/{self.resolution.pk}/"')
        self.assertContains(page, f'href="/can-cu/{self.province_plan.pk}/"')

    def test_plans_and_documents_below_are_shown_to_those_in_scope_only(self) -> None:
        url = f"/can-cu/{self.province_plan.pk}/"
        self.login(self.officer_minh)
        page = self.client.get(url)
        self.assertEqual([link.url for link in page.context["made"]["below"]], [f"/ke-hoach/{self.plan.pk}/"])
        self.assertEqual(list(page.context["citing"]), [self.document])
        self.assertContains(page, "27/KH-LĐLĐ")
        self.login(self.outsider)
        page = self.client.get(url)
        self.assertEqual(page.context["made"]["below"], [])
        self.assertEqual(list(page.context["citing"]), [])
        # A unit's own plan is seen within its tree only: not the registry entry, plan or file.
        self.assertEqual(list(page.context["below"]), [])
        self.assertNotContains(page, f"/van-ban/{self.document.pk}/")

    def test_own_basis_links_the_plan_made_from_the_document(self) -> None:
        own = LegalBasis.objects.get(number="27/KH-LĐLĐ")
        self.login(self.officer_minh)
        self.assertContains(self.client.get(f"/can-cu/{own.pk}/"), f'href="/ke-hoach/{self.plan.pk}/"')
        self.login(self.outsider)
        self.assertEqual(self.client.get(f"/can-cu/{own.pk}/").status_code, 404)

    def test_resolution_lists_what_implements_it(self) -> None:
        self.login(self.officer_minh)
        page = self.client.get(f"/can-cu/{self.resolution.pk}/")
        self.assertEqual({b.number for b in page.context["below"]}, {"79/KH-LĐLĐ", "62-CTr/TU"})


class QueryCountTests(DocumentWorld):
    def make_documents(self, start: int, count: int) -> None:
        base = seed_parsed()
        for i in range(start, start + count):
            parsed = copy.deepcopy(base)
            parsed["number"] = f"{100 + i}/KH-LĐLĐ"
            for c in parsed["citations"]:
                c["number"] = c["number"].replace("43-", f"{400 + i}-")
            document = Document.objects.create(
                sha256=f"{i:064d}",
                original_name=f"{i}.txt",
                owner_unit=self.commune if i % 2 else self.school,
                uploaded_by=self.officer_minh,
                parsed=parsed,
                parsed_original=parsed,
            )
            document.original.save(f"{i}.txt", io.BytesIO(b"x"), save=True)
            save_review(document=document, parsed=parsed, user=self.officer_minh)
            create_plan_from_document(document=document, user=self.officer_minh)

    def count(self, url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(ctx.captured_queries)

    def test_document_list_queries_do_not_grow_with_documents(self) -> None:
        self.login(self.chairwoman_lan)
        self.make_documents(0, 2)
        few = self.count("/van-ban/")
        self.make_documents(2, 8)
        self.assertEqual(self.count("/van-ban/"), few)

    def test_registry_list_queries_do_not_grow_with_bases(self) -> None:
        self.login(self.outsider)
        self.make_documents(0, 1)
        before = LegalBasis.objects.count()
        few = self.count("/can-cu/")
        self.make_documents(1, 6)
        self.assertGreaterEqual(LegalBasis.objects.count(), before + 10)
        self.assertEqual(self.count("/can-cu/"), few)
        self.assertEqual(self.count("/can-cu/?q=nghi+quyet"), few)


class OwnDocumentScopeTests(DocumentWorld):
    """Party, State and confederation documents are public; a unit's own are seen within its tree."""

    def setUp(self) -> None:
        self.document = self.ingest_seed()  # uploaded by the commune union
        save_review(document=self.document, parsed=self.document.parsed, user=self.officer_minh)
        self.own = LegalBasis.objects.get(number="27/KH-LĐLĐ")
        self.resolution = LegalBasis.objects.get(number="43-NQ/TW")

    def test_own_plan_belongs_to_the_unit_and_the_resolution_to_nobody(self) -> None:
        self.assertEqual((self.own.owner_unit, self.own.is_public), (self.commune, False))
        self.assertIsNone(self.resolution.owner_unit)

    def test_units_of_the_tree_see_it_and_another_province_does_not(self) -> None:
        for user in (self.officer_minh, self.cdcs_hoa, self.chairwoman_lan):  # own, below, above
            self.login(user)
            self.assertContains(self.client.get("/can-cu/"), "27/KH-LĐLĐ")
            self.assertEqual(self.client.get(f"/can-cu/{self.own.pk}/").status_code, 200)
        self.login(self.outsider)
        listing = self.client.get("/can-cu/")
        self.assertContains(listing, "43-NQ/TW")
        self.assertNotContains(listing, "27/KH-LĐLĐ")
        self.assertEqual(self.client.get(f"/can-cu/{self.own.pk}/").status_code, 404)
        self.assertNotContains(self.client.get(f"/can-cu/{self.resolution.pk}/"), "27/KH-LĐLĐ")

    def test_the_registry_list_links_only_to_bases_the_user_may_open(self) -> None:
        # The province's report carries out a plan of a unit outside the CĐCS's tree (in the demo: the
        # plan of a district dissolved in 2025): the row is shown, its link to that plan is not.
        elsewhere = LegalBasis.objects.create(number="27/KH-LĐLĐ", owner_unit=self.other_province)
        LegalBasis.objects.create(number="01/BC-LĐLĐ", owner_unit=self.province, implements=elsewhere)
        self.login(self.cdcs_hoa)
        listing = self.client.get("/can-cu/").content.decode()
        self.assertIn("01/BC-LĐLĐ", listing)
        links = sorted(set(re.findall(r'href="(/can-cu/\d+/)"', listing)))
        self.assertNotIn(f"/can-cu/{elsewhere.pk}/", links)
        for link in links:
            self.assertEqual(self.client.get(link).status_code, 200, link)

    def test_a_writer_of_the_unit_marks_it_public_and_others_cannot(self) -> None:
        url = f"/can-cu/{self.own.pk}/cong-khai/"
        self.login(self.cdcs_hoa)  # sees it (below), but does not speak for the commune union
        self.assertEqual(self.client.post(url, {"public": "1"}).status_code, 404)
        self.login(self.outsider)
        self.assertEqual(self.client.post(url, {"public": "1"}).status_code, 404)
        self.login(self.officer_minh)
        self.assertEqual(self.client.get(url).status_code, 405)  # changes only on POST
        self.assertRedirects(self.client.post(url, {"public": "1"}), f"/can-cu/{self.own.pk}/")
        self.login(self.outsider)
        self.assertEqual(self.client.get(f"/can-cu/{self.own.pk}/").status_code, 200)

    def _copy_uploaded_by(self, unit, issuer: str, sha: str) -> Document:
        copy_ = Document.objects.create(
            sha256=sha * 64,
            original_name="kh.txt",
            owner_unit=unit,
            uploaded_by=self.officer_minh,
            parsed={**self.document.parsed, "issuer": issuer},
        )
        save_review(document=copy_, parsed=copy_.parsed, user=self.officer_minh)
        copy_.refresh_from_db()
        return copy_

    def test_the_same_document_with_its_issuer_in_capitals_or_not_is_one_basis(self) -> None:
        # The commune union's own plan, issuer as the commune writes it; then the CĐCS that received it
        # uploads its copy with the header in capitals, the province one composed (NFD) and spaced apart.
        own = self.own
        own.issuer = "Công đoàn xã Hòa Lạc"
        own.save()
        school = self._copy_uploaded_by(self.school, "CÔNG ĐOÀN XÃ HÒA LẠC", "b")
        spaced = unicodedata.normalize("NFD", "Công  đoàn xã\u00a0Hòa Lạc ")
        province = self._copy_uploaded_by(self.province, spaced, "c")
        self.assertEqual((school.basis_id, province.basis_id), (own.pk, own.pk))
        self.assertEqual(LegalBasis.objects.filter(number="27/KH-LĐLĐ").count(), 1)
        self.login(self.cdcs_hoa)
        listing = self.client.get("/can-cu/").content.decode()
        self.assertEqual(listing.count(">27/KH-LĐLĐ</a>"), 1)
        self.assertEqual(self.client.get(f"/can-cu/{own.pk}/").status_code, 200)

    def test_the_same_number_and_issuer_name_in_another_province_stays_its_own(self) -> None:
        own = self.own
        own.issuer = "Công đoàn xã Hòa Lạc"
        own.save()
        elsewhere = self._copy_uploaded_by(self.other_cdcs, "CÔNG ĐOÀN XÃ HÒA LẠC", "b")
        self.assertNotEqual(elsewhere.basis_id, own.pk)
        self.assertEqual(elsewhere.basis.owner_unit, self.other_cdcs)

    def test_two_districts_keep_their_own_plan_under_the_same_number(self) -> None:
        other = Document.objects.create(
            sha256="f" * 64,
            original_name="kh.txt",
            owner_unit=self.other_province,
            uploaded_by=self.outsider,
            parsed={**self.document.parsed, "issuer": "LIÊN ĐOÀN LAO ĐỘNG TỈNH BẮC SƠN"},
        )
        save_review(document=other, parsed=other.parsed, user=self.outsider)
        other.refresh_from_db()
        self.assertNotEqual(other.basis_id, self.own.pk)
        self.assertEqual(other.basis.owner_unit, self.other_province)
        self.assertEqual(LegalBasis.objects.filter(number="27/KH-LĐLĐ").count(), 2)


class DuplicateIdentityThroughHttpTests(DocumentWorld):
    """Issue 22 point 5: the same plan uploaded by the commune and by the CĐCS under it, its issuer printed in
    capitals in one copy and in sentence case in the other, is one legal basis the CĐCS can open."""

    def _upload_and_review(self, user, unit, data: bytes) -> Document:
        self.login(user)
        self.upload(data, "kh-27.txt", unit=unit)
        document = Document.objects.filter(owner_unit=unit).get()
        response = self.client.post(f"/van-ban/{document.pk}/", review_data(document.parsed))
        self.assertRedirects(response, f"/van-ban/{document.pk}/")
        document.refresh_from_db()
        return document

    def test_the_same_plan_with_its_issuer_in_capitals_or_not_is_one_basis_through_http(self) -> None:
        capitals = seed_bytes()
        sentence = capitals.replace(
            "LIÊN ĐOÀN LAO ĐỘNG HUYỆN PHÚ RIỀNG".encode(), "Liên đoàn Lao động huyện Phú Riềng".encode()
        )
        self.assertNotEqual(capitals, sentence)
        first = self._upload_and_review(self.officer_minh, self.commune, capitals)
        second = self._upload_and_review(self.cdcs_hoa, self.school, sentence)
        self.assertEqual(LegalBasis.objects.filter(number="27/KH-LĐLĐ").count(), 1)
        self.assertEqual(first.basis_id, second.basis_id)
        listing = self.client.get("/can-cu/").content.decode()
        self.assertEqual(listing.count(">27/KH-LĐLĐ</a>"), 1)
        self.assertEqual(self.client.get(f"/can-cu/{second.basis_id}/").status_code, 200)
