"""Rate limit of the public warranty lookup (保修查询): a number of lookups per client address and window.

A fixed window in Django's cache (local memory in embedded mode, Redis when several app servers share it):
the first lookup of a window creates the counter, each lookup increments it, and past the limit the
lookup is refused with a 429 until the window ends. Every lookup counts, found or not, so the serial
numbers cannot be enumerated. Settings: AFTERSALES_WARRANTY_LOOKUP_LIMIT (30) lookups per
AFTERSALES_WARRANTY_LOOKUP_WINDOW_SECONDS (600).
"""

from __future__ import annotations

import math

from django.conf import settings
from django.core.cache import cache

from aftersales.core import clock
from aftersales.core.errors import DomainError

DEFAULT_LIMIT = 30
DEFAULT_WINDOW_SECONDS = 600
KEY_PREFIX = "warranty-lookup"


def _limits() -> tuple[int, int]:
    return (
        int(getattr(settings, "AFTERSALES_WARRANTY_LOOKUP_LIMIT", DEFAULT_LIMIT)),
        int(getattr(settings, "AFTERSALES_WARRANTY_LOOKUP_WINDOW_SECONDS", DEFAULT_WINDOW_SECONDS)),
    )


def too_many_lookups(retry_minutes: int) -> DomainError:
    return DomainError(
        "too_many_lookups",
        "查询过于频繁，请 {minutes} 分钟后再试",
        "Too many lookups; try again in {minutes} minutes",
        {"minutes": retry_minutes},
        429,
    )


def lookup_count(address: str) -> None:
    """Count one lookup from `address`; raise a 429 DomainError when the window's limit is used up."""
    limit, window = _limits()
    now = clock.now().timestamp()
    index = int(now // window)
    key = f"{KEY_PREFIX}:{address}:{index}"
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # the counter expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        count = 1
    if count > limit:
        seconds_left = (index + 1) * window - now
        raise too_many_lookups(max(1, math.ceil(seconds_left / 60)))
