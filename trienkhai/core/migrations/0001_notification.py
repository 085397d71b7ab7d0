# Notifications moved from `reports` to `core`: the table stays as it is, only Django's state moves.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("reports", "0003_submission_client"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("verb", models.CharField(max_length=32, verbose_name="loại")),
                        ("text", models.TextField(verbose_name="nội dung")),
                        ("url", models.CharField(blank=True, max_length=500, verbose_name="đường dẫn")),
                        ("key", models.CharField(max_length=255)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("read_at", models.DateTimeField(blank=True, null=True, verbose_name="đã đọc lúc")),
                        ("emailed", models.BooleanField(default=False)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notifications",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "thông báo",
                        "verbose_name_plural": "thông báo",
                        "db_table": "reports_notification",
                        "ordering": ["-created_at", "-pk"],
                        "indexes": [models.Index(fields=["user", "read_at"], name="reports_not_user_id_000928_idx")],
                        "constraints": [
                            models.UniqueConstraint(fields=("user", "key"), name="notification_once_per_key")
                        ],
                    },
                )
            ],
            database_operations=[],
        )
    ]
