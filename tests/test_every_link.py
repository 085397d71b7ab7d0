"""Every link of the demo, followed as each demo user: a link a user is shown must open.

The demo (`trienkhai demo`) is loaded once; for each demo user the crawler starts at the home page and
follows every same-site `<a href>` and `hx-get` it finds, by GET only, with Django's test client. A link
that answers 403, 404 or 5xx is a defect (a page offers what its target refuses); they are collected with
the page that showed the link and reported together. GET must never write: any INSERT, UPDATE or DELETE
during a crawled request (sessions aside) is reported too.

The crawl is bounded: URLs are grouped by route (ids and query strings collapsed), each route is visited
with at most `PER_ROUTE` different URLs per user, and a route that answered with a file (an Excel export, a
.docx) only once, so the test stays well under two minutes on SQLite.
"""

from __future__ import annotations

import re
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction
from django.test import Client, TestCase
from django.urls import Resolver404, resolve, reverse

from .demo_world import load_demo as demo_world
from .media import TempMediaMixin

# The demo users of README.md; `admin` is crawled too (its admin pages are not, see SKIP_PREFIXES).
ROLES = (
    "chairwoman_lan",
    "vice_tuan",
    "officer_son",
    "officer_minh",
    "viewer_thu",
    "cdcs_hoa",
    "cdcs_dung",
    "outsider",
    "admin",
)
PER_ROUTE = 2  # different URLs (other ids, other query strings) visited per route per user
MAX_REQUESTS = 900  # per user: a safety net against a crawl that never ends
FAILING = (403, 404)
SKIP_PREFIXES = ("/static/", "/media/", "/quan-tri/", "/i18n/")
# Routes never followed: logging out ends the session the crawl runs in. Downloads are followed (each route
# once per user): every one of them serves a stored file or builds a small one (Excel, a draft .docx);
# PDFs are made by the task worker, never on a GET.
SKIP_ROUTES = frozenset({"logout"})
_WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
# Writes a GET may do: the session and its bookkeeping (last activity, at most once a minute: a crawl
# longer than that writes it), the access log Luật 91/2025/QH15 asks for when personal data is read, and
# the log of every read of a denouncer's identity (Luật Tố cáo 2018 Art. 47).
_ALLOWED_WRITES = (
    "django_session",
    "accounts_sessionrecord",
    "axes_",
    "members_dataaccess",
    "concerns_identityread",
)


class _Links(HTMLParser):
    """The `href` of each `<a>` and each `hx-get` of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and ((tag == "a" and name == "href") or name == "hx-get"):
                self.links.append(value)


def links_of(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.links


@dataclass
class Crawl:
    username: str
    failures: list[str] = field(default_factory=list)
    pages: int = 0
    links: int = 0
    requests: int = 0
    per_route: Counter = field(default_factory=Counter)
    seconds: Counter = field(default_factory=Counter)  # time spent per route, to keep the crawl cheap


def _route_key(path: str) -> str | None:
    """The group of a URL: its route name; None for a route never followed."""
    try:
        name = resolve(path).view_name
    except Resolver404:
        return f"<no route> {path}"  # requested once, to report the 404
    return None if name in SKIP_ROUTES else name


class _WriteWatch:
    """Connection wrapper that notes every write statement run while it is installed."""

    def __init__(self) -> None:
        self.writes: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        if _WRITE.match(sql) and not any(t in sql for t in _ALLOWED_WRITES):
            self.writes.append(sql[:120])
        return execute(sql, params, many, context)


def _transaction_usable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def crawl(username: str) -> Crawl:
    user = get_user_model().objects.get(username=username)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    result = Crawl(username)
    start = reverse("home")
    queue: deque[tuple[str, str]] = deque([(start, "home")])
    files: set[str] = set()  # routes that answered with a file: checked once
    # Every page that showed a link, a few per target, so that a failure names where the link is.
    referrers: dict[str, list[str]] = {start: ["(start)"]}
    while queue and result.requests < MAX_REQUESTS:
        url, key = queue.popleft()
        if key in files:
            continue
        watch = _WriteWatch()
        began = time.monotonic()
        # Each request in a savepoint rolled back after it, as the permission matrix does: a request
        # that broke the transaction (PostgreSQL refuses every later query) is reported, not inherited.
        savepoint = transaction.savepoint()
        try:
            with connection.execute_wrapper(watch):
                response = client.get(url)
            usable = _transaction_usable()
        finally:
            transaction.savepoint_rollback(savepoint)
        result.seconds[key] += time.monotonic() - began
        result.requests += 1
        status = response.status_code
        linked_from = ", ".join(referrers[url])
        if not usable:
            result.failures.append(f"GET {url} (linked from {referrers[url][0]}) broke the transaction")
        if watch.writes:
            result.failures.append(f"GET {url} (linked from {linked_from}) wrote: {watch.writes[0]}")
        if status in FAILING or status >= 500:
            result.failures.append(f"{status} {url} (linked from {linked_from})")
            continue
        if status in (301, 302, 303, 307, 308):
            targets = [response["Location"]]
        elif "text/html" in response.get("Content-Type", "") and not response.streaming:
            result.pages += 1
            targets = links_of(response.content.decode())
        else:
            files.add(key)
            if response.streaming:
                # Read to the end through the test client's wrapper, which closes the file without
                # firing request_finished (closing the response by hand would close the database
                # connection on PostgreSQL); a stored file that is missing fails here too.
                response.getvalue()
            continue
        for target in targets:
            href = urldefrag(urljoin(url, target.strip())).url
            parts = urlsplit(href)
            if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
                continue
            if not parts.path or parts.path.startswith(SKIP_PREFIXES):
                continue
            result.links += 1
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if local in referrers:
                if len(referrers[local]) < 3 and url not in referrers[local]:
                    referrers[local].append(url)
                continue
            referrers[local] = [url]
            key = _route_key(parts.path)
            if key is None or result.per_route[key] >= PER_ROUTE:
                continue
            result.per_route[key] += 1
            queue.append((local, key))
    return result


class EveryLinkOpensTests(TempMediaMixin, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        demo_world()

    def _crawl(self, username: str) -> None:
        began = time.monotonic()
        result = crawl(username)
        print(
            f"\nCRAWL {username}: {result.pages} pages, {result.requests} requests, {result.links} links, "
            f"{len(result.per_route)} routes, {time.monotonic() - began:.1f} s; slowest: "
            + ", ".join(f"{name} {sec:.1f} s" for name, sec in result.seconds.most_common(4))
        )
        self.assertLess(result.requests, MAX_REQUESTS, "the crawl did not end: raise the bound or dedupe")
        self.assertEqual(result.failures, [], "\n".join(result.failures))


def _make_test(username: str):
    def test(self: EveryLinkOpensTests) -> None:
        self._crawl(username)

    test.__name__ = f"test_every_link_opens_for_{username}"
    test.__doc__ = (
        f"Every link {username} is shown on the demo opens (no 403, 404 or 5xx; GET writes nothing)."
    )
    return test


for _username in ROLES:
    setattr(EveryLinkOpensTests, f"test_every_link_opens_for_{_username}", _make_test(_username))
