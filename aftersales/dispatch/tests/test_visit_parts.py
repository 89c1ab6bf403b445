"""Parts used on a visit leave the engineer's van through the parts ledger; a second issue warns."""

from __future__ import annotations

import pytest

from aftersales.core.errors import DomainError
from aftersales.dispatch import services
from aftersales.parts import services as parts
from aftersales.parts.models import Stock, StockMove

pytestmark = pytest.mark.django_db


@pytest.fixture
def van_visit(now, supervisor, make_engineer, make_ticket, province_customer, fuyang_asset, make_user):
    """李强's visit on a dispatched request, with 5 power supplies in his van."""
    keeper = make_user("kuguan", "warehouse")
    engineer = make_engineer("li", "阜阳市", name="李强")
    ticket = make_ticket(province_customer, asset_id=fuyang_asset.pk)
    services.dispatch_assign(ticket_id=ticket.pk, actor=supervisor, engineer_id=engineer.pk)
    part = parts.part_create(actor=keeper, part_number="PSU-750", name="750W 电源")
    van = parts.location_create(actor=keeper, name="李强随车库", kind="van", keeper_id=engineer.user.pk)
    parts.part_receive(actor=keeper, part_id=part.pk, location_id=van.pk, quantity=5)
    visit = services.visit_record_arrival(ticket_id=ticket.pk, actor=engineer.user)
    return visit, engineer.user, part, van, keeper


def _on_hand(part, van) -> int:
    return Stock.objects.get(part=part, location=van).on_hand


def test_parts_on_the_report_leave_the_van_and_a_resave_moves_only_the_difference(van_visit):
    visit, user, part, van, _ = van_visit
    line = {"part_number": "PSU-750", "description": "电源", "quantity": 2}
    # when the report names two, is saved again unchanged, then corrected to one
    services.visit_update(visit_id=visit.pk, actor=user, parts=[line])
    assert _on_hand(part, van) == 3
    services.visit_update(visit_id=visit.pk, actor=user, parts=[line])
    assert _on_hand(part, van) == 3
    services.visit_update(visit_id=visit.pk, actor=user, parts=[line | {"quantity": 1}])
    # then the van holds 4 and the ledger shows an issue of 2 and a return of 1, for the request
    assert _on_hand(part, van) == 4
    moves = list(StockMove.objects.filter(location=van, ticket=visit.ticket).values_list("kind", "quantity"))
    assert moves == [("issue", 2), ("return", 1)]


def test_a_part_number_not_in_the_catalogue_stays_text(van_visit):
    visit, user, part, van, _ = van_visit
    services.visit_update(visit_id=visit.pk, actor=user, parts=[{"part_number": "线缆若干", "quantity": 3}])
    assert _on_hand(part, van) == 5
    assert [p.part_number for p in visit.parts.all()] == ["线缆若干"]


def test_a_second_issue_of_the_same_part_for_the_request_warns_until_confirmed(van_visit):
    visit, user, part, van, keeper = van_visit
    # given the store already issued one to the request
    store = parts.location_create(actor=keeper, name="合肥中心库")
    parts.part_receive(actor=keeper, part_id=part.pk, location_id=store.pk, quantity=1)
    parts.part_issue(actor=keeper, part_id=part.pk, location_id=store.pk, quantity=1, ticket_id=visit.ticket_id)
    # when the engineer's report names it too
    with pytest.raises(DomainError) as warned:
        services.visit_update(visit_id=visit.pk, actor=user, parts=[{"part_number": "PSU-750", "quantity": 1}])
    # then it is refused with the count out already, and nothing moved
    assert warned.value.code == "parts_repeat_issue"
    assert warned.value.params["outstanding"] == 1
    assert _on_hand(part, van) == 5
    assert list(visit.parts.all()) == []
    # and once confirmed it goes through
    services.visit_update(
        visit_id=visit.pk, actor=user, confirm_repeat_parts=True, parts=[{"part_number": "PSU-750", "quantity": 1}]
    )
    assert _on_hand(part, van) == 4
