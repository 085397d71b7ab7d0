"""The law's clocks for complaint and denunciation cases (concerns/clocks.py), with their articles; a
federation may change them in the admin."""

from django.db import migrations

from trienkhai.concerns.clocks import DEFAULT_CLOCKS


def create(apps, schema_editor):
    Clock = apps.get_model("concerns", "CaseClock")
    for d in DEFAULT_CLOCKS:
        Clock.objects.get_or_create(
            key=d.key, defaults={"value": d.value, "unit": d.unit, "article": d.article, "note": d.note}
        )


class Migration(migrations.Migration):
    dependencies = [("concerns", "0004_complaint_and_denunciation_cases")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
