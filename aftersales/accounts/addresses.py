"""The address a request came from, as the login lockout and the rate limits count it."""

from __future__ import annotations

import ipaddress

from django.conf import settings

UNKNOWN = "0.0.0.0"  # noqa: S104 - a placeholder address for counting, nothing binds to it


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request) -> str:
    """REMOTE_ADDR; behind AFTERSALES_PROXY_COUNT proxies of ours, the address the outermost one saw.

    Each proxy appends the address it was reached from to X-Forwarded-For, so with N proxies the client is the
    N-th entry from the right; anything left of it came from the client and may be forged. A header shorter
    than N, or a malformed entry, falls back to REMOTE_ADDR.
    """
    remote = _valid(request.META.get("REMOTE_ADDR") or "") or UNKNOWN
    count = settings.AFTERSALES_PROXY_COUNT
    if count <= 0:
        return remote
    hops = [h for h in (request.META.get("HTTP_X_FORWARDED_FOR") or "").split(",") if h.strip()]
    if len(hops) < count:
        return remote
    return _valid(hops[-count]) or remote
