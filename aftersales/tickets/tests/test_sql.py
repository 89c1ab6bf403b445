"""Rows written by hand (`core.bulk`, `tickets.sql`) are the rows `Model.save()` writes for the same values.

Each test writes rows through one hand-written path (intake's INSERT, the sweep's UPDATEs and timeline lines,
the escalation notices, the generator's `executemany`) and compares each row, column by column as the
database holds it, with the row `save()` writes for the values read back (`core.tests.rows`). Runs on SQLite
and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aftersales.core import clock
from aftersales.core.tests.rows import assert_as_saved
from aftersales.tickets import fake, services
from aftersales.tickets.choices import Tier
from aftersales.tickets.models import EscalationNotice, Ticket, TicketEvent

pytestmark = pytest.mark.django_db
CST = dt.timezone(dt.timedelta(hours=8))
REPORTED = dt.datetime(2026, 11, 20, 9, 0, tzinfo=CST)


def _take(agent, customer, *, severity: int, asset=None) -> Ticket:
    with clock.frozen(REPORTED):
        return services.ticket_create(
            actor=agent,
            customer_id=customer.pk,
            asset_id=asset.pk if asset else None,
            channel="phone",
            severity=severity,
            title="核心交换机掉线",
            description="机房A，上午九点起",
            contact_name="王工",
            contact_phone="13800000000",
        ).ticket


def test_intake_writes_the_request_as_save_does(agent, customer, asset):
    # given a request at the desk (one INSERT) and a class 1 request (its INSERT, climb line and notice)
    desk = _take(agent, customer, severity=2, asset=asset)
    at_once = _take(agent, customer, severity=1)
    # then
    assert_as_saved(Ticket, desk.pk)
    assert_as_saved(Ticket, at_once.pk)
    assert at_once.tier == Tier.EXPERT
    assert_as_saved(EscalationNotice, EscalationNotice.objects.get(ticket_id=at_once.pk).pk)


def test_the_sweeps_updates_and_timeline_lines_are_stored_as_save_does(agent, customer):
    # given two class 2 requests late for their escalation, and one at the top tier still marked due
    late = _take(agent, customer, severity=2)
    other = _take(agent, customer, severity=2)
    top = _take(agent, customer, severity=2)
    Ticket.objects.filter(pk=top.pk).update(tier=Tier.LEADERSHIP)
    # when the sweep runs
    with clock.frozen(REPORTED + dt.timedelta(hours=3)), CaptureQueriesContext(connection) as queries:
        result = services.sla_sweep()
    # then the requests climbed (UPDATE), their lines were written (one INSERT per batch), the other was settled
    assert result.escalated == 2
    for pk in (late.pk, other.pk):
        climbed = Ticket.objects.get(pk=pk)
        assert (climbed.tier, climbed.version) == (Tier.EXPERT, 2)
        assert_as_saved(Ticket, pk)
        assert_as_saved(TicketEvent, TicketEvent.objects.get(ticket_id=pk, action="auto_escalate").pk)
    assert Ticket.objects.get(pk=top.pk).next_escalation_at is None
    assert_as_saved(Ticket, top.pk)
    # and the statements are counted like the ORM's: the read, the UPDATEs and the lines' INSERT are there;
    # PostgreSQL climbs a batch in one UPDATE (the columns as arrays), SQLite runs one prepared UPDATE per row
    sql = [q["sql"] for q in queries]
    table = Ticket._meta.db_table
    assert sum(s.startswith("SELECT id, status") for s in sql) == 1
    if connection.vendor == "postgresql":
        updates = [s[: len(f"UPDATE {table} t SET tier")] for s in sql if s.startswith("UPDATE")]
        assert updates == [f"UPDATE {table} t SET tier", f"UPDATE {table} t SET brea"]
        lines = "INSERT INTO tickets_ticketevent"  # the batch's lines in one INSERT … SELECT FROM unnest
    else:
        assert sum(s.startswith(f"2 times: UPDATE {table} SET tier") for s in sql) == 1
        assert sum(s.startswith(f"1 times: UPDATE {table} SET breach_at") for s in sql) == 1
        lines = "2 times: INSERT INTO tickets_ticketevent"
    assert sum(s.startswith(lines) for s in sql) == 1
    assert sum("tickets_ticketevent" in s for s in sql) == 1


def test_the_generators_rows_are_stored_as_save_does():
    # given a few requests written by `executemany` with explicit ids (core.bulk.rows_insert)
    now = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC)
    fake.fake_generate(tickets=40, customers=3, open_percent=50, late_percent=20, now=now, batch_size=16)
    # then a closed one, an open one and a late one, and timeline lines of each kind, are as save() writes them
    tickets = Ticket.objects.order_by("pk")
    for ticket in (tickets.filter(closed_at__isnull=False).first(), tickets.filter(closed_at=None).first()):
        assert_as_saved(Ticket, ticket.pk)
    assert_as_saved(Ticket, Ticket.objects.escalation_due(at=now).order_by("pk").first().pk)
    for action in TicketEvent.objects.values_list("action", flat=True).distinct():
        assert_as_saved(TicketEvent, TicketEvent.objects.filter(action=action).order_by("pk").first().pk)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the sweep passes array literals to PostgreSQL only")
def test_the_sweeps_array_literals_read_back_as_the_values_written():
    from aftersales.tickets.sql import _pg_array

    texts = ("升级至专家组 / to the expert group", 'a "quoted" \\ back\\slash', "", "NULL", "{a,b}", " x ")
    texts = (*texts, "None", None)
    times = (
        None,
        dt.datetime(2026, 11, 20, 9, 0, 0, 123456, tzinfo=CST),
        dt.datetime(2026, 12, 31, 16, 0, tzinfo=dt.UTC),
        None,
    )
    ids = (None, 1, 2**40, None)
    mixed = (1, 'a "quoted", "x"', None, dt.date(2026, 12, 7), True)  # not one kind: every value quoted and escaped
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT %s::text[], %s::timestamptz[], %s::bigint[], %s::text[]",
            [_pg_array(texts), _pg_array(times), _pg_array(ids), _pg_array(mixed)],
        )
        assert cursor.fetchone() == (
            list(texts),
            list(times),
            list(ids),
            ["1", 'a "quoted", "x"', None, "2026-12-07", "True"],
        )
