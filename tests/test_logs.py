"""LOG_FORMAT=json: one JSON object per line, each with the request's id; the access line of a request
holds its method, path, status and duration, and never the value of a secret query parameter."""

from __future__ import annotations

import io
import json
import logging
import logging.config

from django.test import SimpleTestCase, TestCase

from trienkhai.core.logs import JsonFormatter, RequestIdFilter, logging_config


class CapturedJsonLogs:
    """A JSON handler on the root logger for one test, with the access logger let through at INFO."""

    def setUp(self) -> None:
        super().setUp()  # type: ignore[misc]
        self.stream = io.StringIO()
        self.handler = logging.StreamHandler(self.stream)
        self.handler.setFormatter(JsonFormatter())
        self.handler.addFilter(RequestIdFilter())
        root = logging.getLogger()
        root.addHandler(self.handler)
        access = logging.getLogger("trienkhai.request")
        self.old_level = access.level
        access.setLevel(logging.INFO)

    def tearDown(self) -> None:
        logging.getLogger().removeHandler(self.handler)
        logging.getLogger("trienkhai.request").setLevel(self.old_level)
        super().tearDown()  # type: ignore[misc]

    def lines(self) -> list[dict]:
        return [json.loads(line) for line in self.stream.getvalue().splitlines()]

    def access_lines(self) -> list[dict]:
        return [line for line in self.lines() if line["logger"] == "trienkhai.request"]


class RequestLogTests(CapturedJsonLogs, TestCase):
    def test_access_line_is_json_with_request_id_method_path_status_and_duration(self):
        response = self.client.get("/healthz", headers={"x-request-id": "nginx-4f2a.01"})
        self.assertEqual(response["X-Request-ID"], "nginx-4f2a.01")
        (line,) = self.access_lines()
        self.assertEqual(line["request_id"], "nginx-4f2a.01")
        self.assertEqual((line["method"], line["path"], line["status"]), ("GET", "/healthz", 200))
        self.assertIsInstance(line["duration_ms"], float)
        self.assertEqual(line["level"], "INFO")

    def test_secret_query_values_never_reach_the_log(self):
        self.client.get("/healthz?password=Hunter2x&token=tok-999&reset_key=k-777&trang=2")
        text = self.stream.getvalue()
        for secret in ("Hunter2x", "tok-999", "k-777"):
            self.assertNotIn(secret, text)
        (line,) = self.access_lines()
        self.assertEqual(line["query"], "password=***&token=***&reset_key=***&trang=2")

    def test_password_reset_token_in_the_path_never_reaches_the_access_line(self):
        self.client.get("/tai-khoan/dat-lai-mat-khau/MQ/cb1-0123456789abcdef/")
        (line,) = self.access_lines()
        self.assertEqual(line["path"], "/tai-khoan/dat-lai-mat-khau/MQ/***/")
        self.assertNotIn("0123456789abcdef", line["message"])

    def test_unsafe_request_id_from_the_client_is_replaced(self):
        for given in ('x"}{"level":"CRITICAL', "a" * 65, "có dấu"):
            response = self.client.get("/healthz", headers={"x-request-id": given})
            self.assertRegex(response["X-Request-ID"], r"^[0-9a-f]{32}$")
        self.assertNotIn("CRITICAL", {line["level"] for line in self.lines()})

    def test_a_request_without_an_id_gets_a_fresh_one_per_request(self):
        first = self.client.get("/healthz")["X-Request-ID"]
        second = self.client.get("/healthz")["X-Request-ID"]
        self.assertNotEqual(first, second)

    def test_django_not_found_line_carries_the_same_request_id(self):
        response = self.client.get("/khong-co-trang-nay/", headers={"x-request-id": "req-404"})
        self.assertEqual(response.status_code, 404)
        django_lines = [line for line in self.lines() if line["logger"] == "django.request"]
        self.assertTrue(django_lines)
        self.assertEqual({line["request_id"] for line in django_lines}, {"req-404"})
        self.assertEqual(self.access_lines()[0]["status"], 404)


class LoggingConfigTests(SimpleTestCase):
    def test_json_format_puts_every_line_through_the_json_formatter_with_the_request_id(self):
        config = logging_config(fmt="json", level="WARNING")
        self.assertEqual(config["handlers"]["console"]["formatter"], "json")
        self.assertEqual(config["handlers"]["console"]["filters"], ["request_id"])
        self.assertEqual(config["loggers"]["trienkhai.request"]["level"], "INFO")

    def test_default_format_stays_plain_text(self):
        config = logging_config(fmt="text", level="WARNING")
        self.assertNotIn("formatter", config["handlers"]["console"])
        self.assertNotIn("trienkhai.request", config["loggers"])

    def test_json_config_loads_and_writes_one_object_per_line(self):
        config = logging_config(fmt="json", level="INFO")
        stream = io.StringIO()
        config["handlers"]["console"]["stream"] = stream
        touched = [logging.getLogger(name) for name in ("", "trienkhai.request", "django.server")]
        saved = [(lg, lg.handlers[:], lg.level, lg.propagate) for lg in touched]
        try:
            logging.config.dictConfig(config)
            logging.getLogger("trienkhai.test_logs").warning("Đã nhập %d dòng\nhai dòng", 3)
            logging.getLogger("django.server").error('"GET /dat-lai?token=tok-123 HTTP/1.1" 500 12')
        finally:
            for lg, handlers, level, propagate in saved:
                lg.handlers[:] = handlers
                lg.setLevel(level)
                lg.propagate = propagate
        (line,) = stream.getvalue().splitlines()  # runserver's line, raw query and all, is not written
        self.assertEqual(json.loads(line)["message"], "Đã nhập 3 dòng\nhai dòng")
