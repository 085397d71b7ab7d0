"""Demo step of `activities`: propaganda, training, contests and events of the district in 2025–2026,
two of them with photos (drawn here, no outside files). Idempotent."""

from __future__ import annotations

import datetime as dt
import io
import random

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from trienkhai.orgs.models import Unit, today

from .models import Activity, ActivityPhoto

TOPICS = {
    Activity.Kind.PROPAGANDA: [
        "Tuyên truyền Bộ luật Lao động cho công nhân mới",
        "Phổ biến Luật Công đoàn 2024",
        "Tuyên truyền Nghị quyết 43-NQ/TW",
        "An toàn giao thông cho người lao động",
    ],
    Activity.Kind.TRAINING: [
        "Tập huấn kỹ năng thương lượng tập thể",
        "Tập huấn nghiệp vụ cho cán bộ CĐCS mới",
        "Đào tạo an toàn, vệ sinh lao động",
    ],
    Activity.Kind.CONTEST: [
        "Hội thi thợ giỏi tay nghề may",
        "Hội thi cạo mủ cao su giỏi",
        "Hội thi an toàn vệ sinh viên giỏi",
    ],
    Activity.Kind.EVENT: ["Tháng Công nhân", "Tết Sum vầy", "Ngày hội gia đình công nhân"],
}


def _photo(seed: int) -> bytes:
    image = Image.new("RGB", (640, 420), (31 + seed * 40 % 200, 78, 121))
    draw = ImageDraw.Draw(image)
    for k in range(12):
        draw.ellipse((40 * k, 260 - 15 * (k % 4), 40 * k + 60, 320), fill=(240, 200 - 10 * k, 90))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def build(world: dict, stdout) -> None:
    if Activity.objects.exists():
        stdout.write("Hoạt động mẫu đã có sẵn.")
        return
    units: dict[str, Unit] = world.get("units", {})
    cdcs = [u for code, u in sorted(units.items()) if code.startswith("PR-") and u.valid_to is None]
    son = get_user_model().objects.filter(username="officer_son").first()
    rng = random.Random(5)
    on = today()
    made = 0
    for i in range(60):
        kind = [
            Activity.Kind.PROPAGANDA,
            Activity.Kind.PROPAGANDA,
            Activity.Kind.TRAINING,
            Activity.Kind.CONTEST,
            Activity.Kind.EVENT,
        ][i % 5]
        unit = cdcs[(i * 7) % len(cdcs)] if cdcs else None
        if unit is None:
            break
        activity = Activity.objects.create(
            unit=unit,
            kind=kind,
            held_on=on - dt.timedelta(days=5 + 11 * i),
            topic=rng.choice(TOPICS[kind]),
            participants=rng.randint(20, 300),
            channel=rng.choice([c.value for c in Activity.Channel])
            if kind == Activity.Kind.PROPAGANDA
            else Activity.Channel.IN_PERSON,
            note="Đạt yêu cầu đề ra; đoàn viên tham gia nhiệt tình.",
            created_by=son,
        )
        if i < 2:
            for k in range(3):
                data = _photo(i * 3 + k)
                photo = ActivityPhoto(
                    activity=activity,
                    name=f"anh-{k + 1}.jpg",
                    size=len(data),
                    width=640,
                    height=420,
                    uploaded_by=son,
                )
                photo.file.save(f"anh-{k + 1}.jpg", ContentFile(data), save=False)
                photo.save()
        made += 1
    stdout.write(f"Đã tạo {made} hoạt động mẫu (tuyên truyền, tập huấn, hội thi, sự kiện).")


def wipe() -> None:
    for photo in ActivityPhoto.objects.all():
        photo.file.delete(save=False)
    Activity.objects.all().delete()
