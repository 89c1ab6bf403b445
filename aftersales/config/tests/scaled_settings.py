"""Settings of the processes test_scaled.py starts: production settings (aftersales.config.settings.dev, Redis
cache, Celery queue from the environment) except static files, which are served without the collected manifest
(`make test` does not run collectstatic, and these tests are about sharing state, not static files)."""

from aftersales.config.settings.dev import *  # noqa: F403
from aftersales.config.settings.dev import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
