"""Demo step of `agreements`: agreements of the district's enterprises (some about to expire), the
dialogues held last year and this year with what Decree 145/2020 asks of them (one periodic dialogue with
its signed minutes), the yearly Hội nghị người lao động, and two enterprises with neither this year, which
the commune union's home page warns about. Idempotent."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from trienkhai.orgs.models import Unit, today

from . import rules
from .models import (
    TERM_FIELDS,
    AgreementChange,
    AgreementGrading,
    CollectiveAgreement,
    Dialogue,
    DialogueTopic,
    WorkerConference,
    add_months,
    suggested_grade,
)
from .workflow import grade_agreement, record_change

TERMS = {
    "wage_terms": "Lương thấp nhất cao hơn lương tối thiểu vùng 8%; nâng lương định kỳ 2 năm một lần.",
    "bonus_terms": "Thưởng Tết tối thiểu 1,5 tháng lương; thưởng chuyên cần 300.000 đồng/tháng.",
    "hours_terms": "Làm thêm không quá 200 giờ/năm; nghỉ giữa ca 45 phút.",
    "leave_terms": "Thêm 2 ngày phép năm; nghỉ hưởng lương ngày sinh nhật.",
    "safety_terms": "Khám sức khỏe 2 lần/năm; bồi dưỡng độc hại bằng hiện vật 20.000 đồng/ngày.",
}


def build(world: dict, stdout) -> None:
    if CollectiveAgreement.objects.exists():
        stdout.write("Thỏa ước lao động tập thể mẫu đã có sẵn.")
        return
    units: dict[str, Unit] = world.get("units", {})
    enterprises = [
        u
        for code, u in sorted(units.items())
        if code.startswith("PR-") and u.sector not in ("administrative", "") and u.valid_to is None
    ]
    son = get_user_model().objects.filter(username="officer_son").first()
    rng = random.Random(11)
    on = today()
    # Days until expiry: a few within the 90-day reminder window, one expired last month.
    expiries = [25, 64, 88, 140, 230, 320, 410, 520, 610, -30, 700, 180, 45, 380]
    made = 0
    for i, unit in enumerate(enterprises):
        expires = on + dt.timedelta(days=expiries[i % len(expiries)])
        # A term of three (or two) years to the day, expiry included (Art. 78: from 1 to 3 years).
        start = add_months(expires + dt.timedelta(days=1), -36 if i % 3 else -24)
        terms = {name: text for k, (name, text) in enumerate(TERMS.items()) if (i + k) % 5 < 2 + i % 4}
        workers, signed = rng.randint(150, 4000), start - dt.timedelta(days=10)
        agreement = CollectiveAgreement.objects.create(
            unit=unit,
            title=f"Thỏa ước lao động tập thể {unit.name.removeprefix('Công đoàn ')} {start.year}–{expires.year}",
            employer=unit.name.removeprefix("Công đoàn "),
            signed_on=signed,
            effective_from=start,
            expires_on=expires,
            workers=workers,
            # Art. 76: adopted by more than half of the workers; Art. 77: sent within 10 days of signing.
            voters=workers,
            votes_for=workers * rng.randint(62, 93) // 100,
            # One employer never sent it: the agreement page shows the overdue warning.
            filed_on=None if i % 7 == 4 else signed + dt.timedelta(days=rng.randint(2, 9)),
            grade=suggested_grade(len(terms)),
            created_by=son,
            **terms,
        )
        made += 1
        _history(agreement, i, on=on, user=son)
    topics = [t.value for t in DialogueTopic]
    held = 0
    dialogue_units = enterprises + [u for code, u in sorted(units.items()) if code.startswith("PR-TH")][:4]
    # The last two enterprises held no dialogue and no Hội nghị this year: their parent is warned.
    silent = {u.pk for u in enterprises[-2:]}
    with_minutes: Dialogue | None = None
    for i, unit in enumerate(dialogue_units):
        workforce = rng.randint(120, 2500)
        reps = rules.min_representatives(workforce) + 1
        for year in (on.year - 1, on.year):
            if year == on.year and unit.pk in silent:
                continue
            if unit.pk not in silent and unit.sector != "administrative":
                WorkerConference.objects.create(
                    unit=unit,
                    held_on=dt.date(year, 1, 15 + i % 10),
                    form=WorkerConference.Form.DELEGATES if workforce > 500 else WorkerConference.Form.FULL,
                    attendees=min(workforce, rng.randint(80, 300)),
                    note="Tổng kết thực hiện thỏa ước, quy chế dân chủ; bầu đại diện đối thoại.",
                    created_by=son,
                )
            for half in (0, 1):
                day = dt.date(year, 3 + 6 * half, 10 + i % 15)
                if day > on:
                    continue
                periodic = half == 0 or i % 4
                dialogue = Dialogue.objects.create(
                    unit=unit,
                    held_on=day,
                    kind="periodic" if periodic else "on_request",
                    topics=rng.sample(topics, 3),
                    workers=rng.randint(15, 120),
                    result="Người sử dụng lao động tiếp thu, hẹn trả lời bằng văn bản trong 15 ngày.",
                    # Decree 145/2020 Art. 38-40: representatives by workforce, notice, quorum, publication.
                    workforce=workforce,
                    representatives=reps,
                    representatives_present=reps - (1 if reps > 5 else 0),
                    legal_rep_present=True,
                    content_sent_on=rules.add_working_days(day, -6) if periodic else None,
                    requested_on=None if periodic else rules.add_working_days(day, -8),
                    request_supporters=None if periodic else reps // 2,
                    answered_on=None if periodic else rules.add_working_days(day, -4),
                    published_on=rules.add_working_days(day, 2),
                    created_by=son,
                )
                if periodic and unit == dialogue_units[0]:
                    with_minutes = dialogue
                held += 1
    if with_minutes is not None:
        with_minutes.minutes_name = "bien-ban-doi-thoai-dinh-ky.pdf"
        with_minutes.minutes.save(with_minutes.minutes_name, ContentFile(_minutes_pdf()), save=True)
    stdout.write(f"Đã tạo {made} thỏa ước lao động tập thể và {held} cuộc đối thoại mẫu.")


def _minutes_pdf() -> bytes:
    """A one-page PDF standing for the signed minutes of a dialogue."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _history(agreement: CollectiveAgreement, i: int, *, on: dt.date, user) -> None:
    """Graded each year it applied (this year too), and a few steps of Art. 82-83: the one expired last
    month carried over while a new one is negotiated, one amended, one with a copy of the law only."""
    if agreement.expires_on < on:
        record_change(
            agreement=agreement,
            data={
                "kind": AgreementChange.Kind.CARRY_OVER,
                "on": agreement.expires_on + dt.timedelta(days=1),
                "summary": "Hai bên đang thương lượng thỏa ước mới; thỏa ước cũ tiếp tục thực hiện.",
                "new_until": agreement.expires_on + dt.timedelta(days=rules.CARRY_OVER_DAYS.value()),
            },
            user=user,
        )
        agreement.refresh_from_db()
        # Bargaining ended: the new agreement was signed four days ago and is not yet sent (Art. 77 clock).
        signed = on - dt.timedelta(days=4)
        start = on + dt.timedelta(days=3)
        CollectiveAgreement.objects.create(
            unit=agreement.unit,
            title=f"Thỏa ước lao động tập thể {agreement.employer} {start.year}–{start.year + 3}",
            employer=agreement.employer,
            signed_on=signed,
            effective_from=start,
            expires_on=add_months(start, 36) - dt.timedelta(days=1),
            workers=agreement.workers,
            voters=agreement.workers,
            votes_for=agreement.workers * 3 // 4,
            grade=agreement.grade,
            created_by=user,
            **{name: getattr(agreement, name) for name in TERM_FIELDS},
        )
    elif i % 5 == 1:
        record_change(
            agreement=agreement,
            data={
                "kind": AgreementChange.Kind.AMENDMENT,
                "on": max(agreement.signed_on, on - dt.timedelta(days=60)),
                "summary": "Bổ sung: hỗ trợ tiền nhà trọ 300.000 đồng/tháng cho người lao động ở xa.",
                "voters": agreement.voters,
                "votes_for": (agreement.voters or 0) * 4 // 5,
            },
            user=user,
        )
    for year in range(max(agreement.effective_from.year, on.year - 1), on.year + 1):
        ungraded = ""
        if i % 9 == 5:
            ungraded = AgreementGrading.Ungraded.COPY_OF_LAW
        grade_agreement(
            agreement=agreement,
            data={"year": year, "grade": suggested_grade(agreement.better_terms), "ungraded": ungraded},
            user=user,
        )


def wipe() -> None:
    CollectiveAgreement.objects.all().delete()
    Dialogue.objects.all().delete()
    WorkerConference.objects.all().delete()
