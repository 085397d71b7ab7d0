"""The checks of `make deploy-check` (deploy/check.sh starts the stack, then runs this from outside).

Each check prints PASS or FAIL with what it saw; the exit status is 1 when any failed. Standard library
only: it talks to nginx over HTTPS (verified against the check's self-signed certificate) and HTTP as a
browser would, and runs the `trienkhai` commands an administrator runs.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import http.client
import json
import os
import re
import ssl
import struct
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

HOST = "localhost"


class Browser:
    """One client with its cookies, talking HTTPS to the proxy (or HTTP to its plain port)."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.tls = ssl.create_default_context(cafile=args.cafile)
        self.cookies: dict[str, str] = {}
        self.raw_cookies: list[str] = []

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        tls: bool = True,
    ) -> tuple[http.client.HTTPResponse, bytes]:
        if tls:
            conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                HOST, self.args.https_port, context=self.tls, timeout=30
            )
        else:
            conn = http.client.HTTPConnection(HOST, self.args.http_port, timeout=30)
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        data = response.read()
        for line in response.headers.get_all("Set-Cookie") or []:
            self.raw_cookies.append(line)
            for name, morsel in SimpleCookie(line).items():
                self.cookies[name] = morsel.value
        conn.close()
        return response, data


ENROL_PATH = "/tai-khoan/xac-thuc-hai-buoc/dang-ky/"


def totp_now(secret: str, at: float | None = None) -> str:
    """RFC 6238 with the authenticator apps' defaults (SHA-1, 30 s, six digits), from the base32 secret."""
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def enrol_second_factor(browser: Browser, origin: str) -> str:
    """Read the secret off the enrolment page, post the current code; the answer lists recovery codes."""
    page, html = browser.request("GET", ENROL_PATH)
    assert page.status == 200, f"enrolment page {page.status}"
    secret = re.search(rb'id="totp-secret">\s*([A-Z2-7 ]+)\s*<', html)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert secret and token, "no secret or no form on the enrolment page"
    body = urlencode(
        {"csrfmiddlewaretoken": token[1].decode(), "code": totp_now(secret[1].decode())}
    ).encode()
    done, _ = browser.request(
        "POST",
        ENROL_PATH,
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": origin,
            "Referer": f"{origin}{ENROL_PATH}",
        },
    )
    assert done.status == 200, f"enrolment with a TOTP code answered {done.status}"
    return "second factor enrolled with a TOTP code, "


def cookie_flags(raw: list[str], name: str) -> set[str]:
    """The attributes (lower case) of the last Set-Cookie for `name`."""
    lines = [line for line in raw if line.startswith(f"{name}=")]
    if not lines:
        return set()
    return {part.strip().split("=")[0].lower() for part in lines[-1].split(";")[1:]}


results: list[tuple[str, bool, str]] = []


def check(name: str) -> Callable[[Callable[[], str]], Callable[[], str]]:
    """Run the check now; it returns what it saw or raises AssertionError/OSError with why it failed."""

    def run(fn: Callable[[], str]) -> Callable[[], str]:
        started = time.monotonic()
        try:
            seen, ok = fn(), True
        except Exception as exc:  # every failure becomes a FAIL line, never a traceback that hides the rest
            seen, ok = f"{type(exc).__name__}: {exc}", False
        took = time.monotonic() - started
        results.append((name, ok, seen))
        print(f"{'PASS' if ok else 'FAIL'}  {name}  ({took:.1f} s)  {seen}", flush=True)
        return fn

    return run


def trienkhai(args: argparse.Namespace, *words: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [f"{args.bin}/trienkhai", *words],
        capture_output=True,
        text=True,
        timeout=600,
        env=env or os.environ.copy(),
    )
    assert done.returncode == 0, (
        f"trienkhai {' '.join(words)} exited {done.returncode}: {done.stderr.strip()[-500:]}"
    )
    return done.stdout + done.stderr


def main() -> int:
    parser = argparse.ArgumentParser()
    for option in ("--work", "--bin", "--pg", "--cafile"):
        parser.add_argument(option, required=True)
    for option in ("--https-port", "--http-port", "--app-port"):
        parser.add_argument(option, type=int, required=True)
    args = parser.parse_args()
    work = Path(args.work)
    origin = f"https://{HOST}:{args.https_port}"
    browser = Browser(args)

    @check("HTTPS answers (TLS verified, /healthz through nginx)")
    def _https() -> str:
        response, body = browser.request("GET", "/healthz")
        assert response.status == 200 and body.strip() == b"ok", (response.status, body[:80])
        return f"{response.status} {body.strip().decode()}"

    @check("HTTP redirects to HTTPS")
    def _redirect() -> str:
        response, _ = Browser(args).request("GET", "/tai-khoan/dang-nhap/?next=/", tls=False)
        location = response.headers.get("Location", "")
        assert response.status == 301, response.status
        assert location == f"{origin}/tai-khoan/dang-nhap/?next=/", location
        return f"301 → {location}"

    try:  # read by the next checks; when it cannot be fetched they fail one by one, with the reason
        login_page, login_html = browser.request("GET", "/tai-khoan/dang-nhap/")
    except OSError as exc:
        login_page, login_html = None, f"the login page did not answer: {exc}".encode()

    @check("headers: CSP, HSTS, X-Frame-Options, nosniff")
    def _headers() -> str:
        assert login_page is not None, login_html.decode()
        h = login_page.headers
        csp = h.get("Content-Security-Policy", "")
        assert login_page.status == 200, login_page.status
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, f"CSP: {csp!r}"
        assert "unsafe-eval" not in csp, csp
        hsts = h.get("Strict-Transport-Security", "")
        assert re.search(r"max-age=(\d+)", hsts) and int(re.search(r"max-age=(\d+)", hsts)[1]) >= 31536000, (
            hsts
        )
        assert len(h.get_all("Strict-Transport-Security")) == 1, "HSTS sent twice"
        assert h.get("X-Frame-Options") == "DENY", h.get("X-Frame-Options")
        assert h.get("X-Content-Type-Options") == "nosniff", h.get("X-Content-Type-Options")
        return f"HSTS {hsts}; XFO DENY; CSP {csp[:40]}…"

    @check("CSRF cookie Secure and HttpOnly")
    def _csrf_cookie() -> str:
        flags = cookie_flags(browser.raw_cookies, "csrftoken")
        assert {"secure", "httponly"} <= flags, flags
        return ", ".join(sorted(flags))

    @check("static files: hashed name, one-year immutable cache, gzip")
    def _static() -> str:
        manifest = json.loads((work / "static" / "staticfiles.json").read_text())["paths"]
        css = next(v for k, v in sorted(manifest.items()) if k.endswith(".css"))
        response, body = browser.request("GET", f"/static/{css}", headers={"Accept-Encoding": "gzip"})
        cache = response.headers.get("Cache-Control", "")
        assert response.status == 200 and body, response.status
        assert "max-age=31536000" in cache and "immutable" in cache, cache
        assert response.headers.get("Content-Encoding") == "gzip", response.headers.get("Content-Encoding")
        return f"/static/{css}: {cache}"

    @check("uploaded files are not public under /media/")
    def _media() -> str:
        names = [p for p in (work / "media").rglob("*") if p.is_file()]
        assert names, "the demo stored no file"
        path = "/media/" + names[0].relative_to(work / "media").as_posix()
        response, _ = Browser(args).request("GET", path)
        assert response.status == 404, (path, response.status)
        return f"{path} → 404"

    demo_log = (work / "demo.log").read_text() if (work / "demo.log").exists() else ""
    password = (re.search(r"mật khẩu chung: (\S+)\)", demo_log) or ["", ""])[1]
    logins = demo_log.split("mật khẩu chung")[-1].split("\n", 1)[-1]
    username = (re.search(r"^\s+(\S+)\s", logins, re.M) or ["", "(no demo login)"])[1]

    @check(f"login works ({username}) and the session cookie is Secure and HttpOnly")
    def _login() -> str:
        found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', login_html)
        assert found and password, "no login form or no demo password"
        token = found[1].decode()
        body = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password}).encode()
        response, _ = browser.request(
            "POST",
            "/tai-khoan/dang-nhap/",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": origin,
                "Referer": f"{origin}/tai-khoan/dang-nhap/",
            },
        )
        assert response.status == 302, f"{response.status} (wrong password, CSRF or throttling)"
        flags = cookie_flags(browser.raw_cookies, "sessionid")
        assert {"secure", "httponly"} <= flags, f"sessionid flags {flags}"
        home, html = browser.request("GET", "/")
        enrolled = ""
        if home.status == 302 and ENROL_PATH in (home.headers.get("Location") or ""):
            # A chair must use a second factor (SECOND_FACTOR_REQUIRED): enrol as the officer would, with
            # the secret the page shows typed into an authenticator app.
            enrolled = enrol_second_factor(browser, origin)
            home, html = browser.request("GET", "/")
        assert home.status == 200 and b'name="password"' not in html, f"home {home.status}"
        return f"302 → {response.headers.get('Location')}, {enrolled}home 200; sessionid {', '.join(sorted(flags))}"

    @check("an upload over the limit is refused by the proxy (413)")
    def _too_big() -> str:
        conn = http.client.HTTPSConnection(HOST, args.https_port, context=browser.tls, timeout=30)
        size = 30 * 1024 * 1024
        conn.putrequest("POST", "/van-ban/tai-len/")
        conn.putheader("Content-Type", "multipart/form-data; boundary=x")
        conn.putheader("Content-Length", str(size))
        conn.putheader("Cookie", "; ".join(f"{k}={v}" for k, v in browser.cookies.items()))
        conn.endheaders()
        conn.send(b"x" * 65536)  # the proxy answers without waiting for the rest
        response = conn.getresponse()
        server = response.headers.get("Server", "")
        response.read()
        conn.close()
        assert response.status == 413, response.status
        assert server.startswith("nginx"), f"answered by {server!r}, not the proxy"
        return f"{size // 2**20} MiB → 413 from {server}"

    @check("trienkhai check --deploy is clean")
    def _check_deploy() -> str:
        out = trienkhai(args, "check", "--deploy", "--fail-level", "WARNING")
        assert "no issues" in out, out[-500:]
        return out.strip().splitlines()[-1]

    @check("backup → restore into a second database: identical row counts and file digests")
    def _drill() -> str:
        first, second = work / "backup.zip", work / "backup-restored.zip"
        trienkhai(args, "backup", str(first))
        env = {
            **os.environ,
            "DATABASE_URL": f"{args.pg}/trienkhai_restore",
            "MEDIA_ROOT": str(work / "media-restored"),
        }
        # check.sh made trienkhai_restore as `migrate` leaves a database: migrate finds nothing to do.
        trienkhai(args, "migrate", "--noinput", "-v", "0", env=env)
        trienkhai(args, "restore", str(first), env=env)
        trienkhai(args, "backup", str(second), env=env)
        with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
            ma, mb = json.loads(a.read("manifest.json")), json.loads(b.read("manifest.json"))
        assert ma["rows"] == mb["rows"], {
            k: (ma["rows"].get(k), mb["rows"].get(k)) for k in set(ma["rows"]) ^ set(mb["rows"])
        }
        media = {k: v["sha256"] for k, v in ma["members"].items() if k.startswith("media/")}
        assert media, "no stored file to compare"
        assert media == {k: v["sha256"] for k, v in mb["members"].items() if k.startswith("media/")}

        def digests(root: Path) -> dict[str, str]:
            return {
                p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in root.rglob("*")
                if p.is_file()
            }

        assert digests(work / "media") == digests(work / "media-restored"), "files on disk differ"
        return f"{sum(ma['rows'].values())} rows in {len(ma['rows'])} tables, {len(media)} files: identical"

    # Last: the first heartbeats are due a minute after `schedule_heartbeats`; the other checks fill the wait.
    @check("/readyz says ready (database, migrations, both workers' heartbeat, disk)")
    def _ready() -> str:
        deadline = time.monotonic() + 90
        while True:
            response, body = browser.request("GET", "/readyz")
            if response.status == 200 or time.monotonic() > deadline:
                break
            time.sleep(1)
        assert response.status == 200, f"{response.status}: {body[:300].decode(errors='replace')}"
        payload = json.loads(body)
        assert payload["status"] == "ok", payload
        return f"200 {json.dumps(payload['checks']['worker']['queues'])[:120]}"

    failed = [name for name, ok, _ in results if not ok]
    print(f"deploy-check: {len(results) - len(failed)}/{len(results)} checks passed", flush=True)
    for name in failed:
        print(f"  FAILED: {name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
