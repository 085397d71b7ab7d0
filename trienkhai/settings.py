"""Settings come from environment variables, with safe defaults for local use."""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from trienkhai.core.logs import logging_config
from trienkhai.core.object_storage import file_storages

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
# A built-in key only with DEBUG on (a laptop, `make run`). With DEBUG off and no SECRET_KEY the key stays
# empty: Django refuses to sign anything with it, and trienkhai/wsgi.py refuses to start the app
# (core.startup.require_secret_key). Commands that sign nothing (parse, render, migrate) still run.
# The test suite sets its own key in tests/conftest.py.
SECRET_KEY = os.environ.get("SECRET_KEY", "") or ("local-dev-only-not-secret-trienkhai" if DEBUG else "")
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "django_filters",
    "simple_history",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "trienkhai.core",
    "trienkhai.orgs",
    "trienkhai.accounts",
    "trienkhai.documents",
    "trienkhai.plans",
    "trienkhai.reports",
    "trienkhai.issuing",
    # Daily union work above reports (their figures flow into reports through reports/sources.py). The
    # member register comes last: its demo step fills the report figures in from every register.
    "trienkhai.concerns",
    "trienkhai.legalaid",
    "trienkhai.agreements",
    "trienkhai.activities",
    "trienkhai.members",
    # Closing the year (issue 13), in the order their demo steps build.
    "trienkhai.inspections",
    "trienkhai.evaluations",
    "trienkhai.awards",
    "trienkhai.finance",
]

MIDDLEWARE = [
    # First: the request id is set for every log line below, and the access line times the whole request.
    "trienkhai.core.logs.RequestIdMiddleware",
    # Then the Prometheus request metrics (only with METRICS_ENABLED), timing everything below.
    "trienkhai.core.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "trienkhai.core.middleware.VietnameseFirstMiddleware",
    "trienkhai.core.middleware.DropNulMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The sessions page's last activity, refreshed at most once a minute (after auth, inside sessions).
    "trienkhai.accounts.middleware.SessionActivityMiddleware",
    # An account that must use a second factor and has none goes to its enrolment before anything else.
    "trienkhai.accounts.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into the Vietnamese lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "trienkhai.urls"
WSGI_APPLICATION = "trienkhai.wsgi.application"

# Widgets render through the project's templates, so templates/django/forms/widgets/ can give every file
# field the Vietnamese file picker (the browser's own file input speaks the browser's language).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{Path.cwd() / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
# SQLite (a laptop, a small install, the tests): several web workers and the task worker write to one file.
# WAL lets readers go on while one writes; IMMEDIATE takes the write lock when a transaction begins, where
# waiting and retrying is safe (nothing has been read or written yet), instead of failing with "database is
# locked" when a read transaction later tries to write; busy_timeout (= timeout) is how long SQLite retries.
SQLITE_BUSY_TIMEOUT_S = int(os.environ.get("SQLITE_BUSY_TIMEOUT", "20"))
SQLITE_OPTIONS = {
    "timeout": SQLITE_BUSY_TIMEOUT_S,
    "transaction_mode": "IMMEDIATE",
    "init_command": (
        f"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}"
    ),
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
# A read replica (docs/deploy.md, "When one PostgreSQL is not enough"): the results pages read from it when
# DATABASE_REPLICA_URL is set; every write and every other read stays on the primary (trienkhai/core/dbrouter.py).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60"))
    )
    # Tests never create a second database: the replica alias is the default one under another name.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
READ_REPLICA = bool(DATABASE_REPLICA_URL)
# The results pages read the stored subtree totals for the default view (as reported, approved) instead of
# computing them (issue 21, docs/decisions/0002-stored-totals.md), for each form whose totals are whole:
# made empty in the app, or filled by `trienkhai rebuild_totals` (run it once after upgrading), and no drift
# found since by the daily check. Set to false to compute every page from the reports.
RESULTS_STORED_TOTALS = env_bool("RESULTS_STORED_TOTALS", True)
DATABASE_ROUTERS = ["trienkhai.core.dbrouter.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First, as django-axes asks: it refuses a locked-out username+address before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one username from one address,
# that pair is locked for LOGIN_LOCKOUT_MINUTES, even with the right password. The count is kept whether or
# not the username exists, and the lockout page is the same for both.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "trienkhai.accounts.throttle.client_ip"
AXES_VERBOSE = False
# Second factor (TOTP, issue 23): accounts with a write role above the grassroots (and superusers) must enrol
# before anything else; everyone else may. Off only for the test suite and local experiments.
SECOND_FACTOR_REQUIRED = env_bool("SECOND_FACTOR_REQUIRED", True)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Triển khai")
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_HOURS", "24")) * 3600
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True
# Off: with it, Django prints ids in templates as "1.271" and forms posting them back break. Amounts are
# formatted explicitly with the |vnnum filter.
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["trienkhai.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", Path.cwd() / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", Path.cwd() / "media"))
MEDIA_URL = "/media/"
# Uploaded files on the local disk (MEDIA_ROOT), or, when MEDIA_STORAGE_URL is set
# (s3://bucket?endpoint_url=...&region=...; credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY), in an
# S3-compatible bucket shared by every app server (core/object_storage.py). "backups" is where backups are
# kept (the scheduled backups' second place, core/backup_runs.py): BACKUP_DIR on disk — put it on another
# disk — or backups/ beside media/ in the bucket.
MEDIA_STORAGE_URL = os.environ.get("MEDIA_STORAGE_URL", "").strip()
BACKUP_ROOT = Path(os.environ.get("BACKUP_DIR", Path.cwd() / "backups"))
STORAGES = {
    **file_storages(media_storage_url=MEDIA_STORAGE_URL, backup_root=BACKUP_ROOT),
    "staticfiles": {"BACKEND": "trienkhai.core.storage.StaticStorage"},
}

# Upload limits are settings so that a federation can raise them (bytes).
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
# Every upload (lib/uploads.py): what an Office file may really inflate to, in total and per member, and
# its inflated/compressed ratio per member; the pixels of an image, read from its header.
UPLOAD_MAX_INFLATED_BYTES = int(os.environ.get("UPLOAD_MAX_INFLATED_BYTES", str(150 * 1024 * 1024)))
UPLOAD_MAX_MEMBER_BYTES = int(os.environ.get("UPLOAD_MAX_MEMBER_BYTES", str(100 * 1024 * 1024)))
UPLOAD_MAX_RATIO = int(os.environ.get("UPLOAD_MAX_RATIO", "200"))
UPLOAD_MAX_PIXELS = int(os.environ.get("UPLOAD_MAX_PIXELS", "40000000"))
# Reading documents: pages of a PDF read by OCR (refused at upload beyond this), and the time one reading
# task may take (each tesseract run is bounded too).
OCR_MAX_PAGES = int(os.environ.get("OCR_MAX_PAGES", "50"))
OCR_TASK_SECONDS = int(os.environ.get("OCR_TASK_SECONDS", "600"))
# A running background job (an import, a reading) whose worker has not stamped its heartbeat for this long
# died with its worker and is failed (core.jobs). Longer than any step without a progress update: one
# tool run (120 s) or the write of a whole import in its one transaction.
JOB_STALE_SECONDS = int(os.environ.get("JOB_STALE_SECONDS", "300"))
# Report evidence (photos, minutes): allowed extensions and size.
REPORT_UPLOAD_EXTENSIONS = [
    e.strip()
    for e in os.environ.get("REPORT_UPLOAD_EXTENSIONS", ".jpg,.jpeg,.png,.pdf,.doc,.docx,.xls,.xlsx").split(
        ","
    )
]
REPORT_UPLOAD_MAX_BYTES = int(os.environ.get("REPORT_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
# Day of the month reporting figures are counted to ("ngày chốt số liệu"); the next day opens the next
# period. Default 14 after Decree 09/2019/NĐ-CP Art. 12 (yearly: 15/12 of the year before to 14/12), which TLĐ
# practice follows; no union text fixing it was found. 1..27. A deadline may not fall before it.
REPORT_CLOSING_DAY = int(os.environ.get("REPORT_CLOSING_DAY", "14"))
if not 1 <= REPORT_CLOSING_DAY <= 27:
    raise ValueError("REPORT_CLOSING_DAY must be 1..27")
# Days before a deadline on which "còn N ngày" reminders go out; overdue reminders go out daily.
REPORT_REMINDER_DAYS = [
    int(d) for d in os.environ.get("REPORT_REMINDER_DAYS", "7,3,1").split(",") if d.strip()
]
# A report import's checked rows wait this many hours for the user to confirm (then: upload again).
REPORT_IMPORT_CHECK_HOURS = int(os.environ.get("REPORT_IMPORT_CHECK_HOURS", "24"))
# Daily union work. The member import: largest file, inflated size and rows (Decree 13/2023 data: the
# uploaded file is deleted once imported or refused).
MEMBER_IMPORT_MAX_BYTES = int(os.environ.get("MEMBER_IMPORT_MAX_BYTES", str(UPLOAD_MAX_BYTES)))
MEMBER_IMPORT_MAX_ROWS = int(os.environ.get("MEMBER_IMPORT_MAX_ROWS", "100000"))
# Excel exports with more rows than this are built on the task worker (progress, then a download link).
EXPORT_SYNC_MAX_ROWS = int(os.environ.get("EXPORT_SYNC_MAX_ROWS", "5000"))
EXPORT_KEEP_DAYS = int(os.environ.get("EXPORT_KEEP_DAYS", "7"))  # then the built file is deleted
# Reading the member register (Decree 13/2023): pages of personal data (register pages, member records) one
# user may open per minute, past which a 429 page asks them to wait; a user who reads more records than
# MEMBER_BULK_READ_RECORDS in an hour is reported to the chair of the unit read (once an hour).
MEMBER_PAGES_PER_MINUTE = int(os.environ.get("MEMBER_PAGES_PER_MINUTE", "20"))
MEMBER_BULK_READ_RECORDS = int(os.environ.get("MEMBER_BULK_READ_RECORDS", "500"))
# Years after leaving the union after which a member's name, phone and card number are erased by the daily
# job (the row stays with its unit, dates and status, so the counts of the past do not change). Neither
# Decree 13/2023/NĐ-CP nor the Luật Bảo vệ dữ liệu cá nhân 2025 fixes a period for union registers: the
# default of 5 years is the federation's choice, not taken from a legal text. 0 turns erasure off.
MEMBER_RETENTION_YEARS = int(os.environ.get("MEMBER_RETENTION_YEARS", "5"))
# Founding a CĐCS needs at least this many founding members (Luật Công đoàn 2024: 5).
FOUNDING_MIN_MEMBERS = int(os.environ.get("FOUNDING_MIN_MEMBERS", "5"))
# The public concern form: sends per sender address and per CĐCS per hour, code lookups per address per hour.
CONCERN_LIMIT_PER_SENDER_HOUR = int(os.environ.get("CONCERN_LIMIT_PER_SENDER_HOUR", "5"))
CONCERN_LIMIT_PER_UNIT_HOUR = int(os.environ.get("CONCERN_LIMIT_PER_UNIT_HOUR", "60"))
CONCERN_LOOKUPS_PER_SENDER_HOUR = int(os.environ.get("CONCERN_LOOKUPS_PER_SENDER_HOUR", "30"))
# Collective agreements (Bộ luật Lao động 2019). Art. 78(3): a term "từ 01 năm đến 03 năm" (in months here).
# Public holidays for the working-day clocks (core/holidays.py lists the defaults with their articles):
# ISO dates, comma-separated, added to or taken from them; the year's Tết days come from the Prime Minister.
PUBLIC_HOLIDAYS = [d for d in os.environ.get("PUBLIC_HOLIDAYS", "").split(",") if d.strip()]
PUBLIC_HOLIDAYS_REMOVED = [d for d in os.environ.get("PUBLIC_HOLIDAYS_REMOVED", "").split(",") if d.strip()]
AGREEMENT_MIN_TERM_MONTHS = int(os.environ.get("AGREEMENT_MIN_TERM_MONTHS", "12"))
AGREEMENT_MAX_TERM_MONTHS = int(os.environ.get("AGREEMENT_MAX_TERM_MONTHS", "36"))
# Art. 77: the employer sends a copy to the provincial labour authority within 10 days of signing.
AGREEMENT_FILING_DAYS = int(os.environ.get("AGREEMENT_FILING_DAYS", "10"))
# Art. 76(1): an enterprise agreement is signed only when more than 50% of the workers vote in favour.
AGREEMENT_ADOPTION_PERCENT = int(os.environ.get("AGREEMENT_ADOPTION_PERCENT", "50"))
# Art. 83: an extension is negotiated within 90 days before expiry; an expired agreement stays applied for at
# most 90 days while bargaining goes on (unless the parties agree otherwise). See agreements/rules.py.
AGREEMENT_EXTENSION_WINDOW_DAYS = int(os.environ.get("AGREEMENT_EXTENSION_WINDOW_DAYS", "90"))
AGREEMENT_CARRY_OVER_DAYS = int(os.environ.get("AGREEMENT_CARRY_OVER_DAYS", "90"))
# Days before a collective agreement expires on which its union and the union above are reminded.
AGREEMENT_REMINDER_DAYS = [
    int(d) for d in os.environ.get("AGREEMENT_REMINDER_DAYS", "90,30,7").split(",") if d.strip()
]
# Activity photos and legal-aid documents: size per file, photos per activity.
ACTIVITY_PHOTO_MAX_BYTES = int(os.environ.get("ACTIVITY_PHOTO_MAX_BYTES", str(8 * 1024 * 1024)))
ACTIVITY_MAX_PHOTOS = int(os.environ.get("ACTIVITY_MAX_PHOTOS", "12"))
LEGALAID_UPLOAD_MAX_BYTES = int(os.environ.get("LEGALAID_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
# Absolute address of the site, for links in e-mails (e.g. https://trienkhai.ldld.vn).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "trienkhai@localhost")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))

# Notification channels (core/channels, core/delivery.py; issue 24). A channel is offered once configured.
# Each delivery is tried DELIVERY_MAX_ATTEMPTS times against an outage, waiting DELIVERY_BACKOFF_SECONDS,
# then twice that, and so on (or the provider's Retry-After); then the user's next channel takes over.
DELIVERY_MAX_ATTEMPTS = int(os.environ.get("DELIVERY_MAX_ATTEMPTS", "4"))
DELIVERY_BACKOFF_SECONDS = float(os.environ.get("DELIVERY_BACKOFF_SECONDS", "60"))
DELIVERY_TIMEOUT = float(os.environ.get("DELIVERY_TIMEOUT", "10"))  # seconds per provider request
# Zalo ZNS through the federation's Official Account: app id and secret key, the first refresh token (later
# ones are kept in the database: each works once), the templates registered per kind of notification
# ("deadline=123,returned=456,verify_phone=789,default=790"), and the API addresses (the fakes in tests).
ZALO_APP_ID = os.environ.get("ZALO_APP_ID", "")
ZALO_SECRET_KEY = os.environ.get("ZALO_SECRET_KEY", "")
ZALO_REFRESH_TOKEN = os.environ.get("ZALO_REFRESH_TOKEN", "")
ZALO_ZNS_TEMPLATES = os.environ.get("ZALO_ZNS_TEMPLATES", "")
ZALO_OAUTH_URL = os.environ.get("ZALO_OAUTH_URL", "https://oauth.zaloapp.com/v4/oa/access_token")
ZALO_ZNS_URL = os.environ.get("ZALO_ZNS_URL", "https://business.openapi.zalo.me/message/template")
# SMS through a brand-name gateway over HTTP, configured field by field (core/channels/sms.py).
SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
SMS_GATEWAY_METHOD = os.environ.get("SMS_GATEWAY_METHOD", "POST").upper()
SMS_GATEWAY_FORMAT = os.environ.get("SMS_GATEWAY_FORMAT", "json").lower()  # json | form
SMS_GATEWAY_HEADERS = [
    (name.strip(), value.strip())
    for name, _sep, value in (h.partition(":") for h in os.environ.get("SMS_GATEWAY_HEADERS", "").split(";"))
    if name.strip()
]
SMS_FIELD_PHONE = os.environ.get("SMS_FIELD_PHONE", "phone")
SMS_FIELD_TEXT = os.environ.get("SMS_FIELD_TEXT", "message")
SMS_FIELD_SENDER = os.environ.get("SMS_FIELD_SENDER", "brandname")
SMS_FIELD_ID = os.environ.get("SMS_FIELD_ID", "id")  # the message id in the gateway's JSON answer
SMS_SENDER = os.environ.get("SMS_SENDER", "")
SMS_PHONE_PREFIX = os.environ.get("SMS_PHONE_PREFIX", "84")  # 84 (84912…) or 0 (0912…)
SMS_ASCII = env_bool("SMS_ASCII", True)  # Vietnamese without diacritics, one 160-character segment
SMS_INVALID_NUMBER_STATUS = [
    int(s) for s in os.environ.get("SMS_INVALID_NUMBER_STATUS", "422").split(",") if s.strip()
]
# Web push (VAPID): the key pair (base64url, as `vapid --gen` or py_vapid prints them) and the contact.
VAPID_PUBLIC_KEY = os.environ.get("VAPID_PUBLIC_KEY", "")
VAPID_PRIVATE_KEY = os.environ.get("VAPID_PRIVATE_KEY", "")
VAPID_SUBJECT = os.environ.get("VAPID_SUBJECT", "mailto:trienkhai@localhost")
# Push endpoints must be HTTPS; host:port pairs listed here may be plain HTTP (the local fake push service).
WEBPUSH_INSECURE_HOSTS = [h for h in os.environ.get("WEBPUSH_INSECURE_HOSTS", "").split(",") if h]
# Verifying a phone number: the code's lifetime and the wrong tries allowed.
PHONE_CODE_MINUTES = int(os.environ.get("PHONE_CODE_MINUTES", "10"))
PHONE_CODE_TRIES = int(os.environ.get("PHONE_CODE_TRIES", "5"))
EMAIL_VERIFY_DAYS = int(os.environ.get("EMAIL_VERIFY_DAYS", "3"))

# Two queues: "default" for short jobs (imports, reminders, PDF conversion), "slow" for reading documents
# (OCR, up to OCR_TASK_SECONDS each); `make run` starts one worker per queue so short jobs never wait.
TASK_QUEUES = ["default", "slow"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}}
# /readyz: each queue's worker must have beaten (core.tasks.worker_heartbeat, every minute) within this many
# seconds (the slow queue's worker gets OCR_TASK_SECONDS more: it beats between readings), and the disk
# under MEDIA_ROOT must have this many bytes free.
READY_WORKER_MAX_AGE_SECONDS = int(os.environ.get("READY_WORKER_MAX_AGE_SECONDS", "300"))
# Scheduled backups (core/backup_runs.py) on the task worker: every night at BACKUP_AT (local time) into
# STORAGES["backups"]; every archive of the last BACKUP_KEEP_DAILY_DAYS days is kept, then the newest of each
# week up to BACKUP_KEEP_WEEKLY_DAYS days. On BACKUP_DRILL_WEEKDAY (0 = Monday … 6 = Sunday) the newest
# archive is restored into a scratch database to prove it opens. Administrators are warned on their home page
# when the last good backup is older than BACKUP_WARN_HOURS. BACKUP_SCHEDULE=off leaves scheduling to cron.
BACKUP_SCHEDULE = env_bool("BACKUP_SCHEDULE", True)
BACKUP_AT = dt.time.fromisoformat(os.environ.get("BACKUP_AT", "02:00"))
BACKUP_KEEP_DAILY_DAYS = int(os.environ.get("BACKUP_KEEP_DAILY_DAYS", "7"))
BACKUP_KEEP_WEEKLY_DAYS = int(os.environ.get("BACKUP_KEEP_WEEKLY_DAYS", "31"))
BACKUP_DRILL_WEEKDAY = int(os.environ.get("BACKUP_DRILL_WEEKDAY", "6"))
BACKUP_WARN_HOURS = int(os.environ.get("BACKUP_WARN_HOURS", "36"))
READY_MIN_FREE_BYTES = int(os.environ.get("READY_MIN_FREE_BYTES", str(1024**3)))

# Prometheus metrics at /metrics (core/metrics.py), off by default. With METRICS_TOKEN set, a scrape must send
# "Authorization: Bearer <token>"; without one, only a request from the machine itself that did not come
# through the proxy (no X-Forwarded-For) is answered. Everyone else gets 404. Several gunicorn processes:
# set PROMETHEUS_MULTIPROC_DIR (an empty folder, emptied at each start) so their counts add up. The figures
# read from the database are cached METRICS_DB_CACHE_SECONDS.
METRICS_ENABLED = env_bool("METRICS_ENABLED", False)
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
METRICS_DB_CACHE_SECONDS = int(os.environ.get("METRICS_DB_CACHE_SECONDS", "30"))

# HTTPS. Off by default so that http://127.0.0.1:8000 works; the production values are in README (Deploying).
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# The proxy and the monitor probe the app over plain HTTP on 127.0.0.1: a redirect would read as down.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Only behind a proxy that terminates TLS and sets X-Forwarded-Proto (and X-Forwarded-For) itself: trusting the
# header without one would let any client claim HTTPS.
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # HTMX sends the token from the page (hx-headers), never from the cookie
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "trienkhai.core.views.csrf_failure"

# Content-Security-Policy (django-csp): everything from this site; no inline script except one carrying the
# request's nonce ({{ request.csp_nonce }}), no eval. Bootstrap draws icons as data: SVG images. Inline style
# attributes stay allowed (Bootstrap and Chart.js set styles), <style> elements do not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # The phone app: its service worker (/sw.js) and manifest, both from this site.
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# LOG_FORMAT=json: one JSON object per line with the request id (core/logs.py), and an access line per
# request; the default stays the plain lines of `make run`.
LOGGING = logging_config(
    fmt=os.environ.get("LOG_FORMAT", "text").strip().lower(), level=os.environ.get("LOG_LEVEL", "WARNING")
)
