"""API: the signed-in user's in-app inbox."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema
from pydantic import Field

from aftersales.core.errors import not_found
from aftersales.core.pagination import paginate
from aftersales.core.schemas import ERRORS
from aftersales.notifications import services
from aftersales.notifications.models import Notification

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    link: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class NotificationPage(Schema):
    items: list[NotificationOut]
    unread: int
    next_cursor: str | None


class NotificationQuery(Schema):
    unread_only: bool = False
    cursor: str | None = None
    limit: int = Field(50, ge=1, le=200)


class MarkedOut(Schema):
    marked: int


@router.get("", response={200: NotificationPage, **ERRORS}, operation_id="list_notifications")
def list_notifications(request, query: Query[NotificationQuery]):
    """My notifications, newest first, with the unread count."""
    qs = Notification.objects.filter(user=request.user)
    unread = qs.filter(read_at__isnull=True).count()
    if query.unread_only:
        qs = qs.filter(read_at__isnull=True)
    page = paginate(qs, ordering=["-id"], cursor=query.cursor, limit=query.limit)
    return {"items": page.items, "unread": unread, "next_cursor": page.next_cursor}


@router.post("/{notification_id}/read", response={200: MarkedOut, **ERRORS}, operation_id="read_notification")
def read_notification(request, notification_id: int):
    if not Notification.objects.filter(user=request.user, pk=notification_id).exists():
        raise not_found("通知", "Notification")
    return {"marked": services.notification_mark_read(user=request.user, notification_id=notification_id)}


@router.post("/read-all", response={200: MarkedOut, **ERRORS}, operation_id="read_all_notifications")
def read_all_notifications(request):
    return {"marked": services.notification_mark_read(user=request.user)}
