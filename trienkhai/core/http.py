"""The request type of views behind login.

`login_required` (and the login-required middleware) guarantee that `request.user` is a signed-in `User`,
but Django types it `User | AnonymousUser`; passing it to a workflow function that needs a `User` would
then need a cast at every call. Views behind login annotate their request with `AuthedRequest` instead
(the pattern django-stubs recommends), so the type says what the decorator already ensures."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class AuthedRequest(HttpRequest):
    """An `HttpRequest` whose `user` is a signed-in `User` (views behind `login_required` only)."""

    user: User
    htmx: HtmxDetails  # set on every request by django-htmx's middleware
