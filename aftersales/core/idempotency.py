"""Idempotency-Key: a retried POST gets the first answer instead of doing the work twice.

As payment APIs do (Stripe, Adyen): the key is kept with a hash of the request body; the same key with a
different body is a client error (422 `idempotency_key_reused`), not a silent replay of another request's
answer. Keys live `IDEMPOTENCY_TTL` (24 hours): an older one no longer replays, and the periodic job
`idempotency_purge` (aftersales/config/periodic.py) deletes them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction

from aftersales.core import clock
from aftersales.core.errors import DomainError, invalid
from aftersales.core.models import IdempotencyRecord

IDEMPOTENCY_TTL = dt.timedelta(hours=24)
_encoder = DjangoJSONEncoder()


def body_hash(body: bytes | str) -> str:
    """SHA-256 of the request body; a JSON body is hashed in canonical form (key order and spacing aside)."""
    raw = body.encode() if isinstance(body, str) else bytes(body)
    try:
        canonical = json.dumps(json.loads(raw), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    except ValueError:
        canonical = raw
    return hashlib.sha256(canonical).hexdigest()


def _reused() -> DomainError:
    return DomainError(
        "idempotency_key_reused",
        "该 Idempotency-Key 已用于另一个请求内容；请为新请求使用新的键",
        "This Idempotency-Key was used with a different request body; use a new key for a new request",
        {},
        422,
    )


def _replay(record: IdempotencyRecord, digest: str) -> tuple[int, Any]:
    if record.request_hash and record.request_hash != digest:  # "" for keys stored before hashes were kept
        raise _reused()
    return record.status_code, record.body


def key_of(request) -> str | None:
    """The request's `Idempotency-Key` header (read from META: `request.headers` would build a map of them all)."""
    return request.META.get("HTTP_IDEMPOTENCY_KEY")


def idempotent(
    *, user, key: str | None, scope: str, body: bytes | str, work: Callable[[], tuple[int, Any]]
) -> tuple[int, Any]:
    """Run `work` (returning status and a body of JSON values, datetimes allowed) once per (user, scope, key)
    and request `body`; replay the stored answer for 24 hours after. Without a key the answer is `work`'s."""
    if not key:
        return work()
    if len(key) > 128:
        raise invalid(
            "idempotency_key_too_long",
            "Idempotency-Key 过长（最多128字符）",
            "Idempotency-Key is too long (at most 128 characters)",
        )
    digest = body_hash(body)
    now = clock.now()
    stored = IdempotencyRecord.objects.filter(user=user, scope=scope, key=key).first()
    if stored is not None:
        if stored.created_at > now - IDEMPOTENCY_TTL:
            return _replay(stored, digest)
        stored.delete()  # expired: the key is free again
    try:
        with transaction.atomic():
            status, answer = work()
            # Stored and answered as plain JSON, so a replay is byte-for-byte the first answer.
            answer = json.loads(_encoder.encode(answer))
            IdempotencyRecord.objects.create(
                user=user,
                scope=scope,
                key=key,
                request_hash=digest,
                status_code=status,
                body=answer,
                created_at=now,
            )
    except IntegrityError:
        stored = IdempotencyRecord.objects.filter(user=user, scope=scope, key=key).first()
        if stored is None:
            raise
        return _replay(stored, digest)
    return status, answer


def idempotency_purge() -> int:
    """Delete the keys older than the TTL (a periodic job); returns how many."""
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lte=clock.now() - IDEMPOTENCY_TTL).delete()
    return deleted
