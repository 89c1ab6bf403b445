"""Bearer tokens for the API. Tokens are looked up by their SHA-256, cached in-process for a short while."""

from __future__ import annotations

import secrets
import threading
import time

from django.contrib.auth import authenticate
from ninja.security import HttpBearer

from aftersales.accounts.models import ApiToken, User
from aftersales.core import clock

CACHE_SECONDS = 30.0
_cache: dict[str, tuple[User, float]] = {}
_lock = threading.Lock()


def token_issue(*, username: str, password: str, request=None) -> str | None:
    """A new bearer token for valid credentials, or None. Only its digest is stored."""
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active:
        return None
    token = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, digest=ApiToken.digest_of(token))
    return token


def token_revoke(*, token: str) -> None:
    ApiToken.objects.filter(digest=ApiToken.digest_of(token)).update(revoked_at=clock.now())
    with _lock:
        _cache.pop(ApiToken.digest_of(token), None)


def user_for_token(token: str) -> User | None:
    """The active user a token belongs to, or None for an unknown, revoked or expired token."""
    digest = ApiToken.digest_of(token)
    hit = _cache.get(digest)
    now = time.monotonic()
    if hit is not None and hit[1] > now:
        return hit[0]
    row = ApiToken.objects.select_related("user").filter(digest=digest, revoked_at__isnull=True).first()
    if row is None or not row.user.is_active or (row.expires_at and row.expires_at < clock.now()):
        return None
    with _lock:
        if len(_cache) > 10_000:
            _cache.clear()
        _cache[digest] = (row.user, now + CACHE_SECONDS)
    return row.user


def clear_cache() -> None:
    with _lock:
        _cache.clear()


class BearerAuth(HttpBearer):
    """`Authorization: Bearer <token>`; the user is also put on `request.user`."""

    def authenticate(self, request, token: str) -> User | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


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
