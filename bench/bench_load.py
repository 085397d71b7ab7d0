"""Load: 50 clients, each pausing 1 s between requests, on gunicorn, mixing reads and writes.

Builds the demo world (`trienkhai demo`: the users, plans, reports and registers of the demo) in the bench's
scratch database, starts gunicorn (DEBUG off, BENCH_LOAD_WORKERS processes) on 127.0.0.1:BENCH_LOAD_PORT,
logs each client in as a demo user, then for BENCH_LOAD_SECONDS (120) each client repeats: one request,
a 1 s pause. Half the clients each have a report in draft of their own (its unit's writer, or the reviewer above
typing on its behalf) and write one time in four: the autosave of that report with its lock version, as the
page does; every client reads the rest of the time: the home page, the reports list, the review queue, the
dashboards, its report. Prints
`BENCH load_mixed_p95_ms`, `BENCH load_mixed_errors` (any status ≥ 400, a conflict, a failed request;
goal 0) and `BENCH load_mixed_rps`.

The world is the demo's, whatever BENCH_SCALE says: the national world (bench/national.py) has no logins nor
reports in draft to write to. BENCH_LOAD_SECONDS=0 skips this benchmark.
"""

from __future__ import annotations

import os
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

CLIENTS = int(os.environ.get("BENCH_LOAD_CLIENTS", "50"))
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "120"))
PORT = int(os.environ.get("BENCH_LOAD_PORT", "8104"))
WORKERS = int(os.environ.get("BENCH_LOAD_WORKERS", str(min(8, 2 * (os.cpu_count() or 1) + 1))))
PAUSE = 1.0
READS = ["/", "/bao-cao/", "/bao-cao/cho-duyet/", "/bao-cao/so-lieu/"]


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, ms: float, ok: bool) -> None:
        with self.lock:
            self.latencies_ms.append(ms)
            self.errors += 0 if ok else 1


def _environment(media: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "MEDIA_ROOT": str(media),
        "LOG_LEVEL": "ERROR",
        "LOGIN_FAILURE_LIMIT": "1000",
    }


def _writers(env: dict[str, str], most: int) -> list[tuple[str, int, str]]:
    """Up to `most` reports in draft, each with a user who may type in it (a writer of its unit, else a
    reviewer above, on the unit's behalf) and the code of a field: (username, report id, code)."""
    os.environ["DATABASE_URL"] = env["DATABASE_URL"]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trienkhai.settings")
    import django

    django.setup()
    from trienkhai.reports.access import reviewers_of, unit_writers
    from trienkhai.reports.models import Indicator, Submission

    found: list[tuple[str, int, str]] = []
    editable = [Submission.Status.DRAFT, Submission.Status.RETURNED]
    for sub in Submission.objects.filter(status__in=editable).select_related("unit").order_by("pk"):
        if len(found) >= most:
            break
        user = unit_writers(sub.unit).first() or reviewers_of(sub.unit).first()
        indicator = (
            Indicator.objects.filter(form_id=sub.form_id, kind=Indicator.Kind.INTEGER).order_by("pk").first()
        )
        if user is not None and indicator is not None:
            found.append((user.username, sub.pk, indicator.code))
    return found


def _client(
    base: str, username: str, password: str, write: tuple[int, str] | None, stop: float, tally: Tally
):
    import requests

    session = requests.Session()
    try:  # the login (a password hash each) is set-up, not measured; a failed one counts as an error
        session.get(f"{base}/tai-khoan/dang-nhap/", timeout=120)
        login = session.post(
            f"{base}/tai-khoan/dang-nhap/",
            data={
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": session.cookies["csrftoken"],
            },
            allow_redirects=False,
            timeout=120,
        )
        logged_in = login.status_code == 302
    except Exception:
        logged_in = False
    if not logged_in:
        tally.add(0.0, False)
        return
    lock_version = None
    rng = random.Random(username)
    while time.monotonic() < stop:
        started = time.monotonic()
        ok = True
        try:
            if write and rng.random() < 0.25:
                pk, key = write
                if lock_version is None:
                    page = session.get(f"{base}/bao-cao/{pk}/", timeout=60)
                    lock_version = re.search(r'name="lock_version"[^>]*value="(\d+)"', page.text)[1]  # type: ignore[index]
                response = session.post(
                    f"{base}/bao-cao/{pk}/tu-dong-luu/",
                    data={f"v_{key}": str(rng.randint(1, 500)), "lock_version": lock_version},
                    headers={"HX-Request": "true", "X-CSRFToken": session.cookies["csrftoken"]},
                    timeout=60,
                )
                saved = re.search(r'id="lock_version" value="(\d+)"', response.text)
                ok = response.status_code == 200 and saved is not None
                lock_version = saved[1] if saved else None
            else:
                path = rng.choice(READS + ([f"/bao-cao/{write[0]}/"] if write else []))
                response = session.get(f"{base}{path}", timeout=60)
                ok = response.status_code == 200
        except Exception:
            ok = False
        tally.add((time.monotonic() - started) * 1000, ok)
        time.sleep(PAUSE)


def run() -> None:
    if SECONDS <= 0:
        return
    scratch = Path(tempfile.mkdtemp(prefix="trienkhai-bench-load-"))
    if (
        "trienkhai-bench-" not in os.environ.get("DATABASE_URL", "")
        and "BENCH_DATABASE_URL" not in os.environ
    ):
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", os.environ["DATABASE_URL"])
    env = _environment(scratch / "media")
    trienkhai = str(Path(sys.executable).parent / "trienkhai")
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    subprocess.run([trienkhai, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    demo = subprocess.run([trienkhai, "demo"], env=env, check=True, capture_output=True, text=True).stdout
    password = re.search(r"mật khẩu chung: (\S+)\)", demo)[1]  # type: ignore[index]
    logins = re.findall(r"^  (\S+)\s", demo.split("mật khẩu chung")[1], re.M)
    writers = _writers(env, CLIENTS // 2)
    server = subprocess.Popen(
        [
            gunicorn,
            "trienkhai.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(WORKERS),
            "--timeout",
            "120",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{PORT}"
    try:
        import requests

        for _ in range(120):
            try:
                if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.5)
        tally = Tally()
        stop = time.monotonic() + SECONDS
        threads = []
        for i in range(CLIENTS):
            if i < len(writers):
                username, pk, key = writers[i]
                write: tuple[int, str] | None = (pk, key)
            else:
                username, write = logins[i % len(logins)], None
            t = threading.Thread(
                target=_client, args=(base, username, password, write, stop, tally), daemon=True
            )
            t.start()
            threads.append(t)
            time.sleep(PAUSE / CLIENTS)  # clients arrive over one pause, not all in the same instant
        started = time.monotonic()
        for t in threads:
            t.join(timeout=SECONDS + 120)
        elapsed = time.monotonic() - started
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(scratch, ignore_errors=True)
    latencies = sorted(tally.latencies_ms)
    p95 = statistics.quantiles(latencies, n=20)[-1] if len(latencies) >= 20 else max(latencies, default=0.0)
    print(
        f"load: {CLIENTS} clients ({min(len(writers), CLIENTS)} writing), {WORKERS} gunicorn workers, "
        f"{len(latencies)} requests in {elapsed:.0f} s",
        file=sys.stderr,
    )
    print(f"BENCH load_mixed_p95_ms {p95:.0f} ms")
    print(f"BENCH load_mixed_errors {tally.errors} requests")
    print(f"BENCH load_mixed_rps {len(latencies) / elapsed:.1f} requests/s")


if __name__ == "__main__":
    run()
