"""Completed warranty repairs count toward replacement, through the request lifecycle (SPEC §3; 篇1 2.1)."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.warranty.models import WarrantyRepair

pytestmark = pytest.mark.django_db


def create(api, customer, asset):
    response = api.post(
        "/api/v1/tickets",
        {
            "customer_id": customer.pk,
            "asset_id": asset.pk,
            "channel": "phone",
            "severity": 3,
            "title": "硬盘告警灯常亮",
        },
    )
    assert response.status_code == 201, response.content
    return response.json()


def act(api, ticket: dict | int, action: str):
    ticket_id = ticket["id"] if isinstance(ticket, dict) else ticket
    version = api.get(f"/api/v1/tickets/{ticket_id}").json()["version"]
    response = api.post(f"/api/v1/tickets/{ticket_id}/transitions", {"action": action, "version": version})
    assert response.status_code == 200, response.content
    return response.json()


def remedy_of(api, ticket: dict) -> dict:
    return api.get(f"/api/v1/tickets/{ticket['id']}/warranty").json()


@pytest.fixture
def server(make_asset):
    """Purchased 2026-01-10: covered 2026-01-11 … 2027-01-10."""
    return make_asset("SN-REPEAT", dt.date(2026, 1, 10))


def test_third_failure_after_two_resolved_warranty_repairs_is_a_replacement(api_as, agent, customer, server, at_time):
    api = api_as(agent)
    with at_time(2026, 5, 1, 10):
        first = create(api, customer, server)
        assert remedy_of(api, first)["remedy"] == "repair"
        act(api, first, "resolve")
    with at_time(2026, 6, 1, 10):
        second = create(api, customer, server)
        assert remedy_of(api, second)["remedy"] == "repair"
        act(api, second, "resolve")
    with at_time(2026, 7, 1, 10):
        third = create(api, customer, server)
        body = remedy_of(api, third)

    assert sorted(WarrantyRepair.objects.values_list("ticket_id", "completed_on")) == [
        (first["id"], dt.date(2026, 5, 1)),
        (second["id"], dt.date(2026, 6, 1)),
    ]
    assert (body["remedy"], body["labour_fee"], body["parts_fee"]) == ("replace", "free", "free")
    assert body["reasons"] == [
        {
            "code": "repeat_repair",
            "zh": "保修期内已维修2次仍出现故障，免费更换",
            "en": "Repaired 2 times in warranty and failed again: free replacement",
        }
    ]
    # A request's own repair never turns it into a replacement afterwards.
    assert remedy_of(api, second)["remedy"] == "repair"
    assert api.get(f"/api/v1/assets/{server.pk}/warranty", {"on": "2026-07-01"}).json()["remedy"] == "replace"


def test_reopening_and_resolving_again_does_not_count_twice(api_as, agent, customer, server, at_time):
    api = api_as(agent)
    with at_time(2026, 5, 1, 10):
        first = create(api, customer, server)
        act(api, first, "resolve")
    with at_time(2026, 5, 3, 10):
        act(api, first, "reopen")
        act(api, first, "resolve")
    with at_time(2026, 6, 1, 10):
        second = create(api, customer, server)
        body = remedy_of(api, second)

    assert list(WarrantyRepair.objects.values_list("ticket_id", "completed_on")) == [(first["id"], dt.date(2026, 5, 1))]
    assert body["remedy"] == "repair"


def test_resolving_the_replacement_request_is_not_counted_as_a_repair(api_as, agent, customer, server, at_time):
    api = api_as(agent)
    tickets = []
    for month in (5, 6, 7):
        with at_time(2026, month, 1, 10):
            tickets.append(create(api, customer, server))
            act(api, tickets[-1], "resolve")

    assert WarrantyRepair.objects.count() == 2
    assert not WarrantyRepair.objects.filter(ticket_id=tickets[2]["id"]).exists()


def test_repairs_within_the_first_15_days_and_after_warranty_are_not_counted(
    api_as, agent, customer, make_asset, at_time
):
    api = api_as(agent)
    new = make_asset("SN-NEW", dt.date(2026, 5, 1))
    old = make_asset("SN-OLD", dt.date(2025, 1, 5), vendor="联想")  # 12 months: out of warranty in 2026
    with at_time(2026, 5, 10, 10):
        early = create(api, customer, new)
        act(api, early, "resolve")
        late = create(api, customer, old)
        late_remedy = remedy_of(api, late)
        act(api, late, "resolve")

    assert WarrantyRepair.objects.count() == 0
    assert (late_remedy["remedy"], late_remedy["labour_fee"], late_remedy["parts_fee"]) == (
        "paid_repair",
        "free",
        "at_cost",
    )


def test_resolution_day_in_china_is_the_completion_day(api_as, agent, customer, server, at_time):
    api = api_as(agent)
    with at_time(2026, 5, 2, 0, 30):  # 2026-05-01 16:30 UTC
        ticket = create(api, customer, server)
        act(api, ticket, "resolve")

    assert WarrantyRepair.objects.get().completed_on == dt.date(2026, 5, 2)


def test_request_without_asset_resolves_without_a_repair(api_as, agent, customer):
    api = api_as(agent)
    response = api.post(
        "/api/v1/tickets", {"customer_id": customer.pk, "channel": "phone", "severity": 3, "title": "咨询"}
    )
    act(api, response.json(), "resolve")

    assert WarrantyRepair.objects.count() == 0


def test_warranty_repair_record_is_idempotent(make_ticket, server, at_time, agent):
    from aftersales.tickets import services as tickets
    from aftersales.warranty import services

    with at_time(2026, 5, 1, 10):
        ticket = make_ticket(server)
        tickets.ticket_apply_action(ticket_id=ticket.pk, action="resolve", actor=agent)
        again = services.warranty_repair_record(ticket=ticket, on=dt.date(2026, 5, 9))

    assert again == WarrantyRepair.objects.get()
    assert again.completed_on == dt.date(2026, 5, 1)
