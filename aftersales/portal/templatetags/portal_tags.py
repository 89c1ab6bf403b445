"""``{% load portal_tags %}``: a request's conversation (留言) for the staff request page."""

from __future__ import annotations

from django import template

from aftersales.accounts import access
from aftersales.portal.models import Reply

register = template.Library()


@register.simple_tag(takes_context=True)
def ticket_replies(context, ticket) -> list[Reply]:
    """The replies of a request already shown to this user (the page's own selector checked it)."""
    return list(Reply.objects.filter(ticket=ticket).select_related("author").order_by("id"))


@register.simple_tag(takes_context=True)
def may_reply(context, ticket) -> bool:
    return access.allowed(context["request"].user, "portal.reply", ticket_id=ticket.pk)
