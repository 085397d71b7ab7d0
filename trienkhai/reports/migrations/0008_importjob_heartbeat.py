# The report Excel import joins the shared job lifecycle (core.jobs): a heartbeat stamped by the worker.
# The states are unchanged; a job being checked when this runs gets a heartbeat now, so that if its worker
# is gone it ends as failed after JOB_STALE_SECONDS instead of polling for ever.

from django.db import migrations, models
from django.utils import timezone


def stamp_running(apps, schema_editor):
    apps.get_model("reports", "ImportJob").objects.filter(state="checking").update(heartbeat_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0007_indicator_max_value"),
    ]

    operations = [
        migrations.AddField(
            model_name="importjob",
            name="heartbeat_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(stamp_running, migrations.RunPython.noop),
    ]
