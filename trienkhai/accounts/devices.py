"""A device in a few Vietnamese words from its User-Agent: "Chrome trên Windows", "Cốc Cốc trên Android".

Only what a person recognises on their own sessions page; not a full User-Agent parser.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

# First match wins: Edge, Opera, Cốc Cốc and Samsung's browser also say "Chrome", Chrome also says "Safari".
BROWSERS = (
    (("coc_coc_browser",), "Cốc Cốc"),
    (("Edg/", "EdgA/", "EdgiOS/"), "Edge"),
    (("OPR/", "Opera"), "Opera"),
    (("SamsungBrowser/",), "Samsung Internet"),
    (("Zalo",), "Zalo"),
    (("Firefox/", "FxiOS/"), "Firefox"),
    (("Chrome/", "CriOS/", "Chromium/"), "Chrome"),
    (("Safari/",), "Safari"),
)
# iPhones say "like Mac OS X" and Android says "Linux": those come first.
SYSTEMS = (
    (("iPhone",), "iPhone"),
    (("iPad",), "iPad"),
    (("Android",), "Android"),
    (("Windows",), "Windows"),
    (("CrOS",), "ChromeOS"),
    (("Macintosh", "Mac OS X"), "macOS"),
    (("Linux",), "Linux"),
)


def _first(user_agent: str, table: tuple[tuple[tuple[str, ...], str], ...]) -> str | None:
    for marks, name in table:
        if any(mark in user_agent for mark in marks):
            return name
    return None


def describe_device(user_agent: str) -> str:
    browser, system = _first(user_agent, BROWSERS), _first(user_agent, SYSTEMS)
    if browser and system:
        return _("%(browser)s trên %(system)s") % {"browser": browser, "system": system}
    if browser:
        return browser
    if system:
        return _("Trình duyệt trên %(system)s") % {"system": system}
    return _("Thiết bị không rõ")


def is_phone(user_agent: str) -> bool:
    return _first(user_agent, SYSTEMS) in {"iPhone", "Android"}
