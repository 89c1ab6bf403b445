"""Reads of accounts."""

from __future__ import annotations

from django.db.models import QuerySet

from aftersales.accounts.models import ApiToken, User
from aftersales.core import clock


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's live tokens (not revoked, not expired), newest first."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=clock.now()).order_by(
        "-created_at", "-id"
    )
