"""Leaving a view early for another page with a message, from inside the helpers a view calls.

A published plan's edit page, a report form that units already use: the user is sent back to the page
where the thing can be seen, with a sentence saying why, instead of a 404 as if it did not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


class Redirect(Exception):  # noqa: N818 - it is a control-flow signal, not an error
    def __init__(self, url: str, message: str = "", level: int = messages.WARNING) -> None:
        super().__init__(message)
        self.url, self.message, self.level = url, message, level


def redirects(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Turn a `Redirect` raised while the view runs into the redirect with its message."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Redirect as exc:
            if exc.message:
                messages.add_message(request, exc.level, exc.message)
            return redirect(exc.url)

    return wrapper
