"""A fake Web Push service (RFC 8030): POST /push/<id> with an aes128gcm-encrypted body (RFC 8291) and
a VAPID `Authorization: vapid t=<JWT>, k=<public key>` header (RFC 8292), whose ES256 signature and
audience are checked. A subscription registered with its private key (`register`) has its message
decrypted, so a test reads what the phone would show. `gone` ids answer 410; `script` forces statuses
(429 with Retry-After, 503)."""

from __future__ import annotations

import base64
import json
import secrets
from typing import Any

import http_ece  # type: ignore[import-untyped]  # ships no type information
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from . import FakeHttp


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class FakePushService(FakeHttp):
    name = "fake-push"

    def __init__(self, port: int = 0) -> None:
        super().__init__(port)
        self.keys: dict[str, tuple[ec.EllipticCurvePrivateKey, bytes]] = {}
        self.gone: set[str] = set()
        self.delivered: list[dict[str, Any]] = []

    def subscription(self) -> dict[str, Any]:
        """A new browser subscription (endpoint and keys) whose private key the fake keeps."""
        sub_id = secrets.token_hex(8)
        private = ec.generate_private_key(ec.SECP256R1())
        public = private.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        auth = secrets.token_bytes(16)
        self.keys[sub_id] = (private, auth)
        return {"endpoint": f"{self.url}/push/{sub_id}", "keys": {"p256dh": b64(public), "auth": b64(auth)}}

    def handle(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, Any, dict[str, str]]:
        self.received.append({"path": path, "headers": headers, "body": body})
        forced = self.scripted()
        if forced is not None:
            return forced, {"error": "forced"}, ({"Retry-After": "5"} if forced == 429 else {})
        sub_id = path.rsplit("/", 1)[-1]
        if method != "POST" or not path.startswith("/push/"):
            return 404, {"error": "not found"}, {}
        if sub_id in self.gone:
            return 410, {"error": "subscription expired"}, {}
        if headers.get("content-encoding") != "aes128gcm" or "ttl" not in headers:
            return 400, {"error": "Content-Encoding aes128gcm and TTL required"}, {}
        if not self.vapid_ok(headers.get("authorization", "")):
            return 401, {"error": "VAPID signature invalid"}, {}
        text = None
        if sub_id in self.keys:
            private, auth = self.keys[sub_id]
            text = http_ece.decrypt(body, private_key=private, auth_secret=auth, version="aes128gcm").decode()
        self.delivered.append({"id": sub_id, "payload": json.loads(text) if text else None})
        return 201, b"", {"Location": f"{self.url}/message/{secrets.token_hex(6)}"}

    def vapid_ok(self, authorization: str) -> bool:
        if not authorization.startswith("vapid "):
            return False
        parts = dict(p.strip().split("=", 1) for p in authorization[6:].split(",") if "=" in p)
        token, key = parts.get("t", ""), parts.get("k", "")
        try:
            head, claims, signature = token.split(".")
            public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64(key))
            raw = unb64(signature)
            der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
            public.verify(der, f"{head}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))
            audience = json.loads(unb64(claims)).get("aud", "")
        except Exception:  # noqa: BLE001 — any malformed header is simply refused
            return False
        return audience == self.url
