"""Rate limit of the public warranty lookup (保修查询): lookups per client address, counted by django-ratelimit.

The counter lives in the default cache, which every worker and app server shares (the database cache, or Redis
when REDIS_URL is set), so the limit holds for the site, not for each process. Every lookup counts, found or
not, so the serial numbers cannot be enumerated. Setting: AFTERSALES_WARRANTY_LOOKUP_RATE ("30/10m": 30 per
10 minutes; django-ratelimit's rate syntax). The client address: aftersales.accounts.addresses.client_address.
"""

from __future__ import annotations

import math

from django.conf import settings

from aftersales.core.errors import DomainError
from aftersales.core.limits import address_usage

GROUP = "warranty-lookup"


def too_many_lookups(retry_minutes: int) -> DomainError:
    return DomainError(
        "too_many_lookups",
        "查询过于频繁，请 {minutes} 分钟后再试",
        "Too many lookups; try again in {minutes} minutes",
        {"minutes": retry_minutes},
        429,
    )


def lookup_count(request) -> None:
    """Count one lookup from the request's address; raise a 429 DomainError when the window's limit is used up."""
    usage = address_usage(request, group=GROUP, rate=settings.AFTERSALES_WARRANTY_LOOKUP_RATE, increment=True)
    if usage["should_limit"]:
        raise too_many_lookups(max(1, math.ceil(max(usage["time_left"], 1) / 60)))
