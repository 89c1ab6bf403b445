"""API of bulletins (及时通知) and the knowledge base (知识库), at the API root with full paths.

Also mounts `notifications.api.settings_router` (/notification-preferences, /webhooks) at the root, since the
notifications app's own router lives under /notifications.
"""

from __future__ import annotations

from ninja import Query, Router, Status
from pydantic import Field

from aftersales.bulletins import presenters, selectors, services
from aftersales.bulletins.choices import AckChannel
from aftersales.bulletins.schemas import (
    AcknowledgeIn,
    ArticleIn,
    ArticleList,
    ArticleOut,
    BulletinIn,
    BulletinOut,
    BulletinPage,
    DeliveryOut,
    DeliveryPage,
    PublishOut,
    SuggestionsOut,
)
from aftersales.core.schemas import ERRORS, QueryIn
from aftersales.notifications.api import settings_router

router = Router(tags=["bulletins"])
router.add_router("/", settings_router)


class BulletinPageQuery(QueryIn):
    cursor: str | None = None
    limit: int = Field(50, ge=1, le=200)


class DeliveryQuery(BulletinPageQuery):
    acknowledged: bool | None = None


class KnowledgeQuery(QueryIn):
    q: str = Field(..., min_length=1, max_length=500)
    limit: int = Field(10, ge=1, le=50)


class SuggestionQuery(QueryIn):
    title: str = Field("", max_length=200)
    description: str = Field("", max_length=4000)
    limit: int = Field(5, ge=1, le=20)


# ------------------------------------------------------------------------------------------------ bulletins


@router.get("/bulletins", response={200: BulletinPage, **ERRORS}, operation_id="list_bulletins")
def list_bulletins(request, query: Query[BulletinPageQuery]):
    """Bulletins newest first with delivery and acknowledgement counts (supervisor, expert, admin)."""
    page = selectors.bulletin_list(request.user, cursor=query.cursor, limit=query.limit)
    return {"items": [presenters.bulletin_data(b) for b in page.items], "next_cursor": page.next_cursor}


@router.post("/bulletins", response={201: BulletinOut, **ERRORS}, operation_id="create_bulletin")
def create_bulletin(request, payload: BulletinIn):
    """Write a bulletin for vendors and/or model patterns; it is sent by publishing it."""
    data = payload.dict()
    data["model_patterns"] = "\n".join(data["model_patterns"])
    bulletin = services.bulletin_create(actor=request.user, **data)
    return Status(201, presenters.bulletin_data(selectors.bulletin_get(request.user, bulletin.pk)))


@router.get("/bulletins/{bulletin_id}", response={200: BulletinOut, **ERRORS}, operation_id="get_bulletin")
def get_bulletin(request, bulletin_id: int):
    return presenters.bulletin_data(selectors.bulletin_get(request.user, bulletin_id))


@router.post("/bulletins/{bulletin_id}/publish", response={200: PublishOut, **ERRORS}, operation_id="publish_bulletin")
def publish_bulletin(request, bulletin_id: int):
    """Send it to every customer whose installed base matches and has not had it (again: only new matches)."""
    result = services.bulletin_publish(bulletin_id=bulletin_id, actor=request.user)
    return {
        "bulletin": presenters.bulletin_data(selectors.bulletin_get(request.user, bulletin_id)),
        "matched_customers": result.matched,
        "new_deliveries": result.created,
        "messages": result.messages,
    }


@router.get(
    "/bulletins/{bulletin_id}/deliveries",
    response={200: DeliveryPage, **ERRORS},
    operation_id="list_bulletin_deliveries",
)
def list_bulletin_deliveries(request, bulletin_id: int, query: Query[DeliveryQuery]):
    """Per customer: channels, delivery, acknowledgement. A customer user sees only its own (else 404)."""
    page = selectors.bulletin_deliveries(
        request.user, bulletin_id=bulletin_id, cursor=query.cursor, limit=query.limit, acknowledged=query.acknowledged
    )
    return {"items": [presenters.delivery_data(d) for d in page.items], "next_cursor": page.next_cursor}


@router.get("/bulletin-deliveries", response={200: DeliveryPage, **ERRORS}, operation_id="list_my_bulletin_deliveries")
def list_my_bulletin_deliveries(request, query: Query[BulletinPageQuery]):
    """The bulletins sent to my organisation (customer users), newest first."""
    page = selectors.customer_deliveries(request.user, cursor=query.cursor, limit=query.limit)
    return {"items": [presenters.delivery_data(d) for d in page.items], "next_cursor": page.next_cursor}


@router.post(
    "/bulletin-deliveries/{delivery_id}/acknowledge",
    response={200: DeliveryOut, **ERRORS},
    operation_id="acknowledge_bulletin_delivery",
)
def acknowledge_bulletin_delivery(request, delivery_id: int, payload: AcknowledgeIn):
    """A customer user acknowledges its own delivery; staff record a phone acknowledgement (`name` required)."""
    selectors.delivery_get(request.user, delivery_id)
    via = AckChannel.PORTAL if request.user.is_customer_user else AckChannel.PHONE
    services.bulletin_acknowledge(
        delivery_id=delivery_id, actor=request.user, via=via, name=payload.name, note=payload.note
    )
    return presenters.delivery_data(selectors.delivery_get(request.user, delivery_id))


# ------------------------------------------------------------------------------------------- knowledge base


@router.get("/knowledge", response={200: ArticleList, **ERRORS}, operation_id="search_knowledge")
def search_knowledge(request, query: Query[KnowledgeQuery]):
    """Published articles ranked for a Chinese query (jieba segmentation, full-text index), best first."""
    hits = selectors.knowledge_search(query.q, query.limit)
    return {"items": [presenters.article_data(h.article, h.score) for h in hits]}


@router.post("/knowledge", response={201: ArticleOut, **ERRORS}, operation_id="create_article")
def create_article(request, payload: ArticleIn):
    """Write an article; with `from_ticket_id` (a resolved request) the fields left out are prefilled from it."""
    data = payload.dict()
    ticket_id = data.pop("from_ticket_id")
    data["affected_models"] = "\n".join(m.strip() for m in data["affected_models"] if m.strip())
    if ticket_id is not None:
        article = services.article_create_from_ticket(actor=request.user, ticket_id=ticket_id, **data)
    else:
        article = services.article_create(actor=request.user, **data)
    return Status(201, presenters.article_data(selectors.article_get(request.user, article.pk)))


@router.get("/knowledge/suggestions", response={200: SuggestionsOut, **ERRORS}, operation_id="suggest_knowledge")
def suggest_knowledge(request, query: Query[SuggestionQuery]):
    """What intake shows while a request is typed: similar articles and similar resolved requests."""
    found = selectors.intake_suggestions(f"{query.title} {query.description}", query.limit)
    return {
        "articles": [presenters.article_data(h.article, h.score) for h in found.articles],
        "tickets": [
            {
                "ticket_id": h.entry.ticket_id,
                "number": h.entry.number,
                "title": h.entry.title,
                "resolved_at": h.entry.resolved_at,
                "score": h.score,
            }
            for h in found.tickets
        ],
    }


@router.get("/knowledge/{article_id}", response={200: ArticleOut, **ERRORS}, operation_id="get_article")
def get_article(request, article_id: int):
    return presenters.article_data(selectors.article_get(request.user, article_id))
