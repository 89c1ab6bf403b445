"""Settings for the test suite: fast hashing, in-memory mail, no manifest for static files."""

import os

from .base import *  # noqa: F403
from .base import DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if not os.environ.get("DATABASE_URL"):
    # The app's backend (Django's, plus one thread at a time on a connection that Django's live server shares
    # between threads: aftersales.core.backends.sqlite).
    DATABASES["default"] = {
        "ENGINE": "aftersales.core.backends.sqlite",
        "NAME": ":memory:",
        "TEST": {"NAME": ":memory:"},
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 30},
    }
AFTERSALES_SCHEDULER = "off"
# The cache (rate-limit counts) lives in the test database, so it rolls back with each test like every other row,
# also when REDIS_URL is set (CI starts Redis for the Celery test): a Redis cache would carry one test's failed
# sign-ins into the next, and after 30 of them every sign-in from 127.0.0.1 was refused for the rest of the run.
CACHES = {
    "default": {
        "BACKEND": "aftersales.config.cache.AtomicDatabaseCache",
        "LOCATION": "aftersales_cache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}

# Refusals (4xx) are expected by the tests; keep the log for real errors.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
