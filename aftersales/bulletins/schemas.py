"""API schemas of bulletins and the knowledge base: explicit In (unknown fields rejected) and Out shapes."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from aftersales.core.schemas import StrictIn


class BulletinIn(StrictIn):
    kind: str = Field(..., max_length=16, description="defect / patch / firmware / safety")
    title: str = Field(..., max_length=200)
    body: str = Field(..., max_length=20_000)
    vendor_ids: list[int] = Field(default_factory=list, max_length=50)
    model_patterns: list[str] = Field(
        default_factory=list, max_length=50, description="型号，可用 * 和 ? 通配，不区分大小写"
    )
    remind_after_days: int = Field(3, ge=0, le=365)
    max_reminders: int = Field(2, ge=0, le=10)


class VendorOut(Schema):
    id: int
    name: str


class BulletinOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    vendors: list[VendorOut]
    model_patterns: list[str]
    remind_after_days: int
    max_reminders: int
    published_at: dt.datetime | None
    created_at: dt.datetime
    delivery_count: int = 0
    acknowledged_count: int = 0


class BulletinPage(Schema):
    items: list[BulletinOut]
    next_cursor: str | None


class PublishOut(Schema):
    bulletin: BulletinOut
    matched_customers: int
    new_deliveries: int
    messages: int


class DeliveryOut(Schema):
    id: int
    bulletin_id: int
    customer_id: int
    customer_name: str
    asset_count: int
    channels: list[str]
    delivered_at: dt.datetime
    acknowledged_at: dt.datetime | None
    acknowledged_via: str
    acknowledged_name: str
    reminders_sent: int


class DeliveryPage(Schema):
    items: list[DeliveryOut]
    next_cursor: str | None


class AcknowledgeIn(StrictIn):
    name: str = Field("", max_length=64, description="电话确认时：通话的客户联系人")
    note: str = Field("", max_length=2000)


class ArticleIn(StrictIn):
    from_ticket_id: int | None = Field(None, description="据已解决的请求编写：其余字段可省略（按请求预填）")
    title: str = Field("", max_length=200)
    symptom: str = Field("", max_length=20_000)
    cause: str = Field("", max_length=20_000)
    solution: str = Field("", max_length=20_000)
    affected_models: list[str] = Field(default_factory=list, max_length=50)
    vendor_id: int | None = None
    category: str = Field("", max_length=32)
    is_published: bool = True


class ArticleOut(Schema):
    id: int
    title: str
    symptom: str
    cause: str
    solution_steps: list[str]
    affected_models: list[str]
    vendor: str | None
    category: str
    source_ticket_id: int | None
    is_published: bool
    published_at: dt.datetime | None
    score: float | None = None


class ArticleList(Schema):
    items: list[ArticleOut]


class TicketSuggestionOut(Schema):
    ticket_id: int
    number: str
    title: str
    resolved_at: dt.datetime
    score: float


class SuggestionsOut(Schema):
    articles: list[ArticleOut]
    tickets: list[TicketSuggestionOut]
