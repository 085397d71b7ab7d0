"""Fill `LegalBasis.issuer_key` and merge the duplicates the old identity made.

Before, a unit's own document was known by (number, uploading unit): the district's plan 27/KH-LĐLĐ,
uploaded again by the province that absorbed the district (its issuer printed in capitals), became a
second row owned by the province. Now one number by one issuer (its name compared case-, composition- and
spacing-insensitively) within one line of units is one legal basis.

Safe by construction: only rows with the same number, the same non-empty issuer key and owners in one
line of units (one was ever under the other, or absorbed it) are merged; the row kept is the one owned by
the issuer itself, else the oldest. Every reference to a merged row (documents, citations, plans, outgoing
documents, what implements it) moves to the row kept before the row is deleted, and values the kept row
lacks are taken over, never overwritten. Nothing else changes; reversing keeps the merged rows merged.
"""

import unicodedata
from collections import defaultdict
from typing import Any

from django.db import migrations


def _key(text):
    # The same rule as trienkhai.lib.vn.name_key, frozen here as migrations must be.
    nfc = unicodedata.normalize("NFC", text or "")
    return unicodedata.normalize("NFC", " ".join(nfc.casefold().split()))


def _lineage(apps, unit_id):
    Unit = apps.get_model("orgs", "Unit")
    UnitLink = apps.get_model("orgs", "UnitLink")
    seen, frontier = set(), {unit_id}
    while frontier:
        seen |= frontier
        parents = set(UnitLink.objects.filter(unit_id__in=frontier).values_list("parent_id", flat=True))
        successors = set(
            Unit.objects.filter(pk__in=frontier, successor__isnull=False).values_list("successor_id", flat=True)
        )
        frontier = (parents | successors) - seen - {None}
    return seen


def _references(apps):
    """(model, field, is many-to-many) of every field that points at LegalBasis. The audit history keeps
    the ids it recorded."""
    LegalBasis = apps.get_model("documents", "LegalBasis")
    found = []
    for model in apps.get_models():
        if model.__name__.startswith("Historical"):
            continue
        for field in model._meta.local_fields:
            if field.is_relation and field.related_model is LegalBasis:
                found.append((model, field, False))
        for field in model._meta.local_many_to_many:
            if field.related_model is LegalBasis:
                found.append((model, field, True))
    return found


def _merge(apps, keep, dup, references):
    for model, field, many in references:
        if many:
            through = getattr(model, field.name).through
            source = field.m2m_field_name()
            target = field.m2m_reverse_field_name()
            for row in through.objects.filter(**{target: dup.pk}):
                owner_id = getattr(row, f"{source}_id")
                if through.objects.filter(**{source: owner_id, target: keep.pk}).exists():
                    row.delete()
                else:
                    through.objects.filter(pk=row.pk).update(**{target: keep.pk})
        else:
            model.objects.filter(**{field.name: dup.pk}).update(**{field.name: keep.pk})
    for name in ("doc_type", "issuer", "date", "title", "implements_id"):
        if not getattr(keep, name) and getattr(dup, name):
            setattr(keep, name, getattr(dup, name))
    if keep.implements_id == keep.pk:  # the duplicate carried out the kept row: no self-loop
        keep.implements_id = None
    keep.save()
    dup.delete()


def forwards(apps, schema_editor):
    LegalBasis = apps.get_model("documents", "LegalBasis")
    Unit = apps.get_model("orgs", "Unit")
    for basis in LegalBasis.objects.all().only("pk", "issuer"):
        LegalBasis.objects.filter(pk=basis.pk).update(issuer_key=_key(basis.issuer))
    groups = defaultdict(list)
    own = LegalBasis.objects.filter(owner_unit__isnull=False).exclude(issuer_key="").order_by("pk")
    for basis in own:
        groups[(basis.number, basis.issuer_key)].append(basis)
    references = None
    for (_number, key), rows in groups.items():
        if len(rows) < 2:
            continue
        references = references if references is not None else _references(apps)
        names = {u.pk: _key(u.name) for u in Unit.objects.filter(pk__in=[r.owner_unit_id for r in rows])}
        # The issuer's own row first, then the oldest.
        rows.sort(key=lambda r: (names.get(r.owner_unit_id) != key, r.pk))
        remaining = rows
        while len(remaining) > 1:
            keep, rest = remaining[0], remaining[1:]
            line = _lineage(apps, keep.owner_unit_id)
            merged: list[Any] = []
            left: list[Any] = []
            for row in rest:
                same_line = row.owner_unit_id in line or keep.owner_unit_id in _lineage(apps, row.owner_unit_id)
                (merged if same_line else left).append(row)
            for row in merged:
                keep.refresh_from_db()
                _merge(apps, keep, row, references)
            remaining = left


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0005_legalbasis_issuer_key"),
        ("orgs", "0001_initial"),
        # The apps whose rows point at legal bases, so that their references move with a merge.
        ("plans", "0002_cascade_reminders_amendments"),
        ("issuing", "0002_more_kinds"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
