"""Reads of notification settings: a user's channels per kind, webhooks and their delivery log."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from aftersales.accounts import access
from aftersales.core.errors import not_found
from aftersales.core.pagination import Page, paginate
from aftersales.notifications import services
from aftersales.notifications.kinds import KINDS, kind_label
from aftersales.notifications.models import NotificationPreference, Webhook, WebhookDelivery


@dataclass(frozen=True)
class PreferenceRow:
    """The channels a user gets for one kind; `is_set` False means the defaults (or the `*` row) apply."""

    kind: str
    label: str
    in_app: bool
    email: bool
    sms: bool
    webhook: bool
    language: str
    is_set: bool


def preference_list(user: Any) -> list[PreferenceRow]:
    """`*` first, then every known kind, then any other kind the user has set, with the effective channels."""
    rows = {row.kind: row for row in NotificationPreference.objects.filter(user=user)}
    kinds = [*KINDS, *sorted(k for k in rows if k not in KINDS)]
    out = []
    for kind in kinds:
        channels = services.channels_for(rows, kind)
        own = rows.get(kind)
        out.append(
            PreferenceRow(
                kind=kind,
                label=kind_label(kind),
                in_app=channels.in_app,
                email=channels.email,
                sms=channels.sms,
                webhook=channels.webhook,
                language=own.language if own is not None else "",
                is_set=own is not None,
            )
        )
    return out


def check_webhook_admin(user: Any) -> None:
    """Webhooks are configured by administrators only (the table's ``notifications.webhooks``; 403 for everyone
    else)."""
    access.require(user, "notifications.webhooks")


def webhook_list(user: Any) -> QuerySet[Webhook]:
    check_webhook_admin(user)
    return Webhook.objects.order_by("id")


def webhook_deliveries(user: Any, *, webhook_id: int, cursor: str | None, limit: int) -> Page:
    """One webhook's delivery log, newest first."""
    check_webhook_admin(user)
    if not Webhook.objects.filter(pk=webhook_id).exists():
        raise not_found("Webhook", "Webhook")
    return paginate(WebhookDelivery.objects.filter(webhook_id=webhook_id), ordering=["-id"], cursor=cursor, limit=limit)
