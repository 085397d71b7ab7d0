"""A fake SMTP server (RFC 5321, the part a client sending mail uses: EHLO/HELO, MAIL, RCPT, DATA, RSET,
NOOP, QUIT) in a thread. It keeps each message received; `down` answers 421 at the greeting (a server out
of service), `script` forces the reply to the next MAIL commands (451: try later; 554: refused), and
addresses in `reject` get 550 at RCPT (no such mailbox)."""

from __future__ import annotations

import email
import email.policy
import socketserver
import threading
from typing import Any, Self


class FakeSmtp:
    def __init__(self, port: int = 0, host: str = "127.0.0.1") -> None:
        self.messages: list[dict[str, Any]] = []
        self.script: list[int] = []
        self.reject: set[str] = set()
        self.down = False
        fake = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write(f"{line}\r\n".encode())

            def handle(self) -> None:
                if fake.down:
                    self.reply("421 fake.local Service not available, closing transmission channel")
                    return
                self.reply("220 fake.local ESMTP ready")
                sender, recipients = "", list[str]()
                while True:
                    raw = self.rfile.readline(10000)
                    if not raw:
                        return
                    line = raw.decode("utf-8", "replace").rstrip("\r\n")
                    verb = line[:4].upper()
                    if verb == "EHLO":
                        self.reply("250-fake.local")
                        self.reply("250-8BITMIME")
                        self.reply("250 SMTPUTF8")
                    elif verb == "HELO":
                        self.reply("250 fake.local")
                    elif verb == "MAIL":
                        forced = fake.script.pop(0) if fake.script else None
                        if forced:
                            self.reply(f"{forced} fake: forced reply")
                            continue
                        sender, recipients = line.split(":", 1)[1].strip().split()[0].strip("<>"), []
                        self.reply("250 OK")
                    elif verb == "RCPT":
                        address = line.split(":", 1)[1].strip().split()[0].strip("<>")
                        if address.lower() in fake.reject:
                            self.reply("550 5.1.1 No such user here")
                        else:
                            recipients.append(address)
                            self.reply("250 OK")
                    elif verb == "DATA":
                        if not recipients:
                            self.reply("503 Need RCPT first")
                            continue
                        self.reply("354 End data with <CR><LF>.<CR><LF>")
                        chunks = []
                        while True:
                            data = self.rfile.readline(1_000_000)
                            if not data or data in (b".\r\n", b".\n"):
                                break
                            chunks.append(data[1:] if data.startswith(b"..") else data)
                        parsed = email.message_from_bytes(b"".join(chunks), policy=email.policy.default)
                        body = parsed.get_body(("plain",))
                        fake.messages.append(
                            {
                                "from": sender,
                                "to": recipients,
                                "subject": str(parsed["Subject"] or ""),
                                "body": body.get_content() if body is not None else "",
                            }
                        )
                        self.reply("250 OK queued")
                    elif verb == "RSET":
                        sender, recipients = "", []
                        self.reply("250 OK")
                    elif verb == "NOOP":
                        self.reply("250 OK")
                    elif verb == "QUIT":
                        self.reply("221 Bye")
                        return
                    else:
                        self.reply("502 Command not implemented")

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

        self.server = Server((host, port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, name="fake-smtp", daemon=True)

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def start(self) -> Self:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
