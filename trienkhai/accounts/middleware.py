"""Keeps the sessions page's "last activity" current (accounts.sessions.touch)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .sessions import touch


class SessionActivityMiddleware:
    """After AuthenticationMiddleware. Works on the way out, before SessionMiddleware saves the session."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        touch(request)
        return response
