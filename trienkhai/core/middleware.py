"""Vietnamese unless the user picks English with the switch.

Many officers run an English-language browser or phone; Django would follow its Accept-Language header
and show English to people who never asked for it. Dropping the header leaves the language cookie (set by
the switch) and then LANGUAGE_CODE ("vi").
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict


class VietnameseFirstMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class DropNulMiddleware:
    """Remove NUL characters from query strings and form posts.

    No text a person types contains U+0000, and PostgreSQL refuses to store or even compare it: a search
    for "a%00" or a report value with a NUL would end in a server error and lose what was typed. Dropping
    the character keeps everything else the user sent.
    """

    FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.META.get("QUERY_STRING", "") or "%00" in request.META.get("QUERY_STRING", ""):
            # The stubs type GET as immutable; `_clean` returns an immutable QueryDict too (`_mutable` off).
            request.GET = self._clean(request.GET)  # type: ignore[assignment]
        if request.method == "POST" and request.content_type in self.FORM_TYPES:
            request.POST = self._clean(request.POST)  # type: ignore[assignment]  # as GET above
        return self.get_response(request)

    @staticmethod
    def _clean(data: QueryDict) -> QueryDict:
        if not any("\x00" in v for values in data.lists() for v in [values[0], *values[1]]):
            return data
        clean = QueryDict(mutable=True)
        for key, values in data.lists():
            clean.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
        clean._mutable = False
        return clean
