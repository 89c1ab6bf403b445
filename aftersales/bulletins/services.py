"""Writes of bulletins (及时通知) and of the knowledge base (知识库). SPEC §4; 篇1 2.8, 2.12.

- `bulletin_create` → `bulletin_publish`: find the customers whose installed base matches, one delivery per
  customer (publishing again reaches only customers that match since), in-app + e-mail + SMS through
  `notifications`, and the event `bulletin_published` for webhooks.
- `bulletin_acknowledge`: the customer in the portal, a contact through the signed e-mail link, or our
  staff writing down what the customer said on the phone. Acknowledging twice changes nothing.
- `bulletins_remind`: reminders to those who did not acknowledge (`policy.reminders`), and after the last
  one a phone call on the callback specialists' list.
- Articles (`article_create`, `article_create_from_ticket`, `article_update`) and the search entries of
  resolved requests (`ticket_search_index`, run by `on_ticket_resolved`, a receiver of
  `tickets.events.resolved` connected in `BulletinsConfig.ready`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from aftersales.accounts import access
from aftersales.accounts.choices import Role
from aftersales.assets.models import Vendor
from aftersales.bulletins import links, search, segment, selectors
from aftersales.bulletins.choices import RESOLVED_STATUSES, AckChannel, BulletinKind
from aftersales.bulletins.models import Article, Bulletin, BulletinDelivery, TicketSearch
from aftersales.bulletins.policy import reminders, targeting
from aftersales.core import clock
from aftersales.core.errors import conflict, invalid, not_found, stale_version, unknown_reference
from aftersales.notifications import services as notifications

MOBILE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$")
MAX_PATTERNS = 50
ARTICLE_FIELDS = frozenset(
    {"title", "symptom", "cause", "solution", "affected_models", "vendor_id", "category", "is_published"}
)


# ------------------------------------------------------------------------------------------------ bulletins


@transaction.atomic
def bulletin_create(
    *,
    actor: Any,
    kind: str,
    title: str,
    body: str,
    vendor_ids: Sequence[int] = (),
    model_patterns: str = "",
    remind_after_days: int = 3,
    max_reminders: int = 2,
) -> Bulletin:
    """Write a bulletin (not yet sent). It must name vendors or models, else it would reach no one."""
    access.require(actor, "bulletins.manage")
    if kind not in BulletinKind.values:
        raise invalid("invalid_kind", "通知类型无效：{kind}", "Unknown bulletin kind: {kind}", kind=kind)
    title, body = title.strip(), body.strip()
    if not title:
        raise invalid("title_required", "标题不能为空", "Title is required")
    if not body:
        raise invalid("body_required", "内容不能为空", "Body is required")
    patterns = targeting.parse_patterns(model_patterns)
    if len(patterns) > MAX_PATTERNS:
        raise invalid("too_many_patterns", "型号最多 {n} 个", "At most {n} model patterns", n=MAX_PATTERNS)
    vendor_ids = sorted(set(vendor_ids))
    vendors = list(Vendor.objects.filter(pk__in=vendor_ids))
    if len(vendors) != len(vendor_ids):
        raise unknown_reference("厂商", "Vendor")
    if not vendors and not patterns:
        raise invalid(
            "no_target", "请选择涉及的厂商或填写涉及的型号", "Choose affected vendors or enter affected models"
        )
    if not (0 <= remind_after_days <= 365 and 0 <= max_reminders <= 10):
        raise invalid(
            "invalid_reminders",
            "提醒间隔应为 0–365 天，次数 0–10 次",
            "The reminder interval must be 0–365 days and the count 0–10",
        )
    bulletin = Bulletin.objects.create(
        kind=kind,
        title=title[:200],
        body=body,
        model_patterns="\n".join(patterns),
        remind_after_days=remind_after_days,
        max_reminders=max_reminders,
        author=actor,
    )
    bulletin.vendors.set(vendors)
    return bulletin


@dataclass(frozen=True)
class PublishResult:
    """What a publication did: customers that match now, deliveries created this time, messages sent."""

    bulletin: Bulletin
    matched: int
    created: int
    messages: int


@transaction.atomic
def bulletin_publish(*, bulletin_id: int, actor: Any, at: dt.datetime | None = None) -> PublishResult:
    """Send the bulletin to every customer whose installed base matches and who has not had it yet.

    The bulletin row is locked, so two publications of it run one after the other and the second finds the
    deliveries of the first: no customer gets it twice (the unique constraint backs this up).
    """
    access.require(actor, "bulletins.manage")
    at = at or clock.now()
    bulletin = Bulletin.objects.select_for_update().filter(pk=bulletin_id).first()
    if bulletin is None:
        raise not_found("通知", "Bulletin")
    targets = selectors.bulletin_targets(bulletin)
    already = set(BulletinDelivery.objects.filter(bulletin=bulletin).values_list("customer_id", flat=True))
    new = [customer_id for customer_id in sorted(targets) if customer_id not in already]
    deliveries = BulletinDelivery.objects.bulk_create(
        [
            BulletinDelivery(bulletin=bulletin, customer_id=cid, asset_count=targets[cid], delivered_at=at)
            for cid in new
        ],
        batch_size=1000,
    )
    sent = _send(bulletin, deliveries, kind="bulletin")
    if bulletin.published_at is None:
        bulletin.published_at, bulletin.published_by = at, actor
    bulletin.version += 1
    bulletin.save(update_fields=["published_at", "published_by", "version", "updated_at"])
    notifications.webhook_emit(
        kind="bulletin_published",
        at=at,
        data={
            "bulletin_id": bulletin.pk,
            "kind": bulletin.kind,
            "title": bulletin.title,
            "matched_customers": len(targets),
            "new_deliveries": len(deliveries),
            "published_at": bulletin.published_at.isoformat(),
        },
    )
    return PublishResult(bulletin=bulletin, matched=len(targets), created=len(deliveries), messages=sent)


def _send(bulletin: Bulletin, deliveries: Sequence[BulletinDelivery], *, kind: str) -> int:
    """Tell each delivery's customer: its users (by their preferences) and its contacts (e-mail; SMS to the
    primary mobile). Records the channels used on each delivery. Returns the number of messages."""
    if not deliveries:
        return 0
    from aftersales.accounts.models import User
    from aftersales.customers.models import Contact, Customer

    customer_ids = [d.customer_id for d in deliveries]
    customers = Customer.objects.in_bulk(customer_ids)
    users: dict[int, list[User]] = {}
    for user in User.objects.filter(customer_id__in=customer_ids, role=Role.CUSTOMER, is_active=True).order_by("id"):
        users.setdefault(user.customer_id, []).append(user)
    contacts: dict[int, list[Contact]] = {}
    for contact in Contact.objects.filter(customer_id__in=customer_ids).order_by("-is_primary", "id"):
        contacts.setdefault(contact.customer_id, []).append(contact)
    messages, owners = [], []
    for delivery in deliveries:
        customer = customers[delivery.customer_id]
        for message in _messages_for(
            bulletin,
            delivery,
            customer,
            users.get(customer.pk, []),
            contacts.get(customer.pk, []),
            reminder=kind != "bulletin",
        ):
            messages.append(message)
            owners.append(delivery)
    routed = notifications.notifications_deliver(messages)
    channels: dict[int, set[str]] = {d.pk: set(d.channels or []) for d in deliveries}
    for owner, result in zip(owners, routed, strict=True):
        channels[owner.pk].update(result.channels)
    for delivery in deliveries:
        delivery.channels = sorted(channels[delivery.pk])
    BulletinDelivery.objects.bulk_update(deliveries, ["channels"], batch_size=1000)
    return len(messages)


def _messages_for(
    bulletin: Bulletin, delivery: BulletinDelivery, customer: Any, users: list, contacts: list, *, reminder: bool
) -> list[notifications.Message]:
    kind = "bulletin_reminder" if reminder else "bulletin"
    label = BulletinKind(bulletin.kind).label
    title = f"{'请确认：' if reminder else ''}{label}：{bulletin.title}"[:200]
    context = {
        "bulletin_kind": label,
        "bulletin_title": bulletin.title,
        "bulletin_body": bulletin.body,
        "affected": "、".join(targeting.parse_patterns(bulletin.model_patterns)),
        "customer_name": customer.name,
        "ack_url": notifications.absolute_url(links.ack_path(delivery.pk)),
    }
    portal = links.portal_path(delivery.pk)
    out = [
        notifications.Message(
            user_id=u.pk, email=u.email, kind=kind, title=title, body=bulletin.body, link=portal, context=context
        )
        for u in users
    ]
    covered = {u.email.lower() for u in users if u.email}
    sms_to = next((c for c in contacts if MOBILE.match(_digits(c.phone))), None)
    for contact in contacts:
        email = contact.email if contact.email and contact.email.lower() not in covered else ""
        phone = _digits(contact.phone) if contact is sms_to else ""
        if email or phone:
            covered.add(email.lower())
            out.append(
                notifications.Message(
                    user_id=None,
                    email=email,
                    phone=phone,
                    kind=kind,
                    title=title,
                    body=bulletin.body,
                    link="",
                    context=context,
                )
            )
    if not out and (customer.email or MOBILE.match(_digits(customer.phone))):
        phone = _digits(customer.phone) if MOBILE.match(_digits(customer.phone)) else ""
        out.append(
            notifications.Message(
                user_id=None,
                email=customer.email,
                phone=phone,
                kind=kind,
                title=title,
                body=bulletin.body,
                link="",
                context=context,
            )
        )
    return out


def _digits(phone: str) -> str:
    return re.sub(r"[\s\-()]", "", phone or "")


@transaction.atomic
def bulletin_acknowledge(
    *,
    delivery_id: int,
    actor: Any | None,
    via: str,
    name: str = "",
    note: str = "",
    at: dt.datetime | None = None,
) -> BulletinDelivery:
    """Record that the customer acknowledged the bulletin (确认收到).

    - `portal`: a user of that customer (anyone else: 404);
    - `link`: no account, the caller checked the signed link (`actor` None);
    - `phone`: staff who called the customer (the table's ``bulletins.phone_ack``), with whom they spoke to.
    The first acknowledgement stands; a second one returns it unchanged. Closes the phone-call work item.
    """
    if via not in AckChannel.values:
        raise invalid("invalid_channel", "确认方式无效：{via}", "Unknown acknowledgement channel: {via}", via=via)
    delivery = (
        BulletinDelivery.objects.select_for_update(of=("self",))
        .select_related("bulletin")
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None:
        raise not_found("通知送达", "Bulletin delivery")
    # the portal is the customer users' own (``bulletins.portal``, their customer read off the user row)
    if via == AckChannel.PORTAL and not access.allowed(actor, "bulletins.portal", customer_id=delivery.customer_id):
        raise not_found("通知送达", "Bulletin delivery")
    if via == AckChannel.PHONE:
        access.require(actor, "bulletins.phone_ack")
        if not name.strip():
            raise invalid("name_required", "请填写电话确认的客户联系人", "Enter whom you spoke to on the phone")
    if delivery.acknowledged_at is not None:
        return delivery
    delivery.acknowledged_at = at or clock.now()
    delivery.acknowledged_by = actor if actor is not None and actor.is_authenticated else None
    delivery.acknowledged_via = via
    delivery.acknowledged_name = (name.strip() or (actor.get_full_name() or actor.username if actor else ""))[:64]
    delivery.acknowledgement_note = note.strip()
    delivery.save(
        update_fields=[
            "acknowledged_at",
            "acknowledged_by",
            "acknowledged_via",
            "acknowledged_name",
            "acknowledgement_note",
        ]
    )
    _close_phone_item(delivery, actor)
    notifications.webhook_emit(
        kind="bulletin_acknowledged",
        at=delivery.acknowledged_at,
        data={
            "bulletin_id": delivery.bulletin_id,
            "delivery_id": delivery.pk,
            "customer_id": delivery.customer_id,
            "via": via,
            "acknowledged_at": delivery.acknowledged_at.isoformat(),
        },
    )
    return delivery


def _phone_item_key(delivery_id: int) -> str:
    return f"bulletin-ack:{delivery_id}"


def _close_phone_item(delivery: BulletinDelivery, actor: Any | None) -> None:
    from aftersales.plans import services as plans
    from aftersales.plans.models import WorkItem

    item = WorkItem.objects.filter(source_key=_phone_item_key(delivery.pk), done_at__isnull=True).first()
    if item is not None:
        plans.work_item_complete(
            item_id=item.pk,
            actor=actor if actor is not None and actor.is_authenticated else None,
            result=f"已确认（{AckChannel(delivery.acknowledged_via).label}）",
        )


@dataclass(frozen=True)
class RemindResult:
    reminded: int = 0
    messages: int = 0
    phone_items: int = 0


def bulletins_remind(*, at: dt.datetime | None = None) -> RemindResult:
    """Remind every customer that has not acknowledged when its next reminder round is due.

    Each delivery is claimed by a conditional update of `reminders_sent` (from the count read to the round
    being sent), so a repeated or overlapping run sends nobody the same round twice.
    """
    at = at or clock.now()
    reminded = sent = items = 0
    bulletins = Bulletin.objects.filter(published_at__isnull=False, remind_after_days__gt=0, max_reminders__gt=0)
    for bulletin in bulletins.order_by("id"):
        earliest = at - dt.timedelta(days=bulletin.remind_after_days)
        candidates = list(
            bulletin.deliveries.filter(
                acknowledged_at__isnull=True,
                delivered_at__lte=earliest,
                reminders_sent__lt=bulletin.max_reminders,
            )
            .select_related("customer")
            .order_by("id")
        )
        with transaction.atomic():
            claimed, last_round = [], []
            for delivery in candidates:
                due = reminders.reminder_due(
                    delivered_at=delivery.delivered_at,
                    at=at,
                    every_days=bulletin.remind_after_days,
                    max_rounds=bulletin.max_reminders,
                    reminders_sent=delivery.reminders_sent,
                )
                if due is None:
                    continue
                if not BulletinDelivery.objects.filter(
                    pk=delivery.pk, reminders_sent=delivery.reminders_sent, acknowledged_at__isnull=True
                ).update(reminders_sent=due, last_reminded_at=at):
                    continue
                delivery.reminders_sent, delivery.last_reminded_at = due, at
                claimed.append(delivery)
                if due == bulletin.max_reminders:
                    last_round.append(delivery)
            sent += _send(bulletin, claimed, kind="bulletin_reminder")
            items += _phone_items(bulletin, last_round, at)
            reminded += len(claimed)
    return RemindResult(reminded=reminded, messages=sent, phone_items=items)


def _phone_items(bulletin: Bulletin, deliveries: Iterable[BulletinDelivery], at: dt.datetime) -> int:
    """After the last reminder: a phone call for the callback specialists (“my day”), once per delivery."""
    from aftersales.plans import services as plans

    created = 0
    for delivery in deliveries:
        _, is_new = plans.work_item_create(
            source_key=_phone_item_key(delivery.pk),
            kind="bulletin",
            title=f"电话确认通知：{delivery.customer.name} · {bulletin.title}"[:200],
            due_on=clock.local(at).date(),
            role=Role.CALLBACK,
            customer_id=delivery.customer_id,
            link=f"/bulletins/{bulletin.pk}/#delivery-{delivery.pk}",
        )
        created += int(is_new)
    return created


# ------------------------------------------------------------------------------------------- knowledge base


def _article_search_columns(article: Article) -> None:
    vendor = article.vendor.name if article.vendor_id and article.vendor else ""
    article.search_title = segment.index_text(article.title)
    article.search_text = segment.index_text(
        article.symptom, article.cause, article.solution, article.affected_models, article.category, vendor
    )


def _article_index(article: Article) -> None:
    if article.is_published:
        search.index_put(search.ARTICLES, [(article.pk, article.search_title, article.search_text)])
    else:
        search.index_delete(search.ARTICLES, [article.pk])


def _check_article(fields: dict[str, Any]) -> None:
    required = (("title", "标题", "Title"), ("symptom", "故障现象", "Symptom"), ("solution", "解决步骤", "Solution"))
    for name, zh, en in required:
        if not str(fields.get(name) or "").strip():
            raise invalid(f"{name}_required", "{what_zh}不能为空", "{what_en} is required", what_zh=zh, what_en=en)
    if fields.get("vendor_id") is not None and not Vendor.objects.filter(pk=fields["vendor_id"]).exists():
        raise unknown_reference("厂商", "Vendor")


@transaction.atomic
def article_create(
    *,
    actor: Any,
    title: str,
    symptom: str,
    solution: str,
    cause: str = "",
    affected_models: str = "",
    vendor_id: int | None = None,
    category: str = "",
    source_ticket_id: int | None = None,
    is_published: bool = True,
) -> Article:
    """Write a knowledge-base article; a published one is searchable at once."""
    access.require(actor, "knowledge.write")
    fields = {"title": title, "symptom": symptom, "solution": solution, "vendor_id": vendor_id}
    _check_article(fields)
    if source_ticket_id is not None:
        from aftersales.tickets.models import Ticket

        status = Ticket.objects.filter(pk=source_ticket_id).values_list("status", flat=True).first()
        if status is None:
            raise unknown_reference("服务请求", "Service request")
        if status not in RESOLVED_STATUSES:
            raise conflict(
                "ticket_not_resolved",
                "请求尚未解决，不能据此编写知识库文章",
                "The request is not resolved yet; an article needs its solution",
            )
    now = clock.now()
    article = Article(
        title=title.strip()[:200],
        symptom=symptom.strip(),
        cause=cause.strip(),
        solution=solution.strip(),
        affected_models=affected_models.strip(),
        vendor_id=vendor_id,
        category=category.strip()[:32],
        source_ticket_id=source_ticket_id,
        author=actor,
        is_published=is_published,
        published_at=now if is_published else None,
    )
    _article_search_columns(article)
    article.save()
    _article_index(article)
    return article


def article_create_from_ticket(*, actor: Any, ticket_id: int, **overrides: Any) -> Article:
    """Write an article from a resolved request in one step: prefilled from its title, description, timeline
    notes and asset (`selectors.article_draft_from_ticket`); any field given overrides the draft."""
    access.require(actor, "knowledge.write")
    draft = selectors.article_draft_from_ticket(ticket_id)
    if not draft["is_resolved"]:
        raise conflict(
            "ticket_not_resolved",
            "请求尚未解决，不能据此编写知识库文章",
            "The request is not resolved yet; an article needs its solution",
        )
    values = {
        key: draft[key] for key in ("title", "symptom", "cause", "solution", "affected_models", "vendor_id", "category")
    }
    values.update({key: value for key, value in overrides.items() if value not in (None, "")})
    if not str(values.get("solution") or "").strip():
        values["solution"] = f"见来源请求 {draft['ticket_number']} 的处理记录"
    return article_create(actor=actor, source_ticket_id=ticket_id, **values)


@transaction.atomic
def article_update(*, actor: Any, article_id: int, expected_version: int, **fields: Any) -> Article:
    """Change an article (and its place in the index); `expected_version` guards against lost updates."""
    access.require(actor, "knowledge.write")
    unknown = set(fields) - ARTICLE_FIELDS
    if unknown:
        raise invalid(
            "unknown_fields",
            "不能修改的字段：{names}",
            "Fields that cannot be changed: {names}",
            names=", ".join(sorted(unknown)),
        )
    article = Article.objects.select_for_update().filter(pk=article_id).first()
    if article is None:
        raise not_found("文章", "Article")
    if article.version != expected_version:
        raise stale_version(expected_version, article.version)
    for name, value in fields.items():
        setattr(article, name, value.strip() if isinstance(value, str) else value)
    _check_article(
        {
            "title": article.title,
            "symptom": article.symptom,
            "solution": article.solution,
            "vendor_id": article.vendor_id,
        }
    )
    if article.is_published and article.published_at is None:
        article.published_at = clock.now()
    _article_search_columns(article)
    article.version += 1
    article.save()
    _article_index(article)
    return article


def on_ticket_resolved(sender: Any, *, ticket: Any, **kwargs: Any) -> None:
    """`tickets.events.resolved`: index the request for “similar past requests” at intake (SPEC §4), in the
    resolving transaction."""
    ticket_search_index(ticket=ticket)


def ticket_search_index(*, ticket: Any) -> TicketSearch:
    """Make a resolved request findable as a “similar past request” (title weighted above description)."""
    entry = TicketSearch(
        ticket_id=ticket.pk,
        number=ticket.number,
        title=ticket.title[:200],
        resolved_at=ticket.resolved_at or clock.now(),
        search_title=segment.index_text(ticket.title),
        search_text=segment.index_text(ticket.description),
    )
    entry.save()
    search.index_put(search.TICKETS, [(entry.ticket_id, entry.search_title, entry.search_text)])
    return entry


def ticket_search_backfill(*, batch_size: int = 2000) -> int:
    """Index every resolved or closed request again (requests resolved before this feature, or after a bulk
    load); rebuilds the request search index. Returns how many were indexed."""
    from aftersales.tickets.models import Ticket

    rows = (
        Ticket.objects.filter(status__in=RESOLVED_STATUSES)
        .values_list("pk", "created_at", "title", "description", "resolved_at", "updated_at")
        .order_by("pk")
    )
    count, batch = 0, []
    with transaction.atomic():
        TicketSearch.objects.all().delete()
        search.index_rebuild(search.TICKETS, [])
    for pk, created_at, title, description, resolved_at, updated_at in rows.iterator(chunk_size=batch_size):
        batch.append(
            TicketSearch(
                ticket_id=pk,
                number=f"SR-{created_at.year}-{pk:06d}",
                title=title[:200],
                resolved_at=resolved_at or updated_at,
                search_title=segment.index_text(title),
                search_text=segment.index_text(description),
            )
        )
        if len(batch) >= batch_size:
            count += _store_ticket_batch(batch)
            batch = []
    if batch:
        count += _store_ticket_batch(batch)
    return count


@transaction.atomic
def _store_ticket_batch(batch: list[TicketSearch]) -> int:
    TicketSearch.objects.bulk_create(batch)
    search.index_put(search.TICKETS, [(e.ticket_id, e.search_title, e.search_text) for e in batch])
    return len(batch)


def article_reindex(*, batch_size: int = 1000) -> int:
    """Recompute every article's search columns and rebuild the article index. Returns how many are searchable."""
    articles = list(Article.objects.select_related("vendor").order_by("pk"))
    for article in articles:
        _article_search_columns(article)
    with transaction.atomic():
        Article.objects.bulk_update(articles, ["search_title", "search_text"], batch_size=batch_size)
        published = [(a.pk, a.search_title, a.search_text) for a in articles if a.is_published]
        search.index_rebuild(search.ARTICLES, published)
    return len(published)
