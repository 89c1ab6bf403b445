"""Bearer tokens for the API: every request checks its token against the database, so all workers agree at once.

A token is refused (401) when unknown, revoked, expired, or when its user has been deactivated; a revocation,
a deactivation or a change of role or scope takes effect at the next request in every worker.

Each request makes one query (`accounts.sql`). A worker keeps the tokens it has looked up, each with the
accounts generation it was read under (`accounts.models.AccountsGeneration`, rewritten by the database itself on
any change of a user or a token); a request whose token the worker holds reads only the generation, and uses
what it holds if the generation is still that one and the token has not expired by the clock. Otherwise it reads
the token joined to its user, with the generation, in one statement. What is kept is never handed out: each
request gets copies (its own `request.user`). Decision 022 has the figures (the join and the two model
instances were 0.35 M instructions of an intake).

`last_used_at` is written at most once per LAST_USED_STEP per token, so reads do not turn into writes (that
column does not change the generation).
"""

from __future__ import annotations

import datetime as dt

from django.db.models.base import ModelState
from ninja.security import HttpBearer

from aftersales.accounts import sql
from aftersales.accounts.models import ApiToken, User
from aftersales.core import clock

LAST_USED_STEP = dt.timedelta(minutes=1)
KEPT_MAX = 4096  # tokens a worker keeps; past that it starts again (each is a lookup away)

_kept: dict[str, tuple[int, ApiToken]] = {}  # digest -> (the generation it was read under, the token with its user)
_TOKEN_USER = ApiToken._meta.get_field("user")


def _copy(obj):
    """A model instance of its own with the same field values (and nothing of the original's related caches)."""
    new = object.__new__(type(obj))
    new.__dict__.update(obj.__dict__)
    new._state = state = ModelState()
    state.db, state.adding = obj._state.db, False
    return new


def token_for(token: str) -> ApiToken | None:
    """The live token row (with its active user), or None for an unknown, revoked or expired token."""
    now = clock.now()
    digest = ApiToken.digest_of(token)
    kept = _kept.get(digest)
    if kept is not None and kept[1].expires_at > now and sql.generation() == kept[0]:
        held = kept[1]
    else:
        generation, held = sql.live_token(digest, now)
        if held is None:
            _kept.pop(digest, None)
            return None
        if generation is not None:  # without the generation's row nothing can be kept
            if len(_kept) >= KEPT_MAX:
                _kept.clear()
            _kept[digest] = (generation, held)
    if held.last_used_at is None or held.last_used_at <= now - LAST_USED_STEP:
        ApiToken.objects.filter(pk=held.pk).update(last_used_at=now)
        held.last_used_at = now
    row = _copy(held)
    _TOKEN_USER.set_cached_value(row, _copy(held.user))
    return row


def forget_kept_tokens() -> None:
    """Drop what this worker keeps (tests start each case without it, as a new worker would)."""
    _kept.clear()


def user_for_token(token: str) -> User | None:
    """The active user a token belongs to, or None."""
    row = token_for(token)
    return row.user if row is not None else None


class BearerAuth(HttpBearer):
    """`Authorization: Bearer <token>`; the user goes on `request.user`, the token row on `request.auth_token`."""

    def __call__(self, request):
        """Ninja's `HttpBearer.__call__`, reading the header from META (`request.headers` builds a map of every
        header on first use, and nothing else in an API call needs it)."""
        value = request.META.get("HTTP_AUTHORIZATION")
        if not value:
            return None
        scheme, _, token = value.partition(" ")
        if scheme.lower() != self.openapi_scheme:
            return None
        return self.authenticate(request, token)

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
