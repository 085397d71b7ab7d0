"""Founding a grassroots union, after the canvassing (workflow.record_founding_step): the threshold per kind
as data, the founding congress that elects the BCH and UBKT, and the upper union's decision recognising
them (Mẫu 7b of Hướng dẫn 38/HD-TLĐ), drafted here and numbered and issued by `issuing`.

Two paths lead to the congress:
- canvassing: workers at an enterprise apply and the upper union helps them found a CĐCS;
- Luật Công đoàn 2024, Art. 6: a workers' organisation at an enterprise (Bộ luật Lao động 2019, Art. 172)
  that accepts the Điều lệ joins with a dossier sent to the provincial union (or a central sector union);
  once recognised it stops being a workers' organisation and its willing members are union members.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from trienkhai.issuing import api as issuing
from trienkhai.issuing.models import OutgoingDocument
from trienkhai.lib.content import Content
from trienkhai.lib.vn import format_date
from trienkhai.orgs.models import Unit, UnitKind

from .models import FoundingCase, FoundingCongress, FoundingStep, FoundingThreshold

Path = FoundingCongress.Path
# Where an Art. 6 dossier is sent: "công đoàn cấp tỉnh, công đoàn ngành trung ương và tương đương".
ART6_RECEIVERS = (UnitKind.PROVINCIAL, UnitKind.NATIONAL_SECTOR, UnitKind.CONFEDERATION)
# The default when the federation has recorded no threshold for a kind (migration seeds both rows).
DEFAULT_ARTICLE = (
    "Điều lệ Công đoàn Việt Nam khóa XIII (Quyết định 2399/QĐ-TLĐ) và Hướng dẫn 38/HD-TLĐ — không tìm thấy "
    "văn bản gốc trong kho tra cứu; giữ mức 05 ứng dụng dùng trước đây, cần đối chiếu"
)
KINDS: dict[str, str] = {UnitKind.GRASSROOTS: "công đoàn cơ sở", UnitKind.GUILD: "nghiệp đoàn cơ sở"}


@dataclass(frozen=True)
class Threshold:
    kind: str
    min_members: int
    article: str


def threshold(kind: str = UnitKind.GRASSROOTS) -> Threshold:
    """The least number of members to found a union of `kind`, as the federation recorded it."""
    row = FoundingThreshold.objects.filter(kind=kind).first()
    if row is not None:
        return Threshold(kind, row.min_members, row.article)
    return Threshold(kind, int(getattr(settings, "FOUNDING_MIN_MEMBERS", 5)), DEFAULT_ARTICLE)


@transaction.atomic
def record_congress(
    *,
    case: FoundingCase,
    path: str,
    kind: str,
    held_on: dt.date,
    attendees: int,
    bch: str,
    ubkt: str,
    organisation: str = "",
    dossier_received_on: dt.date | None = None,
    user: User | None,
) -> FoundingCongress:
    """The founding congress of `case` (or its correction while no decision is issued)."""
    case = FoundingCase.objects.select_for_update().get(pk=case.pk)
    if kind not in KINDS:
        raise ValidationError("Loại công đoàn cơ sở không hợp lệ.")
    rule = threshold(kind)
    if attendees < rule.min_members:
        raise ValidationError(
            f"Thành lập {KINDS[kind]} cần ít nhất {rule.min_members} đoàn viên ({rule.article}); "
            f"đại hội mới có {attendees}."
        )
    if not FoundingCongress.names(bch):
        raise ValidationError("Cần danh sách Ban Chấp hành do đại hội bầu.")
    if path == Path.ART6_JOINING:
        if not organisation.strip() or dossier_received_on is None:
            raise ValidationError(
                "Gia nhập theo Điều 6 Luật Công đoàn 2024 cần tên tổ chức của người lao động và ngày nhận hồ sơ."
            )
        if case.owner_unit.kind not in ART6_RECEIVERS:
            raise ValidationError(
                "Theo Điều 6 Luật Công đoàn 2024, hồ sơ gia nhập nộp đến công đoàn cấp tỉnh hoặc công đoàn "
                "ngành trung ương và tương đương, không phải đơn vị này."
            )
        if dossier_received_on > held_on:
            raise ValidationError("Ngày nhận hồ sơ gia nhập phải trước hoặc bằng ngày đại hội.")
    existing = FoundingCongress.objects.filter(case=case).first()
    if existing is not None and existing.decision_id is not None and existing.decision is not None:
        if existing.decision.state != OutgoingDocument.State.DRAFT:
            raise ValidationError("Quyết định công nhận đã ban hành; không sửa được đại hội.")
    congress, _created = FoundingCongress.objects.update_or_create(
        case=case,
        defaults={
            "path": path,
            "kind": kind,
            "organisation": organisation.strip() if path == Path.ART6_JOINING else "",
            "dossier_received_on": dossier_received_on if path == Path.ART6_JOINING else None,
            "held_on": held_on,
            "attendees": attendees,
            "bch": bch.strip(),
            "ubkt": ubkt.strip(),
            "created_by": user,
        },
    )
    FoundingStep.objects.create(
        case=case,
        on=held_on,
        stage=case.stage,
        note=f"Đại hội thành lập ({congress.get_path_display()}): {attendees} đoàn viên dự; bầu "
        f"{len(FoundingCongress.names(bch))} ủy viên BCH, {len(FoundingCongress.names(ubkt))} ủy viên UBKT.",
        by=user,
    )
    return congress


def recognition_content(congress: FoundingCongress, unit: Unit, *, code: str, on: dt.date) -> Content:
    """Mẫu 7b (Hướng dẫn 38/HD-TLĐ): the decision recognising the BCH and UBKT of the new union."""
    case = congress.case
    name = f"{KINDS.get(congress.kind, 'công đoàn cơ sở').capitalize()} {case.enterprise}"
    doc = issuing.base_content(
        unit,
        kind=OutgoingDocument.Kind.DECISION,
        code=code,
        on=on,
        title=f"Về việc công nhận Ban Chấp hành, Ủy ban Kiểm tra {name}",
        signer=issuing.default_signer(unit, on=on),
    )
    preamble = [
        "Căn cứ Luật Công đoàn ngày 27 tháng 11 năm 2024;",
        "Căn cứ Điều lệ Công đoàn Việt Nam và Hướng dẫn số 38/HD-TLĐ thi hành Điều lệ Công đoàn Việt Nam;",
    ]
    if congress.path == Path.ART6_JOINING:
        preamble.append(
            f"Xét hồ sơ gia nhập Công đoàn Việt Nam của {congress.organisation} nhận ngày "
            f"{format_date(congress.dossier_received_on)} (Điều 6 Luật Công đoàn);"
        )
    preamble += [
        f"Xét biên bản đại hội thành lập {name} ngày {format_date(congress.held_on)},",
        "QUYẾT ĐỊNH:",
    ]
    doc["preamble"] = preamble
    bch, ubkt = FoundingCongress.names(congress.bch), FoundingCongress.names(congress.ubkt)
    sections = [
        issuing.section(
            "Điều 1",
            "",
            paragraphs=[f"Công nhận Ban Chấp hành {name} gồm {len(bch)} đồng chí:"],
            items=bch,
        )
    ]
    if ubkt:
        sections.append(
            issuing.section(
                "Điều 2",
                "",
                paragraphs=[f"Công nhận Ủy ban Kiểm tra {name} gồm {len(ubkt)} đồng chí:"],
                items=ubkt,
            )
        )
    if congress.path == Path.ART6_JOINING:
        sections.append(
            issuing.section(
                f"Điều {len(sections) + 1}",
                "",
                paragraphs=[
                    f"Kể từ ngày ký, {congress.organisation} chấm dứt tư cách tổ chức của người lao động tại doanh "
                    "nghiệp; thành viên tự nguyện và đủ điều kiện được công nhận là đoàn viên công đoàn."
                ],
            )
        )
    sections.append(
        issuing.section(
            f"Điều {len(sections) + 1}",
            "",
            paragraphs=[
                f"Ban Chấp hành, Ủy ban Kiểm tra {name} và các đồng chí có tên tại các Điều trên căn cứ Quyết "
                "định thi hành. Quyết định có hiệu lực kể từ ngày ký./."
            ],
        )
    )
    doc["sections"] = sections
    doc["recipients"] = ["Như Điều cuối", "Lưu"]
    return doc


@transaction.atomic
def draft_recognition(*, congress: FoundingCongress, user: User | None, on: dt.date) -> OutgoingDocument:
    """The draft decision (Mẫu 7b) of the case's upper union; its open draft when there is one."""
    if congress.decision is not None and congress.decision.state != OutgoingDocument.State.REPLACED:
        return congress.decision
    unit = issuing.acting_unit(congress.case.owner_unit, on=on)
    content = recognition_content(congress, unit, code=issuing.default_issuer_code(unit), on=on)
    document = issuing.create_draft(
        unit=unit, kind=OutgoingDocument.Kind.DECISION, content=content, user=user
    )
    congress.decision = document
    congress.save(update_fields=["decision"])
    return document
