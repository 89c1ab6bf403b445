"""API: the signed-in user's in-app inbox (`router`, at /notifications), and at the API root
(`settings_router`) the user's channel preferences and the administrators' outbound webhooks."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Query, Router, Schema, Status
from pydantic import Field

from aftersales.core.errors import not_found
from aftersales.core.pagination import paginate
from aftersales.core.schemas import ERRORS, QueryIn, StrictIn
from aftersales.notifications import selectors, services
from aftersales.notifications.models import Notification

router = Router(tags=["notifications"])
settings_router = Router(tags=["notifications"])


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


class NotificationQuery(QueryIn):
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


# ------------------------------------------------------------------------------------------------ preferences


class PreferenceOut(Schema):
    kind: str
    label: str
    in_app: bool
    email: bool
    sms: bool
    webhook: bool
    language: str
    is_set: bool


class PreferenceList(Schema):
    items: list[PreferenceOut]


class PreferenceIn(StrictIn):
    kind: str = Field(..., max_length=32)
    in_app: bool = True
    email: bool = True
    sms: bool = False
    webhook: bool = False
    language: str = Field("", max_length=8)


class PreferencesIn(StrictIn):
    items: list[PreferenceIn] = Field(..., max_length=100)


@settings_router.get(
    "/notification-preferences", response={200: PreferenceList, **ERRORS}, operation_id="list_notification_preferences"
)
def list_notification_preferences(request):
    """My channels per event kind: `*` (my default), then each kind, with what applies now."""
    return {"items": selectors.preference_list(request.user)}


@settings_router.put(
    "/notification-preferences",
    response={200: PreferenceList, **ERRORS},
    operation_id="update_notification_preferences",
)
def update_notification_preferences(request, payload: PreferencesIn):
    """Set my channels for the kinds given (the others keep theirs)."""
    services.preferences_update(user=request.user, items=[item.dict() for item in payload.items])
    return {"items": selectors.preference_list(request.user)}


# --------------------------------------------------------------------------------------------------- webhooks


class WebhookOut(Schema):
    id: int
    name: str
    url: str
    kinds: list[str]
    is_active: bool
    created_at: dt.datetime


class WebhookCreatedOut(WebhookOut):
    secret: str


class WebhookIn(StrictIn):
    name: str = Field(..., max_length=64)
    url: str = Field(..., max_length=500)
    kinds: list[str] = Field(default_factory=list, max_length=50)
    secret: str = Field("", max_length=128)
    is_active: bool = True


class WebhookList(Schema):
    items: list[WebhookOut]


class WebhookDeliveryOut(Schema):
    id: int
    delivery_id: uuid.UUID
    kind: str
    status: str
    attempts: int
    last_status_code: int | None
    last_error: str
    created_at: dt.datetime
    last_attempt_at: dt.datetime | None
    next_attempt_at: dt.datetime | None
    delivered_at: dt.datetime | None


class WebhookDeliveryPage(Schema):
    items: list[WebhookDeliveryOut]
    next_cursor: str | None


class DeliveryPageQuery(QueryIn):
    cursor: str | None = None
    limit: int = Field(50, ge=1, le=200)


@settings_router.get("/webhooks", response={200: WebhookList, **ERRORS}, operation_id="list_webhooks")
def list_webhooks(request):
    """Outbound webhooks (administrators only). Secrets are never shown again."""
    return {"items": list(selectors.webhook_list(request.user))}


@settings_router.post("/webhooks", response={201: WebhookCreatedOut, **ERRORS}, operation_id="create_webhook")
def create_webhook(request, payload: WebhookIn):
    """Register a webhook (administrators only); the response shows its signing secret once."""
    selectors.check_webhook_admin(request.user)
    return Status(201, services.webhook_create(actor=request.user, **payload.dict()))


@settings_router.get(
    "/webhooks/{webhook_id}/deliveries",
    response={200: WebhookDeliveryPage, **ERRORS},
    operation_id="list_webhook_deliveries",
)
def list_webhook_deliveries(request, webhook_id: int, query: Query[DeliveryPageQuery]):
    """A webhook's delivery log, newest first: status, attempts, last response code, next attempt."""
    page = selectors.webhook_deliveries(request.user, webhook_id=webhook_id, cursor=query.cursor, limit=query.limit)
    return {"items": page.items, "next_cursor": page.next_cursor}
