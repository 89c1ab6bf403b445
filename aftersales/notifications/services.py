"""Deliver messages in-app and by e-mail. Callers decide recipients and wording; this only delivers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

from aftersales.core import clock
from aftersales.notifications.models import Notification


@dataclass(frozen=True)
class Message:
    user_id: int
    email: str
    kind: str
    title: str
    body: str = ""
    link: str = ""


def notifications_send(messages: Iterable[Message]) -> int:
    """Store the in-app notifications now and send the e-mails after the transaction commits."""
    messages = list(messages)
    if not messages:
        return 0
    at = clock.now()
    Notification.objects.bulk_create(
        [Notification(user_id=m.user_id, kind=m.kind, title=m.title, body=m.body, link=m.link, created_at=at)
         for m in messages],
        batch_size=500,
    )
    mails = [(m.title, f"{m.body}\n\n{m.link}".strip(), settings.DEFAULT_FROM_EMAIL, [m.email])
             for m in messages if m.email]
    if mails:
        transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=True))
    return len(messages)


def notification_mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one notification (or all of them) read for `user`."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=clock.now())
