"""The dashboard from the rollup (per-day SLA and duration sums, per-day faults, the open snapshot; the same per
large customer) equals the dashboard counted from scratch over the ticket table, for random desks split at random
points into requests a full run holds, requests a windowed run added, and newer ones it does not; the duration
buckets equal a plain Python count; and the dashboard is right the moment after a write (a new request, a
response), the rollup's older requests as of its run."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aftersales.reports import dashboard, selectors, services
from aftersales.reports.models import (
    CustomerDay,
    CustomerFaultDay,
    CustomerOpen,
    FaultDay,
    OpenSnapshot,
    RollupState,
    SlaDay,
)
from aftersales.reports.selectors import Filters
from aftersales.reports.tests.conftest import NOW
from aftersales.tickets.models import Ticket

PERIOD = Filters(date_from=dt.date(2026, 10, 20), date_to=dt.date(2026, 11, 10))
STATUSES = ("received", "responded", "on_site", "restored", "waiting_customer", "resolved", "closed", "cancelled")
FIGURES = (
    "open_total",
    "late",
    "due_soon",
    "open_status",
    "open_severity",
    "open_tier",
    "map",
    "attainment",
    "trend",
    "requests",
    "faults_vendor",
    "faults_model",
    "faults_category",
    "time_to_respond",
    "time_to_restore",
)

request_rows = st.lists(
    st.fixed_dictionaries(
        {
            # up to 80 days: some before the window a windowed run recounts (services.RECENT_DAYS)
            "minutes_before_now": st.integers(min_value=0, max_value=80 * 1440),
            "severity": st.integers(min_value=1, max_value=4),
            "status": st.sampled_from(STATUSES),
            "tier": st.integers(min_value=1, max_value=4),
            "respond_after": st.one_of(st.none(), st.integers(min_value=-30, max_value=3000)),
            "restore_after": st.one_of(st.none(), st.integers(min_value=0, max_value=12000)),
            "respond_within": st.integers(min_value=-60, max_value=600),
            "device": st.integers(min_value=0, max_value=2),
            "province": st.booleans(),
        }
    ),
    min_size=1,
    max_size=14,
)


def build(rows, customer, province_customer, assets, policy) -> list[Ticket]:
    made = []
    for row in rows:
        reported = NOW - dt.timedelta(minutes=row["minutes_before_now"])
        owner = province_customer if row["province"] else customer
        respond_by = reported + dt.timedelta(minutes=row["respond_within"])
        responded = None if row["respond_after"] is None else reported + dt.timedelta(minutes=row["respond_after"])
        restored = None if row["restore_after"] is None else reported + dt.timedelta(minutes=row["restore_after"])
        made.append(
            Ticket.objects.create(
                customer=owner,
                region_id=owner.region_id,
                sla_policy=policy,
                channel="phone",
                severity=row["severity"],
                tier=row["tier"],
                zone="city",
                title="故障",
                status=row["status"],
                reported_at=reported,
                asset=assets[row["device"]],
                respond_by=respond_by,
                responded_at=responded,
                restore_by=reported + dt.timedelta(minutes=480),
                restored_at=restored,
                breach_at=None if responded else respond_by,
            )
        )
    return made


def figures(user, filters=PERIOD) -> dict:
    data = dashboard.dashboard_data(user, filters)
    return {name: data[name] for name in FIGURES}


def forget_everything() -> None:
    Ticket.objects.all().delete()
    for model in (SlaDay, FaultDay, OpenSnapshot, CustomerDay, CustomerFaultDay, CustomerOpen, RollupState):
        model.objects.all().delete()


@pytest.fixture
def devices(asset, agent, customer, province_customer):
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
    return [asset, switch, None]


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=request_rows,
    splits=st.tuples(st.floats(min_value=0, max_value=1), st.floats(min_value=0, max_value=1)),
    windowed=st.booleans(),
    large=st.tuples(st.sampled_from([1, 3, 100]), st.sampled_from([1, 3, 100])),
    severity=st.sampled_from([None, 1, 2]),
    region=st.sampled_from([None, 0, 1]),
    vendor=st.sampled_from([None, 0, 1]),
    owner=st.sampled_from([None, None, 0, 1]),
)
def test_the_rollup_and_the_newer_requests_give_the_figures_counted_from_scratch(
    supervisor,
    customer,
    province_customer,
    devices,
    policy,
    now,
    monkeypatch,
    rows,
    splits,
    windowed,
    large,
    severity,
    region,
    vendor,
    owner,
):
    # given: the first part of the desk held by a full run, which keeps the customers with at least large[0]
    # requests per customer too; the second part added by a windowed run (which keeps the same customers whatever
    # the threshold is by then); the rest newer than the rollup; the dashboard narrowed by class, region, the
    # device's vendor and the customer (each or none)
    forget_everything()
    first, second = sorted(round(split * len(rows)) for split in splits)
    owners = (customer, province_customer)
    filters = Filters(
        date_from=dt.date(2026, 8, 1),
        date_to=PERIOD.date_to,
        severity=severity,
        region_id=None if region is None else owners[region].region_id,
        vendor_id=None if vendor is None else devices[vendor].vendor_id,
        customer_id=None if owner is None else owners[owner].pk,
    )
    build(rows[:first], customer, province_customer, devices, policy)
    monkeypatch.setattr(services, "CUSTOMER_ROLLUP_MIN", large[0])
    services.sla_rollup(full=True)
    build(rows[first:second], customer, province_customer, devices, policy)
    if windowed:
        monkeypatch.setattr(services, "CUSTOMER_ROLLUP_MIN", large[1])
        services.sla_rollup()
    build(rows[second:], customer, province_customer, devices, policy)
    # when
    rolled = figures(supervisor, filters), reports(supervisor, filters)
    RollupState.objects.all().delete()  # no rollup: every figure counted over the ticket table
    scratch = figures(supervisor, filters), reports(supervisor, filters)
    # then
    assert rolled == scratch


def reports(user, filters: Filters) -> list[dict]:
    return [selectors.sla_report(user, filters, by) for by in ("month", "customer", "severity")]


def row(minutes_before_now: int, severity: int = 2, province: bool = False) -> dict:
    return {
        "minutes_before_now": minutes_before_now,
        "severity": severity,
        "status": "received",
        "tier": 1,
        "respond_after": None,
        "restore_after": None,
        "respond_within": 60,
        "device": 0,
        "province": province,
    }


@pytest.mark.django_db
def test_a_large_customer_narrowed_further_is_counted_live(
    supervisor, customer, province_customer, devices, policy, now, monkeypatch
):
    # given: a large customer's requests of two classes, held per customer
    build(
        [row(60, severity=1), row(120, severity=2), row(180, severity=2)], customer, province_customer, devices, policy
    )
    monkeypatch.setattr(services, "CUSTOMER_ROLLUP_MIN", 3)
    services.sla_rollup(full=True)
    both = Filters(date_from=PERIOD.date_from, date_to=PERIOD.date_to, customer_id=customer.pk, severity=1)
    # when
    held = selectors.held_for(replace(both, severity=None)), selectors.held_for(both)
    rolled = figures(supervisor, both)
    # then: the customer's own tables answer for the customer alone, not for the customer and a class
    assert (held[0].days, held[1]) == (CustomerDay, None)
    assert (rolled["open_total"], rolled["requests"]) == (1, 1)


@pytest.mark.django_db
def test_a_customer_grown_large_since_the_full_run_is_counted_live_until_the_next(
    supervisor, customer, province_customer, devices, policy, now, monkeypatch
):
    # given: one request reported before the window a windowed run recounts; a full run that keeps no customer
    build([row(70 * 1440)], customer, province_customer, devices, policy)
    monkeypatch.setattr(services, "CUSTOMER_ROLLUP_MIN", 2)
    services.sla_rollup(full=True)
    build([row(30)], customer, province_customer, devices, policy)
    filters = Filters(date_from=dt.date(2026, 8, 1), date_to=PERIOD.date_to, customer_id=customer.pk)
    # when: a windowed run, the customer now large; then the next full run
    windowed = services.sla_rollup()
    after_window = figures(supervisor, filters)["requests"], windowed.customer_ids
    full = services.sla_rollup(full=True)
    after_full = figures(supervisor, filters)["requests"], full.customer_ids
    # then
    assert after_window == (2, [])
    assert after_full == (2, [customer.pk])


@pytest.mark.django_db
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=request_rows)
def test_the_duration_buckets_are_the_minutes_to_the_event_counted_in_python(
    supervisor, customer, province_customer, devices, policy, now, rows
):
    # given
    forget_everything()
    made = build(rows, customer, province_customer, devices, policy)
    services.sla_rollup(full=True)
    # when
    data = selectors.durations(PERIOD)
    # then
    for name, event, limits in selectors.DURATIONS:
        expected = [0] * (len(limits) + 1)
        for ticket in made:
            if ticket.status == "cancelled" or getattr(ticket, event) is None:
                continue
            if not PERIOD.start <= ticket.reported_at < PERIOD.end:
                continue
            minutes = (getattr(ticket, event) - ticket.reported_at).total_seconds() / 60
            expected[next((i for i, limit in enumerate(limits) if minutes <= limit), len(limits))] += 1
        assert data[name]["counts"] == expected, name


@pytest.mark.django_db
def test_the_dashboard_counts_a_new_request_and_its_response_at_once(supervisor, agent, customer, asset, now):
    # given: the rollup holds an older request
    from aftersales.tickets import services as tickets

    tickets.ticket_create(
        actor=agent, customer_id=customer.pk, asset_id=asset.pk, channel="phone", severity=2, title="慢"
    )
    services.sla_rollup(full=True)
    today = Filters(date_from=PERIOD.date_to, date_to=PERIOD.date_to)
    before = dashboard.dashboard_data(supervisor, today)
    # when: a request is taken and responded to after the rollup's run
    made = tickets.ticket_create(
        actor=agent, customer_id=customer.pk, asset_id=asset.pk, channel="phone", severity=1, title="宕机"
    )
    after_intake = dashboard.dashboard_data(supervisor, today)
    tickets.ticket_apply_action(ticket_id=made.ticket.pk, action="respond", actor=agent, expected_version=None, at=None)
    after_response = dashboard.dashboard_data(supervisor, today)
    # then
    assert (before["open_total"], after_intake["open_total"]) == (1, 2)
    assert (before["requests"], after_intake["requests"]) == (1, 2)
    assert after_intake["faults_vendor"] == [
        {"name": "戴尔", "value": 2, "link": after_intake["faults_vendor"][0]["link"]}
    ]
    assert sum(p["value"] for p in after_intake["time_to_respond"]) == 0
    assert sum(p["value"] for p in after_response["time_to_respond"]) == 1
    assert {p["link"]: p["value"] for p in after_response["open_status"]} == {
        "/tickets/?status=received": 1,
        "/tickets/?status=responded": 1,
    }


@pytest.mark.django_db
def test_an_older_request_moves_in_the_open_charts_at_the_next_rollup(supervisor, agent, customer, now):
    """The documented freshness: requests the rollup holds show their state as of its run."""
    # given
    from aftersales.tickets import services as tickets

    made = tickets.ticket_create(actor=agent, customer_id=customer.pk, channel="phone", severity=2, title="慢")
    services.sla_rollup(full=True)
    today = Filters(date_from=PERIOD.date_to, date_to=PERIOD.date_to)
    # when
    tickets.ticket_apply_action(ticket_id=made.ticket.pk, action="cancel", actor=agent, expected_version=None)
    stale = dashboard.dashboard_data(supervisor, today)["open_total"]
    services.sla_rollup()
    fresh = dashboard.dashboard_data(supervisor, today)["open_total"]
    # then
    assert (stale, fresh) == (1, 0)
