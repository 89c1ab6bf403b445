"""Idempotency-Key: a retried POST gets the first answer instead of doing the work twice."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction

from aftersales.core import clock
from aftersales.core.errors import invalid
from aftersales.core.models import IdempotencyRecord

_encoder = DjangoJSONEncoder()


def idempotent(*, user, key: str | None, scope: str, work: Callable[[], tuple[int, Any]]) -> tuple[int, Any]:
    """Run `work` (returning status and a body of JSON values, datetimes allowed) once per (user, scope, key);
    replay the stored answer after. Without a key the body is returned as `work` made it."""
    if not key:
        return work()
    if len(key) > 128:
        raise invalid(
            "idempotency_key_too_long",
            "Idempotency-Key 过长（最多128字符）",
            "Idempotency-Key is too long (at most 128 characters)",
        )
    stored = IdempotencyRecord.objects.filter(user=user, scope=scope, key=key).first()
    if stored is not None:
        return stored.status_code, stored.body
    try:
        with transaction.atomic():
            status, body = work()
            # Stored and answered as plain JSON, so a replay is byte-for-byte the first answer.
            body = json.loads(_encoder.encode(body))
            IdempotencyRecord.objects.create(
                user=user, scope=scope, key=key, status_code=status, body=body, created_at=clock.now()
            )
    except IntegrityError:
        stored = IdempotencyRecord.objects.filter(user=user, scope=scope, key=key).first()
        if stored is None:
            raise
        return stored.status_code, stored.body
    return status, body
