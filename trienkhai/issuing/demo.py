"""Demo step of `issuing`: the register of LĐLĐ tỉnh Đồng Nai already holds its result report on plan
27/KH for 2025 (with its signed copy uploaded and compared) and a dispatch urging the units late with
their 2026 report, both issued today with registered numbers (their PDFs are made by the task worker). The browser demo issues the rest from the
pages: a CĐCS's own plan, a report, one dispatch to each late unit. Idempotent."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from trienkhai.orgs.models import Unit, today
from trienkhai.reports.models import ReportForm

from . import compose, conversion, workflow
from .models import Batch, OutgoingDocument, Register


def _form() -> ReportForm | None:
    return (
        ReportForm.objects.filter(plan__number__startswith="27/KH", plan__parent_plan__isnull=True)
        .select_related("plan")
        .order_by("pk")
        .first()
    )


def build(world: dict, stdout) -> None:
    units: dict[str, Unit] = world.get("units") or {}
    province, form = units.get("DNI"), _form()
    if province is None or form is None:
        stdout.write("Văn bản đi mẫu: thiếu LĐLĐ tỉnh hoặc biểu mẫu báo cáo — bỏ qua.")
        return
    if OutgoingDocument.objects.filter(unit=province).exists():
        stdout.write("Văn bản đi mẫu đã có sẵn.")
        return
    on = today()
    user = get_user_model().objects.filter(username="officer_son").first()
    report = workflow.create_report_draft(form=form, unit=province, year=2025, index=1, user=user, on=on)
    report = workflow.issue_document(document=report, user=user, on=on)
    # Signed and stamped on paper, its copy is the document of record (here the frozen .docx stands in
    # for the scan). Read now: a .docx reads in a moment, and the demo should not wait for the worker.
    with report.docx.open("rb") as fh:
        signed = workflow.upload_signed_copy(
            document=report,
            data=fh.read(),
            filename=f"{report.file_stem()}-ban-ky.docx",
            user=user,
            expected=0,
        )
    conversion.read_signed_copy(signed_id=signed.pk)
    late = compose.report_late_units(form, province, 2026, 1, on=on)
    issued = [report.number]
    if late:
        drafts, _batch = workflow.create_reminder_drafts(
            unit=province, late=late, user=user, on=on, form=form, year=2026, index=1
        )
        issued.append(workflow.issue_document(document=drafts[0], user=user, on=on).number)
    stdout.write(f"Sổ văn bản đi của {province.name} năm {on.year}: đã ban hành {', '.join(issued)}.")


def wipe() -> None:
    for document in OutgoingDocument.objects.all():
        workflow.delete_files(document)
    OutgoingDocument.objects.update(replaces=None)
    OutgoingDocument.objects.all().delete()
    Batch.objects.all().delete()
    Register.objects.all().delete()
