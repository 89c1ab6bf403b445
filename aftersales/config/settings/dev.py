"""Settings for `make run` and local work: the embedded mode (SQLite, in-process scheduler)."""

from .base import *  # noqa: F403
