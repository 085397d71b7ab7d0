# Two fields a reader could not tell apart get names that say what they are: `state` was the reading of
# the file (queued → ready/failed), `status` the officer's review (to review → saved).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_per_unit_copies_and_own_bases")]

    operations = [
        migrations.RenameField("document", "state", "read_state"),
        migrations.RenameField("document", "status", "review_state"),
        migrations.RenameField("historicaldocument", "state", "read_state"),
        migrations.RenameField("historicaldocument", "status", "review_state"),
    ]
