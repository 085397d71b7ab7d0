"""The delivery channels behind one interface (`base.Channel`): e-mail, Zalo ZNS, SMS and web push. Each
adapter reads its settings from the environment (settings.py) and speaks its provider's protocol; what to
do when one fails is `core.delivery`'s business."""

from __future__ import annotations

from .base import Channel, ChannelError, Message, Sent
from .email import EmailChannel
from .sms import SmsChannel
from .webpush import WebPushChannel
from .zns import ZnsChannel

ADAPTERS: dict[str, Channel] = {
    "email": EmailChannel(),
    "zns": ZnsChannel(),
    "sms": SmsChannel(),
    "push": WebPushChannel(),
}


def adapter(name: str) -> Channel:
    return ADAPTERS[name]


__all__ = ["ADAPTERS", "Channel", "ChannelError", "Message", "Sent", "adapter"]
