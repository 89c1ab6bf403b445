"""Writes of accounts: signing in through the login throttle (登录限制).

A browser sign-in is refused for a while after too many failures, counted per username and per client
address within a sliding window (settings AFTERSALES_LOGIN_MAX_FAILURES failures in
AFTERSALES_LOGIN_WINDOW_SECONDS). Each failure is one LoginFailure row; a success clears that username's
failures. Rows older than the window are pruned as new failures come in.
"""

from __future__ import annotations

import datetime as dt
import math

from django.conf import settings
from django.contrib.auth import authenticate
from django.db.models import Q

from aftersales.accounts.models import LoginFailure, User
from aftersales.core import clock
from aftersales.core.errors import DomainError

ADDRESS_MAX_LENGTH = 64


def client_address(request) -> str:
    """The address the request came from. Only REMOTE_ADDR: a forwarded header could be forged."""
    return (request.META.get("REMOTE_ADDR") or "unknown")[:ADDRESS_MAX_LENGTH]


def _normalise(username: str) -> str:
    return username.strip().lower()[:150]


def _throttled(retry_minutes: int) -> DomainError:
    return DomainError(
        "login_throttled",
        "登录失败次数过多，请 {minutes} 分钟后再试",
        "Too many failed sign-ins; try again in {minutes} minutes",
        {"minutes": retry_minutes},
        429,
    )


def _check_throttle(*, username: str, address: str, now: dt.datetime) -> None:
    """Raise when the username or the address has used up its failures in the window."""
    window = dt.timedelta(seconds=settings.AFTERSALES_LOGIN_WINDOW_SECONDS)
    limit = settings.AFTERSALES_LOGIN_MAX_FAILURES
    recent = LoginFailure.objects.filter(at__gt=now - window)
    for condition in (Q(username=username), Q(address=address)):
        rows = recent.filter(condition)
        if rows.count() >= limit:
            # The lock lifts when the limit-th most recent failure leaves the window.
            lifting = rows.order_by("-at").values_list("at", flat=True)[limit - 1] + window
            seconds = max((lifting - now).total_seconds(), 1)
            raise _throttled(math.ceil(seconds / 60))


def login_attempt(*, request, username: str, password: str) -> User | None:
    """Check credentials through the throttle: the active user, or None for wrong ones.

    Raises DomainError `login_throttled` (429) without checking the password when the username or the
    address already has too many recent failures, and also on the failure that reaches the limit, so the
    person learns at once that further attempts are refused.
    """
    now = clock.now()
    name = _normalise(username)
    address = client_address(request)
    _check_throttle(username=name, address=address, now=now)
    user = authenticate(request, username=username.strip(), password=password)
    if user is None or not user.is_active:
        window = dt.timedelta(seconds=settings.AFTERSALES_LOGIN_WINDOW_SECONDS)
        LoginFailure.objects.filter(at__lte=now - window).delete()
        LoginFailure.objects.create(username=name, address=address, at=now)
        _check_throttle(username=name, address=address, now=now)
        return None
    LoginFailure.objects.filter(username=name).delete()
    return user
