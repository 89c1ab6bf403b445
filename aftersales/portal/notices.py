"""Tell the reporting contact when their request moves: responded, dispatched, on site, resolved.

Subscribed to `tickets.events.action_applied` (PortalConfig.ready), so the request's services never import
the portal. The messages go into the notifications outbox in the action's own transaction and are sent after
it commits (e-mail by Django's mail backend, SMS by the configured provider: the log in development):

- a request filed by a customer user: to that user, by the channels of the user's preferences (kind
  ``request_progress``; in-app and e-mail by default, SMS when switched on);
- any other request: to the contact named on it, by SMS to the contact's phone and by e-mail when the
  customer's contact list has an address for that name or phone.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from aftersales.notifications import services as notifications

KIND = "request_progress"
TOLD_ACTIONS = {
    "respond": ("您的服务请求 {number} 已受理并响应", "Your service request {number} has been answered"),
    "dispatch": (
        "您的服务请求 {number} 已派工，工程师将尽快上门",
        "Your service request {number}: an engineer is on the way",
    ),
    "arrive": ("工程师已到达现场处理服务请求 {number}", "The engineer has arrived on site for request {number}"),
    "resolve": ("您的服务请求 {number} 已解决", "Your service request {number} has been resolved"),
}


def _contact_email(ticket) -> str:
    from aftersales.customers.models import Contact

    contacts = Contact.objects.filter(customer_id=ticket.customer_id).exclude(email="")
    if ticket.contact_phone:
        found = contacts.filter(phone=ticket.contact_phone).values_list("email", flat=True).first()
        if found:
            return found
    if ticket.contact_name:
        return contacts.filter(name=ticket.contact_name).values_list("email", flat=True).first() or ""
    return ""


def message_for(ticket, action: str) -> notifications.Message | None:
    """The message for one step of a request, or None when nobody is to be told of it."""
    if action not in TOLD_ACTIONS:
        return None
    zh, en = TOLD_ACTIONS[action]
    title = zh.format(number=ticket.number)
    body = f"{ticket.title}\n{en.format(number=ticket.number)}"
    reporter = ticket.created_by if ticket.created_by_id else None
    if reporter is not None and getattr(reporter, "is_customer_user", False):
        return notifications.Message(
            user_id=reporter.pk,
            email=reporter.email,
            kind=KIND,
            title=title,
            body=body,
            link=reverse("customer:ticket", kwargs={"ticket_id": ticket.pk}),
            phone=reporter.phone or ticket.contact_phone,
            context={"sms_text": f"【售后服务】{title}"},
        )
    email = _contact_email(ticket)
    if not email and not ticket.contact_phone:
        return None
    return notifications.Message(
        user_id=None,
        email=email,
        kind=KIND,
        title=title,
        body=body,
        phone=ticket.contact_phone,
        context={"sms_text": f"【售后服务】{title}"},
    )


def on_action_applied(sender: Any, *, ticket, action: str, at=None, actor=None, **kwargs: Any) -> None:
    message = message_for(ticket, action)
    if message is not None:
        notifications.notifications_deliver([message])
