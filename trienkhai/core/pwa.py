"""The phone app (PWA, issue 24): the web app manifest, the service worker served from the site root (so its
scope is the whole site) and the page a phone shows when it is offline on a page it never kept.

A page that works offline says so with `@offline_ready`: the service worker keeps the last copy of such a
page it fetched (the report form, the self-assessment) and serves it when the network is gone; every
other page is always fetched from the server."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

OFFLINE_HEADER = "X-Offline-Ready"
THEME_COLOR = "#0b5ed7"

# What every page needs to draw itself (base.html) and what the offline forms run: kept by the service
# worker when it installs, so a page it kept opens complete without the network.
SHELL = [
    "vendor/be-vietnam-pro/be-vietnam-pro.css",
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap-icons/bootstrap-icons.min.css",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
    "css/app.css",
    "vendor/htmx/htmx.min.js",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "js/vn-date.js",
    "js/app.js",
    "js/file-picker.js",
    "js/pwa.js",
    "js/offline-form.js",
    "js/report-form.js",
    "js/report-sources.js",
    "pwa/icon-192.png",
] + [
    f"vendor/be-vietnam-pro/files/be-vietnam-pro-{subset}-{weight}-normal.woff2"
    for subset in ("vietnamese", "latin", "latin-ext")
    for weight in (400, 500, 600, 700)
]


def offline_ready(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a page the service worker may keep for offline use (only its successful GET answers)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if request.method == "GET" and response.status_code == 200:
            response[OFFLINE_HEADER] = "1"
        return response

    return wrapped


@require_safe
def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest: what the phone shows when the site is added to its home screen."""

    def icon(name: str, size: int, purpose: str = "any") -> dict[str, str]:
        return {
            "src": staticfiles_storage.url(f"pwa/{name}"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": purpose,
        }

    data = {
        "id": "/",
        "name": _("Triển khai"),
        "short_name": _("Triển khai"),
        "description": _("Kế hoạch, báo cáo và đánh giá của tổ chức công đoàn"),
        "lang": "vi",
        "dir": "ltr",
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOR,
        "icons": [
            icon("icon-192.png", 192),
            icon("icon-512.png", 512),
            icon("icon-maskable-512.png", 512, "maskable"),
        ],
    }
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1),
        content_type="application/manifest+json; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    return response


@never_cache
@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker. Never cached by the browser (each visit checks for a new one), and its cache
    name follows the static files it keeps, so a release with new files replaces the old copies."""
    shell = [staticfiles_storage.url(name) for name in SHELL]
    offline_url = reverse("offline")
    version = hashlib.sha256("\n".join([*shell, offline_url]).encode()).hexdigest()[:12]
    body = render_to_string(
        "core/sw.js",
        {
            "config": json.dumps(
                {
                    "version": version,
                    "shell": shell,
                    "offline": offline_url,
                    "login": reverse("login"),
                    "header": OFFLINE_HEADER,
                    "icon": staticfiles_storage.url("pwa/icon-192.png"),
                    "title": _("Triển khai"),
                },
                ensure_ascii=False,
            )
        },
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    """What the phone shows, offline, for a page it never kept."""
    return render(request, "core/offline.html")
