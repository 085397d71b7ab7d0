"""Vietnamese unless the user picks English with the switch.

Many officers run an English-language browser or phone; Django would follow its Accept-Language header
and show English to people who never asked for it. Dropping the header leaves the language cookie (set by
the switch) and then LANGUAGE_CODE ("vi").
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class VietnameseFirstMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
