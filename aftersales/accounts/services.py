"""Writes of accounts: bearer tokens issued, used and revoked.

Sign-in limits are in `aftersales.accounts.lockout` (django-axes and django-ratelimit inside `authenticate`).
"""

from __future__ import annotations

import datetime as dt
import secrets

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import update_last_login

from aftersales.accounts.lockout import is_locked_out, locked_out_error, username_of
from aftersales.accounts.models import ApiToken, User
from aftersales.core import clock
from aftersales.core.errors import DomainError, not_found


def bad_credentials() -> DomainError:
    return DomainError("bad_credentials", "用户名或密码错误", "Wrong username or password", {}, 401)


def token_issue(*, request, username: str, password: str) -> tuple[str, ApiToken]:
    """A new bearer token for valid credentials, valid AFTERSALES_TOKEN_DAYS. Only its digest is stored.

    Raises 401 for wrong credentials or an inactive user, 429 while the username or the address is locked out
    (the same limits as the login page: the checks run inside `authenticate`).
    """
    user = authenticate(request, username=username, password=password)
    if user is None:
        raise locked_out_error(request) if is_locked_out(request) else bad_credentials()
    if not user.is_active:  # ModelBackend already refuses inactive users; a custom backend might not
        raise bad_credentials()
    # A successful sign-in clears the username's failures, as the login page does (AXES_RESET_ON_SUCCESS); not
    # through user_logged_in, whose axes receiver would open a session for an API client.
    axes_reset(username=username_of(request, {"username": username}))
    update_last_login(None, user)
    token = secrets.token_urlsafe(32)
    now = clock.now()
    row = ApiToken.objects.create(
        user=user,
        digest=ApiToken.digest_of(token),
        expires_at=now + dt.timedelta(days=settings.AFTERSALES_TOKEN_DAYS),
    )
    return token, row


def token_revoke(*, user: User, token_id: int) -> None:
    """Revoke one of the user's own tokens (404 for another user's or an unknown id; revoking twice is fine)."""
    row = ApiToken.objects.filter(pk=token_id, user=user).first()
    if row is None:
        raise not_found("令牌", "Token")
    if row.revoked_at is None:
        ApiToken.objects.filter(pk=row.pk, revoked_at__isnull=True).update(revoked_at=clock.now())


def token_revoke_presented(*, token: str) -> None:
    """Sign out of the API: revoke the token the request came with."""
    ApiToken.objects.filter(digest=ApiToken.digest_of(token), revoked_at__isnull=True).update(revoked_at=clock.now())


def tokens_revoke_all(*, user: User) -> int:
    """Revoke every live token of the user (e.g. when deactivating or after a password change)."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=clock.now())
