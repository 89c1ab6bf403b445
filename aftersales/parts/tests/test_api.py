"""The parts API contract: status codes, shapes, role checks, bilingual refusals that store nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from aftersales.core import clock
from aftersales.parts import services
from aftersales.parts.models import Loan, Part, Stock, StockMove

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_keeper(api_as, keeper):
    return api_as(keeper)


@pytest.fixture
def as_engineer(api_as, engineer):
    return api_as(engineer)


def put(api, path, body):
    """PUT with the client's bearer token (the shared ApiClient has get, post and patch)."""
    return api.client.put(path, json.dumps(body), content_type="application/json", **api._headers(None))


def move(api, **body):
    return api.post("/api/v1/stock/moves", body)


def test_a_store_keeper_adds_a_part_and_lists_the_catalogue(as_keeper):
    # when
    created = as_keeper.post(
        "/api/v1/parts",
        {
            "part_number": "02310XYZ",
            "name": "电源模块",
            "compatible_models": ["S5720-28P"],
            "unit_cost_amount": "880.50",
            "grade": "原厂",
        },
    )
    listed = as_keeper.get("/api/v1/parts", {"q": "S5720"})
    # then
    assert created.status_code == 201
    assert created.json() | {"id": 0} == {
        "id": 0,
        "part_number": "02310XYZ",
        "name": "电源模块",
        "vendor_id": None,
        "vendor": None,
        "compatible_models": ["S5720-28P"],
        "unit": "个",
        "unit_cost_amount": "880.50",
        "grade": "原厂",
        "notes": "",
        "is_active": True,
    }
    assert [p["part_number"] for p in listed.json()["items"]] == ["02310XYZ"]


def test_invalid_input_is_422_and_stores_nothing(as_keeper, part, warehouse):
    bad_part = as_keeper.post("/api/v1/parts", {"part_number": "", "name": "x", "colour": "red"})
    bad_move = move(as_keeper, kind="receive", part_id=part.pk, location_id=warehouse.pk, quantity=0)
    unknown_kind = move(as_keeper, kind="teleport", part_id=part.pk, location_id=warehouse.pk, quantity=1)
    unknown_part = move(as_keeper, kind="receive", part_id=999999, location_id=warehouse.pk, quantity=1)
    assert [r.status_code for r in (bad_part, bad_move, unknown_kind, unknown_part)] == [422, 422, 422, 422]
    assert bad_move.json()["code"] == "invalid_input"
    assert unknown_part.json()["code"] == "unknown_reference"
    assert Part.objects.count() == 1
    assert StockMove.objects.count() == 0


def test_a_move_answers_201_with_the_move_and_the_new_stock(as_keeper, part, warehouse):
    # when
    response = move(as_keeper, kind="receive", part_id=part.pk, location_id=warehouse.pk, quantity=4, note="到货")
    # then
    assert response.status_code == 201
    body = response.json()
    assert {k: body["move"][k] for k in ("kind", "quantity", "on_hand_delta", "on_hand_after", "note", "actor")} == {
        "kind": "receive",
        "quantity": 4,
        "on_hand_delta": 4,
        "on_hand_after": 4,
        "note": "到货",
        "actor": "wang.warehouse",
    }
    assert {k: body["stock"][k] for k in ("on_hand", "reserved", "available", "is_low")} == {
        "on_hand": 4,
        "reserved": 0,
        "available": 4,
        "is_low": False,
    }
    assert (body["related_move"], body["to_stock"]) == (None, None)


def test_a_retried_move_with_the_same_idempotency_key_moves_once(as_keeper, part, warehouse):
    body = {"kind": "receive", "part_id": part.pk, "location_id": warehouse.pk, "quantity": 4}
    first = as_keeper.post("/api/v1/stock/moves", body, headers={"Idempotency-Key": "rcv-2026-11-20-1"})
    again = as_keeper.post("/api/v1/stock/moves", body, headers={"Idempotency-Key": "rcv-2026-11-20-1"})
    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json() == again.json()
    assert Stock.objects.get().on_hand == 4


def test_a_transfer_answers_with_both_halves(as_keeper, part, warehouse, van, stocked):
    stocked(5)
    response = move(
        as_keeper, kind="transfer", part_id=part.pk, location_id=warehouse.pk, to_location_id=van.pk, quantity=2
    )
    body = response.json()
    assert response.status_code == 201
    assert (body["move"]["kind"], body["related_move"]["kind"]) == ("transfer_out", "transfer_in")
    assert (body["stock"]["on_hand"], body["to_stock"]["on_hand"]) == (3, 2)


def test_insufficient_stock_is_a_bilingual_409_and_stores_nothing(as_keeper, part, warehouse, ticket, stocked):
    stocked(1)
    response = move(as_keeper, kind="issue", part_id=part.pk, location_id=warehouse.pk, quantity=2, ticket_id=ticket.pk)
    assert response.status_code == 409
    assert response.json() == {
        "code": "parts_insufficient_stock",
        "message": "库存不足：02310XYZ 电源模块 PAC600S12 在「合肥中心库」可用 1，需要 2 / "
        "Not enough stock: 02310XYZ 电源模块 PAC600S12 at 合肥中心库 has 1 available, 2 needed",
        "message_zh": "库存不足：02310XYZ 电源模块 PAC600S12 在「合肥中心库」可用 1，需要 2",
        "message_en": "Not enough stock: 02310XYZ 电源模块 PAC600S12 at 合肥中心库 has 1 available, 2 needed",
    }
    assert StockMove.objects.count() == 1


def test_an_engineer_reserves_and_issues_for_a_request_but_does_not_receive(as_engineer, part, van, my_ticket, stocked):
    # from the van the engineer keeps, for a request assigned to the engineer (issue 9: the access table)
    stocked(2, van)
    reserved = move(
        as_engineer, kind="reserve", part_id=part.pk, location_id=van.pk, quantity=1, ticket_id=my_ticket.pk
    )
    issued = move(as_engineer, kind="issue", part_id=part.pk, location_id=van.pk, quantity=1, ticket_id=my_ticket.pk)
    returned = move(as_engineer, kind="return", part_id=part.pk, location_id=van.pk, quantity=1, ticket_id=my_ticket.pk)
    received = move(as_engineer, kind="receive", part_id=part.pk, location_id=van.pk, quantity=1)
    without_request = move(as_engineer, kind="issue", part_id=part.pk, location_id=van.pk, quantity=1)
    created = as_engineer.post("/api/v1/parts", {"part_number": "X1", "name": "x"})
    assert [r.status_code for r in (reserved, issued, returned)] == [201, 201, 201]
    assert [r.status_code for r in (received, without_request, created)] == [403, 403, 403]
    assert received.json()["message_zh"] == "无权执行此操作"
    assert StockMove.objects.count() == 4


@pytest.mark.parametrize("role", ["customer", "partner"])
def test_customers_and_partners_are_refused_everywhere(api_as, make_user, customer, role, part, warehouse, ticket):
    from aftersales.network.models import Partner

    if role == "customer":
        extra = {"customer": customer}
    else:
        extra = {
            "partner": Partner.objects.create(kind="service", name="阜阳市恒信电脑服务有限公司", region=customer.region)
        }
    api = api_as(make_user(f"outsider-{role}", role, **extra))
    responses = [
        api.get("/api/v1/parts"),
        api.get("/api/v1/stock"),
        api.get("/api/v1/stock/reorder"),
        api.get("/api/v1/loaners"),
        api.get("/api/v1/loans", {"overdue": "true"}),
        move(api, kind="issue", part_id=part.pk, location_id=warehouse.pk, quantity=1, ticket_id=ticket.pk),
        api.post("/api/v1/stock-counts", {"location_id": warehouse.pk}),
    ]
    assert [r.status_code for r in responses] == [403] * 7


def test_stock_is_filtered_by_location_and_part(as_keeper, keeper, part, make_part, warehouse, van, stocked):
    stocked(3)
    stocked(1, location=van)
    disk = make_part(part_number="DELL-0X8K", name="硬盘")
    services.part_receive(actor=keeper, part_id=disk.pk, location_id=van.pk, quantity=2)
    at_van = as_keeper.get("/api/v1/stock", {"location_id": van.pk}).json()["items"]
    of_part = as_keeper.get("/api/v1/stock", {"part_id": part.pk}).json()["items"]
    assert [(s["part_number"], s["on_hand"]) for s in at_van] == [("02310XYZ", 1), ("DELL-0X8K", 2)]
    assert [(s["location"], s["on_hand"]) for s in of_part] == [("合肥中心库", 3), ("李工随车库", 1)]


def test_the_reorder_endpoint_lists_low_stock_with_the_suggestion(as_keeper, part, warehouse, stocked):
    # given 1 in stock, reorder point 2
    stocked(1)
    rule = put(
        as_keeper,
        "/api/v1/stock/reorder-rules",
        {"part_id": part.pk, "location_id": warehouse.pk, "reorder_point": 2, "reorder_quantity": 5},
    )
    # when
    response = as_keeper.get("/api/v1/stock/reorder")
    # then
    assert rule.status_code == 200
    assert (rule.json()["reorder_point"], rule.json()["is_low"]) == (2, True)
    assert response.status_code == 200
    [line] = response.json()["items"]
    assert (
        line["stock"]["part_number"],
        line["stock"]["available"],
        line["suggested_quantity"],
        line["suggested_cost_amount"],
    ) == ("02310XYZ", 1, 5, "4400.00")


def test_a_stock_count_through_the_api(as_keeper, part, warehouse, stocked):
    stocked(5)
    opened = as_keeper.post("/api/v1/stock-counts", {"location_id": warehouse.pk, "note": "月度盘点"})
    count_id = opened.json()["id"]
    patched = as_keeper.patch(f"/api/v1/stock-counts/{count_id}", {"lines": [{"part_id": part.pk, "counted": 4}]})
    closed = as_keeper.post(f"/api/v1/stock-counts/{count_id}/close")
    negative = as_keeper.patch(f"/api/v1/stock-counts/{count_id}", {"lines": [{"part_id": part.pk, "counted": -1}]})
    assert (opened.status_code, patched.status_code, closed.status_code, negative.status_code) == (201, 200, 200, 422)
    assert [(x["expected"], x["counted"]) for x in opened.json()["lines"]] == [(5, None)]
    assert closed.json()["status"] == "closed"
    assert [(x["expected"], x["counted"], x["book_at_close"], x["discrepancy"]) for x in closed.json()["lines"]] == [
        (5, 4, 5, -1)
    ]
    assert Stock.objects.get().on_hand == 4


def test_loans_through_the_api_with_the_overdue_list(as_keeper, as_engineer, warehouse, ticket, other_ticket):
    # given two loaners
    high = as_keeper.post(
        "/api/v1/loaners",
        {"serial": "LN-1", "model": "PowerEdge R740", "grade": 3, "category": "服务器", "location_id": warehouse.pk},
    )
    low = as_keeper.post("/api/v1/loaners", {"serial": "LN-2", "model": "OptiPlex 7090", "grade": 1})
    # when the engineer lends both, one due yesterday (created then), and tries the low one for a server
    today = clock.today()
    too_low = as_engineer.post(
        "/api/v1/loans", {"loaner_id": low.json()["id"], "ticket_id": ticket.pk, "due_back_on": str(today)}
    )
    lent = as_engineer.post(
        "/api/v1/loans",
        {"loaner_id": high.json()["id"], "ticket_id": ticket.pk, "due_back_on": str(today), "condition_out": "完好"},
    )
    twice = as_engineer.post(
        "/api/v1/loans",
        {"loaner_id": high.json()["id"], "ticket_id": other_ticket.pk, "due_back_on": str(today), "required_grade": 1},
    )
    Loan.objects.filter(pk=lent.json()["id"]).update(due_back_on=today - dt.timedelta(days=2))
    overdue = as_keeper.get("/api/v1/loans", {"overdue": "true"})
    loaners = as_keeper.get("/api/v1/loaners").json()["items"]
    returned = as_keeper.post(f"/api/v1/loans/{lent.json()['id']}/return", {"condition_back": "完好"})
    # then
    assert (high.status_code, low.status_code, lent.status_code) == (201, 201, 201)
    assert (too_low.status_code, too_low.json()["code"]) == (400, "loaner_grade_too_low")
    assert (twice.status_code, twice.json()["code"]) == (409, "loaner_not_available")
    assert [(x["loaner_serial"], x["days_overdue"], x["is_overdue"]) for x in overdue.json()["items"]] == [
        ("LN-1", 2, True)
    ]
    assert [(x["serial"], x["status"], (x["current_loan"] or {}).get("ticket_number")) for x in loaners] == [
        ("LN-1", "lent", ticket.number),
        ("LN-2", "available", None),
    ]
    assert returned.status_code == 200
    assert returned.json()["returned_by"] == "wang.warehouse"
    assert as_keeper.get("/api/v1/loans", {"overdue": "true"}).json()["items"] == []
