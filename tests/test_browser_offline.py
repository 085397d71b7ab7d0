"""In real Chromium (issue 24, point 4): the report form keeps working through a dropped connection. The
figures typed offline are kept on the phone (IndexedDB), survive a reload served by the service worker,
and reach the server through the ordinary autosave when the network returns; a save by somebody else in
between is shown as a conflict, never written over. Service workers need a secure context: the live
server's http://localhost is one."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from urllib.parse import urlsplit

import pytest

from trienkhai.evaluations.models import Evaluation
from trienkhai.reports.models import SubmissionValue
from trienkhai.reports.workflow import save_values

from .browser import ARGS, CHROMIUM, DESKTOP, PHONE, browser, check_a11y, shot
from .evaluations_world import EvaluationWorld
from .reports_world import ReportWorld
from .world import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class _World(ReportWorld):
    """The reports world, built once in the live server's database."""


def build() -> type[_World]:
    _World.setUpTestData()
    return _World


class _EvaluationWorld(EvaluationWorld):
    """The evaluations world, built once in the live server's database."""


def open_page(b, base: str, path: str, viewport=PHONE):
    phone = viewport is PHONE
    context = b.new_context(viewport=viewport, locale="vi-VN", is_mobile=phone, has_touch=phone)
    page = context.new_page()
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    page.fill("#id_username", "cdcs_hoa")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}{path}")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=20000)
    page.reload()  # now through the service worker, which keeps this page for offline use
    page.wait_for_function(
        "() => caches.open('tk-pages').then(c => c.keys()).then(k => k.length > 0)",
        polling=200,
        timeout=10000,
    )
    return context, page


STATE = "() => document.getElementById('autosave-status').dataset.state === '{}'"


def shots(page, name: str) -> None:
    """The page as it stands, on a phone and on a desktop."""
    shot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)
    shot(page, f"{name}-desktop")
    page.set_viewport_size(PHONE)


class Link:
    """The connection between the phone and the server: a TCP relay on localhost (a secure context, as
    service workers need) that can be cut like a dropped mobile connection, open sockets and all.

    Chromium's offline emulation alone is not a dropped connection: it does not reach the service worker's
    own fetches, and Chromium 156 lifts it by itself now and then (an `online` event a few seconds after a
    reload served by the service worker), after which the page's requests reach the server again. Cut
    here, nothing reaches the server, whatever the browser believes; the emulation still tells the page
    (navigator.onLine, the offline event)."""

    def __init__(self, target: str) -> None:
        parts = urlsplit(target)
        self.target = (parts.hostname, parts.port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://localhost:{self.listener.getsockname()[1]}"
        self.up = True
        self.open: set[socket.socket] = set()
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                phone, _ = self.listener.accept()
            except OSError:
                return  # closed
            if not self.up:
                phone.close()
                continue
            server = socket.create_connection(self.target)
            with self.lock:
                self.open.update((phone, server))
            threading.Thread(target=self._pump, args=(phone, server), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, phone), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        for s in (source, sink):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        self.up = False
        with self.lock:
            for s in self.open:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
            self.open.clear()

    def restore(self) -> None:
        self.up = True

    def close(self) -> None:
        self.cut()
        self.listener.close()


@pytest.fixture
def link(live_server):
    relay = Link(live_server.url)
    yield relay
    relay.close()


def network(context, link: Link, *, online: bool) -> None:
    """Cut or restore the connection, and tell the browser."""
    if online:
        link.restore()
        context.set_offline(False)
    else:
        context.set_offline(True)
        link.cut()


def status(page) -> str:
    return page.inner_text("#autosave-status")


def test_figures_typed_offline_survive_a_reload_and_reach_the_server(link):
    w = build()
    sub = w.school_submission(w)
    base = link.url
    typed = {"v_sessions": "4", "v_new_members": "12", "v_total_members": "85", "v_rate": "92,5"}
    with browser() as b:
        context, page = open_page(b, base, f"/bao-cao/{sub.pk}/")
        page.fill("#v_sessions", typed["v_sessions"])
        page.wait_for_function(STATE.format("saved"))
        assert "Đã gửi lên máy chủ lúc" in status(page)
        shots(page, "reports-form-online")

        network(context, link, online=False)
        for name in ("v_new_members", "v_total_members", "v_rate"):
            page.fill(f"#{name}", typed[name])
        page.fill(f"#v_{w.narrative.key}", "Đã tuyên truyền khi mất mạng.")
        page.wait_for_function(STATE.format("local"))
        assert "Đã lưu trên máy, chưa gửi" in status(page)
        page.wait_for_timeout(300)  # IndexedDB's write is committed

        page.reload()  # offline: the service worker answers with the page it kept
        page.wait_for_selector("#report-form")
        page.wait_for_function(STATE.format("local"))
        for name, value in typed.items():
            assert page.input_value(f"#{name}") == value, name
        assert page.input_value(f"#v_{w.narrative.key}") == "Đã tuyên truyền khi mất mạng."
        assert "Đã lưu trên máy, chưa gửi" in status(page)
        shots(page, "reports-form-offline")
        check_a11y(page, "report form offline", languages=False)
        page.wait_for_function(STATE.format("local"))
        assert SubmissionValue.objects.filter(submission=sub, key="total_members").count() == 0

        network(context, link, online=True)
        page.wait_for_function(STATE.format("saved"), timeout=40000)
        assert "Đã gửi lên máy chủ lúc" in status(page)
        context.close()
    stored = {f"v_{v.key}": v.raw for v in SubmissionValue.objects.filter(submission=sub)}
    assert {k: stored.get(k) for k in typed} == typed
    assert stored[f"v_{w.narrative.key}"] == "Đã tuyên truyền khi mất mạng."


def test_a_save_by_somebody_else_while_offline_is_shown_not_overwritten(link):
    w = build()
    sub = w.school_submission(w)
    base = link.url
    with browser() as b:
        context, page = open_page(b, base, f"/bao-cao/{sub.pk}/")
        network(context, link, online=False)
        page.fill("#v_sessions", "4")
        page.wait_for_function(STATE.format("local"))
        sub.refresh_from_db()
        # Meanwhile the commune officer enters the figure for the school.
        save_values(
            submission=sub,
            values={"sessions": "9"},
            lock_version=sub.lock_version,
            user=w.officer_minh,
            on_behalf=True,
        )
        network(context, link, online=True)
        page.wait_for_function(STATE.format("conflict"), timeout=40000)
        assert "Người khác vừa lưu báo cáo này" in status(page)
        shots(page, "reports-form-conflict")
        assert page.input_value("#v_sessions") == "4"  # what this user typed is still in the box
        page.reload()
        page.wait_for_function(STATE.format("conflict"))
        assert page.input_value("#v_sessions") == "4"  # and on the phone
        context.close()
    assert SubmissionValue.objects.get(submission=sub, key="sessions").raw == "9"


def test_self_assessment_typed_offline_survives_a_reload_and_reaches_the_server(link):
    _EvaluationWorld.setUpTestData()
    ev = _EvaluationWorld.school_ev
    crit = _EvaluationWorld.criteria(_EvaluationWorld)
    base = link.url
    with browser() as b:
        context, page = open_page(b, base, f"/danh-gia/phieu/{ev.pk}/", viewport=DESKTOP)
        network(context, link, online=False)
        page.fill(f"#points_{crit['1.1'].pk}", "35")
        page.fill(f"#evidence_{crit['1.2'].pk}", "Biên bản hội nghị số 3")
        page.fill("#self_note", "Nhập khi mất mạng")
        page.wait_for_function(STATE.format("local"))
        page.wait_for_timeout(300)
        page.reload()
        page.wait_for_function(STATE.format("local"))
        assert page.input_value(f"#points_{crit['1.1'].pk}") == "35"
        assert page.input_value("#self_note") == "Nhập khi mất mạng"
        shot(page, "evaluations-offline-desktop")
        network(context, link, online=True)
        page.wait_for_function(STATE.format("saved"), timeout=40000)
        context.close()
    ev = Evaluation.objects.get(pk=ev.pk)
    assert ev.self_note == "Nhập khi mất mạng"
    assert str(ev.scores.get(criterion__code="1.1").self_points) in ("35", "35.00", "35.0")
    assert ev.scores.get(criterion__code="1.2").evidence == "Biên bản hội nghị số 3"


def test_a_web_push_message_is_shown_with_its_title_text_and_link(live_server):
    w = build()
    sub = w.school_submission(w)
    base = live_server.url.replace("127.0.0.1", "localhost")
    with browser() as b:
        context, page = open_page(b, base, f"/bao-cao/{sub.pk}/")
        context.grant_permissions(["notifications"], origin=base)
        cdp = context.new_cdp_session(page)
        registrations: list[str] = []
        cdp.on(
            "ServiceWorker.workerRegistrationUpdated",
            lambda e: registrations.extend(
                r["registrationId"] for r in e["registrations"] if not r["isDeleted"]
            ),
        )
        cdp.send("ServiceWorker.enable")
        page.wait_for_timeout(500)
        assert registrations, "no service worker registration"
        payload = {"title": "Báo cáo bị trả lại", "body": "Hãy sửa số liệu.", "url": f"/bao-cao/{sub.pk}/"}
        cdp.send(
            "ServiceWorker.deliverPushMessage",
            {
                "origin": base,
                "registrationId": registrations[-1],
                "data": json.dumps(payload, ensure_ascii=False),
            },
        )
        shown = None
        for _ in range(50):  # the worker shows it asynchronously
            shown = page.evaluate(
                """() => navigator.serviceWorker.ready.then(r => r.getNotifications())
                     .then(ns => ns.map(n => [n.title, n.body, n.data.url]))"""
            )
            if shown:
                break
            page.wait_for_timeout(200)
        context.close()
    assert shown == [["Báo cáo bị trả lại", "Hãy sửa số liệu.", f"/bao-cao/{sub.pk}/"]]


def test_chromium_finds_the_site_installable(live_server, tmp_path):
    # Outside an incognito profile (Playwright's contexts are), as a phone's browser is.
    from playwright.sync_api import sync_playwright

    base = live_server.url.replace("127.0.0.1", "localhost")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, args=ARGS, headless=True
        )
        try:
            page = context.new_page()
            page.goto(f"{base}/ngoai-tuyen/")
            page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=20000)
            cdp = context.new_cdp_session(page)
            errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
            manifest = cdp.send("Page.getAppManifest")
        finally:
            context.close()
    assert errors == []
    assert manifest["errors"] == []
