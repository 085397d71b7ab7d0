"""The default categories of concerns and their response deadlines; a federation may change them."""

from django.db import migrations

DEFAULTS = [
    ("Tiền lương, thưởng, phụ cấp", 7),
    ("Thời giờ làm việc, nghỉ ngơi, tăng ca", 7),
    ("An toàn, vệ sinh lao động", 3),
    ("Hợp đồng lao động, bảo hiểm xã hội", 10),
    ("Kỷ luật, sa thải, đối xử không công bằng", 5),
    ("Bữa ăn ca, nhà ở, đời sống", 10),
    ("Hoạt động công đoàn", 14),
    ("Khác", 10),
]


def create(apps, schema_editor):
    Category = apps.get_model("concerns", "ConcernCategory")
    if Category.objects.exists():
        return
    for position, (name, days) in enumerate(DEFAULTS):
        Category.objects.create(name=name, sla_days=days, position=position)


class Migration(migrations.Migration):
    dependencies = [("concerns", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
