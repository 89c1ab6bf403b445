"""The parts services ask the access table (``parts.move`` in accounts/access_table.py) when called directly, not
only the API: an engineer moves stock of a van the engineer keeps, against a request of the engineer's (issue 9,
defect 2: an engineer issued central-store parts against any open request)."""

from __future__ import annotations

import pytest

from aftersales.core.errors import DomainError
from aftersales.parts import services
from aftersales.parts.models import StockMove

pytestmark = pytest.mark.django_db


@pytest.fixture
def van_stocked(keeper, part, van, stocked):
    stocked(4)
    services.part_transfer(
        actor=keeper, part_id=part.pk, location_id=stocked_location(), to_location_id=van.pk, quantity=2
    )
    return van


def stocked_location() -> int:
    from aftersales.parts.models import Location

    return Location.objects.get(name="合肥中心库").pk


def test_an_engineer_may_not_issue_central_store_parts(engineer, part, warehouse, my_ticket, stocked):
    stocked(2)
    before = StockMove.objects.count()
    with pytest.raises(DomainError) as refused:
        services.part_issue(
            actor=engineer, part_id=part.pk, location_id=warehouse.pk, quantity=1, ticket_id=my_ticket.pk
        )
    assert refused.value.status == 403
    assert StockMove.objects.count() == before


def test_an_engineer_may_not_issue_from_the_van_against_someone_elses_request(
    engineer, part, van_stocked, other_ticket
):
    with pytest.raises(DomainError) as refused:
        services.part_issue(
            actor=engineer, part_id=part.pk, location_id=van_stocked.pk, quantity=1, ticket_id=other_ticket.pk
        )
    assert refused.value.status == 403


def test_an_engineer_issues_from_the_own_van_against_the_own_request(engineer, part, van_stocked, my_ticket):
    result = services.part_issue(
        actor=engineer, part_id=part.pk, location_id=van_stocked.pk, quantity=1, ticket_id=my_ticket.pk
    )
    assert (result.move.kind, result.move.actor, result.stock.on_hand) == ("issue", engineer, 1)


@pytest.mark.parametrize("role", ["agent", "callback", "expert", "customer"])
def test_roles_without_the_table_grant_move_nothing(role, make_user, part, warehouse, ticket, stocked, customer):
    user = make_user(f"u_{role}", role, customer=customer if role == "customer" else None)
    stocked(1)
    with pytest.raises(DomainError) as refused:
        services.part_reserve(actor=user, part_id=part.pk, location_id=warehouse.pk, quantity=1, ticket_id=ticket.pk)
    assert refused.value.status == 403
