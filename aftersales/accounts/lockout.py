"""Sign-in limits for the login page, the admin login and POST /api/v1/auth/token alike.

Two limits, both kept where every worker sees them:
- per username (django-axes, in the database): AXES_FAILURE_LIMIT failed sign-ins lock that username for
  AXES_COOLOFF_TIME, even with the right password. Other users on the same address are not affected.
- per client address (django-ratelimit, in the shared cache): AFTERSALES_LOGIN_ADDRESS_RATE failed sign-ins
  of any usernames refuse further sign-ins from that address until the window ends (password spraying).

Both refusals happen inside `authenticate()` (the backends below and axes' come first in
AUTHENTICATION_BACKENDS), so no entry point can skip them; AxesMiddleware turns the flagged request into a 429
through `lockout_response`.
"""

from __future__ import annotations

import math

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone

from aftersales.core.errors import DomainError
from aftersales.core.limits import address_usage

ADDRESS_GROUP = "login-failures"


def username_of(request, credentials: dict | None) -> str | None:
    """The username failures are counted under: trimmed and lower-cased, so `Agent ` and `agent` are one."""
    raw = (credentials or {}).get("username")
    if raw is None and request is not None and request.method == "POST":
        raw = request.POST.get("username")
    if raw is None:
        return None
    return str(raw).strip().lower()[:150] or None


def _address_usage(request, *, increment: bool) -> dict:
    return address_usage(request, group=ADDRESS_GROUP, rate=settings.AFTERSALES_LOGIN_ADDRESS_RATE, increment=increment)


class AddressLimitBackend:
    """First authentication backend: refuses every sign-in from an address that has used up its failures."""

    def authenticate(self, request, **credentials):
        if request is None:
            return
        usage = _address_usage(request, increment=False)
        if usage["count"] >= usage["limit"]:
            request.aftersales_login_refused = ("address", max(usage["time_left"], 1))
            request.axes_locked_out = True  # AxesMiddleware answers with lockout_response (429)
            raise PermissionDenied
        return

    def get_user(self, user_id):
        # Being first in AUTHENTICATION_BACKENDS, this is the backend `force_login` records in a session.
        return ModelBackend().get_user(user_id)


class UsernameLockoutBackend(AxesStandaloneBackend):
    """django-axes' check that the username is not locked out, for every authenticate() with a request.

    Each entry point (login page, admin login, token endpoint) passes its request. Only in-process callers pass
    none (Django's test client `login()`); axes would raise for those, there is no client to count, so they pass.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def count_address_failure(sender, credentials, request=None, **kwargs) -> None:
    """user_login_failed: one more failure for the client address (not for a refusal by this limit itself)."""
    if request is not None and getattr(request, "aftersales_login_refused", None) is None:
        _address_usage(request, increment=True)


def _minutes_of_lock(request, credentials: dict | None) -> int:
    from axes.models import AccessAttempt

    refused = getattr(request, "aftersales_login_refused", None)
    if refused is not None:
        return math.ceil(refused[1] / 60)
    latest = AccessAttempt.objects.filter(username=username_of(request, credentials)).aggregate(m=Max("attempt_time"))
    cooloff = settings.AXES_COOLOFF_TIME
    left = (latest["m"] + cooloff - timezone.now()) if latest["m"] else cooloff
    return max(1, math.ceil(left.total_seconds() / 60))


def locked_out_error(request, credentials: dict | None = None) -> DomainError:
    """The 429 for a refused sign-in, with the minutes until it is lifted."""
    minutes = _minutes_of_lock(request, credentials)
    if getattr(request, "aftersales_login_refused", None) is not None:
        return DomainError(
            "login_throttled",
            "此地址登录失败次数过多，请 {minutes} 分钟后再试",
            "Too many failed sign-ins from this address; try again in {minutes} minutes",
            {"minutes": minutes},
            429,
        )
    return DomainError(
        "login_throttled",
        "登录失败次数过多，请 {minutes} 分钟后再试",
        "Too many failed sign-ins; try again in {minutes} minutes",
        {"minutes": minutes},
        429,
    )


def is_locked_out(request) -> bool:
    """After `authenticate()` returned None: was it a refusal by a limit rather than a wrong password?"""
    return bool(getattr(request, "axes_locked_out", False))


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: a 429 in the API's error shape, or the page the view already made, or a small page."""
    if original_response is not None and original_response.status_code == 429:
        return original_response  # the login page or the token endpoint answered it already
    error = locked_out_error(request, credentials or getattr(request, "axes_credentials", None))
    if request.path.startswith("/api/"):
        return JsonResponse(error.as_json(), status=429, json_dumps_params={"ensure_ascii": False})
    html = render_to_string(
        "accounts/locked_out.html",
        {"message": error.message(getattr(request, "LANGUAGE_CODE", None))},
        request=request,
    )
    return HttpResponse(html, status=429)
