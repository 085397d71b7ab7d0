# The reading's start time becomes the heartbeat of the shared job lifecycle (core.jobs): the worker stamps
# it when it starts and at every page; a reading with no heartbeat for JOB_STALE_SECONDS died with its
# worker. A rename, so every stored start time is kept as the reading's last heartbeat.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0007_document_read_started_at"),
    ]

    operations = [
        migrations.RenameField(model_name="document", old_name="read_started_at", new_name="heartbeat_at"),
        migrations.RenameField(
            model_name="historicaldocument", old_name="read_started_at", new_name="heartbeat_at"
        ),
    ]
