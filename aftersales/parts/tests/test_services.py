"""Stock services on the real database: the reservation → issue flow, refusals that store nothing, transfers."""

from __future__ import annotations

import pytest

from aftersales.core.errors import DomainError
from aftersales.parts import selectors, services
from aftersales.parts.models import Part, Stock, StockMove

pytestmark = pytest.mark.django_db


def stock_of(part, location) -> tuple[int, int]:
    row = Stock.objects.get(part=part, location=location)
    return row.on_hand, row.reserved


def test_receiving_creates_the_stock_and_its_ledger_line(keeper, part, warehouse):
    # when
    result = services.part_receive(actor=keeper, part_id=part.pk, location_id=warehouse.pk, quantity=5, note="华为到货")
    # then
    assert stock_of(part, warehouse) == (5, 0)
    move = StockMove.objects.get()
    assert (move.kind, move.quantity, move.on_hand_delta, move.reserved_delta) == ("receive", 5, 5, 0)
    assert (move.on_hand_after, move.reserved_after, move.actor, move.note) == (5, 0, keeper, "华为到货")
    assert result.move == move
    assert selectors.ledger_check(deep=True) == []


def test_a_reservation_for_a_request_is_issued_to_it(keeper, part, warehouse, ticket, stocked):
    # given
    stocked(3)
    # when the store reserves two for the request, then issues them
    services.part_reserve(actor=keeper, part_id=part.pk, location_id=warehouse.pk, quantity=2, ticket_id=ticket.pk)
    reserved = stock_of(part, warehouse)
    listed = selectors.reservation_list(keeper, ticket_id=ticket.pk)
    services.part_issue(actor=keeper, part_id=part.pk, location_id=warehouse.pk, quantity=2, ticket_id=ticket.pk)
    # then
    assert reserved == (3, 2)
    assert [(r.ticket_number, r.part_number, r.quantity) for r in listed] == [(ticket.number, "02310XYZ", 2)]
    assert stock_of(part, warehouse) == (1, 0)
    assert selectors.reservation_list(keeper, ticket_id=ticket.pk) == []
    issue = StockMove.objects.get(kind="issue")
    assert (issue.ticket, issue.on_hand_delta, issue.reserved_delta, issue.from_location) == (ticket, -2, -2, warehouse)
    assert selectors.ledger_check(deep=True) == []


def test_another_requests_reservation_cannot_be_issued(
    keeper, engineer, part, warehouse, ticket, other_ticket, stocked
):
    # given both units reserved for the first request
    stocked(2)
    services.part_reserve(actor=keeper, part_id=part.pk, location_id=warehouse.pk, quantity=2, ticket_id=ticket.pk)
    moves_before = StockMove.objects.count()
    # when the second request asks for one
    with pytest.raises(DomainError) as refused:
        services.part_issue(
            actor=keeper, part_id=part.pk, location_id=warehouse.pk, quantity=1, ticket_id=other_ticket.pk
        )
    # then
    assert refused.value.code == "parts_insufficient_stock"
    assert refused.value.status == 409
    assert refused.value.message_zh == "库存不足：02310XYZ 电源模块 PAC600S12 在「合肥中心库」可用 0，需要 1"
    assert refused.value.message_en == (
        "Not enough stock: 02310XYZ 电源模块 PAC600S12 at 合肥中心库 has 0 available, 1 needed"
    )
    assert StockMove.objects.count() == moves_before
    assert stock_of(part, warehouse) == (2, 2)


@pytest.mark.parametrize(
    ("service", "extra", "code"),
    [
        pytest.param("part_issue", {}, "parts_insufficient_stock", id="issue"),
        pytest.param("part_scrap", {}, "parts_insufficient_stock", id="scrap"),
        pytest.param("part_reserve", {"ticket": True}, "parts_insufficient_stock", id="reserve"),
        pytest.param("part_release", {"ticket": True}, "parts_insufficient_reservation", id="release"),
        pytest.param("part_return", {"ticket": True}, "parts_return_exceeds_issued", id="return-not-issued"),
    ],
)
def test_a_move_that_would_go_negative_stores_nothing(keeper, part, warehouse, ticket, service, extra, code):
    # given nothing in stock (not even a stock row)
    kwargs = {"ticket_id": ticket.pk} if extra.get("ticket") else {}
    # when
    with pytest.raises(DomainError) as refused:
        getattr(services, service)(actor=keeper, part_id=part.pk, location_id=warehouse.pk, quantity=1, **kwargs)
    # then
    assert refused.value.code == code
    assert StockMove.objects.count() == 0
    assert Stock.objects.count() == 0


def test_a_transfer_moves_available_units_and_writes_both_halves(keeper, part, warehouse, van, ticket, stocked):
    # given 5, of which 2 reserved
    stocked(5)
    services.part_reserve(actor=keeper, part_id=part.pk, location_id=warehouse.pk, quantity=2, ticket_id=ticket.pk)
    # when
    result = services.part_transfer(
        actor=keeper, part_id=part.pk, location_id=warehouse.pk, to_location_id=van.pk, quantity=3
    )
    with pytest.raises(DomainError) as refused:
        services.part_transfer(
            actor=keeper, part_id=part.pk, location_id=warehouse.pk, to_location_id=van.pk, quantity=1
        )
    # then
    assert refused.value.code == "parts_insufficient_stock"
    assert stock_of(part, warehouse) == (2, 2)
    assert stock_of(part, van) == (3, 0)
    assert (result.move.kind, result.related_move.kind) == ("transfer_out", "transfer_in")
    assert result.related_move.related_move_id == result.move.pk
    assert (result.move.from_location, result.move.to_location) == (warehouse, van)
    assert StockMove.objects.count() == 4
    assert selectors.ledger_check(deep=True) == []


def test_a_return_for_a_request_is_bounded_by_what_it_was_issued(keeper, part, warehouse, van, ticket, stocked):
    # given 3 issued to the request from the warehouse
    stocked(3)
    services.part_issue(actor=keeper, part_id=part.pk, location_id=warehouse.pk, quantity=3, ticket_id=ticket.pk)
    # when 1 unused unit comes back to the van, then 3 more are claimed
    services.part_return(actor=keeper, part_id=part.pk, location_id=van.pk, quantity=1, ticket_id=ticket.pk)
    with pytest.raises(DomainError) as refused:
        services.part_return(actor=keeper, part_id=part.pk, location_id=warehouse.pk, quantity=3, ticket_id=ticket.pk)
    # then
    assert refused.value.code == "parts_return_exceeds_issued"
    assert refused.value.message_en == (
        "Returning 3 is more than the 2 of 02310XYZ 电源模块 PAC600S12 issued to the request and not yet returned"
    )
    assert stock_of(part, van) == (1, 0)
    assert stock_of(part, warehouse) == (0, 0)


def test_releasing_gives_a_reservation_back(keeper, part, warehouse, ticket, stocked):
    stocked(4)
    services.part_reserve(actor=keeper, part_id=part.pk, location_id=warehouse.pk, quantity=3, ticket_id=ticket.pk)
    services.part_release(actor=keeper, part_id=part.pk, location_id=warehouse.pk, quantity=2, ticket_id=ticket.pk)
    assert stock_of(part, warehouse) == (4, 1)
    with pytest.raises(DomainError) as refused:
        services.part_release(actor=keeper, part_id=part.pk, location_id=warehouse.pk, quantity=2, ticket_id=ticket.pk)
    assert refused.value.code == "parts_insufficient_reservation"
    assert stock_of(part, warehouse) == (4, 1)


def test_parts_are_not_reserved_for_a_cancelled_request(agent, keeper, part, warehouse, ticket, stocked):
    from aftersales.tickets import services as tickets

    stocked(1)
    tickets.ticket_apply_action(ticket_id=ticket.pk, action="cancel", actor=agent)
    with pytest.raises(DomainError) as refused:
        services.part_reserve(actor=keeper, part_id=part.pk, location_id=warehouse.pk, quantity=1, ticket_id=ticket.pk)
    assert refused.value.code == "parts_ticket_closed"
    assert StockMove.objects.filter(kind="reserve").count() == 0


@pytest.mark.parametrize(
    ("kind", "with_ticket"),
    [("receive", True), ("scrap", False), ("transfer", False), ("issue", False), ("reserve", False)],
)
def test_an_engineer_moves_stock_only_for_a_request(engineer, part, warehouse, van, ticket, stocked, kind, with_ticket):
    stocked(2)
    extra = {"to_location_id": van.pk} if kind == "transfer" else {}
    with pytest.raises(DomainError) as refused:
        services.stock_move_create(
            actor=engineer,
            kind=kind,
            part_id=part.pk,
            location_id=warehouse.pk,
            quantity=1,
            ticket_id=ticket.pk if with_ticket else None,
            **extra,
        )
    assert refused.value.code == "forbidden"
    assert StockMove.objects.count() == 1


def test_the_move_request_checks_its_shape(keeper, part, warehouse, van, ticket, stocked):
    stocked(2)
    cases = [
        ({"kind": "reserve"}, "parts_ticket_required"),
        ({"kind": "scrap", "ticket_id": ticket.pk}, "parts_ticket_not_applicable"),
        ({"kind": "transfer"}, "parts_to_location_required"),
        ({"kind": "receive", "to_location_id": van.pk}, "parts_to_location_unexpected"),
        ({"kind": "transfer", "to_location_id": warehouse.pk}, "parts_transfer_same_location"),
        ({"kind": "count_adjust"}, "parts_move_kind_invalid"),
    ]
    codes = []
    for fields, _code in cases:
        with pytest.raises(DomainError) as refused:
            services.stock_move_create(actor=keeper, part_id=part.pk, location_id=warehouse.pk, quantity=1, **fields)
        codes.append(refused.value.code)
    assert codes == [code for _, code in cases]
    assert StockMove.objects.count() == 1


def test_part_numbers_are_unique(keeper, part):
    with pytest.raises(DomainError) as refused:
        services.part_create(actor=keeper, part_number=" 02310XYZ ", name="另一个")
    assert refused.value.code == "parts_part_number_taken"
    assert Part.objects.count() == 1


def test_the_catalogue_is_searched_by_compatible_model(keeper, make_part):
    make_part()
    make_part(part_number="DELL-0X8K", name="硬盘 1.2TB SAS", compatible_models=["PowerEdge R750"])
    page = selectors.part_list(keeper, text="R750")
    assert [p.part_number for p in page.items] == ["DELL-0X8K"]


def test_the_reorder_list_suggests_what_to_order(keeper, part, make_part, warehouse, van, ticket, stocked):
    # given: 5 at the warehouse with 3 reserved (2 available, point 2) and a well stocked second part
    stocked(5)
    services.part_reserve(actor=keeper, part_id=part.pk, location_id=warehouse.pk, quantity=3, ticket_id=ticket.pk)
    services.stock_set_reorder(
        actor=keeper, part_id=part.pk, location_id=warehouse.pk, reorder_point=2, reorder_quantity=10
    )
    disk = make_part(part_number="DELL-0X8K", name="硬盘", unit_cost_amount="1200.00")
    services.part_receive(actor=keeper, part_id=disk.pk, location_id=warehouse.pk, quantity=9)
    services.stock_set_reorder(
        actor=keeper, part_id=disk.pk, location_id=warehouse.pk, reorder_point=2, reorder_quantity=5
    )
    services.stock_set_reorder(actor=keeper, part_id=disk.pk, location_id=van.pk, reorder_point=1, reorder_quantity=0)
    # when
    lines = selectors.reorder_list(keeper)
    # then: ordered by location name, then part number
    assert [
        (x.stock.location.name, x.stock.part.part_number, x.available, x.suggested_quantity, x.suggested_cost_amount)
        for x in lines
    ] == sorted(
        [
            ("合肥中心库", "02310XYZ", 2, 10, 8800),
            ("李工随车库", "DELL-0X8K", 0, 2, 2400),
        ]
    )
    low = selectors.stock_list(keeper, low=True)
    assert sorted(s.part.part_number for s in low.items) == ["02310XYZ", "DELL-0X8K"]


def test_refusals_are_forbidden_for_customers_and_partners(make_user, customer, part, warehouse):
    customer_user = make_user("hospital", "customer", customer=customer)
    with pytest.raises(DomainError) as refused:
        services.part_receive(actor=customer_user, part_id=part.pk, location_id=warehouse.pk, quantity=1)
    assert refused.value.status == 403
    with pytest.raises(DomainError) as hidden:
        selectors.stock_list(customer_user)
    assert hidden.value.status == 403


def test_the_demo_store_loads_once(keeper, engineer):
    from aftersales.parts.demo import parts_demo_load

    first = parts_demo_load(actor=keeper, van_keeper=engineer)
    moves = StockMove.objects.count()
    again = parts_demo_load(actor=keeper, van_keeper=engineer)
    assert first == again == {"parts": 7, "locations": 3, "loaners": 5}
    assert StockMove.objects.count() == moves == 10
    assert [line.stock.part.part_number for line in selectors.reorder_list(keeper)] == ["0FJ54", "CF259A"]
    assert selectors.ledger_check(deep=True) == []
