"""Domain events of requests: the other areas act on `tickets.events.resolved` inside the resolving transaction."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.bulletins.models import TicketSearch
from aftersales.core import clock
from aftersales.followups.models import Callback
from aftersales.tickets import events, services
from aftersales.tickets.models import Ticket, TicketEvent
from aftersales.warranty.models import WarrantyRepair

pytestmark = pytest.mark.django_db
CST = dt.timezone(dt.timedelta(hours=8))


def _resolved_request(agent, customer, asset, *, resolve: bool = True) -> Ticket:
    with clock.frozen(dt.datetime(2026, 11, 20, 9, 0, tzinfo=CST)):
        ticket = services.ticket_create(
            actor=agent, customer_id=customer.pk, asset_id=asset.pk, channel="phone", severity=2, title="硬盘故障"
        ).ticket
    steps = [("respond", 9, 5), ("restore", 10, 0)] + ([("resolve", 10, 30)] if resolve else [])
    for action, hour, minute in steps:
        with clock.frozen(dt.datetime(2026, 11, 20, hour, minute, tzinfo=CST)):
            services.ticket_apply_action(ticket_id=ticket.pk, action=action, actor=agent)
    return ticket


def test_resolving_tells_warranty_knowledge_and_callbacks(agent, customer, asset):
    ticket = _resolved_request(agent, customer, asset)
    # the warranty repair count (三包: a free repair eight months after purchase)
    assert WarrantyRepair.objects.get(ticket_id=ticket.pk).completed_on == dt.date(2026, 11, 20)
    # similar past requests at intake
    assert TicketSearch.objects.get(ticket_id=ticket.pk).title == "硬盘故障"
    # the callback on the next working day
    assert Callback.objects.get(ticket_id=ticket.pk).due_on == dt.date(2026, 11, 23)


def test_a_failing_receiver_undoes_the_resolution_and_the_other_receivers_writes(agent, customer, asset):
    ticket = _resolved_request(agent, customer, asset, resolve=False)
    seen = []

    def refuse(sender, *, ticket, at, actor, **kwargs):
        seen.append((ticket.pk, ticket.status, at, actor.pk))
        raise RuntimeError("receiver failed")

    events.resolved.connect(refuse, dispatch_uid="test.refuse")
    try:
        with clock.frozen(dt.datetime(2026, 11, 20, 10, 30, tzinfo=CST)), pytest.raises(RuntimeError):
            services.ticket_apply_action(ticket_id=ticket.pk, action="resolve", actor=agent)
    finally:
        events.resolved.disconnect(dispatch_uid="test.refuse")
    # the receiver saw the resolved request, written but not yet committed
    assert seen == [(ticket.pk, "resolved", dt.datetime(2026, 11, 20, 10, 30, tzinfo=CST), agent.pk)]
    # one transaction: nothing of the resolution stays, neither the request's nor the other areas' rows
    assert Ticket.objects.get(pk=ticket.pk).status == "restored"
    assert not TicketEvent.objects.filter(ticket_id=ticket.pk, action="resolve").exists()
    assert not WarrantyRepair.objects.exists()
    assert not TicketSearch.objects.exists()
    assert not Callback.objects.exists()
