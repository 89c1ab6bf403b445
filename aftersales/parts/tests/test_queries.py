"""Query counts of the store's lists: the same number of queries for one row or many (no N+1)."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.parts import services

pytestmark = pytest.mark.django_db


def test_the_stock_catalogue_and_reorder_lists_cost_one_query_for_any_size(
    api_as, keeper, make_part, warehouse, van, django_assert_num_queries
):
    # given
    api = api_as(keeper)
    api.get("/api/v1/me")  # the token's first use stamps its last_used_at
    first = make_part(part_number="P-00", name="备件0")
    services.part_receive(actor=keeper, part_id=first.pk, location_id=warehouse.pk, quantity=1)
    # when / then: one query for the token, one for the page, whatever its size
    with django_assert_num_queries(2):
        one = api.get("/api/v1/stock")
    for i in range(1, 6):
        part = make_part(part_number=f"P-{i:02d}", name=f"备件{i}")
        for location in (warehouse, van):
            services.part_receive(actor=keeper, part_id=part.pk, location_id=location.pk, quantity=i)
        services.stock_set_reorder(
            actor=keeper, part_id=part.pk, location_id=warehouse.pk, reorder_point=9, reorder_quantity=1
        )
    with django_assert_num_queries(2):
        many = api.get("/api/v1/stock")
    with django_assert_num_queries(2):
        catalogue = api.get("/api/v1/parts")
    with django_assert_num_queries(2):
        reorder = api.get("/api/v1/stock/reorder")
    assert len(one.json()["items"]) == 1
    assert len(many.json()["items"]) == 11
    assert len(catalogue.json()["items"]) == 6
    assert len(reorder.json()["items"]) == 5


def test_the_ledger_and_the_loaner_list_cost_fixed_queries(
    api_as, keeper, engineer, make_part, warehouse, ticket, django_assert_num_queries
):
    # given 6 moves and 3 loaners, 2 of them lent
    api = api_as(keeper)
    api.get("/api/v1/me")
    part = make_part()
    for _ in range(3):
        services.part_receive(actor=keeper, part_id=part.pk, location_id=warehouse.pk, quantity=2)
        services.part_issue(actor=keeper, part_id=part.pk, location_id=warehouse.pk, quantity=1, ticket_id=ticket.pk)
    due = dt.date(2099, 1, 1)
    for i in range(3):
        loaner = services.loaner_create(actor=keeper, serial=f"LN-{i}", model="R740", grade=4)
        if i < 2:
            services.loan_create(actor=engineer, loaner_id=loaner.pk, ticket_id=ticket.pk, due_back_on=due)
    # when / then
    with django_assert_num_queries(2):
        moves = api.get("/api/v1/stock/moves", {"part_id": part.pk})
    with django_assert_num_queries(3):  # the token, the loaners, then their open loans in one go
        loaners = api.get("/api/v1/loaners")
    with django_assert_num_queries(2):
        loans = api.get("/api/v1/loans")
    assert len(moves.json()["items"]) == 6
    assert [x["current_loan"] is not None for x in loaners.json()["items"]] == [True, True, False]
    assert len(loans.json()["items"]) == 2
