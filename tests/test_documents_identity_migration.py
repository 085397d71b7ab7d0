"""The data migration that merges the legal bases the old identity duplicated (one document uploaded by
two units of one line, its issuer in capitals once): references move to the row kept, nothing is lost,
and a same-named issuer in another province keeps its own row."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

from trienkhai.documents.models import Document, LegalBasis
from trienkhai.orgs.models import UnitKind
from trienkhai.orgs.workflow import create_unit

START = dt.date(2010, 1, 1)
BEFORE = ("documents", "0005_legalbasis_issuer_key")
MERGE = ("documents", "0006_merge_duplicate_legal_bases")


def migrate(target: tuple[str, str]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])


def migrate_to_latest() -> None:
    """Every app back at its last migration, so the tests after this one find the whole schema."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def state_model(target: tuple[str, str], app: str, name: str):
    """A model as it was at migration `target`: the table has only the columns migrated so far."""
    return MigrationExecutor(connection).loader.project_state(target).apps.get_model(app, name)


class MergeDuplicateBasesMigrationTests(TransactionTestCase):
    def test_duplicates_in_one_line_are_merged_and_their_references_move(self) -> None:
        migrate(BEFORE)
        try:
            federation = create_unit(
                parent=None, on=START, code="TLD", name="Tổng Liên đoàn", kind=UnitKind.CONFEDERATION
            )
            province = create_unit(
                parent=federation,
                on=START,
                code="AB",
                name="Liên đoàn Lao động tỉnh An Bình",
                kind=UnitKind.PROVINCIAL,
            )
            district = create_unit(
                parent=province,
                on=START,
                code="AB-HL",
                name="Liên đoàn Lao động huyện Hòa Lạc",
                kind=UnitKind.DISTRICT,
            )
            other = create_unit(
                parent=federation,
                on=START,
                code="BS",
                name="Liên đoàn Lao động tỉnh Bắc Sơn",
                kind=UnitKind.PROVINCIAL,
            )
            own = LegalBasis.objects.create(
                number="27/KH-LĐLĐ", owner_unit=district, issuer="Liên đoàn Lao động huyện Hòa Lạc"
            )
            copy = LegalBasis.objects.create(
                number="27/KH-LĐLĐ",
                owner_unit=province,
                issuer="LIÊN ĐOÀN LAO ĐỘNG  HUYỆN HÒA LẠC",
                title="Thực hiện Nghị quyết số 43-NQ/TW",
            )
            elsewhere = LegalBasis.objects.create(
                number="27/KH-LĐLĐ", owner_unit=other, issuer="LIÊN ĐOÀN LAO ĐỘNG HUYỆN HÒA LẠC"
            )
            report = LegalBasis.objects.create(number="01/BC-LĐLĐ", owner_unit=province, implements=copy)
            # The Document table as it was at BEFORE (later migrations add columns to it).
            old_document = state_model(BEFORE, "documents", "Document")
            created = old_document.objects.create(
                sha256="a" * 64, original_name="kh.txt", owner_unit_id=province.pk, basis_id=copy.pk
            )
            created.cites.add(copy.pk, own.pk)
            LegalBasis.objects.update(issuer_key="")  # as the rows were before the key existed
            migrate(MERGE)
        finally:
            migrate_to_latest()
        self.assertFalse(LegalBasis.objects.filter(pk=copy.pk).exists())
        own.refresh_from_db()
        self.assertEqual(own.owner_unit, district)  # the issuer's own row is kept
        self.assertEqual(own.title, "Thực hiện Nghị quyết số 43-NQ/TW")  # what it lacked, taken over
        self.assertEqual(own.issuer_key, "liên đoàn lao động huyện hòa lạc")
        report.refresh_from_db()
        document = Document.objects.get(pk=created.pk)
        self.assertEqual((report.implements_id, document.basis_id), (own.pk, own.pk))
        self.assertEqual(list(document.cites.values_list("pk", flat=True)), [own.pk])
        self.assertTrue(LegalBasis.objects.filter(pk=elsewhere.pk, owner_unit=other).exists())
        self.assertEqual(LegalBasis.objects.filter(number="27/KH-LĐLĐ").count(), 2)
