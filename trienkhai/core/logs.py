"""Logs for running it for real: one JSON object per line (LOG_FORMAT=json), each carrying the id of the
request it belongs to, and one access line per request (method, path, status, duration).

Standard library only. The request id comes from the proxy's X-Request-ID when it is a short safe token
(so one id follows a request through nginx and the app), else a fresh one; it goes back on the response.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

if TYPE_CHECKING:  # settings.py imports this module: nothing of Django at import time
    from django.http import HttpRequest, HttpResponse

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
access_log = logging.getLogger("trienkhai.request")

SAFE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# Query parameters whose values never reach a log line: a reset link's token, a password sent by mistake
# in a GET form, a concern's tracking code.
SECRET_PARAM = re.compile(r"pass|token|secret|key|code|sig|auth|session|csrf", re.IGNORECASE)
# The attributes every LogRecord has; anything else was passed with `extra=` and goes into the JSON.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "request_id"}


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record (put it on the handler: handler filters see the
    records of child loggers too)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request id, the `extra=`
    fields that JSON can hold, and the traceback of an exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id.get()),
        }
        for name, value in vars(record).items():
            if name not in _STANDARD and not name.startswith("_") and _is_plain(value):
                entry[name] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _is_plain(value: object) -> bool:
    return value is None or isinstance(value, str | int | float | bool | list | dict)


def safe_query(query_string: str) -> str:
    """The query string with the values of secret-looking parameters replaced by ***."""
    if not query_string:
        return ""
    pairs = parse_qsl(query_string, keep_blank_values=True)
    return "&".join(f"{k}={'***' if SECRET_PARAM.search(k) else v}" for k, v in pairs)


def safe_path(request: HttpRequest) -> str:
    """The path with secret-looking URL parts (a password-reset link's token) replaced by ***."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    for name, value in match.kwargs.items() if match else ():
        if SECRET_PARAM.search(name) and isinstance(value, str) and value:
            path = path.replace(value, "***")
    return path


class RequestIdMiddleware:
    """First in MIDDLEWARE: sets the request id for everything below, logs the access line, and returns
    the id in X-Request-ID."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        rid = given if SAFE_ID.fullmatch(given) else uuid.uuid4().hex
        request.request_id = rid  # type: ignore[attr-defined]
        # Not reset on the way out: Django logs "Not Found" and "Internal Server Error" after the middleware
        # chain has returned, and those lines belong to this request too. The next request sets its own.
        request_id.set(rid)
        started = time.monotonic()
        response = self.get_response(request)
        response["X-Request-ID"] = rid
        path = safe_path(request)
        access_log.info(
            "%s %s %s",
            request.method,
            path,
            response.status_code,
            extra={
                "method": request.method,
                "path": path,
                "query": safe_query(request.META.get("QUERY_STRING", "")),
                "status": response.status_code,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
            },
        )
        return response


def logging_config(*, fmt: str, level: str) -> dict[str, Any]:
    """The LOGGING setting. `fmt` "json": JSON lines on stderr for everything, the per-request access line
    included (in place of runserver's own); otherwise the human format `make run` has always had."""
    json_lines = fmt == "json"
    config: dict[str, Any] = {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "trienkhai.core.logs.RequestIdFilter"}},
        "formatters": {"json": {"()": "trienkhai.core.logs.JsonFormatter"}},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "filters": ["request_id"]},
            "null": {"class": "logging.NullHandler"},
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {},
    }
    if json_lines:
        config["handlers"]["console"]["formatter"] = "json"
        config["loggers"] = {
            "trienkhai.request": {"level": "INFO"},
            # runserver's own access lines repeat ours with the raw query string (a reset token, say): off.
            "django.server": {"handlers": ["null"], "propagate": False},
        }
    return config
