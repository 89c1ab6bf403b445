"""The published ticket API contract (issue 2): shapes, codes, isolation, idempotency, versions."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.tickets.models import Ticket, TicketEvent

pytestmark = pytest.mark.django_db


def new_ticket(api, customer, **extra):
    body = {"customer_id": customer.pk, "channel": "phone", "severity": 2, "title": "核心交换机端口大量丢包"} | extra
    return api.post("/api/v1/tickets", body)


def test_create_ticket_returns_deadlines_of_the_default_table(api_as, agent, customer):
    # given
    api = api_as(agent)
    # when
    response = new_ticket(api, customer, reported_at="2026-11-20T09:00:00+08:00")
    # then
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "received"
    assert body["tier"] == 1
    assert body["number"] == f"SR-2026-{body['id']:06d}"
    assert body["deadlines"] == {
        "respond_by": "2026-11-20T09:10:00+08:00",
        "escalate_by": "2026-11-20T09:30:00+08:00",
        "restore_by": "2026-11-20T13:00:00+08:00",
        "arrive_by": "2026-11-20T10:00:00+08:00",
        "resolve_by": None,
    }
    assert body["breached"] == ["respond", "escalate", "arrive", "restore"]


def test_province_customer_gets_the_province_arrival_target(api_as, agent, province_customer):
    response = new_ticket(api_as(agent), province_customer, severity=3, reported_at="2026-11-26T08:00:00+08:00")
    assert response.status_code == 201
    assert response.json()["region"] == "阜阳市"
    assert response.json()["deadlines"]["arrive_by"] == "2026-11-26T16:00:00+08:00"


def test_class_one_goes_to_the_expert_group_at_intake(api_as, agent, customer):
    response = new_ticket(api_as(agent), customer, severity=1)
    assert response.status_code == 201
    assert response.json()["tier"] == 2
    assert response.json()["breached"] == []


def test_class_four_has_no_restore_target(api_as, agent, customer):
    response = new_ticket(api_as(agent), customer, severity=4)
    assert response.json()["deadlines"]["restore_by"] is None


@pytest.mark.parametrize(
    ("extra", "status", "code"),
    [
        pytest.param({"severity": 5}, 422, "invalid_input", id="unknown-severity"),
        pytest.param({"title": ""}, 422, "invalid_input", id="empty-title"),
        pytest.param({"title": "   "}, 400, "title_required", id="blank-title"),
        pytest.param({"reported_at": "2026-13-01T00:00"}, 422, "invalid_input", id="malformed-date"),
        pytest.param({"reported_at": "2099-01-01T00:00:00+08:00"}, 400, "reported_in_future", id="future"),
        pytest.param({"customer_id": 999999}, 422, "unknown_reference", id="unknown-customer"),
        pytest.param({"channel": "pigeon"}, 422, "invalid_input", id="unknown-channel"),
        pytest.param({"surprise": 1}, 422, "invalid_input", id="unknown-field"),
    ],
)
def test_invalid_intake_is_refused_and_stores_nothing(api_as, agent, customer, extra, status, code):
    # when
    response = new_ticket(api_as(agent), customer, **extra)
    # then
    assert response.status_code == status
    body = response.json()
    assert body["code"] == code
    assert body["message_zh"]
    assert body["message_en"]
    assert Ticket.objects.count() == 0
    assert TicketEvent.objects.count() == 0


def test_idempotency_key_returns_the_first_result(api_as, agent, customer):
    api = api_as(agent)
    first = (
        new_ticket(api, customer, headers=None)
        if False
        else api.post(
            "/api/v1/tickets",
            {"customer_id": customer.pk, "channel": "phone", "severity": 2, "title": "打印机卡纸"},
            headers={"Idempotency-Key": "call-0001"},
        )
    )
    second = api.post(
        "/api/v1/tickets",
        {"customer_id": customer.pk, "channel": "phone", "severity": 2, "title": "打印机卡纸"},
        headers={"Idempotency-Key": "call-0001"},
    )
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert Ticket.objects.count() == 1


def test_transition_and_illegal_move(api_as, agent, customer):
    api = api_as(agent)
    ticket = new_ticket(api, customer).json()
    # when an illegal move
    refused = api.post(f"/api/v1/tickets/{ticket['id']}/transitions", {"action": "arrive"})
    # then
    assert refused.status_code == 409
    assert refused.json()["code"] == "transition_not_allowed"
    assert not TicketEvent.objects.filter(ticket_id=ticket["id"]).exists()  # received: the row itself
    # when a legal one
    moved = api.post(f"/api/v1/tickets/{ticket['id']}/transitions", {"action": "respond", "version": 1})
    assert moved.status_code == 200
    assert moved.json()["status"] == "responded"
    assert moved.json()["version"] == 2


def test_stale_version_is_a_conflict(api_as, agent, customer):
    api = api_as(agent)
    ticket = new_ticket(api, customer).json()
    api.post(f"/api/v1/tickets/{ticket['id']}/transitions", {"action": "respond", "version": 1})
    # when
    stale = api.post(f"/api/v1/tickets/{ticket['id']}/transitions", {"action": "dispatch", "version": 1})
    stale_edit = api.patch(f"/api/v1/tickets/{ticket['id']}", {"version": 1, "title": "改标题"})
    # then
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_version"
    assert stale_edit.status_code == 409
    assert Ticket.objects.get().status == "responded"
    assert Ticket.objects.get().title == "核心交换机端口大量丢包"


def test_changing_the_class_recomputes_deadlines(api_as, agent, customer):
    api = api_as(agent)
    ticket = new_ticket(api, customer, severity=3, reported_at="2026-11-26T08:00:00+08:00").json()
    response = api.patch(f"/api/v1/tickets/{ticket['id']}", {"version": 1, "severity": 4})
    assert response.status_code == 200
    assert response.json()["deadlines"]["arrive_by"] == "2026-11-26T10:00:00+08:00"
    assert response.json()["deadlines"]["restore_by"] is None
    history = api.get(f"/api/v1/tickets/{ticket['id']}").json()["history"]
    assert [h["action"] for h in history] == ["create", "update"]
    assert history[1]["changes"] == {"severity": [3, 4]}


def test_customer_user_sees_only_its_own_requests(api_as, make_user, agent, customer, province_customer):
    # given
    staff = api_as(agent)
    own = new_ticket(staff, customer).json()
    foreign = new_ticket(staff, province_customer).json()
    user = make_user("hospital", "customer", customer=customer)
    api = api_as(user)
    # then
    assert api.get(f"/api/v1/tickets/{own['id']}").status_code == 200
    assert api.get(f"/api/v1/tickets/{foreign['id']}").status_code == 404
    assert [t["id"] for t in api.get("/api/v1/tickets").json()["items"]] == [own["id"]]
    assert api.get(f"/api/v1/customers/{province_customer.pk}").status_code == 404
    assert new_ticket(api, province_customer).status_code == 422
    assert new_ticket(api, customer).status_code == 201


def test_list_filters_and_cursor(api_as, agent, customer):
    api = api_as(agent)
    ids = [new_ticket(api, customer, severity=3).json()["id"] for _ in range(5)]
    page1 = api.get("/api/v1/tickets", {"limit": 2}).json()
    page2 = api.get("/api/v1/tickets", {"limit": 2, "cursor": page1["next_cursor"]}).json()
    page3 = api.get("/api/v1/tickets", {"limit": 2, "cursor": page2["next_cursor"]}).json()
    assert [t["id"] for t in page1["items"] + page2["items"] + page3["items"]] == sorted(ids, reverse=True)
    assert page3["next_cursor"] is None
    assert api.get("/api/v1/tickets", {"severity": 1}).json()["items"] == []


def test_breached_filter(api_as, agent, customer):
    api = api_as(agent)
    late = new_ticket(api, customer, reported_at=(dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)).isoformat()).json()
    new_ticket(api, customer)
    items = api.get("/api/v1/tickets", {"breached": "true"}).json()["items"]
    assert [t["id"] for t in items] == [late["id"]]


def test_unauthenticated_is_refused(client):
    response = client.get("/api/v1/tickets")
    assert response.status_code == 401


def test_only_admin_creates_users(api_as, agent, admin_user, customer):
    body = {"username": "li.ming", "password": "Str0ng-pass-9", "role": "customer", "customer_id": customer.pk}
    assert api_as(agent).post("/api/v1/users", body).status_code == 403
    created = api_as(admin_user).post("/api/v1/users", body)
    assert created.status_code == 201
    assert isinstance(created.json()["id"], int)
