"""Writes of the customer portal: a fault reported in the customer's own words, a report from a scanned QR
label, and replies on a request (SPEC §2 channels: web portal, QR code on the device; 篇1 2.3)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from aftersales.accounts import access
from aftersales.assets.models import Asset
from aftersales.attachments import services as attachments
from aftersales.core import clock
from aftersales.core.errors import DomainError, invalid, not_found
from aftersales.notifications import services as notifications
from aftersales.portal import links
from aftersales.portal.models import Reply
from aftersales.portal.policy import urgency
from aftersales.tickets import services as tickets
from aftersales.tickets.models import Ticket

REPLY_MAX_CHARS = 4000


def _severity(key: str) -> int:
    severity = urgency.severity_for(key)
    if severity is None:
        raise invalid("urgency_invalid", "请选择故障影响程度", "Please say how much the fault affects you")
    return severity


def portal_report(
    *,
    actor,
    urgency_key: str,
    title: str,
    description: str = "",
    asset_id: int | None = None,
    contact_name: str = "",
    contact_phone: str = "",
) -> tickets.Intake:
    """A customer user reports a fault on the portal (channel ``web``), in the customer's words for urgency."""
    return tickets.ticket_create(
        actor=actor,
        customer_id=actor.customer_id,
        asset_id=asset_id,
        channel="web",
        severity=_severity(urgency_key),
        title=title,
        description=description,
        contact_name=contact_name,
        contact_phone=contact_phone,
    )


@dataclass(frozen=True)
class LabelTarget:
    """What a scanned label names: the asset and its customer (still the owner)."""

    asset: Asset


def label_target(token: str) -> LabelTarget:
    """The asset a QR label's token names; 404 for a tampered, expired or no longer valid label."""
    read = links.label_token_read(token)
    if read is None:
        raise DomainError(
            "label_invalid",
            "二维码标签无效或已过期，请联系服务台更换标签",
            "This QR label is invalid or has expired; please ask the service desk for a new label",
            status=404,
        )
    asset_id, customer_id = read
    asset = Asset.objects.select_related("customer", "vendor").filter(pk=asset_id, customer_id=customer_id).first()
    if asset is None:
        raise DomainError(
            "label_invalid",
            "二维码标签无效或已过期，请联系服务台更换标签",
            "This QR label is invalid or has expired; please ask the service desk for a new label",
            status=404,
        )
    return LabelTarget(asset=asset)


def qr_report(
    *,
    token: str,
    urgency_key: str,
    title: str,
    description: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    photo: bytes | None = None,
    photo_name: str = "",
    actor=None,
) -> tickets.Intake:
    """A fault reported from a scanned QR label (channel ``qr``): no account, the signed link is the credential.

    The contact's name and phone are required (we must be able to call back). An optional photo is checked
    before the request is written, so a refused photo files nothing.
    """
    actor = actor if actor is not None and getattr(actor, "is_authenticated", False) else AnonymousUser()
    access.require(actor, "portal.qr_report")
    target = label_target(token)
    if not contact_name.strip() or not contact_phone.strip():
        raise invalid("contact_required", "请填写联系人和电话", "Please give a contact name and phone number")
    severity = _severity(urgency_key)
    if photo:
        attachments.attachment_check(photo)
    with transaction.atomic():
        intake = tickets.ticket_create(
            actor=actor,
            customer_id=target.asset.customer_id,
            asset_id=target.asset.pk,
            channel="qr",
            severity=severity,
            title=title,
            description=description,
            contact_name=contact_name.strip()[:64],
            contact_phone=contact_phone.strip()[:32],
            as_part_of="portal.qr_report",
        )
        if photo:
            attachments.attachment_add(
                actor=actor,
                owner_kind="ticket",
                owner_id=intake.ticket.pk,
                data=photo,
                filename=photo_name,
                as_part_of="portal.qr_report",
            )
    return intake


@transaction.atomic
def reply_add(*, actor, ticket_id: int, body: str) -> Reply:
    """Add a message to a request's conversation (留言): the customer's users on their own requests, our staff
    on any. The other side is told: the request's handler (处理人) of a customer's message, the reporting
    customer user of ours."""
    access.require(actor, "portal.reply", ticket_id=ticket_id)
    text = (body or "").strip()
    if not text:
        raise invalid("reply_empty", "留言内容不能为空", "The message is empty")
    if len(text) > REPLY_MAX_CHARS:
        raise invalid("reply_too_long", "留言过长（最多4000字）", "The message is too long (4000 characters at most)")
    ticket = Ticket.objects.select_related("created_by").filter(pk=ticket_id).first()
    if ticket is None:
        raise not_found("服务请求", "Ticket")
    reply = Reply.objects.create(
        ticket=ticket,
        author=actor,
        from_customer=bool(getattr(actor, "is_customer_user", False)),
        body=text,
        created_at=clock.now(),
    )
    _tell_other_side(ticket, reply)
    return reply


def _tell_other_side(ticket: Ticket, reply: Reply) -> None:
    from django.urls import reverse

    title = f"{ticket.number} 有新留言 / new message"
    if reply.from_customer:
        if ticket.assignee_id is None:
            return
        message = notifications.Message(
            user_id=ticket.assignee_id,
            email="",
            kind="request_reply",
            title=title,
            body=reply.body[:500],
            link=reverse("tickets:detail", kwargs={"ticket_id": ticket.pk}),
        )
    else:
        reporter = ticket.created_by
        if reporter is None or not getattr(reporter, "is_customer_user", False):
            return
        message = notifications.Message(
            user_id=reporter.pk,
            email=reporter.email,
            kind="request_reply",
            title=title,
            body=reply.body[:500],
            link=reverse("customer:ticket", kwargs={"ticket_id": ticket.pk}),
        )
    notifications.notifications_deliver([message])
