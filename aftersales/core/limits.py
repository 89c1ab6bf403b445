"""Counts per client address in a window, kept by django-ratelimit in the default cache (shared by every worker
and app server: the database cache, or Redis with REDIS_URL). Used by the sign-in failures per address
(`accounts.lockout`) and the public warranty lookup (`warranty.throttle`).
"""

from __future__ import annotations

from django_ratelimit.core import get_usage


def address_usage(request, *, group: str, rate: str, increment: bool) -> dict:
    """django-ratelimit's usage of `group` for the request's client address (`count`, `limit`, `should_limit`,
    `time_left`); `rate` in its syntax ("30/10m"). With `increment`, this request is counted first."""
    return get_usage(request, group=group, key="ip", rate=rate, method=get_usage.ALL, increment=increment)
