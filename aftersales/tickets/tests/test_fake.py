"""The bulk generator (`aftersales fake`): exact counts, derived fields as the services compute them."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from django.core.management import call_command

from aftersales.customers.models import Customer, Region
from aftersales.tickets import fake, selectors, services
from aftersales.tickets.choices import OPEN, Status
from aftersales.tickets.models import DEADLINE_FIELDS, Ticket, TicketEvent

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC)
DERIVED = ("breach_at", "due_at", "next_escalation_at")


@pytest.fixture
def generated():
    return fake.fake_generate(tickets=200, customers=12, open_percent=50, late_percent=10, now=NOW, batch_size=64)


def test_generating_200_tickets_writes_exact_counts(generated):
    # then
    assert (generated.tickets, generated.customers, generated.open, generated.late) == (200, 12, 100, 10)
    assert Ticket.objects.count() == 200
    assert Customer.objects.count() == 12
    assert Ticket.objects.filter(status__in=OPEN).count() == 100
    assert Ticket.objects.escalation_due(at=NOW).count() == 10
    # one line per request past "received" (that line is the row itself), one per climb of an untouched request
    climbs = TicketEvent.objects.filter(action="auto_escalate").count()
    moved = Ticket.objects.exclude(status=Status.RECEIVED).count()
    assert climbs > 0
    assert TicketEvent.objects.count() == generated.events == moved + climbs


def test_customers_are_spread_over_anhui_regions(generated):
    regions = set(Customer.objects.values_list("region__name", flat=True))
    assert regions <= set(Region.objects.values_list("name", flat=True))
    assert Customer.objects.filter(region__province="安徽省").exists()


def test_stored_deadlines_and_derived_fields_equal_what_the_services_compute(generated):
    for ticket in Ticket.objects.all():
        # given: the stored row, recomputed by the service helpers
        recomputed = copy.copy(ticket)
        services.settle_lateness(recomputed, recompute_deadlines=True)
        # then
        stored = [getattr(ticket, name) for name in (*DEADLINE_FIELDS, "vendor_by", "leadership_by", *DERIVED)]
        again = [getattr(recomputed, name) for name in (*DEADLINE_FIELDS, "vendor_by", "leadership_by", *DERIVED)]
        assert stored == again, ticket.pk
        assert ticket.reported_at <= ticket.created_at <= NOW


def test_statuses_and_events_are_consistent(generated):
    for ticket in Ticket.objects.select_related("created_by"):
        timeline = selectors.ticket_events(ticket)
        assert (timeline[0].action, timeline[0].from_status, timeline[0].to_status) == ("create", "", "received")
        assert timeline[-1].to_status == ticket.status
        assert timeline[-1].tier == ticket.tier
        at_once = ticket.escalate_by is not None and ticket.escalate_by <= ticket.reported_at
        climbs = [e for e in timeline if e.action == "auto_escalate"]
        if at_once:
            assert (climbs[0].tier, climbs[0].at) == (2, ticket.reported_at)
        assert len(climbs) == at_once + (ticket.status == Status.RECEIVED and ticket.tier > 1 + at_once)
        assert len(timeline) == 1 + len(climbs) + (ticket.status != Status.RECEIVED)
        assert all(ticket.reported_at <= e.at <= NOW for e in timeline)
        if ticket.status == Status.WAITING_CUSTOMER:
            assert timeline[1].from_status == ticket.resume_status
    waiting = set(Ticket.objects.filter(status=Status.WAITING_CUSTOMER).values_list("id", flat=True))
    assert set(Ticket.objects.filter(paused_at__isnull=False).values_list("id", flat=True)) == waiting


def test_the_sweep_climbs_exactly_the_late_tickets(generated):
    # when
    result = services.sla_sweep(at=NOW)
    # then
    assert (result.examined, result.escalated) == (10, 10)
    assert Ticket.objects.escalation_due(at=NOW).count() == 0


def test_the_command_reports_what_it_wrote(capsys):
    # when
    call_command("fake", tickets=30, customers=3, open_percent=100, late_percent=10, now=NOW)
    # then
    assert "3 customers" in capsys.readouterr().out
    assert Ticket.objects.filter(status__in=OPEN).count() == 30
    assert Ticket.objects.escalation_due(at=NOW).count() == 3
