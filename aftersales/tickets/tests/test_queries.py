"""Query counts of the lists (no N+1) and concurrency of lifecycle actions on a real database."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aftersales.core.errors import DomainError
from aftersales.tickets import selectors, services
from aftersales.tickets.models import Ticket, TicketEvent


@pytest.mark.django_db
def test_the_queue_api_costs_the_same_queries_for_one_or_many_tickets(
    api_as, agent, customer, django_assert_num_queries
):
    # given
    api = api_as(agent)
    body = {"customer_id": customer.pk, "channel": "phone", "severity": 3, "title": "打印机卡纸"}
    api.post("/api/v1/tickets", body)
    # when / then: one query for the bearer token (with its user), one for the page's ids and one for those rows
    # with their customer, region and assignee (ids first: decision 021 §8), whatever the page's size
    with django_assert_num_queries(3):
        one = api.get("/api/v1/tickets")
    for _ in range(9):
        api.post("/api/v1/tickets", body)
    with django_assert_num_queries(3):
        many = api.get("/api/v1/tickets")
    assert len(one.json()["items"]) == 1
    assert len(many.json()["items"]) == 10


@pytest.mark.django_db
def test_the_queue_api_with_every_drill_down_filter_still_costs_the_page_queries(
    api_as, agent, customer, asset, django_assert_num_queries
):
    """The management view's drill-down filters (issue 12) are conditions of the one query for the page's ids."""
    # given
    api = api_as(agent)
    body = {"customer_id": customer.pk, "asset_id": asset.pk, "channel": "phone", "severity": 2, "title": "宕机"}
    for _ in range(3):
        api.post("/api/v1/tickets", body)
    ticket = Ticket.objects.first()
    query = {
        "status": "not_cancelled",
        "reported_from": "2000-01-01",
        "reported_to": "2999-12-31",
        "region_id": customer.region_id,
        "customer_id": customer.pk,
        "sla_policy_id": ticket.sla_policy_id,
        "vendor_id": asset.vendor_id,
        "vendor_name": asset.vendor.name,
        "model_name": asset.model,
        "category_name": asset.category,
    }
    # when / then: the token, the page's ids and their rows; an empty page has no rows to read
    with django_assert_num_queries(3):
        listed = api.get("/api/v1/tickets", query)
    with django_assert_num_queries(2):
        missed = api.get("/api/v1/tickets", {**query, "missed": "respond"})
    assert len(listed.json()["items"]) == 3
    assert missed.json()["items"] == []


@pytest.mark.django_db
def test_the_queue_page_names_the_drill_down_in_one_query_per_kind(client, agent, customer, asset):
    """The chips of a drill-down from the dashboard: the customer's and the vendor's names cost one query each."""
    # given
    services.ticket_create(
        actor=agent, customer_id=customer.pk, asset_id=asset.pk, channel="phone", severity=2, title="宕机"
    )
    client.force_login(agent)
    plain = "/tickets/?status=open"
    drilled = f"/tickets/?status=open&customer_id={customer.pk}&vendor_id={asset.vendor_id}&reported_from=2026-01-01"
    client.get(plain)
    with CaptureQueriesContext(connection) as base:
        client.get(plain)
    # when
    with CaptureQueriesContext(connection) as chips:
        page = client.get(drilled)
    # then
    assert len(chips) == len(base) + 2
    text = page.content.decode()
    assert 'data-chip="customer_id"' in text
    assert customer.name in text
    assert 'data-chip="reported_from"' in text
    removes = {chip["name"]: chip["remove"] for chip in page.context["chips"]}
    assert removes["customer_id"] == f"/tickets/?status=open&vendor_id={asset.vendor_id}&reported_from=2026-01-01"
    assert removes["reported_from"] == f"/tickets/?status=open&customer_id={customer.pk}&vendor_id={asset.vendor_id}"


@pytest.mark.django_db
def test_the_selector_filters_by_region_and_tier(agent, customer, province_customer):
    from aftersales.tickets.selectors import QueueFilter

    services.ticket_create(actor=agent, customer_id=customer.pk, channel="phone", severity=1, title="系统瘫痪")
    services.ticket_create(actor=agent, customer_id=province_customer.pk, channel="fax", severity=3, title="慢")
    by_region = selectors.ticket_list(agent, QueueFilter(region_id=province_customer.region_id))
    by_tier = selectors.ticket_list(agent, QueueFilter(tier=2))
    assert [t.title for t in by_region.items] == ["慢"]
    assert [t.title for t in by_tier.items] == ["系统瘫痪"]


@pytest.mark.django_db
def test_intake_is_one_read_and_one_insert_on_every_database(agent, customer, asset, django_assert_num_queries):
    # given the SLA policy in its in-process cache
    take = {"actor": agent, "customer_id": customer.pk, "asset_id": asset.pk, "channel": "phone", "title": "掉线"}
    services.ticket_create(**take, severity=3)
    # when / then: the customer, region, asset, contract and duplicates in one read, the request in one INSERT
    # (hand-written SQL on Django's cursor: counted on SQLite as on PostgreSQL)
    with django_assert_num_queries(2):
        services.ticket_create(**take, severity=3)
    # a class 1 request also writes its climb's timeline line and its queued notice, in a transaction
    with django_assert_num_queries(4 + 2 * connection.features.uses_savepoints):
        services.ticket_create(**take, severity=1)


# serialized_rollback restores the reference rows of the data migrations (SLA policies, regions) that the
# flush after a transactional test would otherwise remove for every later test.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_agents_moving_the_same_request_at_once_cannot_both_win(agent, customer, make_user):
    """Both act on version 1; the row lock and the version check let exactly one through."""
    if connection.vendor == "sqlite" and "memory" in str(connection.settings_dict["NAME"]):
        pytest.skip("needs a database shared between threads (PostgreSQL or an SQLite file); in-memory SQLite is not")
    other = make_user("li.engineer", "engineer")
    ticket = services.ticket_create(
        actor=agent, customer_id=customer.pk, channel="phone", severity=2, title="核心交换机故障"
    ).ticket
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def move(actor, action):
        barrier.wait()
        try:
            services.ticket_apply_action(ticket_id=ticket.pk, action=action, actor=actor, expected_version=1)
            outcomes.append("ok")
        except DomainError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=move, args=(agent, "respond")),
        threading.Thread(target=move, args=(other, "escalate")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "stale_version"]
    assert Ticket.objects.get().version == 2
    assert TicketEvent.objects.filter(ticket=ticket).count() == 1  # the winner's (the received line is the row)


@pytest.mark.django_db
@pytest.mark.parametrize("sort", ["", "deadline", "severity", "reported"])
def test_the_queue_read_ids_first_pages_as_the_joined_query_did(agent, customer, province_customer, sort):
    """Ids first (decision 021 §8) changes the queries, not the pages: the same rows in the same order and the
    same cursors as one joined query per page, for every order, with ties and requests without a deadline."""
    import datetime as dt

    from django.db.models import Value
    from django.db.models.functions import Coalesce

    from aftersales.core.pagination import paginate

    # given requests sharing their class, report time and deadline in turns, two without a deadline
    for n in range(9):
        services.ticket_create(
            actor=agent,
            customer_id=(customer if n % 2 else province_customer).pk,
            channel="phone",
            severity=1 + n % 3,
            title=f"故障{n}",
        )
    base = dt.datetime(2026, 11, 2, 8, tzinfo=dt.UTC)
    for n, ticket in enumerate(Ticket.objects.order_by("id")):
        Ticket.objects.filter(pk=ticket.pk).update(
            reported_at=base + dt.timedelta(hours=n % 4),
            due_at=None if n in (2, 6) else base + dt.timedelta(hours=n % 3),
        )
    joined = Ticket.objects.select_related("customer", "region", "assignee", "assignee__partner").annotate(
        due_sort=Coalesce("due_at", Value(selectors.NO_DEADLINE))
    )
    # when both walk the queue three rows at a time
    pages, expected = [], []
    cursor = old_cursor = None
    while True:
        page = selectors.ticket_list(agent, selectors.QueueFilter(sort=sort), cursor=cursor, limit=3)
        old = paginate(joined, ordering=selectors.SORTS[sort], cursor=old_cursor, limit=3)
        pages.append(([t.pk for t in page.items], page.next_cursor))
        expected.append(([t.pk for t in old.items], old.next_cursor))
        cursor, old_cursor = page.next_cursor, old.next_cursor
        if cursor is None or len(pages) > 5:
            break
    # then every page and cursor is the joined query's, and the walk saw each request once
    assert pages == expected
    seen = [pk for ids, _ in pages for pk in ids]
    assert sorted(seen) == sorted(Ticket.objects.values_list("pk", flat=True))
    assert len(pages) == 3
