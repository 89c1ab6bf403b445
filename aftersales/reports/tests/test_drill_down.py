"""Every chart of the dashboard drills down to exactly the requests it counted: for each point, the queue's API
(`GET /api/v1/tickets` with the point's link's query string, every page) returns as many requests as the point
shows (for the attainment charts: the misses, due − met). Hand-built requests cover each case the charts tell
apart: open and done, late and due soon, met, missed and pending clocks, a wait going on, a cancelled request,
requests just outside the period (in Beijing time) and other regions, classes and devices."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlparse

import pytest

from aftersales.reports import dashboard, services
from aftersales.reports.selectors import Filters
from aftersales.reports.tests.conftest import china

PERIOD = Filters(date_from=dt.date(2026, 11, 1), date_to=dt.date(2026, 11, 10))
COUNTED = (
    "open_status",
    "open_severity",
    "open_tier",
    "map",
    "faults_vendor",
    "faults_model",
    "faults_category",
    "time_to_respond",
    "time_to_restore",
)


@pytest.fixture
def desk(make_ticket, asset, agent, customer, province_customer):
    """Requests around the period 2026-11-01 … 2026-11-10 (now: 2026-11-10 12:00 in Beijing)."""
    from aftersales.assets import services as assets

    switch = assets.asset_create(
        actor=agent,
        customer_id=province_customer.pk,
        vendor="华为",
        model="S5735",
        serial="HW1",
        purchased_on=dt.date(2026, 1, 1),
        category="交换机",
    )
    # responded in time, open, not arrived by its deadline: late now
    make_ticket(
        china(2026, 11, 9, 9),
        asset=asset,
        status="responded",
        respond_by=china(2026, 11, 9, 9, 30),
        responded_at=china(2026, 11, 9, 9, 10),
        arrive_by=china(2026, 11, 9, 13),
        breach_at=china(2026, 11, 9, 13),
    )
    # class 1 in another region, never responded: late now, respond missed
    make_ticket(
        china(2026, 11, 3, 10),
        customer_obj=province_customer,
        asset=switch,
        severity=1,
        respond_by=china(2026, 11, 3, 10, 15),
        breach_at=china(2026, 11, 3, 10, 15),
        tier=2,
        status="escalated",
    )
    # resolved: respond and restore missed, arrive and resolve met
    make_ticket(
        china(2026, 11, 5, 10),
        asset=asset,
        status="resolved",
        respond_by=china(2026, 11, 5, 10, 30),
        responded_at=china(2026, 11, 5, 11),
        arrive_by=china(2026, 11, 5, 12),
        arrived_at=china(2026, 11, 5, 11, 30),
        restore_by=china(2026, 11, 5, 14),
        restored_at=china(2026, 11, 5, 15),
        resolve_by=china(2026, 11, 5, 18),
        resolved_at=china(2026, 11, 5, 16),
        breach_at=china(2026, 11, 5, 10, 30),
    )
    # cancelled, never responded: not counted by any report
    make_ticket(
        china(2026, 11, 6, 9),
        asset=switch,
        customer_obj=province_customer,
        status="cancelled",
        respond_by=china(2026, 11, 6, 9, 30),
        closed_at=china(2026, 11, 6, 10),
    )
    # before the period (Saturday 31 October, 23:30 in Beijing), missed: late now, not in the period's charts
    make_ticket(
        china(2026, 10, 31, 23, 30),
        asset=asset,
        respond_by=china(2026, 11, 1, 0, 0),
        breach_at=china(2026, 11, 1, 0, 0),
    )
    # the period's first minutes (Sunday 1 November 00:10 in Beijing, still 31 October in UTC), missed
    make_ticket(
        china(2026, 11, 1, 0, 10),
        severity=3,
        respond_by=china(2026, 11, 1, 0, 40),
        breach_at=china(2026, 11, 1, 0, 40),
    )
    # due within 30 minutes
    make_ticket(
        china(2026, 11, 10, 11, 50), respond_by=china(2026, 11, 10, 12, 20), breach_at=china(2026, 11, 10, 12, 20)
    )
    # waiting for the customer since before its deadline: respond pending (not due), whatever the time
    make_ticket(
        china(2026, 11, 7, 9),
        status="waiting_customer",
        respond_by=china(2026, 11, 7, 11),
        paused_at=china(2026, 11, 7, 10),
        severity=4,
    )
    # responded exactly 15 minutes after the report, restored after two days (bucket edges)
    make_ticket(
        china(2026, 11, 8, 9),
        asset=asset,
        status="restored",
        respond_by=china(2026, 11, 8, 9, 30),
        responded_at=china(2026, 11, 8, 9, 15),
        restore_by=china(2026, 11, 9, 9),
        restored_at=china(2026, 11, 10, 9),
        breach_at=china(2026, 11, 9, 9),
    )
    # closed, every clock met
    make_ticket(
        china(2026, 11, 2, 8),
        customer_obj=province_customer,
        asset=switch,
        status="closed",
        respond_by=china(2026, 11, 2, 8, 30),
        responded_at=china(2026, 11, 2, 8, 5),
        resolve_by=china(2026, 11, 2, 18),
        resolved_at=china(2026, 11, 2, 12),
        closed_at=china(2026, 11, 2, 13),
    )


def queue_total(api, link: str) -> int:
    """How many requests the queue's API lists for the drill-down link's filters (every page)."""
    parsed = urlparse(link)
    assert parsed.path == "/tickets/"
    query = parsed.query + "&limit=200"
    total, cursor = 0, None
    while True:
        response = api.get("/api/v1/tickets?" + query + (f"&cursor={cursor}" if cursor else ""))
        assert response.status_code == 200, (link, response.content)
        body = response.json()
        total += len(body["items"])
        cursor = body["next_cursor"]
        if not cursor:
            return total


def points(data: dict):
    """(chart, shown count, link) of every point that counts queue rows."""
    for chart in COUNTED:
        for point in data[chart]:
            yield chart, point["value"], point["link"]
    for name in ("late", "due_soon"):
        yield name, data[name]["value"], data[name]["link"]
    for point in data["attainment"]:
        yield "attainment " + point["name"], point["missed"], point["link"]
    for series in data["trend"]["series"]:
        for week, point in zip(data["trend"]["weeks"], series["data"], strict=True):
            yield f"trend {series['name']} {week}", point["missed"], point["link"]


@pytest.mark.django_db
@pytest.mark.parametrize("rollup", [False, True], ids=["live", "rollup"])
@pytest.mark.parametrize(
    "narrow",
    [{}, {"severity": 2}, {"region": "customer"}, {"vendor": "asset"}, {"customer": "province_customer"}],
    ids=["all", "class-2", "region", "vendor", "customer"],
)
def test_every_chart_point_counts_what_its_queue_link_lists(
    request, api_as, supervisor, desk, customer, province_customer, asset, now, rollup, narrow
):
    # given
    filters = PERIOD
    if "severity" in narrow:
        filters = Filters(date_from=PERIOD.date_from, date_to=PERIOD.date_to, severity=narrow["severity"])
    if "region" in narrow:
        filters = Filters(date_from=PERIOD.date_from, date_to=PERIOD.date_to, region_id=customer.region_id)
    if "vendor" in narrow:
        filters = Filters(date_from=PERIOD.date_from, date_to=PERIOD.date_to, vendor_id=asset.vendor_id)
    if "customer" in narrow:
        filters = Filters(date_from=PERIOD.date_from, date_to=PERIOD.date_to, customer_id=province_customer.pk)
    if rollup:
        services.sla_rollup(full=True)
    api = api_as(supervisor)
    # when
    data = dashboard.dashboard_data(supervisor, filters)
    shown = list(points(data))
    # then
    assert [(chart, value) for chart, value, link in shown if queue_total(api, link) != value] == []
    assert sum(value for _, value, _ in shown) > 0


@pytest.mark.django_db
def test_the_charts_count_the_hand_built_desk(supervisor, desk, now):
    # when
    data = dashboard.dashboard_data(supervisor, PERIOD)
    # then: 7 open (five late — one of them reported before the period —, one due soon); the period's 8 requests
    # but the cancelled one
    assert data["open_total"] == 7
    assert data["late"]["value"] == 5
    assert data["due_soon"]["value"] == 1
    assert data["requests"] == 8
    # respond, arrive, restore, resolve: (due, met, missed)
    assert [(p["due"], p["met"], p["missed"]) for p in data["attainment"]] == [
        (6, 3, 3),
        (2, 1, 1),
        (2, 0, 2),
        (2, 2, 0),
    ]
    assert {p["name"]: p["value"] for p in data["faults_vendor"]} == {"戴尔": 3, "华为": 2}
    assert [p["value"] for p in data["time_to_respond"]] == [3, 0, 1, 0, 0, 0, 0, 0]
    assert [p["value"] for p in data["time_to_restore"]] == [0, 0, 1, 0, 1, 0, 0, 0]
    assert data["trend"]["weeks"] == ["2026-10-26", "2026-11-02", "2026-11-09"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "zh", "en"),
    [
        ({"reported_from": "2026-11-31"}, "", "reported_from"),
        ({"reported_from": "2026-11-10", "reported_to": "2026-11-01"}, "开始日期晚于结束日期", "is after"),
        ({"missed": "lunch"}, "", "missed"),
        ({"sla_policy_id": "x"}, "", "sla_policy_id"),
        ({"vendor_id": "true"}, "", "vendor_id"),
        ({"model_name": "x" * 65}, "", "model_name"),
        ({"status": "nope"}, "未知状态", "Unknown status"),
        ({"respond_minutes": "-"}, "分钟范围有误", "Invalid minutes range"),
        ({"restore_minutes": "abc"}, "", "restore_minutes"),
    ],
    ids=[
        "no-such-date",
        "from-after-to",
        "unknown-clock",
        "policy-not-a-number",
        "vendor-a-bool",
        "long-model",
        "status",
        "minutes-without-bounds",
        "minutes-not-numbers",
    ],
)
def test_bad_drill_down_parameters_are_refused(api_as, supervisor, now, query, zh, en):
    # when
    response = api_as(supervisor).get("/api/v1/tickets", query)
    # then
    assert response.status_code == (400 if "status" in query else 422)
    body = response.json()
    assert zh in body["message_zh"]
    assert en in body["message_en"]
