"""Bearer tokens for the API: every request looks its token up in the database, so all workers agree at once.

A token is refused (401) when unknown, revoked, expired, or when its user has been deactivated. There is no
per-process cache: a revocation or a deactivation takes effect on the next request in every worker. The lookup
is one indexed query (the digest is unique) joined to the user, written once in `accounts.sql`;
`last_used_at` is written at most once per
LAST_USED_STEP per token, so reads do not turn into writes.
"""

from __future__ import annotations

import datetime as dt

from ninja.security import HttpBearer

from aftersales.accounts import sql
from aftersales.accounts.models import ApiToken, User
from aftersales.core import clock

LAST_USED_STEP = dt.timedelta(minutes=1)


def token_for(token: str) -> ApiToken | None:
    """The live token row (with its active user), or None for an unknown, revoked or expired token."""
    now = clock.now()
    row = sql.live_token(ApiToken.digest_of(token), now)
    if row is not None and (row.last_used_at is None or row.last_used_at <= now - LAST_USED_STEP):
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        row.last_used_at = now
    return row


def user_for_token(token: str) -> User | None:
    """The active user a token belongs to, or None."""
    row = token_for(token)
    return row.user if row is not None else None


class BearerAuth(HttpBearer):
    """`Authorization: Bearer <token>`; the user goes on `request.user`, the token row on `request.auth_token`."""

    def authenticate(self, request, token: str) -> User | None:
        row = token_for(token)
        if row is None:
            return None
        request.user = row.user
        request.auth_token = row
        return row.user


class SessionOrBearer(BearerAuth):
    """Bearer token; or, for reads only, the browser's session (writes from a session would need CSRF)."""

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            request.method in ("GET", "HEAD")
            and user is not None
            and user.is_authenticated
            and "HTTP_AUTHORIZATION" not in request.META
        ):
            return user
        return super().__call__(request)
