"""Plain data of bulletins, deliveries and articles for the API and the pages."""

from __future__ import annotations

from typing import Any

from aftersales.bulletins.models import Article, Bulletin, BulletinDelivery
from aftersales.bulletins.policy import targeting


def bulletin_data(bulletin: Bulletin) -> dict[str, Any]:
    return {
        "id": bulletin.pk,
        "kind": bulletin.kind,
        "title": bulletin.title,
        "body": bulletin.body,
        "vendors": [{"id": v.pk, "name": v.name} for v in bulletin.vendors.all()],
        "model_patterns": list(targeting.parse_patterns(bulletin.model_patterns)),
        "remind_after_days": bulletin.remind_after_days,
        "max_reminders": bulletin.max_reminders,
        "published_at": bulletin.published_at,
        "created_at": bulletin.created_at,
        "delivery_count": getattr(bulletin, "delivery_count", 0),
        "acknowledged_count": getattr(bulletin, "acknowledged_count", 0),
    }


def delivery_data(delivery: BulletinDelivery) -> dict[str, Any]:
    return {
        "id": delivery.pk,
        "bulletin_id": delivery.bulletin_id,
        "customer_id": delivery.customer_id,
        "customer_name": delivery.customer.name,
        "asset_count": delivery.asset_count,
        "channels": list(delivery.channels or []),
        "delivered_at": delivery.delivered_at,
        "acknowledged_at": delivery.acknowledged_at,
        "acknowledged_via": delivery.acknowledged_via,
        "acknowledged_name": delivery.acknowledged_name,
        "reminders_sent": delivery.reminders_sent,
    }


def article_data(article: Article, score: float | None = None) -> dict[str, Any]:
    return {
        "id": article.pk,
        "title": article.title,
        "symptom": article.symptom,
        "cause": article.cause,
        "solution_steps": article.solution_steps,
        "affected_models": article.model_list,
        "vendor": article.vendor.name if article.vendor_id and article.vendor else None,
        "category": article.category,
        "source_ticket_id": article.source_ticket_id,
        "is_published": article.is_published,
        "published_at": article.published_at,
        "score": score,
    }
