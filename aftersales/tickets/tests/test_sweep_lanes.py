"""The sweep's batches on several connections (PostgreSQL, outside a transaction: `core.lanes`)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from aftersales.notifications.models import Notification
from aftersales.tickets import services
from aftersales.tickets.models import EscalationBatch, Ticket, TicketEvent
from aftersales.tickets.tests.test_services import at, create, fail_the_second_batch

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the batches share out among connections on PostgreSQL only"
)


@pytest.fixture
def threads_that_climbed(monkeypatch):
    """The names of the threads `_escalate_batch` ran in, one per batch."""
    names: list[str] = []
    escalate = services._escalate_batch

    def recording(ids, at):
        names.append(threading.current_thread().name)
        return escalate(ids, at)

    monkeypatch.setattr(services, "_escalate_batch", recording)
    return names


def _connections_to_this_database() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
        return cursor.fetchone()[0]


@postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_batches_climb_on_several_connections_each_request_once(
    agent, customer, make_user, settings, threads_that_climbed
):
    # given 7 class-2 requests due for the expert group, 4 batches of 2 and 3 connections
    expert = make_user("wang.expert", "expert")
    tickets = [create(agent, customer) for _ in range(7)]
    settings.AFTERSALES_SWEEP_CONNECTIONS = 3
    connections_before = _connections_to_this_database()
    # when the sweep runs
    result = services.sla_sweep(at=at("2026-11-20 09:31"), batch_size=2)
    # then every request climbed once, with its timeline line, and the lanes ran on threads of their own
    assert (result.examined, result.escalated) == (7, 7)
    assert set(Ticket.objects.values_list("tier", flat=True)) == {2}
    lines = TicketEvent.objects.filter(action="auto_escalate")
    assert sorted(lines.values_list("ticket_id", flat=True)) == sorted(t.pk for t in tickets)
    assert len(threads_that_climbed) == 4
    assert all(name.startswith("lane") for name in threads_that_climbed)
    assert len(set(threads_that_climbed)) > 1
    # the expert group was told once, for all four batches' climbs (the requests have no assignee yet)
    (digest,) = Notification.objects.all()
    assert (digest.user_id, digest.title) == (expert.pk, "7 个服务请求已升级")
    assert result.notified == 1
    assert not EscalationBatch.objects.exists()
    # and the lanes' connections are closed again
    assert _connections_to_this_database() == connections_before
    # and a second sweep finds nothing due
    assert services.sla_sweep(at=at("2026-11-20 09:32"), batch_size=2).escalated == 0


@postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_error_in_one_lane_stops_the_sweep_and_is_raised(agent, customer, settings, monkeypatch):
    for _ in range(6):
        create(agent, customer)
    settings.AFTERSALES_SWEEP_CONNECTIONS = 2
    calls = fail_the_second_batch(monkeypatch)
    with pytest.raises(RuntimeError, match="went away"):
        services.sla_sweep(at=at("2026-11-20 09:31"), batch_size=1)
    # the failed batch climbed nothing; the lanes took no batch after the error was seen (at most the one the
    # other lane had already begun), and the batches done stay done, as one after another
    climbed = Ticket.objects.filter(tier=2).count()
    assert climbed == TicketEvent.objects.filter(action="auto_escalate").count()
    assert len(calls) <= 3
    assert climbed == len(calls) - 1


@pytest.mark.django_db
def test_inside_a_transaction_the_batches_run_here_in_order(agent, customer, settings, threads_that_climbed):
    # the caller's transaction cannot be seen from other connections: the sweep stays in it (every database)
    for _ in range(5):
        create(agent, customer)
    settings.AFTERSALES_SWEEP_CONNECTIONS = 3
    with transaction.atomic():
        result = services.sla_sweep(at=at("2026-11-20 09:31"), batch_size=2)
    assert result.escalated == 5
    assert threads_that_climbed == [threading.current_thread().name] * 3
