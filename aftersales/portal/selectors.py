"""Reads of the portal: a request's conversation (留言) for someone who may see the request."""

from __future__ import annotations

from aftersales.portal.models import Reply
from aftersales.tickets import selectors as tickets


def reply_list(user, ticket_id: int) -> list[Reply]:
    """The replies of a request the user may see (404 through `ticket_get` otherwise), oldest first."""
    ticket = tickets.ticket_get(user, ticket_id)
    return list(Reply.objects.filter(ticket=ticket).select_related("author").order_by("id"))
