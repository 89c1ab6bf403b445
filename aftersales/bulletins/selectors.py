"""Reads of bulletins, deliveries and the knowledge base, with who may see what.

Who may is the access table's (accounts.access_table): ``bulletins.manage`` (bulletins and every delivery),
``bulletins.deliveries`` / ``.portal`` / ``.acknowledge`` (a customer user: only its own organisation's
deliveries; any other is a 404, as if it did not exist), ``knowledge.read`` / ``.write``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from aftersales.accounts import access
from aftersales.assets.models import Asset
from aftersales.bulletins import search, segment
from aftersales.bulletins.choices import RESOLVED_STATUSES
from aftersales.bulletins.models import Article, Bulletin, BulletinDelivery, TicketSearch
from aftersales.bulletins.policy import targeting
from aftersales.core.errors import not_found
from aftersales.core.pagination import Page, paginate

SUGGESTION_LIMIT = 5


def check_bulletin_access(user: Any) -> None:
    """``bulletins.manage``. Customers and partners: 404 (bulletin management does not exist for them); other
    staff: 403."""
    access.require(user, "bulletins.manage", unseen=not_found("通知", "Bulletin"))


def check_knowledge_read(user: Any) -> None:
    access.require(user, "knowledge.read")


def check_knowledge_write(user: Any) -> None:
    access.require(user, "knowledge.write")


# ------------------------------------------------------------------------------------------------ bulletins


def bulletin_list(user: Any, *, cursor: str | None = None, limit: int = 50) -> Page:
    """Bulletins newest first, each with `delivery_count` and `acknowledged_count`."""
    check_bulletin_access(user)
    qs = (
        Bulletin.objects.select_related("author")
        .prefetch_related("vendors")
        .annotate(
            delivery_count=Count("deliveries"),
            acknowledged_count=Count("deliveries", filter=Q(deliveries__acknowledged_at__isnull=False)),
        )
    )
    return paginate(qs, ordering=["-id"], cursor=cursor, limit=limit)


def bulletin_get(user: Any, bulletin_id: int) -> Bulletin:
    check_bulletin_access(user)
    bulletin = (
        Bulletin.objects.select_related("author", "published_by")
        .prefetch_related("vendors")
        .filter(pk=bulletin_id)
        .first()
    )
    if bulletin is None:
        raise not_found("通知", "Bulletin")
    return bulletin


def bulletin_targets(bulletin: Bulletin) -> dict[int, int]:
    """The customers whose installed base the bulletin affects, with how many of their assets match.

    Two index-only reads on assets (vendor, model, customer): the distinct models of the vendors, matched
    against the patterns in Python (case-insensitive wildcards), then the customers owning those exact
    (vendor, model) pairs. No pattern: every asset of the vendors.
    """
    vendor_ids = sorted(bulletin.vendors.values_list("pk", flat=True)) if bulletin.pk else []
    patterns = targeting.parse_patterns(bulletin.model_patterns)
    return assets_targets(vendor_ids=vendor_ids, patterns=patterns)


def assets_targets(*, vendor_ids: list[int], patterns: tuple[str, ...]) -> dict[int, int]:
    """customer id → matching asset count for assets of `vendor_ids` (any vendor when empty) and `patterns`."""
    if not vendor_ids and not patterns:
        return {}
    assets = Asset.objects.all()
    if vendor_ids:
        assets = assets.filter(vendor_id__in=vendor_ids)
    if patterns:
        pairs = assets.order_by().values_list("vendor_id", "model").distinct()
        matched: dict[int, list[str]] = {}
        compiled = targeting.compile_patterns(patterns)
        for vendor_id, model in pairs:
            if compiled is None or compiled.match(targeting.normalise_model(model)):
                matched.setdefault(vendor_id, []).append(model)
        if not matched:
            return {}
        condition = Q()
        for vendor_id, models in matched.items():
            condition |= Q(vendor_id=vendor_id, model__in=models)
        assets = Asset.objects.filter(condition)
    rows = assets.order_by().values("customer_id").annotate(n=Count("id")).values_list("customer_id", "n")
    return dict(rows)


def bulletin_deliveries(
    user: Any, *, bulletin_id: int, cursor: str | None = None, limit: int = 100, acknowledged: bool | None = None
) -> Page:
    """A bulletin's deliveries, customers by name order of delivery. A customer user sees only its own (404 if
    it has none for this bulletin)."""
    qs = BulletinDelivery.objects.filter(bulletin_id=bulletin_id).select_related("customer", "acknowledged_by")
    scope = access.scope_of(user, "bulletins.deliveries")
    if scope is None:
        access.require(user, "bulletins.deliveries", unseen=not_found("通知", "Bulletin"))
    if scope == access.ANY:
        if not Bulletin.objects.filter(pk=bulletin_id).exists():
            raise not_found("通知", "Bulletin")
    else:
        qs = qs.filter(access.visible(user, "bulletins.deliveries", "delivery"))
        if not qs.filter(bulletin__published_at__isnull=False).exists():
            raise not_found("通知", "Bulletin")
    if acknowledged is not None:
        qs = qs.filter(acknowledged_at__isnull=not acknowledged)
    return paginate(qs, ordering=["id"], cursor=cursor, limit=limit)


def delivery_counts(bulletin_id: int) -> tuple[int, int]:
    """(customers delivered to, customers that acknowledged) of one bulletin, in one query."""
    row = BulletinDelivery.objects.filter(bulletin_id=bulletin_id).aggregate(
        delivered=Count("id"), acknowledged=Count("id", filter=Q(acknowledged_at__isnull=False))
    )
    return row["delivered"], row["acknowledged"]


def delivery_get(user: Any, delivery_id: int) -> BulletinDelivery:
    """One delivery, to whoever may acknowledge it (``bulletins.acknowledge``): its own customer's users, and
    staff who manage bulletins or record phone acknowledgements; anyone else: 404."""
    seen = access.visible(user, "bulletins.acknowledge", "delivery")
    if seen is None:
        raise not_found("通知送达", "Bulletin delivery")
    qs = BulletinDelivery.objects.select_related("bulletin", "customer", "acknowledged_by").filter(seen)
    delivery = qs.filter(pk=delivery_id).first()
    if delivery is None:
        raise not_found("通知送达", "Bulletin delivery")
    return delivery


def delivery_for_link(delivery_id: int) -> BulletinDelivery | None:
    """The delivery a verified signed link names (the link itself is the permission)."""
    return BulletinDelivery.objects.select_related("bulletin", "customer").filter(pk=delivery_id).first()


def customer_deliveries(user: Any, *, cursor: str | None = None, limit: int = 50) -> Page:
    """The bulletins sent to the customer user's organisation, newest first (the portal list,
    ``bulletins.portal``; anyone else: 404)."""
    own = access.visible(user, "bulletins.portal", "delivery")
    if own is None:
        raise not_found("通知送达", "Bulletin delivery")
    qs = BulletinDelivery.objects.filter(own).select_related("bulletin")
    return paginate(qs, ordering=["-id"], cursor=cursor, limit=limit)


def unacknowledged_count(user: Any) -> int:
    if not getattr(user, "is_customer_user", False):
        return 0
    return BulletinDelivery.objects.filter(customer_id=user.customer_id, acknowledged_at__isnull=True).count()


# ------------------------------------------------------------------------------------------- knowledge base


@dataclass(frozen=True)
class ArticleHit:
    article: Article
    score: float


@dataclass(frozen=True)
class TicketHit:
    entry: TicketSearch
    score: float


def knowledge_search(text: str, limit: int = 10) -> list[ArticleHit]:
    """Published articles ranked for a Chinese query (jieba words, full-text index), best first."""
    hits = search.search(search.ARTICLES, segment.tokens(text), limit)
    rows = Article.objects.select_related("vendor").in_bulk([h.id for h in hits])
    return [ArticleHit(rows[h.id], h.score) for h in hits if h.id in rows and rows[h.id].is_published]


def similar_tickets(text: str, limit: int = SUGGESTION_LIMIT) -> list[TicketHit]:
    """Resolved requests most like `text`, best first."""
    hits = search.search(search.TICKETS, segment.tokens(text), limit)
    rows = TicketSearch.objects.in_bulk([h.id for h in hits])
    return [TicketHit(rows[h.id], h.score) for h in hits if h.id in rows]


@dataclass(frozen=True)
class Suggestions:
    articles: list[ArticleHit]
    tickets: list[TicketHit]


def intake_suggestions(text: str, limit: int = SUGGESTION_LIMIT) -> Suggestions:
    """Articles and past requests like the one being taken (title and description as typed)."""
    if not text.strip():
        return Suggestions([], [])
    return Suggestions(knowledge_search(text, limit), similar_tickets(text, limit))


def article_list(user: Any, *, limit: int = 20) -> list[Article]:
    """The newest published articles (the knowledge base page without a query)."""
    check_knowledge_read(user)
    return list(Article.objects.filter(is_published=True).select_related("vendor").order_by("-id")[:limit])


def article_get(user: Any, article_id: int) -> Article:
    check_knowledge_read(user)
    article = Article.objects.select_related("vendor", "author", "source_ticket").filter(pk=article_id).first()
    if article is None or (not article.is_published and not access.may(user, "knowledge.write")):
        raise not_found("文章", "Article")
    return article


def article_draft_from_ticket(ticket_id: int) -> dict[str, Any]:
    """An article prefilled from a resolved request: its title, description, the notes of its timeline as
    solution steps, and its asset's vendor, model and category. Raises 404 when there is no such request."""
    from aftersales.tickets.models import Ticket, TicketEvent

    ticket = Ticket.objects.select_related("asset__vendor").filter(pk=ticket_id).first()
    if ticket is None:
        raise not_found("服务请求", "Service request")
    notes = [
        e.note.strip()
        for e in TicketEvent.objects.filter(ticket_id=ticket_id).exclude(note="").order_by("id")
        if e.note.strip() and e.action not in ("create", "auto_escalate")
    ]
    cause_notes = [n for n in notes if "原因" in n]
    asset = ticket.asset
    return {
        "title": ticket.title,
        "symptom": ticket.description.strip() or ticket.title,
        "cause": "\n".join(cause_notes),
        "solution": "\n".join(n for n in notes if n not in cause_notes),
        "affected_models": asset.model if asset is not None else "",
        "vendor_id": asset.vendor_id if asset is not None else None,
        "category": asset.category if asset is not None else "",
        "source_ticket_id": ticket.pk,
        "is_resolved": ticket.status in RESOLVED_STATUSES,
        "ticket_number": ticket.number,
    }


def articles_of_ticket(ticket_id: int) -> QuerySet[Article]:
    return Article.objects.filter(source_ticket_id=ticket_id).order_by("id")
