"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright; never a downloaded browser.

`shot()` writes screenshots to the ignored `build/screenshots/` (`make screenshots` copies the README's
pictures into `docs/screenshots/`). `check_a11y()` runs axe-core (vendored in `tests/vendor/`) over the
page as it stands, at desktop and phone width and in both languages, and fails on any serious or
critical WCAG 2.1 A/AA violation, naming the page and the rule; at 390 px no table may be wider than the
screen."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from .conftest import require

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "build" / "screenshots"
AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
LANGUAGE_COOKIE = "django_language"

# WCAG 2.0 and 2.1, levels A and AA, plus axe's best practices (landmark-unique, empty-table-header...).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
FAILING_IMPACTS = ("serious", "critical")


@contextlib.contextmanager
def browser():
    require(Path(CHROMIUM).exists() or bool(shutil.which(CHROMIUM)), f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield _AxeBrowser(b)
        finally:
            b.close()


class _AxeBrowser:
    """The browser, whose pages carry axe-core from their first script on. It is added as an init script
    (the DevTools way), which the page's Content-Security-Policy does not apply to; a <script> tag with
    the source inline would be refused by it, as it should be."""

    def __init__(self, browser) -> None:
        self._browser = browser

    def new_page(self, **kwargs):
        page = self._browser.new_page(**kwargs)
        page.add_init_script(script=AXE_JS.read_text(encoding="utf-8"))
        return page

    def new_context(self, **kwargs):
        # Its pages too, so that check_a11y never has to reload one to give it axe: a reload would lose
        # what the page holds (a test's offline state among it).
        context = self._browser.new_context(**kwargs)
        context.add_init_script(script=AXE_JS.read_text(encoding="utf-8"))
        return context

    def __getattr__(self, name: str):
        return getattr(self._browser, name)


def login(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/tai-khoan/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/")


def shot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def settle(page) -> None:
    """Two animation frames: layout and the resize/DOM handlers of app.js have run."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def axe_violations(page) -> list[dict]:
    """Every axe violation (any impact) of the page as it stands: [{id, impact, help, targets}]."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # A page opened without _AxeBrowser: give it axe the same way, from the next load on.
        page.add_init_script(script=AXE_JS.read_text(encoding="utf-8"))
        page.reload()
    found = page.evaluate(
        """(tags) => axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
            .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                              targets: v.nodes.map(n => n.target.join(" "))})))""",
        AXE_TAGS,
    )
    return found


def _failures(page, label: str) -> list[str]:
    lines = []
    for v in axe_violations(page):
        if v["impact"] in FAILING_IMPACTS:
            targets = ", ".join(v["targets"][:5]) + (" …" if len(v["targets"]) > 5 else "")
            lines.append(f"{label}: {v['id']} ({v['impact']}) ×{len(v['targets'])}: {v['help']} — {targets}")
    return lines


TABLES_WIDER_THAN_SCREEN = """() => [...document.querySelectorAll("table")]
    .filter(t => t.offsetParent !== null)
    .filter(t => t.getBoundingClientRect().right > document.documentElement.clientWidth + 1
                 || t.parentElement.scrollWidth > t.parentElement.clientWidth + 1)
    .map(t => t.id || t.className)"""


def tables_wider_than_screen(page) -> list[str]:
    """Tables that do not fit the viewport (cut off, or scrolling sideways): none may on a phone."""
    return page.evaluate(TABLES_WIDER_THAN_SCREEN)


def check_a11y(page, name: str, *, languages: bool = True, restore: bool = True) -> None:
    """Fail on any serious or critical axe violation of the page, at 1366 px and at 390 px, in the
    page's language and (with `languages`, for a page reached by GET) in the other one as well; and on
    any table that does not fit the screen at 390 px. The failure names the page, the width, the
    language and each rule.

    The other language is set the way the navbar switch sets it (the language cookie) and the page is
    reloaded; then the original language is set again and, with `restore`, the page reloaded, so a test
    goes on where it was. Pass languages=False for a page that is the answer to a POST."""
    original = page.viewport_size
    failures: list[str] = []

    def both_widths() -> None:
        lang = page.evaluate("() => document.documentElement.lang")
        for size in (DESKTOP, PHONE):
            page.set_viewport_size(size)
            settle(page)
            label = f"{name} [{size['width']} px, {lang}] {page.url}"
            failures.extend(_failures(page, label))
            if size is PHONE:
                failures.extend(
                    f"{label}: table wider than the screen: {t}" for t in tables_wider_than_screen(page)
                )
        page.set_viewport_size(original)
        settle(page)

    def set_language(value: str) -> None:
        host = urlsplit(page.url).hostname
        page.context.add_cookies([{"name": LANGUAGE_COOKIE, "value": value, "domain": host, "path": "/"}])

    both_widths()
    if languages:
        lang = page.evaluate("() => document.documentElement.lang")
        set_language("en" if lang == "vi" else "vi")
        page.reload()
        page.wait_for_load_state("networkidle")
        assert page.evaluate("() => document.documentElement.lang") != lang, "the language did not switch"
        both_widths()
        set_language(lang)
        if restore:
            page.reload()
            page.wait_for_load_state("networkidle")
    assert not failures, "axe found serious or critical violations:\n" + "\n".join(failures)
