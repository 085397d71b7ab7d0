"""E-mail over SMTP, as before (Django's EMAIL_* settings). An SMTP 4xx or a dropped connection is an
outage (try again later); a 5xx for the recipient means the mailbox does not exist (flag the address);
another 5xx refuses this message only."""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from .base import ChannelError, Message, Sent


class EmailChannel:
    name = "email"

    def configured(self) -> bool:
        return True

    def send(self, message: Message) -> Sent:
        body = message.text + (f"\n\n{message.link}" if message.link else "")
        letter = EmailMessage(message.subject[:120], body, settings.DEFAULT_FROM_EMAIL, [message.address])
        try:
            letter.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as exc:
            code, reply = next(iter(exc.recipients.values()), (550, b""))
            raise _smtp_error(int(code), reply, recipient=True) from exc
        except smtplib.SMTPResponseException as exc:
            raise _smtp_error(exc.smtp_code, exc.smtp_error, recipient=False) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise ChannelError(f"Máy chủ thư không phản hồi: {exc}", temporary=True) from exc
        return Sent(provider_id=letter.extra_headers.get("Message-ID", ""))


def _smtp_error(code: int, reply: bytes | str, *, recipient: bool) -> ChannelError:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    reason = f"SMTP {code} {text}".strip()
    if 400 <= code < 500:
        return ChannelError(reason, temporary=True)
    return ChannelError(reason, bad_address=recipient)


def connection_ok() -> bool:
    """Whether the configured SMTP server answers (for the delivery log's header)."""
    try:
        with get_connection(fail_silently=False):
            return True
    except (smtplib.SMTPException, OSError):
        return False
