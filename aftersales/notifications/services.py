"""Deliver messages in-app, by e-mail, by SMS and to outbound webhooks. Callers decide recipients and wording;
this decides only the channels, from each recipient's preferences (SPEC §4 Notifications).

`notifications_send([Message(user_id, email, kind, title, body, link)])` is the one entry point every app
uses. For a user, the preference row of the message's kind (else the user's `*` row, else the defaults:
in-app and e-mail) picks the channels and the language of the e-mail and SMS. A message without a user (a
customer's contact who has no account) goes by e-mail and SMS to the address and phone the caller gave.
In-app rows, SMS log rows and webhook deliveries are written in the caller's transaction; e-mails and
SMS leave after it commits; webhooks are POSTed by `webhooks_deliver_job` with retries.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import select_template
from django.utils import translation
from django.utils.translation import gettext as _

from aftersales.accounts import access
from aftersales.core import clock
from aftersales.core.errors import invalid, not_found
from aftersales.notifications import sms, webhooks
from aftersales.notifications.kinds import KIND_PATTERN
from aftersales.notifications.models import (
    DeliveryStatus,
    Language,
    Notification,
    NotificationPreference,
    SmsMessage,
    Webhook,
    WebhookDelivery,
    WebhookStatus,
)
from aftersales.notifications.policy import backoff

DEFAULT_LANGUAGE = Language.ZH_HANS
SMS_MAX_CHARS = 300
DEFAULT_BASE_URL = "http://127.0.0.1:8000"


@dataclass(frozen=True)
class Message:
    """One message to one person. `user_id` None: a contact without an account (e-mail and SMS only).

    `phone` is where an SMS goes (for a user, the account's phone when left empty); `context` adds values
    for the e-mail template `notifications/email/<kind>.txt` (e.g. a signed acknowledgement link).
    """

    user_id: int | None
    email: str
    kind: str
    title: str
    body: str = ""
    link: str = ""
    phone: str = ""
    context: Mapping[str, Any] | None = field(default=None, hash=False, compare=False)


@dataclass(frozen=True)
class Channels:
    """The channels one message goes by, and the language of its e-mail and SMS."""

    in_app: bool = True
    email: bool = True
    sms: bool = False
    webhook: bool = False
    language: str = DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Routed:
    """A message and the channels it was actually sent by (names: in_app, email, sms, webhook)."""

    message: Message
    channels: tuple[str, ...]


def base_url() -> str:
    """Where links in e-mails point: the setting `AFTERSALES_BASE_URL` (e.g. https://service.example.cn), else
    the address `aftersales serve` listens on (it exports AFTERSALES_SERVED_URL to its own jobs and its
    workers before gunicorn starts), else http://127.0.0.1:8000."""
    configured = getattr(settings, "AFTERSALES_BASE_URL", "")
    return (configured or os.environ.get("AFTERSALES_SERVED_URL") or DEFAULT_BASE_URL).rstrip("/")


def absolute_url(link: str) -> str:
    return f"{base_url()}{link}" if link.startswith("/") else link


# ---------------------------------------------------------------------------------------------- preferences


def channels_for(rows: Mapping[str, NotificationPreference], kind: str) -> Channels:
    """The channels for `kind` given one user's preference rows by kind: its own row, else `*`, else defaults."""
    own, default = rows.get(kind), rows.get(NotificationPreference.ALL_KINDS)
    row = own or default
    language = (
        (own.language if own is not None and own.language else "")
        or (default.language if default is not None and default.language else "")
        or DEFAULT_LANGUAGE
    )
    if row is None:
        return Channels(language=language)
    return Channels(in_app=row.in_app, email=row.email, sms=row.sms, webhook=row.webhook, language=language)


def _preference_rows(user_ids: set[int], kinds: set[str]) -> dict[int, dict[str, NotificationPreference]]:
    by_user: dict[int, dict[str, NotificationPreference]] = {}
    if not user_ids:
        return by_user
    rows = NotificationPreference.objects.filter(
        user_id__in=user_ids, kind__in=[*kinds, NotificationPreference.ALL_KINDS]
    )
    for row in rows:
        by_user.setdefault(row.user_id, {})[row.kind] = row
    return by_user


@transaction.atomic
def preferences_update(*, user: Any, items: Iterable[Mapping[str, Any]]) -> int:
    """Set `user`'s channels for the kinds given (each item: kind, in_app, email, sms, webhook, language).

    A kind must look like `bulletin` or be `*`; the language `zh-hans`, `en` or empty (follow `*`).
    Returns how many rows were written. All or nothing.
    """
    items = list(items)
    for item in items:
        kind = item.get("kind", "")
        if not KIND_PATTERN.match(kind):
            raise invalid("invalid_kind", "事件类型无效：{kind}", "Invalid event kind: {kind}", kind=kind)
        if item.get("language", "") not in ("", *Language.values):
            raise invalid(
                "invalid_language",
                "语言无效：{language}",
                "Invalid language: {language}",
                language=item.get("language", ""),
            )
    for item in items:
        NotificationPreference.objects.update_or_create(
            user=user,
            kind=item["kind"],
            defaults={
                "in_app": bool(item.get("in_app", True)),
                "email": bool(item.get("email", True)),
                "sms": bool(item.get("sms", False)),
                "webhook": bool(item.get("webhook", False)),
                "language": item.get("language", ""),
            },
        )
    return len(items)


# ------------------------------------------------------------------------------------------------- sending


def notifications_send(messages: Iterable[Message]) -> int:
    """Deliver `messages` by each recipient's channels; returns how many messages were handled."""
    return len(notifications_deliver(messages))


def notifications_deliver(messages: Iterable[Message]) -> list[Routed]:
    """Deliver `messages` and say, per message, by which channels it went (in the order given)."""
    messages = list(messages)
    if not messages:
        return []
    at = clock.now()
    user_ids = {m.user_id for m in messages if m.user_id is not None}
    prefs = _preference_rows(user_ids, {m.kind for m in messages})
    routes = [
        channels_for(prefs.get(m.user_id, {}), m.kind)
        if m.user_id is not None
        else Channels(in_app=False, email=True, sms=True, webhook=False)
        for m in messages
    ]
    phones = _account_phones(messages, routes)
    notifications, mails, texts, hooked, routed = [], [], [], [], []
    templates: dict[str, Any] = {}  # one template lookup per kind in this call, not per message
    for message, route in zip(messages, routes, strict=True):
        sent: list[str] = []
        if route.in_app and message.user_id is not None:
            notifications.append(
                Notification(
                    user_id=message.user_id,
                    kind=message.kind,
                    title=message.title[:200],
                    body=message.body,
                    link=message.link[:200],
                    created_at=at,
                )
            )
            sent.append("in_app")
        if route.email and message.email:
            mails.append(_email(message, route.language, templates))
            sent.append("email")
        phone = message.phone or phones.get(message.user_id or 0, "")
        if route.sms and phone:
            texts.append(
                SmsMessage(
                    user_id=message.user_id,
                    phone=phone,
                    kind=message.kind,
                    text=_sms_text(message, route.language),
                    created_at=at,
                )
            )
            sent.append("sms")
        if route.webhook and message.user_id is not None:
            hooked.append(message)
            sent.append("webhook")
        routed.append(Routed(message, tuple(sent)))
    Notification.objects.bulk_create(notifications, batch_size=500)
    if mails:
        transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=True))
    if texts:
        created = SmsMessage.objects.bulk_create(texts, batch_size=500)
        ids = [row.pk for row in created]
        transaction.on_commit(lambda: sms_send_pending(ids=ids))
    if hooked:
        _emit_messages(hooked, at)
    return routed


def _account_phones(messages: list[Message], routes: list[Channels]) -> dict[int, str]:
    """Phones of the users who take SMS but whose message names no phone (one query)."""
    from django.contrib.auth import get_user_model

    wanted = {m.user_id for m, r in zip(messages, routes, strict=True) if r.sms and not m.phone and m.user_id}
    if not wanted:
        return {}
    return dict(get_user_model().objects.filter(pk__in=wanted).exclude(phone="").values_list("pk", "phone"))


def _email(message: Message, language: str, templates: dict[str, Any]) -> tuple[str, str, str, list[str]]:
    """(subject, body, from, [to]) rendered from `notifications/email/<kind>.txt` in the recipient's language."""
    if message.kind not in templates:
        templates[message.kind] = select_template(
            [f"notifications/email/{message.kind}.txt", "notifications/email/default.txt"]
        )
    with translation.override(language):
        body = templates[message.kind].render(
            {
                **(message.context or {}),
                "title": message.title,
                "body": message.body,
                "link": absolute_url(message.link) if message.link else "",
                "language": language,
            }
        )
    return message.title, body.strip() + "\n", settings.DEFAULT_FROM_EMAIL, [message.email]


def _sms_text(message: Message, language: str) -> str:
    context = message.context or {}
    if context.get("sms_text"):
        return str(context["sms_text"])[:SMS_MAX_CHARS]
    with translation.override(language):
        return _("【售后服务】{title}").format(title=message.title)[:SMS_MAX_CHARS]


def sms_send_pending(*, ids: Iterable[int] | None = None, limit: int = 500) -> int:
    """Hand pending SMS rows (these `ids`, else the oldest `limit`) to the provider and record each outcome.

    Each row is claimed by a conditional update first, so two runners never send the same message twice.
    Returns how many were sent.
    """
    provider = sms.sms_provider()
    qs = SmsMessage.objects.filter(status=DeliveryStatus.PENDING)
    qs = qs.filter(pk__in=list(ids)) if ids is not None else qs.order_by("id")[:limit]
    sent = 0
    for row in list(qs):
        # Claim: the provider's name marks it taken; the status changes once the outcome is known.
        if not SmsMessage.objects.filter(pk=row.pk, status=DeliveryStatus.PENDING, provider="").update(
            provider=provider.name[:64]
        ):
            continue
        try:
            message_id = provider.send(row.phone, row.text)
        except Exception as exc:  # any provider failure is recorded, never raised to the sender
            SmsMessage.objects.filter(pk=row.pk).update(status=DeliveryStatus.FAILED, error=str(exc)[:500])
            continue
        SmsMessage.objects.filter(pk=row.pk).update(
            status=DeliveryStatus.SENT, sent_at=clock.now(), provider_message_id=str(message_id or "")[:64]
        )
        sent += 1
    return sent


def notification_mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one notification (or all of them) read for `user`."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=clock.now())


# ------------------------------------------------------------------------------------------------ webhooks


@transaction.atomic
def webhook_create(
    *, actor: Any, name: str, url: str, kinds: Iterable[str] = (), secret: str = "", is_active: bool = True
) -> Webhook:
    """Register an outbound webhook. Without a secret one is generated (shown once, in the response).

    Administrators only (the table's ``notifications.webhooks``): the service refuses anyone else too."""
    access.require(actor, "notifications.webhooks")
    name, url = name.strip(), url.strip()
    if not name:
        raise invalid("name_required", "名称不能为空", "Name is required")
    if not url.startswith(("http://", "https://")) or len(url) > 500:
        raise invalid(
            "invalid_url", "地址必须以 http:// 或 https:// 开头", "The URL must start with http:// or https://"
        )
    kinds = sorted(set(kinds))
    for kind in kinds:
        if kind == NotificationPreference.ALL_KINDS or not KIND_PATTERN.match(kind):
            raise invalid("invalid_kind", "事件类型无效：{kind}", "Invalid event kind: {kind}", kind=kind)
    secret = secret or secrets.token_urlsafe(32)
    if len(secret) < 16:
        raise invalid("weak_secret", "签名密钥至少 16 个字符", "The secret must be at least 16 characters")
    return Webhook.objects.create(
        name=name[:64],
        url=url,
        secret=secret[:128],
        kinds=kinds,
        is_active=is_active,
        created_at=clock.now(),
        created_by=actor,
    )


def _active_webhooks(kind: str) -> list[Webhook]:
    return [hook for hook in Webhook.objects.filter(is_active=True).order_by("id") if hook.wants(kind)]


def _delivery(hook: Webhook, kind: str, data: Mapping[str, Any], at) -> WebhookDelivery:
    delivery_id = uuid.uuid4()
    body = json.dumps(
        {"id": str(delivery_id), "event": kind, "created_at": at.isoformat(), "data": data},
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return WebhookDelivery(
        webhook=hook, delivery_id=delivery_id, kind=kind, body=body, created_at=at, next_attempt_at=at
    )


def webhook_emit(*, kind: str, data: Mapping[str, Any], at=None) -> int:
    """Queue the event `kind` with `data` for every active webhook that takes it; returns how many were queued.

    For system events that concern no one user (e.g. a bulletin published). Sent by `webhooks_deliver_job`.
    """
    at = at or clock.now()
    rows = [_delivery(hook, kind, data, at) for hook in _active_webhooks(kind)]
    WebhookDelivery.objects.bulk_create(rows)
    return len(rows)


def _emit_messages(messages: list[Message], at) -> int:
    hooks = list(Webhook.objects.filter(is_active=True).order_by("id"))
    rows = [
        _delivery(
            hook,
            m.kind,
            {"user_id": m.user_id, "title": m.title, "body": m.body, "link": absolute_url(m.link) if m.link else ""},
            at,
        )
        for m in messages
        for hook in hooks
        if hook.wants(m.kind)
    ]
    WebhookDelivery.objects.bulk_create(rows, batch_size=500)
    return len(rows)


@dataclass(frozen=True)
class WebhookRun:
    """What one run of the delivery job did."""

    attempted: int = 0
    succeeded: int = 0
    retrying: int = 0
    given_up: int = 0


def webhook_deliveries_send(*, at=None, limit: int = 100, timeout: float = webhooks.TIMEOUT_SECONDS) -> WebhookRun:
    """POST every due delivery once (oldest first, at most `limit`) and record the outcome.

    Each delivery is claimed with a conditional update that pushes its next attempt past the timeout, so an
    overlapping run (another process, Celery and the in-process scheduler) skips it. No transaction is
    held open while the request is in flight. A 2xx answer marks it delivered; anything else schedules the
    next attempt by `policy.backoff`, or gives it up after the last one.
    """
    at = at or clock.now()
    due = list(
        WebhookDelivery.objects.filter(status=WebhookStatus.PENDING, next_attempt_at__lte=at)
        .select_related("webhook")
        .order_by("next_attempt_at", "id")[:limit]
    )
    attempted = succeeded = retrying = given_up = 0
    # Long enough for the request to finish; if this process dies mid-request, the delivery is tried again then.
    lease = at + dt.timedelta(seconds=max(60.0, timeout * 4))
    for delivery in due:
        claimed = WebhookDelivery.objects.filter(
            pk=delivery.pk,
            status=WebhookStatus.PENDING,
            next_attempt_at=delivery.next_attempt_at,
        ).update(next_attempt_at=lease)
        if not claimed:
            continue
        attempted += 1
        result = _attempt(delivery, timeout)
        attempts = delivery.attempts + 1
        fields: dict[str, Any] = {
            "attempts": attempts,
            "last_status_code": result.status_code,
            "last_error": result.error[:500],
            "last_attempt_at": at,
        }
        if backoff.is_success(result.status_code):
            fields.update(status=WebhookStatus.SUCCEEDED, delivered_at=clock.now(), next_attempt_at=None)
            succeeded += 1
        elif (delay := backoff.retry_delay(attempts)) is None:
            fields.update(status=WebhookStatus.FAILED, next_attempt_at=None)
            given_up += 1
        else:
            fields.update(next_attempt_at=at + delay)
            retrying += 1
        WebhookDelivery.objects.filter(pk=delivery.pk).update(**fields)
    return WebhookRun(attempted, succeeded, retrying, given_up)


def _attempt(delivery: WebhookDelivery, timeout: float) -> webhooks.PostResult:
    # Signed with the real time (not the injectable clock): the receiver checks it against its own clock.
    body = delivery.body.encode()
    headers = webhooks.signed_headers(
        secret=delivery.webhook.secret,
        body=body,
        kind=delivery.kind,
        delivery_id=str(delivery.delivery_id),
        timestamp=int(time.time()),
    )
    return webhooks.post(delivery.webhook.url, body, headers, timeout=timeout)


def webhook_delivery_retry(*, delivery_id: int, at=None) -> WebhookDelivery:
    """Queue a given-up delivery again (an admin after fixing the receiver): attempts start over."""
    at = at or clock.now()
    updated = (
        WebhookDelivery.objects.filter(pk=delivery_id)
        .filter(~Q(status=WebhookStatus.SUCCEEDED))
        .update(status=WebhookStatus.PENDING, attempts=0, next_attempt_at=at)
    )
    if not updated:
        raise not_found("投递记录", "Delivery")
    return WebhookDelivery.objects.get(pk=delivery_id)
