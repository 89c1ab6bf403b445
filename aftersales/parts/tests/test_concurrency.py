"""Concurrency on a real database: two engineers cannot take the last unit twice; a loaner is lent once.

These need connections that share one database, each thread its own: PostgreSQL (`make test` runs the
suite there too, with DATABASE_URL set). The SQLite test database is in memory, where each thread would
get its own empty database, so there they are skipped. Each test commits for real, so the database is emptied after it;
`serialized_rollback` brings back the reference data the migrations seeded (SLA policies) before it.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable

import pytest
from django.db import IntegrityError, connection, connections, transaction

from aftersales.core import clock
from aftersales.core.errors import DomainError
from aftersales.parts import selectors, services
from aftersales.parts.models import Loan, Stock, StockMove

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("shared_database"),
]


@pytest.fixture(scope="module", autouse=True)
def _reference_data_back_afterwards(django_db_blocker):
    """Put the migrations' reference data back once this module is done, for transactional tests that follow.

    `serialized_rollback` restores it before each of these tests, but the flush after the last one would
    leave an empty database to whichever transactional test runs next.
    """
    yield
    with django_db_blocker.unblock():
        for alias in connections:
            content = getattr(connections[alias], "_test_serialized_contents", None)
            if not content:
                continue
            try:
                with transaction.atomic(using=alias):
                    connections[alias].creation.deserialize_db_from_string(content)
            except IntegrityError:
                pass  # the data is still there: nothing was flushed


@pytest.fixture
def shared_database() -> None:
    """Skip (before any row is made) unless threads can share the test database."""
    name = str(connection.settings_dict["NAME"] or "")
    if connection.vendor == "sqlite" and (name in ("", ":memory:") or "memory" in name):
        pytest.skip(
            "needs PostgreSQL (DATABASE_URL=postgres://…, as `make test` sets for its second run): "
            "the in-memory SQLite test database is not shared between threads"
        )


def race(workers: list[Callable[[], object]]) -> list[str]:
    """Run the workers at the same instant, each in its own thread and connection; 'ok', the error code or the
    exception's name for each."""
    outcomes: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(workers))

    def run(work):
        barrier.wait()
        try:
            work()
            result = "ok"
        except DomainError as exc:
            result = exc.code
        except Exception as exc:  # e.g. OperationalError "deadlock detected": shown in the assertion
            result = type(exc).__name__
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(outcomes)


def test_two_store_keepers_cannot_issue_the_last_unit_twice(
    keeper, make_user, part, warehouse, ticket, other_ticket, stocked
):
    # given one unit left in the central store (engineers take from their vans: the store's keepers issue here)
    other = make_user("sun.warehouse", "warehouse")
    stocked(1)
    # when two keepers issue it for two requests at the same moment
    outcomes = race(
        [
            lambda: services.part_issue(
                actor=keeper, part_id=part.pk, location_id=warehouse.pk, quantity=1, ticket_id=ticket.pk
            ),
            lambda: services.part_issue(
                actor=other, part_id=part.pk, location_id=warehouse.pk, quantity=1, ticket_id=other_ticket.pk
            ),
        ]
    )
    # then exactly one got it
    assert outcomes == ["ok", "parts_insufficient_stock"]
    assert Stock.objects.get().on_hand == 0
    assert StockMove.objects.filter(kind="issue").count() == 1
    assert selectors.ledger_check(deep=True) == []


def test_eight_reservations_racing_for_three_units_leave_exactly_three(keeper, part, warehouse, ticket, stocked):
    stocked(3)
    outcomes = race(
        [
            lambda: services.part_reserve(
                actor=keeper, part_id=part.pk, location_id=warehouse.pk, quantity=1, ticket_id=ticket.pk
            )
            for _ in range(8)
        ]
    )
    assert outcomes == ["ok"] * 3 + ["parts_insufficient_stock"] * 5
    assert (Stock.objects.get().on_hand, Stock.objects.get().reserved) == (3, 3)
    assert selectors.ledger_check(deep=True) == []


def test_a_first_receipt_at_a_new_location_from_two_clients_creates_one_stock_row(keeper, make_user, part, van):
    other = make_user("sun.warehouse", "warehouse")
    outcomes = race(
        [
            lambda: services.part_receive(actor=keeper, part_id=part.pk, location_id=van.pk, quantity=2),
            lambda: services.part_receive(actor=other, part_id=part.pk, location_id=van.pk, quantity=3),
        ]
    )
    assert outcomes == ["ok", "ok"]
    assert list(Stock.objects.values_list("on_hand", flat=True)) == [5]
    assert selectors.ledger_check(deep=True) == []


def test_one_loaner_cannot_be_lent_twice_at_the_same_moment(
    keeper, engineer, make_user, warehouse, ticket, other_ticket
):
    other = make_user("zhao.engineer", "engineer")
    loaner = services.loaner_create(
        actor=keeper, serial="LN-R740", model="PowerEdge R740", grade=4, location_id=warehouse.pk
    )
    due = clock.today() + dt.timedelta(days=7)
    outcomes = race(
        [
            lambda: services.loan_create(actor=engineer, loaner_id=loaner.pk, ticket_id=ticket.pk, due_back_on=due),
            lambda: services.loan_create(
                actor=other, loaner_id=loaner.pk, ticket_id=other_ticket.pk, due_back_on=due, required_grade=1
            ),
        ]
    )
    assert outcomes == ["loaner_not_available", "ok"]
    assert Loan.objects.count() == 1


def test_a_move_while_the_request_is_held_elsewhere_waits_instead_of_deadlocking(
    keeper, make_user, part, warehouse, ticket, stocked
):
    """An on-site visit holds the request's row (FOR UPDATE) and then issues a part; another engineer issues a
    part for the same request meanwhile. The parts services take the request before the stock row, so the
    second one waits for the first; taken the other way round, each would hold what the other needs."""
    from aftersales.tickets.models import Ticket

    # given two units in the central store, issued by its keepers
    other = make_user("sun.warehouse", "warehouse")
    stocked(2)
    holding = threading.Event()

    def visit():
        with transaction.atomic():
            Ticket.objects.select_for_update().get(pk=ticket.pk)
            holding.set()
            time.sleep(0.4)  # the other engineer's move starts meanwhile
            services.part_issue(
                actor=keeper, part_id=part.pk, location_id=warehouse.pk, quantity=1, ticket_id=ticket.pk
            )

    def second_engineer():
        holding.wait(5)
        services.part_issue(actor=other, part_id=part.pk, location_id=warehouse.pk, quantity=1, ticket_id=ticket.pk)

    # when
    outcomes = race([visit, second_engineer])
    # then
    assert outcomes == ["ok", "ok"]
    assert Stock.objects.get().on_hand == 0
    assert selectors.ledger_check(deep=True) == []
