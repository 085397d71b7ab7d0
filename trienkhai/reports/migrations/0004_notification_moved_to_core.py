# Notifications moved to `core` (trienkhai/core/migrations/0001_notification.py); the table stays.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_submission_client"),
        ("core", "0001_notification"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
            database_operations=[],
        )
    ]
