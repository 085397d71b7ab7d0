"""The demo step ingests the seed as officer_son for LĐLĐ huyện Phú Riềng, once."""

from __future__ import annotations

import io

from django.test import TestCase

from trienkhai.documents import demo
from trienkhai.documents.models import Document, LegalBasis
from trienkhai.orgs import demo as org_demo
from trienkhai.plans.models import Plan

from .media import TempMediaMixin


class DemoTests(TempMediaMixin, TestCase):
    def test_seed_is_ingested_once_as_a_saved_document_and_the_plans_step_makes_its_plan(self) -> None:
        from trienkhai.plans import demo as plans_demo

        units = org_demo.build_units()
        org_demo.build_users(units)
        demo.build({"units": units}, io.StringIO())
        demo.build({"units": units}, io.StringIO())
        document = Document.objects.get()
        self.assertEqual(document.owner_unit.code, "PRG")
        self.assertEqual(document.uploaded_by.username, "officer_son")
        self.assertEqual(document.review_state, Document.ReviewState.SAVED)
        self.assertFalse(Plan.objects.exists())  # documents do not know that plans exist
        plan = plans_demo._seed_plan(units, document.uploaded_by)
        self.assertEqual(
            (plan.number, plan.tasks.count(), plan.status, plan.document),
            ("27/KH-LĐLĐ", 26, Plan.Status.DRAFT, document),
        )
        chain = [b.number for b in LegalBasis.objects.get(number="27/KH-LĐLĐ").chain_up()]
        self.assertEqual(chain, ["27/KH-LĐLĐ", "79/KH-LĐLĐ", "43-NQ/TW"])
