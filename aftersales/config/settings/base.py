"""Settings shared by every mode. Environment variables decide the database, the scheduler and secrets."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parents[3]
VAR_DIR = Path(os.environ.get("AFTERSALES_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """Read SECRET_KEY from the environment, else from var/secret_key (created once)."""
    if key := os.environ.get("AFTERSALES_SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        import secrets

        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("AFTERSALES_DEBUG", "") == "1"
ALLOWED_HOSTS = [
    h for h in os.environ.get("AFTERSALES_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("AFTERSALES_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_htmx",
    "simple_history",
    "axes",  # login lockout per username (aftersales.config.settings.security)
    "django_ratelimit",  # its checks refuse a cache that is not shared or not atomic
    "aftersales.core",
    "aftersales.accounts",
    "aftersales.customers",
    "aftersales.assets",
    "aftersales.sla",
    "aftersales.network",
    "aftersales.tickets",
    "aftersales.dispatch",
    "aftersales.parts",
    "aftersales.warranty",
    "aftersales.plans",
    "aftersales.followups",
    "aftersales.complaints",
    "aftersales.inspections",
    "aftersales.vehicles",
    "aftersales.bulletins",
    "aftersales.notifications",
    "aftersales.subsidy",
    "aftersales.sales",
    "aftersales.reports",
    "aftersales.portal",  # customer portal pages, replies, QR labels and fault form, contact notices
    "aftersales.attachments",  # photos and PDFs of requests, visits, inspections, complaints (decision 020)
    "aftersales.web",
    "aftersales.demo",  # demo data, `aftersales demo` / `setup`: may import every domain app, nothing imports it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "aftersales.core.csp.StaticCSPMiddleware",  # Content-Security-Policy, built once (config.settings.security)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # aftersales.web.middleware.X: Django's X, except that a bearer API call passes it straight on (bearer_api).
    # CSRF and frame options stay Django's own: `check --deploy` asks for them by name (and they cost little).
    # For sessions it then checks the app instead (security.W010 … rather than W012 …: the same cookie settings).
    "aftersales.web.middleware.SessionMiddleware",
    "aftersales.web.middleware.ChosenLanguageMiddleware",  # zh-hans unless English was chosen (not Accept-Language)
    "aftersales.web.middleware.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "aftersales.web.middleware.AuthenticationMiddleware",
    "aftersales.web.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "aftersales.web.access.AccessMiddleware",  # every page checked against accounts.access_table
    "axes.middleware.AxesMiddleware",  # turns a locked-out sign-in into our 429 (aftersales.accounts.lockout)
]
AUTHENTICATION_BACKENDS = [
    "aftersales.accounts.lockout.AddressLimitBackend",  # refuses an address with too many failed sign-ins
    "aftersales.accounts.lockout.UsernameLockoutBackend",  # django-axes: refuses a locked-out username
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "aftersales.config.urls"
WSGI_APPLICATION = "aftersales.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "aftersales.web.context.navigation",
            ],
        },
    },
]


def _database() -> dict:
    """SQLite (WAL) under var/ by default; DATABASE_URL may name another SQLite file or PostgreSQL."""
    url = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'aftersales.sqlite3'}")
    config = dj_database_url.parse(url, conn_max_age=600)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["ENGINE"] = "aftersales.core.backends.sqlite"  # Django's, with writers queued in the kernel
        config["CONN_MAX_AGE"] = 0 if config["NAME"] == ":memory:" else 600
        config["OPTIONS"] = {
            # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at BEGIN so two
            # writers queue (on the backend's flock) instead of failing with "database is locked" mid-way.
            # No mmap: every commit of another worker empties this connection's page cache, and re-reading
            # through the mapping cost more than read() (docs/decisions/004-sqlite-writers-and-intake.md).
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                " PRAGMA temp_store=MEMORY; PRAGMA cache_size=-64000; PRAGMA mmap_size=0;"
                # Pages in the WAL before a committing connection folds them into the database itself
                # (SQLite's default 1000). `aftersales serve` raises it for its workers and checkpoints
                # from a thread of its own instead (aftersales.core.backends.sqlite.checkpointer).
                f" PRAGMA wal_autocheckpoint={int(os.environ.get('AFTERSALES_SQLITE_AUTOCHECKPOINT', '1000'))};"
                " PRAGMA journal_size_limit=67108864;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
    else:
        config.setdefault("OPTIONS", {})
        if config["ENGINE"] == "django.db.backends.postgresql":
            config["ENGINE"] = "aftersales.core.backends.postgresql"  # Django's, timestamps parsed by psycopg's C
            _postgres_connections(config)
    return config


def _postgres_connections(config: dict) -> None:
    """PostgreSQL connections, bounded per process (docs/decisions/021-postgresql-at-scale.md).

    Default: one persistent connection per thread that serves requests (CONN_MAX_AGE 600, checked before
    reuse), so a server holds at most workers × threads of them. AFTERSALES_DB_POOL=N: psycopg's pool of at most
    N connections per process instead (worth it with threaded workers, AFTERSALES_THREADS > 1).
    """
    config["CONN_HEALTH_CHECKS"] = True
    if pool := int(os.environ.get("AFTERSALES_DB_POOL", "0") or 0):
        config["CONN_MAX_AGE"] = 0  # Django refuses persistent connections beside a pool
        config["OPTIONS"]["pool"] = {"min_size": 1, "max_size": pool, "timeout": 10, "max_idle": 300}


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "aftersales" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Uploaded files, under var/ with the database, so `aftersales backup` takes both (Django's default "" is
# the current directory). Several app servers share one: AFTERSALES_MEDIA_ROOT on a shared file system (NFS),
# the same path on every server.
MEDIA_ROOT = Path(os.environ.get("AFTERSALES_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Attachments in an S3-compatible bucket (MinIO, 阿里云 OSS, 腾讯云 COS…) when AFTERSALES_S3_BUCKET is set
# (django-storages); the code only ever uses the storage API, so nothing else changes. Files stay private:
# no public ACL, and the app hands them out through its guarded view (docs/decisions/020).
if os.environ.get("AFTERSALES_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AFTERSALES_S3_BUCKET"],
            "endpoint_url": os.environ.get("AFTERSALES_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AFTERSALES_S3_REGION") or None,
            "access_key": os.environ.get("AFTERSALES_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("AFTERSALES_S3_SECRET_KEY") or None,
            "location": os.environ.get("AFTERSALES_S3_PREFIX", "aftersales"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 12 * 3600
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = os.environ.get("AFTERSALES_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("AFTERSALES_FROM_EMAIL", "售后服务中心 <service@aftersales.local>")
# Where links in e-mails point (https://service.example.cn); unset: the address `aftersales serve` listens on.
AFTERSALES_BASE_URL = os.environ.get("AFTERSALES_BASE_URL", "")

# One cache shared by every worker and app server (rate limits count in it): Redis when REDIS_URL is set,
# otherwise a table in the database (created by `migrate`, `setup` and `createcachetable`).
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            # Two deployments (or a test run) sharing one Redis keep their keys apart.
            "KEY_PREFIX": os.environ.get("AFTERSALES_CACHE_PREFIX", ""),
        }
        if os.environ.get("REDIS_URL")
        else {
            "BACKEND": "aftersales.config.cache.AtomicDatabaseCache",
            "LOCATION": "aftersales_cache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    )
}
# django_ratelimit.W001: it knows only memcached and django-redis by name; Django's Redis cache and ours are shared
# and increment atomically. axes.W006 asks to lock per address too: that is what locked out a whole office behind
# one proxy (issue 9); the per-address limit is the failure rate of aftersales.accounts.lockout instead.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001", "axes.W006"]

# Periodic work: "inprocess" runs the sweep inside `aftersales serve`; "celery" leaves it to celery beat.
AFTERSALES_SCHEDULER = os.environ.get("AFTERSALES_SCHEDULER", "inprocess")
AFTERSALES_SWEEP_SECONDS = int(os.environ.get("AFTERSALES_SWEEP_SECONDS", "60"))
# PostgreSQL: the database connections a sweep with many due requests climbs them on side by side, its batches
# shared out among them (aftersales.core.lanes; SQLite and a sweep inside a transaction use one). At most this many
# more connections while such a sweep runs, none afterwards (docs/decisions/021, section 11).
AFTERSALES_SWEEP_CONNECTIONS = int(os.environ.get("AFTERSALES_SWEEP_CONNECTIONS", "2"))
# Seconds between runs of the job that sends escalation notices queued by intake and manual escalation.
AFTERSALES_NOTICE_SECONDS = float(os.environ.get("AFTERSALES_NOTICE_SECONDS", "5"))
# Seconds between the live-update polls of an open queue or request page (tickets/desk.js; tests set it short).
AFTERSALES_LIVE_POLL_SECONDS = float(os.environ.get("AFTERSALES_LIVE_POLL_SECONDS", "10"))
CELERY_BROKER_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_TASK_ALWAYS_EAGER = False
# The queue beat sends to and workers take from: two deployments (or a test) sharing one Redis name their own.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("AFTERSALES_CELERY_QUEUE", "celery")

# HTTPS, cookies, HSTS, proxy, CSP, login lockout, rate limits and token lifetime, from the environment.
from .security import *  # noqa: E402, F403

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("AFTERSALES_LOG_LEVEL", "WARNING")},
}
