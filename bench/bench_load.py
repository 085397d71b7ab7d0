"""Load: 50 clients, each pausing 1 s between requests, on gunicorn, mixing reads and writes (issue 23).

The world is the benchmark's national world (bench/national.py) at BENCH_SCALE (default 0.1), generated in
BENCH_DATABASE_URL or a scratch SQLite file, or the world a previous run kept (BENCH_REUSE=1). The set-up
gives it people, each with the role its action needs, in the current quarter of the world (the open period:
the quarter of today, or the world's last one):
- CĐCS chairs (two clients in five): a chair of a CĐCS whose report of the open period is a draft or was
  returned. The client opens the report, autosaves it three times (a figure typed, the whole form posted
  as htmx posts it, with its lock version and page id), then submits it (the same form, action "submit"),
  and goes on as the chair of the next such CĐCS (each chair has its own session, logged in at set-up);
- officers of commune unions (one client in five), each approving, one after the other, the reports of
  its own subtree waiting for review at set-up: the review queue, the report, "Duyệt" (its form as posted
  by the browser: the CSRF token, the comments);
- officers of commune unions that only read (the rest).
Everyone also reads: the home page, the reports list, the review queue, the dashboards, a commune's
dashboard of the open period, its report. A write is picked only where it is valid (a chair submits its own
report once, each waiting report has one approver), so a refused write is a failure, not business as usual.

The server keeps SECOND_FACTOR_REQUIRED on, as in production: the officers (a write role above the
grassroots) are enrolled with a TOTP device at set-up and log in with password and code, as they would;
the chairs of CĐCS need no second factor. The logins are set-up, not measured.

Prints `BENCH load_mixed_p95_ms`, `BENCH load_mixed_errors` (a status ≥ 400, a failed request, a write
not done: an autosave conflict or lock, a submit or approval refused; goal 0), `BENCH load_mixed_rps` and
the count of each write (`load_mixed_autosave`, `load_mixed_submit`, `load_mixed_approve`) and of the
reads; every action's count, errors and p95 on stderr. BENCH_LOAD_SECONDS=0 skips this benchmark.
"""

from __future__ import annotations

import math
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
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

CLIENTS = int(os.environ.get("BENCH_LOAD_CLIENTS", "50"))
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "120"))
PORT = int(os.environ.get("BENCH_LOAD_PORT", "8104"))
WORKERS = int(os.environ.get("BENCH_LOAD_WORKERS", str(min(8, 2 * (os.cpu_count() or 1) + 1))))
DEFAULT_SCALE = 0.1
PAUSE = 1.0
AUTOSAVES = 3  # autosaves of a report before it is submitted
CHAIR_SHARE, APPROVER_SHARE = 0.4, 0.2
PASSWORD = "bench-load-" + secrets.token_hex(8)
PREFIX = "bench_load_"
# The messages the report page shows after the redirect of a write (reports.views).
SUBMITTED_TEXT = "Đã nộp báo cáo."
APPROVED_TEXT = "Đã duyệt báo cáo."

# --- requests as the browser builds them (tests/test_bench_load.py) -------------------------------------


class _FormReader(HTMLParser):
    """The fields a browser would post for the form with id `form_id`: its inputs, textareas and selects,
    and those elsewhere in the page that name it in their `form` attribute; buttons, files and unchecked
    boxes are left out, as the browser leaves them out."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._textarea: tuple[str, list[str]] | None = None
        self._select: tuple[str, list[tuple[str, bool]]] | None = None
        self._option: tuple[str | None, bool, list[str]] | None = None

    def _ours(self, attrs: dict[str, str | None]) -> bool:
        owner = attrs.get("form")
        return owner == self.form_id if owner is not None else self.inside

    def handle_starttag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        attrs = dict(attr_list)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            return
        if tag == "option" and self._select is not None:
            self._option = (attrs.get("value"), "selected" in attrs, [])
            return
        name = attrs.get("name")
        if not name or "disabled" in attrs or not self._ours(attrs):
            return
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            default = "on" if kind in {"checkbox", "radio"} else ""
            self.fields.append((name, attrs.get("value") or default))
        elif tag == "textarea":
            self._textarea = (name, [])
        elif tag == "select":
            self._select = (name, [])

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1].append(data)
        if self._option is not None:
            self._option[2].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            name, parts = self._textarea
            text = "".join(parts)
            self.fields.append((name, text[1:] if text.startswith("\n") else text))  # as the browser does
            self._textarea = None
        elif tag == "option" and self._option is not None and self._select is not None:
            self._close_option()
        elif tag == "select" and self._select is not None:
            self._close_option()
            name, options = self._select
            chosen = [value for value, selected in options if selected] or [v for v, _s in options[:1]]
            self.fields.extend((name, value) for value in chosen[:1])
            self._select = None

    def _close_option(self) -> None:
        if self._option is not None and self._select is not None:
            value, selected, text = self._option
            self._select[1].append((value if value is not None else "".join(text).strip(), selected))
        self._option = None


def form_fields(html: str, form_id: str) -> list[tuple[str, str]]:
    """The (name, value) pairs the page's form `form_id` posts as it stands; [] when there is none."""
    reader = _FormReader(form_id)
    reader.feed(html)
    reader.close()
    return reader.fields


def has_form(html: str, form_id: str) -> bool:
    return re.search(rf'<form[^>]*\bid="{re.escape(form_id)}"', html) is not None


def typed(fields: list[tuple[str, str]], changes: dict[str, str]) -> list[tuple[str, str]]:
    """The form's fields with what the user typed in some of them (`changes`: field name → value)."""
    names = {name for name, _value in fields}
    missing = set(changes) - names
    if missing:
        raise KeyError(f"the form has no field {sorted(missing)}")
    return [(name, changes.get(name, value)) for name, value in fields]


def autosave_request(fields: list[tuple[str, str]], *, page_url: str) -> tuple[list, dict[str, str]]:
    """(data, headers) of the autosave htmx posts when a field changes: the whole report form
    (hx-include="#report-form"), the CSRF token also in the header set on <body>."""
    token = dict(fields).get("csrfmiddlewaretoken", "")
    headers = {
        "HX-Request": "true",
        "HX-Current-URL": page_url,
        "HX-Target": "autosave-status",
        "X-CSRFToken": token,
        "Referer": page_url,
    }
    return list(fields), headers


def button_request(fields: list[tuple[str, str]], action: str, *, page_url: str) -> tuple[list, dict]:
    """(data, headers) of a plain form post by one of its buttons (name="action" value=`action`)."""
    return [*fields, ("action", action)], {"Referer": page_url}


def saved_lock_version(autosave_html: str) -> str | None:
    """The new lock version an autosave answers with (out of band), or None when it did not save."""
    if 'data-state="saved"' not in autosave_html:
        return None
    found = re.search(r'id="lock_version" value="(\d+)"', autosave_html)
    return found[1] if found else None


# --- the people of the load ---------------------------------------------------------------------------


@dataclass
class Person:
    username: str
    totp_key: str | None = None  # hex secret of an enrolled officer's device
    report: int | None = None  # a chair: its report of the open period, to fill and submit
    reviews: list[int] = field(default_factory=list)  # an approver: reports waiting in its subtree
    dashboard: str = ""  # its commune union's dashboard of the open period


@dataclass
class Client:
    kind: str  # "chair", "approver" or "reader"
    people: list[Person]


@dataclass
class Cast:
    clients: list[Client]
    form_id: int
    codes: list[str]  # integer indicators a chair types in
    period: tuple[int, int]
    world: str


def _open_period() -> tuple[int, int]:
    from bench import national
    from trienkhai.orgs.models import today

    now = today()
    if now.year in national.YEARS:
        return now.year, (now.month - 1) // 3 + 1
    return national.YEARS[-1], 4


def cast(clients: int, seconds: int) -> Cast:
    """Create the people of the load in the world (replacing those of a previous run) and share them out."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]
    from django_otp.util import random_hex  # type: ignore[import-untyped]

    from bench import national
    from trienkhai.orgs.models import Membership, Role, Unit, UnitKind, today
    from trienkhai.reports.models import Submission

    User = get_user_model()
    form_id = national.existing().form_id  # type: ignore[union-attr]
    year, index = _open_period()
    n_chairs = round(clients * CHAIR_SHARE)
    n_approvers = round(clients * APPROVER_SHARE)
    # A chair's turn (its report, the autosaves, the submit and its page, reads between) takes ~9 requests;
    # planned at 2 s a request, so as not to log in hundreds of chairs at set-up. A chair whose reports
    # run out before the end reads.
    per_chair = math.ceil(seconds / (PAUSE * 2 * (AUTOSAVES + 6))) + 1
    S = Submission.Status
    waiting = [S.SUBMITTED, S.RESUBMITTED]
    on = today()
    with transaction.atomic():
        User.objects.filter(username__startswith=PREFIX).delete()
        digest = make_password(PASSWORD)  # one hash for all: the set-up need not hash a thousand times
        drafts = list(
            Submission.objects.filter(
                form_id=form_id, year=year, index=index, status__in=[S.DRAFT, S.RETURNED]
            )
            .select_related("unit")
            .order_by("pk")[: n_chairs * per_chair]
        )
        communes = list(Unit.objects.filter(kind=UnitKind.COMMUNE).order_by("code"))
        approvers: list[tuple[Unit, list[int]]] = []
        for commune in communes:
            if len(approvers) == n_approvers:
                break
            reviews = list(
                Submission.objects.filter(
                    form_id=form_id,
                    status__in=waiting,
                    unit__in=Unit.objects.subtree_of([commune.pk], on=on).exclude(pk=commune.pk),
                )
                .order_by("-year", "-index", "pk")
                .values_list("pk", flat=True)
            )
            if reviews:
                approvers.append((commune, reviews))
        n_chairs = min(n_chairs, len(drafts))  # a small world has few drafts: the others read
        n_readers = clients - n_chairs - len(approvers)  # and few reports waiting
        taken = {c.pk for c, _r in approvers}
        others = [c for c in communes if c.pk not in taken] or communes
        people: dict[str, list[Person]] = defaultdict(list)
        users, memberships, devices = [], [], []

        def person(kind: str, name: str, unit: Unit, role: str, **kw) -> Person:
            user = User(username=f"{PREFIX}{name}", password=digest, first_name="Bench")
            users.append(user)
            memberships.append((user, Membership(unit=unit, role=role, start_date=national.START)))
            key = None
            if role != Role.CDCS_CHAIR:
                key = random_hex(20)
                devices.append((user, TOTPDevice(name="bench", key=key, confirmed=True)))
            dashboard = f"/bao-cao/bieu-mau/{form_id}/so-lieu/{unit.pk}/?nam={year}&ky={index}"
            p = Person(user.username, totp_key=key, dashboard=dashboard, **kw)
            people[kind].append(p)
            return p

        for sub in drafts:
            person("chair", f"chair_{sub.unit.code}", sub.unit, Role.CDCS_CHAIR, report=sub.pk)
        for commune, reviews in approvers:
            person("approver", f"approver_{commune.code}", commune, Role.OFFICER, reviews=reviews)
        for i in range(n_readers):
            person("reader", f"reader_{i}", others[i % len(others)], Role.OFFICER)
        User.objects.bulk_create(users)
        saved = {u.username: u for u in User.objects.filter(username__startswith=PREFIX)}
        for user, membership in memberships:
            membership.user = saved[user.username]
        Membership.objects.bulk_create([m for _u, m in memberships])
        for user, device in devices:
            device.user = saved[user.username]
        TOTPDevice.objects.bulk_create([d for _u, d in devices])
    chairs = people["chair"]
    out = [Client("chair", chairs[i::n_chairs]) for i in range(n_chairs)]
    out += [Client("approver", [p]) for p in people["approver"]]
    out += [Client("reader", [p]) for p in people["reader"]]
    codes = [code for code, _l, kind, *_rest in national.INDICATORS if kind == "integer"]
    world = f"{len(communes)} commune unions, {Unit.objects.filter(kind=UnitKind.GRASSROOTS).count()} CĐCS"
    return Cast(clients=out, form_id=form_id, codes=codes, period=(year, index), world=world)


# --- the clients --------------------------------------------------------------------------------------


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    by_action: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors_by_action: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, action: str, ms: float, ok: bool) -> None:
        with self.lock:
            self.latencies_ms.append(ms)
            self.by_action[action].append(ms)
            if not ok:
                self.errors += 1
                self.errors_by_action[action] += 1


def login(base: str, person: Person):
    """A logged-in session of `person`, through the login page (and the code page for an officer)."""
    import requests
    from django_otp.oath import totp  # type: ignore[import-untyped]

    session = requests.Session()
    session.get(f"{base}/tai-khoan/dang-nhap/", timeout=300)
    answer = session.post(
        f"{base}/tai-khoan/dang-nhap/",
        data={
            "username": person.username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        allow_redirects=False,
        timeout=300,
    )
    if person.totp_key and answer.status_code == 302 and "ma-xac-thuc" in answer.headers["Location"]:
        code = f"{totp(bytes.fromhex(person.totp_key)):06d}"
        answer = session.post(
            f"{base}/tai-khoan/dang-nhap/ma-xac-thuc/",
            data={"code": code, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
            allow_redirects=False,
            timeout=300,
        )
    if answer.status_code != 302 or "dang-nhap" in answer.headers.get("Location", ""):
        raise RuntimeError(f"{person.username} could not log in ({answer.status_code})")
    return session


class Runner:
    """One client: its sessions, what it does next, and the pause between requests."""

    def __init__(self, base: str, client: Client, sessions: dict, cast_: Cast, stop: float, tally: Tally):
        self.base, self.client, self.sessions, self.cast = base, client, sessions, cast_
        self.stop, self.tally = stop, tally
        self.rng = random.Random(client.people[0].username)
        self.people = list(client.people)
        self.fields: list[tuple[str, str]] | None = None  # the open report's form (a chair)
        self.saves = 0
        self.step = 0  # where an approver is in its round: queue, report, approve, a read

    # One HTTP request, timed and judged; `ok` judges the response (True for a 200 by default).
    def request(self, action: str, method: str, path: str, ok=None, **kw):
        session = self.sessions[self.people[0].username]
        started = time.monotonic()
        response = None
        try:
            response = session.request(method, f"{self.base}{path}", allow_redirects=False, timeout=300, **kw)
            good = ok(response) if ok else response.status_code == 200
        except Exception:
            good = False
        self.tally.add(action, (time.monotonic() - started) * 1000, good)
        return response if good else None

    def read(self) -> None:
        person = self.people[0]
        choices = [("home", "/"), ("list", "/bao-cao/"), ("dashboard", person.dashboard)]
        if self.client.kind != "chair":
            choices += [("queue", "/bao-cao/cho-duyet/"), ("dashboards", "/bao-cao/so-lieu/")]
        elif person.report:
            choices.append(("report", f"/bao-cao/{person.report}/"))
        action, path = self.rng.choice(choices)
        self.request(action, "GET", path)

    def _after_write(self, response, pk: int, text: str) -> bool:
        """A write answers with a redirect to the report, whose page says whether it was done."""
        if response is None or response.status_code != 302:
            return False
        page = self.request("report", "GET", f"/bao-cao/{pk}/")
        return page is not None and text in page.text

    def chair_turn(self) -> None:
        person = self.people[0]
        pk = person.report
        page_url = f"{self.base}/bao-cao/{pk}/"
        if self.fields is None:
            page = self.request(
                "report", "GET", f"/bao-cao/{pk}/", ok=lambda r: has_form(r.text, "report-form")
            )
            self.fields = form_fields(page.text, "report-form") if page is not None else None
            if self.fields is None:
                self._next_person()
            return
        if self.saves < AUTOSAVES:
            code = self.rng.choice(self.cast.codes)
            self.fields = typed(self.fields, {f"v_{code}": str(self.rng.randint(0, 50))})
            data, headers = autosave_request(self.fields, page_url=page_url)
            answer = self.request(
                "autosave",
                "POST",
                f"/bao-cao/{pk}/tu-dong-luu/",
                ok=lambda r: r.status_code == 200 and saved_lock_version(r.text) is not None,
                data=data,
                headers=headers,
            )
            if answer is None:  # counted; start again from the page
                self.fields = None
                return
            self.fields = typed(self.fields, {"lock_version": saved_lock_version(answer.text) or ""})
            self.saves += 1
            return
        data, headers = button_request(self.fields, "submit", page_url=page_url)
        started = time.monotonic()
        response = None
        try:
            session = self.sessions[person.username]
            response = session.post(page_url, data=data, headers=headers, allow_redirects=False, timeout=300)
        except Exception:
            pass
        ms = (time.monotonic() - started) * 1000
        self.tally.add("submit", ms, self._after_write(response, pk, SUBMITTED_TEXT))  # type: ignore[arg-type]
        self._next_person()

    def _next_person(self) -> None:
        self.fields, self.saves = None, 0
        if len(self.people) > 1:
            self.people.pop(0)
        else:
            self.people[0].report = None

    def approver_turn(self) -> None:
        person = self.people[0]
        if not person.reviews:
            return self.read()
        pk = person.reviews[0]
        self.step = (self.step + 1) % 4
        if self.step == 1:
            self.request("queue", "GET", "/bao-cao/cho-duyet/")
        elif self.step == 2:
            page = self.request(
                "report", "GET", f"/bao-cao/{pk}/", ok=lambda r: has_form(r.text, "review-form")
            )
            self.fields = form_fields(page.text, "review-form") if page is not None else None
            if self.fields is None:
                person.reviews.pop(0)  # counted as an error; the next one
                self.step = 0
        elif self.step == 3 and self.fields is not None:
            page_url = f"{self.base}/bao-cao/{pk}/"
            data, headers = button_request(self.fields, "approve", page_url=page_url)
            started = time.monotonic()
            response = None
            try:
                session = self.sessions[person.username]
                response = session.post(
                    f"{self.base}/bao-cao/{pk}/duyet/",
                    data=data,
                    headers=headers,
                    allow_redirects=False,
                    timeout=300,
                )
            except Exception:
                pass
            ms = (time.monotonic() - started) * 1000
            self.tally.add("approve", ms, self._after_write(response, pk, APPROVED_TEXT))  # type: ignore[arg-type]
            person.reviews.pop(0)
            self.fields = None
        else:
            self.read()

    def run(self) -> None:
        while time.monotonic() < self.stop:
            person = self.people[0]
            if (
                self.client.kind == "chair"
                and person.report
                and (self.fields is None or self.rng.random() < 0.5)
            ):
                self.chair_turn()
            elif self.client.kind == "approver":
                self.approver_turn()
            else:
                self.read()
            time.sleep(PAUSE)


# --- the run ------------------------------------------------------------------------------------------


def _environment(media: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "MEDIA_ROOT": str(media),
        "LOG_LEVEL": "ERROR",
        "LOGIN_FAILURE_LIMIT": "1000",
        # As in production: officers log in with a second factor (they are enrolled at set-up), and the
        # middleware's check is part of what is measured. Turning it off would measure another server.
        "SECOND_FACTOR_REQUIRED": "true",
    }


def _world(scale: float):
    import django

    django.setup()
    from django.core.management import call_command

    from bench import national

    call_command("migrate", verbosity=0)
    world = national.existing() if os.environ.get("BENCH_REUSE") == "1" else None
    return world or national.generate(scale)


def _p95(latencies: list[float]) -> float:
    latencies = sorted(latencies)
    return statistics.quantiles(latencies, n=20)[-1] if len(latencies) >= 20 else max(latencies, default=0.0)


def run() -> None:
    if SECONDS <= 0:
        return
    scratch = Path(tempfile.mkdtemp(prefix="trienkhai-bench-load-"))
    if "BENCH_DATABASE_URL" in os.environ:
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    elif "trienkhai-bench-" not in os.environ.get("DATABASE_URL", ""):
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trienkhai.settings")
    scale = float(os.environ.get("BENCH_SCALE", DEFAULT_SCALE))
    env = _environment(scratch / "media")
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    t = time.monotonic()
    _world(scale)
    world_s = time.monotonic() - t
    the_cast = cast(CLIENTS, SECONDS)
    server = subprocess.Popen(
        [gunicorn, "trienkhai.wsgi", "--bind", f"127.0.0.1:{PORT}", "--workers", str(WORKERS)]
        + ["--timeout", "300"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{PORT}"
    try:
        import requests

        for _ in range(240):
            try:
                if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.5)
        people = {p.username: p for c in the_cast.clients for p in c.people}
        t = time.monotonic()
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            sessions = dict(zip(people, pool.map(lambda p: login(base, p), people.values()), strict=True))
        login_s = time.monotonic() - t
        tally = Tally()
        stop = time.monotonic() + SECONDS
        threads = []
        for client in the_cast.clients:
            runner = Runner(base, client, sessions, the_cast, stop, tally)
            thread = threading.Thread(target=runner.run, daemon=True)
            thread.start()
            threads.append(thread)
            time.sleep(PAUSE / len(the_cast.clients))  # clients arrive over one pause, not in one instant
        started = time.monotonic()
        for thread in threads:
            thread.join(timeout=SECONDS + 300)
        elapsed = time.monotonic() - started
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(scratch, ignore_errors=True)
    kinds = defaultdict(int)
    for client in the_cast.clients:
        kinds[client.kind] += 1
    from django.db import connection

    print(
        f"# load: BENCH_SCALE={scale} on {connection.vendor} ({the_cast.world}; world ready in {world_s:.0f} s), "
        f"open period Q{the_cast.period[1]}/{the_cast.period[0]}; {len(the_cast.clients)} clients "
        f"({kinds['chair']} CĐCS chairs, {kinds['approver']} approving officers, {kinds['reader']} reading "
        f"officers; {len(sessions)} logins in {login_s:.0f} s), {WORKERS} gunicorn workers, "
        f"{len(tally.latencies_ms)} requests in {elapsed:.0f} s; load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    for action, times in sorted(tally.by_action.items()):
        print(
            f"#   {action}: {len(times)} requests, {tally.errors_by_action.get(action, 0)} errors, "
            f"p95 {_p95(times):.0f} ms, median {statistics.median(times):.0f} ms",
            flush=True,
        )
    writes = ("autosave", "submit", "approve")
    print(f"BENCH load_mixed_p95_ms {_p95(tally.latencies_ms):.0f} ms")
    print(f"BENCH load_mixed_errors {tally.errors} requests")
    print(f"BENCH load_mixed_rps {len(tally.latencies_ms) / elapsed:.1f} requests/s")
    for action in writes:
        print(f"BENCH load_mixed_{action} {len(tally.by_action.get(action, []))} requests")
    reads = sum(len(v) for k, v in tally.by_action.items() if k not in writes)
    print(f"BENCH load_mixed_reads {reads} requests", flush=True)
    uncast()
    if os.environ.get("BENCH_KEEP") != "1":
        from bench import national

        national.wipe()  # the benchmarks after this one share the scratch database


def uncast() -> None:
    """Remove the people of the load (and, through the ORM, what hangs on them: devices, sessions,
    notifications), so that the world is as generated but for the reports they wrote."""
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(username__startswith=PREFIX).delete()


if __name__ == "__main__":
    run()
