# The member import joins the shared job lifecycle (core.jobs): a heartbeat stamped by the worker. The
# states are unchanged; an import being checked when this runs gets a heartbeat now, so that if its worker
# is gone it ends as failed after JOB_STALE_SECONDS instead of polling for ever.

from django.db import migrations, models
from django.utils import timezone


def stamp_running(apps, schema_editor):
    apps.get_model("members", "MemberImport").objects.filter(state="checking").update(heartbeat_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_member_anonymised_on"),
    ]

    operations = [
        migrations.AddField(
            model_name="memberimport",
            name="heartbeat_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(stamp_running, migrations.RunPython.noop),
    ]
