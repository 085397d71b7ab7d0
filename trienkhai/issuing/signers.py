"""The signature block (Decree 30/2020, art. 13): who signs and on whose behalf.

TM. (thay mặt) signs for a collective body ("TM. BAN THƯỜNG VỤ"); KT. (ký thay) for the head ("KT. CHỦ
TỊCH" above "PHÓ CHỦ TỊCH"); both together in a union ("TM. BAN THƯỜNG VỤ / KT. CHỦ TỊCH / PHÓ CHỦ
TỊCH"); Q. (quyền) for an acting head ("Q. CHỦ TỊCH"); TL. (thừa lệnh) and TUQ. (thừa ủy quyền) for an
office head signing by order or by delegation of the head.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from trienkhai.core.names import display_name
from trienkhai.lib.content import SignerForm
from trienkhai.lib.docparse.schema import Signer as SignerBlock
from trienkhai.orgs.models import Membership, Role, Unit

MODES = [
    ("", _("Ký trực tiếp")),
    ("TM", _("TM. — thay mặt tập thể")),
    ("KT", _("KT. — ký thay người đứng đầu")),
    ("TM_KT", _("TM. và KT. — thay mặt tập thể, ký thay người đứng đầu")),
    ("Q", _("Q. — quyền người đứng đầu")),
    ("TL", _("TL. — thừa lệnh")),
    ("TUQ", _("TUQ. — thừa ủy quyền")),
]
_POSITION = r"(?:PHÓ\s+)?(?:CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG BAN|PHÓ TRƯỞNG BAN|BÍ THƯ|CHÁNH VĂN PHÒNG|TRƯỞNG PHÒNG|THỦ TRƯỞNG)\b.*"
_SPLIT_POSITION = re.compile(rf"^(.+?)\s+({_POSITION})$")


@dataclass
class Signer:
    mode: str = ""
    collective: str = ""  # the body a TM. signature speaks for: "BAN THƯỜNG VỤ", "BAN CHẤP HÀNH"
    principal: str = ""  # the head a KT./TL./TUQ. signature stands in for: "CHỦ TỊCH"
    position: str = ""  # the signer's own title: "PHÓ CHỦ TỊCH"
    name: str = ""

    def authority(self) -> list[str]:
        """The lines above the signer's title."""
        lines = []
        if self.mode in ("TM", "TM_KT"):
            lines.append(f"TM. {self.collective}")
        if self.mode in ("KT", "TM_KT", "TL", "TUQ"):
            prefix = "KT" if self.mode == "TM_KT" else self.mode
            lines.append(f"{prefix}. {self.principal}")
        return [" ".join(line.upper().split()) for line in lines]

    def title_line(self) -> str:
        position = " ".join(self.position.upper().split())
        return f"Q. {position}" if self.mode == "Q" and position else position

    def as_dict(self) -> SignerBlock:
        """The `signer` of the document dict that lib.render lays out."""
        return {
            "name": " ".join(self.name.split()),
            "title": self.title_line(),
            "authority": self.authority(),
        }

    def as_form(self) -> SignerForm:
        """The `signer_form` of the document dict: the parts as the header form edits them."""
        return {
            "mode": self.mode,
            "collective": self.collective,
            "principal": self.principal,
            "position": self.position,
            "name": self.name,
        }

    def missing(self) -> list[str]:
        """What the block lacks, in words for the officer."""
        out = []
        if not self.name.strip():
            out.append(str(_("họ tên người ký")))
        if not self.position.strip():
            out.append(str(_("chức vụ người ký")))
        if self.mode in ("TM", "TM_KT") and not self.collective.strip():
            out.append(str(_("tập thể mà người ký thay mặt (TM.)")))
        if self.mode in ("KT", "TM_KT", "TL", "TUQ") and not self.principal.strip():
            out.append(str(_("người đứng đầu mà người ký ký thay, thừa lệnh hoặc thừa ủy quyền")))
        return out


def parse_signer(title: str, name: str = "") -> Signer:
    """Read a signature block written on one line or several ("TM. BAN THƯỜNG VỤ CHỦ TỊCH",
    "TM. BAN CHẤP HÀNH — CHỦ TỊCH", "KT. CHỦ TỊCH PHÓ CHỦ TỊCH") into its parts."""
    text = " ".join(re.sub(r"\s[—–-]\s|[—–\n]", " ", f" {title or ''} ").upper().split())
    segments = [s.strip() for s in re.split(r"(?=\b(?:TM|KT|TL|TUQ|Q)\.)", text) if s.strip()]
    signer = Signer(name=" ".join((name or "").split()))
    prefixes = []
    for segment in segments:
        m = re.match(r"^(TM|KT|TL|TUQ|Q)\.\s*(.*)$", segment)
        if m is None:
            signer.position = segment
            continue
        prefix, body = m.groups()
        prefixes.append(prefix)
        if segment is segments[-1] and prefix != "Q":
            split = _SPLIT_POSITION.match(body)
            if split:
                body, signer.position = split.group(1), split.group(2)
        if prefix == "TM":
            signer.collective = body
        elif prefix == "Q":
            signer.position = body
        else:
            signer.principal = body
    modes = {("TM",): "TM", ("KT",): "KT", ("TM", "KT"): "TM_KT", ("Q",): "Q", ("TL",): "TL", ("TUQ",): "TUQ"}
    signer.mode = modes.get(tuple(prefixes), "")
    return signer


def collective_of(unit: Unit) -> str:
    """The body a union unit signs for: the standing committee above the grassroots, the executive
    committee in a CĐCS."""
    return "BAN CHẤP HÀNH" if unit.is_grassroots else "BAN THƯỜNG VỤ"


def default_signer(unit: Unit, *, on: dt.date) -> Signer:
    """The unit's chair today, signing for its committee (TM.); empty name when the unit has none."""
    chair = (
        Membership.objects.active_on(on)
        .filter(unit=unit, role__in=[Role.CHAIR, Role.CDCS_CHAIR])
        .select_related("user")
        .order_by("start_date", "pk")
        .first()
    )
    name = display_name(chair.user) if chair else ""
    return Signer(
        mode="TM", collective=collective_of(unit), principal="CHỦ TỊCH", position="CHỦ TỊCH", name=name
    )
