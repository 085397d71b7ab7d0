"""What every delivery channel is: one `send(message) -> Sent` that either returns what the provider said
or raises `ChannelError` saying whether trying again can help. `core.delivery` decides the rest (retries
with back-off, falling back to the user's next channel, flagging an address that keeps failing), so an
adapter only speaks its provider's protocol."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class Message:
    """One message to one address. `text` is the notification's sentence, `link` the absolute URL it opens,
    `kind` the kind of notification (core.kinds), `name` the person's name (templates greet with it)."""

    address: str
    subject: str
    text: str
    link: str
    kind: str
    name: str = ""
    tracking_id: str = ""


@dataclass(frozen=True)
class Sent:
    """The provider took the message: its id for it, and whether it already confirms delivery."""

    provider_id: str = ""
    delivered: bool = False
    template: str = ""


@dataclass
class ChannelError(Exception):
    """The provider did not take the message. `temporary`: worth retrying later (an outage, a rate limit;
    `retry_after` seconds when the provider said); `bad_address`: this address will never work (flag it);
    neither: this message cannot go this way (a template error, the channel not configured)."""

    reason: str
    temporary: bool = False
    bad_address: bool = False
    retry_after: float | None = None
    template: str = ""

    def __str__(self) -> str:
        return self.reason


class Channel(Protocol):
    name: str

    def configured(self) -> bool: ...

    def send(self, message: Message) -> Sent: ...


@dataclass
class HttpAnswer:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        try:
            return json.loads(self.body.decode("utf-8") or "null")
        except ValueError:
            return None

    def retry_after(self) -> float | None:
        raw = self.headers.get("retry-after", "")
        try:
            return max(0.0, float(raw))
        except ValueError:
            return None


def http(
    method: str, url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None, timeout: float
) -> HttpAnswer:
    """One HTTP request; any status comes back as an answer, a network failure as a temporary error."""
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 — configured URLs only
            return HttpAnswer(
                response.status, response.read(), {k.lower(): v for k, v in response.headers.items()}
            )
    except urllib.error.HTTPError as exc:
        return HttpAnswer(exc.code, exc.read(), {k.lower(): v for k, v in exc.headers.items()})
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
        raise ChannelError(f"Không kết nối được nhà cung cấp: {exc}", temporary=True) from exc


def status_error(answer: HttpAnswer, what: str) -> ChannelError:
    """The usual meaning of an HTTP failure: 429 and 5xx pass, other 4xx are this message's fault."""
    detail = answer.body[:200].decode("utf-8", "replace")
    if answer.status == 429:
        return ChannelError(
            f"{what}: quá giới hạn gửi (429)", temporary=True, retry_after=answer.retry_after()
        )
    if answer.status >= 500:
        return ChannelError(f"{what}: nhà cung cấp lỗi ({answer.status}) {detail}", temporary=True)
    return ChannelError(f"{what}: bị từ chối ({answer.status}) {detail}")


def vn_phone(raw: str, *, prefix: str = "84") -> str:
    """A Vietnamese mobile number as providers want it: digits only, 0xxxxxxxxx → 84xxxxxxxxx (or kept
    with a leading 0 when `prefix` is "0"); "" when it is not a plausible number."""
    digits = "".join(ch for ch in raw if ch.isdigit())
    if digits.startswith("84") and len(digits) in (11, 12):
        national = digits[2:]
    elif digits.startswith("0") and len(digits) in (10, 11):
        national = digits[1:]
    else:
        return ""
    return f"0{national}" if prefix == "0" else f"{prefix}{national}"
