"""Keeps the sessions page's "last activity" current (accounts.sessions.touch), and sends an account that
must use a second factor to its enrolment first."""

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .contrib import second_factor_required
from .sessions import touch
from .twofactor import REQUIRED_OK_KEY, has_second_factor


class SessionActivityMiddleware:
    """After AuthenticationMiddleware. Works on the way out, before SessionMiddleware saves the session."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        touch(request)
        return response


# Pages an account that must enrol may still open: the enrolment itself, logging out, the language switch,
# and the probes of the proxy and the monitoring.
ENROLMENT_OPEN = frozenset(
    {"second_factor_enrol", "second_factor", "logout", "login", "login_code", "set_language"}
    | {"healthz", "readyz", "metrics"}
)
RECHECK_SECONDS = 300


class SecondFactorRequiredMiddleware:
    """An account that must use a second factor (accounts.contrib) and has none is sent to the enrolment
    page before anything else. The answer is kept in the session for five minutes, so a page costs no extra
    query; a role given meanwhile is caught at the next check. SECOND_FACTOR_REQUIRED=False turns it off."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if not settings.SECOND_FACTOR_REQUIRED or not request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match is None or match.url_name in ENROLMENT_OPEN:
            return None
        now = time.time()
        if request.session.get(REQUIRED_OK_KEY, 0) > now:
            return None
        if has_second_factor(request.user) or not second_factor_required(request.user):
            request.session[REQUIRED_OK_KEY] = int(now) + RECHECK_SECONDS
            return None
        return redirect("second_factor_enrol")
