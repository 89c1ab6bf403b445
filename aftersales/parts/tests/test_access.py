"""Issue 9 defect 2: an engineer issued central-store parts against any open request. The access table now
lets an engineer move only the stock of a van the engineer keeps, against a request assigned (or dispatched)
to the engineer; store keepers move any stock."""

from __future__ import annotations

import pytest

from aftersales.parts.models import StockMove

pytestmark = pytest.mark.django_db


def issue(client, location, ticket, part, quantity=1):
    body = {"kind": "issue", "part_id": part.pk, "location_id": location.pk, "quantity": quantity}
    return client.post("/api/v1/stock/moves", body | {"ticket_id": ticket.pk})


def test_an_engineer_cannot_issue_central_store_parts_against_any_open_request(
    api_as, engineer, part, warehouse, ticket, stocked
):
    stocked(3)
    response = issue(api_as(engineer), warehouse, ticket, part)
    assert response.status_code == 422
    assert response.json()["code"] == "unknown_reference"
    assert StockMove.objects.count() == 1  # the receipt only


def test_an_engineer_cannot_issue_from_the_van_against_someone_elses_request(
    api_as, engineer, part, van, ticket, stocked
):
    stocked(3, van)
    assert issue(api_as(engineer), van, ticket, part).status_code == 422
    assert StockMove.objects.count() == 1


def test_an_engineer_issues_from_the_own_van_for_the_own_request(api_as, engineer, part, van, my_ticket, stocked):
    stocked(3, van)
    response = issue(api_as(engineer), van, my_ticket, part)
    assert response.status_code == 201, response.content
    assert response.json()["stock"]["on_hand"] == 2


def test_a_store_keeper_issues_central_store_parts_for_any_request(api_as, keeper, part, warehouse, ticket, stocked):
    stocked(3)
    assert issue(api_as(keeper), warehouse, ticket, part).status_code == 201


def test_the_move_page_refuses_the_engineer_the_central_store(client, engineer, part, warehouse, ticket, stocked):
    stocked(3)
    client.force_login(engineer)
    form = {"kind": "issue", "part_id": part.pk, "location_id": warehouse.pk, "quantity": 1, "ticket_id": ticket.pk}
    response = client.post("/parts/moves/new/", form)
    assert response.status_code == 404
    assert StockMove.objects.count() == 1
