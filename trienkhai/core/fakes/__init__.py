"""Local fake providers that speak the real protocols (SMTP, Zalo's OAuth and ZNS APIs, an SMS gateway, a
Web Push service), so the tests run the delivery worker end to end against them and `trienkhai
fake_channels` lets a demo show deliveries on every channel. Each fake records what it received and can be
told to fail: `script` is a list of answers to give before behaving normally again (an outage is
`[503, 503]`, a rate limit `[429]`); `down = True` fails every request."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self


class FakeHttp:
    """A small HTTP server in a thread. A subclass answers in `handle(method, path, headers, body)`
    returning (status, JSON-able body, extra headers)."""

    name = "fake"

    def __init__(self, port: int = 0, host: str = "127.0.0.1") -> None:
        self.received: list[dict[str, Any]] = []
        self.script: list[Any] = []
        self.down = False
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {k.lower(): v for k, v in self.headers.items()}
                with fake.lock:
                    status, payload, extra = fake.handle(self.command, self.path, headers, body)
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in (extra or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _serve  # noqa: N815 — http.server's names

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 — quiet in tests
                return

        self.server = ThreadingHTTPServer((host, port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, name=self.name, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> Self:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def scripted(self) -> Any:
        """The next forced answer, if any (consumed), or "down" while the provider is down."""
        if self.down:
            return 503
        return self.script.pop(0) if self.script else None

    def handle(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, Any, dict[str, str]]:
        raise NotImplementedError
