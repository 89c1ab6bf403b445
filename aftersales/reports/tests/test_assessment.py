"""The engineers' and partners' assessment counted in the database (`selectors.assessment_groups`, live and per
day in the rollup's `AssessmentDay`) equals the rule as first written in Python (kept below as the reference), for
random desks: requests with or without arrival and restore limits and events, cancelled ones, devices failing
again, several dispatches of a request (re-dispatched, cancelled, twice to the same engineer), callbacks with
scores, two customers in two regions, two classes — split at random points into requests a full run holds, requests
a windowed run added, and newer ones, and the report narrowed by each of its filters (a customer large enough for
the rollup to keep apart, or not). What a run holds is counted as of that run: a request of a device that fails
again after the run is a repeat fault from the next run on (the SLA counts of a request restored after the run
likewise)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aftersales.reports import selectors, services
from aftersales.reports.models import AssessmentDay, RollupState
from aftersales.reports.policy.attainment import rate
from aftersales.reports.selectors import REPEAT_DAYS, Filters
from aftersales.reports.tests.conftest import CHINA, NOW
from aftersales.tickets.models import Ticket

PERIOD = Filters(date_from=dt.date(2026, 8, 1), date_to=dt.date(2026, 11, 10))
minutes = st.one_of(st.none(), st.integers(min_value=0, max_value=3 * 1440))

request_rows = st.lists(
    st.fixed_dictionaries(
        {
            # up to 80 days: some before the window a windowed run recounts (services.RECENT_DAYS); repeats within
            # and beyond 30 days of each other
            "minutes_before_now": st.integers(min_value=0, max_value=80 * 1440),
            "cancelled": st.booleans(),
            "other_customer": st.booleans(),  # the other customer, in another region
            "severity": st.sampled_from([2, 3]),
            "device": st.integers(min_value=0, max_value=2),
            "arrive_within": minutes,
            "arrived_after": minutes,
            "restore_within": minutes,
            "restored_after": minutes,
            # who the request went to, in order (the last one active unless cancelled): engineer 0, engineer 1
            # (a partner's), the partner alone
            "dispatches": st.lists(
                st.tuples(st.integers(min_value=0, max_value=2), st.booleans()), min_size=1, max_size=3
            ),
            "scores": st.lists(st.integers(min_value=1, max_value=5), max_size=2),
        }
    ),
    min_size=1,
    max_size=12,
)


@pytest.fixture
def crew(make_user, supervisor):
    from aftersales.customers.models import Region
    from aftersales.dispatch.models import Engineer
    from aftersales.network.models import Partner

    region = Region.objects.get(name="合肥市")
    partner = Partner.objects.create(kind="service", name="合肥联创", region=region)
    own = Engineer.objects.create(user=make_user("eng0", "engineer", first_name="伟"), home_region=region)
    theirs = Engineer.objects.create(
        user=make_user("eng1", "engineer", first_name="强"), home_region=region, partner=partner
    )
    return [(own, None), (theirs, partner), (None, partner)]


def build(rows, customers, devices, policy, crew, supervisor) -> None:
    from aftersales.dispatch.models import Dispatch
    from aftersales.followups.models import Callback

    for row in rows:
        customer = customers[row["other_customer"]]
        reported = NOW - dt.timedelta(minutes=row["minutes_before_now"])
        after = {
            name: None if row[name] is None else reported + dt.timedelta(minutes=row[name])
            for name in ("arrive_within", "arrived_after", "restore_within", "restored_after")
        }
        ticket = Ticket.objects.create(
            customer=customer,
            region_id=customer.region_id,
            sla_policy=policy,
            channel="phone",
            severity=row["severity"],
            zone="city",
            title="故障",
            status="cancelled" if row["cancelled"] else "received",
            reported_at=reported,
            asset=devices[row["device"]],
            arrive_by=after["arrive_within"],
            arrived_at=after["arrived_after"],
            restore_by=after["restore_within"],
            restored_at=after["restored_after"],
        )
        for i, (who, cancelled) in enumerate(row["dispatches"]):
            engineer, partner = crew[who]
            last = i == len(row["dispatches"]) - 1
            Dispatch.objects.create(
                ticket=ticket,
                engineer=engineer,
                partner=partner,
                status="cancelled" if cancelled else ("active" if last else "replaced"),
                dispatched_by=supervisor,
                dispatched_at=reported + dt.timedelta(minutes=i),
            )
        for i, score in enumerate(row["scores"]):
            Callback.objects.create(
                ticket=ticket,
                customer=customer,
                resolved_at=reported + dt.timedelta(hours=i + 1),
                due_on=reported.date(),
                satisfaction=score,
                status="done",
            )


RAW = ("requests", "arrive_due", "arrived", "restored", "sat_sum", "sat_n", "repeats")


def reference(tickets, kind: str) -> dict[int, dict[str, int]]:
    """The assessment's counts as first written, per owner, of the requests `tickets` selects: every handled
    request's facts read into Python and counted there."""
    from aftersales.dispatch.models import Dispatch
    from aftersales.followups.models import Callback

    who = f"{kind}_id"
    handled = (
        Dispatch.objects.filter(**{f"{who}__isnull": False})
        .exclude(status="cancelled")
        .filter(ticket__in=tickets.values("pk"))
        .values_list(who, "ticket_id")
        .distinct()
    )
    tickets_of: dict[int, set[int]] = defaultdict(set)
    for owner, ticket_id in handled:
        tickets_of[owner].add(ticket_id)
    every = set().union(*tickets_of.values()) if tickets_of else set()
    facts = {
        row["pk"]: row
        for row in Ticket.objects.filter(pk__in=every).values(
            "pk", "asset_id", "reported_at", "arrive_by", "arrived_at", "restore_by", "restored_at"
        )
    }
    scores: dict[int, list[int]] = defaultdict(list)
    for ticket_id, score in Callback.objects.filter(ticket_id__in=every, satisfaction__isnull=False).values_list(
        "ticket_id", "satisfaction"
    ):
        scores[ticket_id].append(score)
    later: dict[int, list[dt.datetime]] = defaultdict(list)
    for asset_id, reported in (
        Ticket.objects.filter(asset_id__isnull=False).exclude(status="cancelled").values_list("asset_id", "reported_at")
    ):
        later[asset_id].append(reported)
    sums: dict[int, dict[str, int]] = {}
    for owner, ids in tickets_of.items():
        arrive_due = arrived = restored = repeats = 0
        sat: list[int] = []
        for ticket_id in ids:
            f = facts[ticket_id]
            if f["arrive_by"] is not None:
                met = [t for t in (f["arrived_at"], f["restored_at"]) if t is not None]
                if met:
                    arrive_due += 1
                    arrived += min(met) <= f["arrive_by"]
            if f["restore_by"] is not None and f["restored_at"] is not None:
                restored += f["restored_at"] <= f["restore_by"]
            sat.extend(scores.get(ticket_id, ()))
            if f["asset_id"]:
                window_end = f["reported_at"] + dt.timedelta(days=REPEAT_DAYS)
                repeats += any(f["reported_at"] < r <= window_end for r in later.get(f["asset_id"], ()))
        sums[owner] = dict(
            zip(RAW, (len(ids), arrive_due, arrived, restored, sum(sat), len(sat), repeats), strict=True)
        )
    return sums


def added(*parts: dict[int, dict[str, int]]) -> list[dict]:
    """Per-owner sums of several parts, as the report's rows (without the complaints and the names)."""
    total: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(RAW, 0))
    for part in parts:
        for owner, sums in part.items():
            for name in RAW:
                total[owner][name] += sums[name]
    return [
        {
            "id": owner,
            "requests": t["requests"],
            "arrived_on_time": t["arrived"],
            "arrive_rate": rate(t["arrived"], t["arrive_due"]),
            "restored_on_time": t["restored"],
            "satisfaction_avg": round(t["sat_sum"] / t["sat_n"], 2) if t["sat_n"] else None,
            "repeat_faults": t["repeats"],
        }
        for owner, t in sorted(total.items())
        if t["requests"]
    ]


def counted(user, filters: Filters, kind: str) -> list[dict]:
    rows = selectors.assessment(user, filters, kind)
    return sorted(
        ({k: v for k, v in row.items() if k not in ("name", "complaints")} for row in rows if row["requests"]),
        key=lambda r: r["id"],
    )


@pytest.mark.django_db
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=request_rows,
    splits=st.tuples(st.floats(min_value=0, max_value=1), st.floats(min_value=0, max_value=1)),
    windowed=st.booleans(),
    since=st.sampled_from([PERIOD.date_from, dt.date(2026, 10, 20)]),
    # what the report is narrowed by (the customers by index, the vendor by device) and how many requests make a
    # customer large enough for the rollup to keep apart
    narrow=st.sampled_from(
        [
            {},
            {"severity": 3},
            {"region_id": 1},
            {"vendor_id": 1},
            {"sla_policy_id": None},
            {"customer_id": 0},
            {"customer_id": 1},
            {"customer_id": 0, "severity": 2},
            {"customer_id": 1, "region_id": 1},
            {"customer_id": 0, "region_id": 1},
        ]
    ),
    large_from=st.sampled_from([1, 4, 10_000]),
)
def test_the_assessment_counted_in_the_database_and_rolled_up_equals_the_rule_in_python(
    supervisor,
    customer,
    other_customer,
    asset,
    agent,
    policy,
    crew,
    now,
    monkeypatch,
    rows,
    splits,
    windowed,
    since,
    narrow,
    large_from,
):
    from aftersales.assets import services as assets
    from aftersales.assets.models import Asset
    from aftersales.dispatch.models import Dispatch
    from aftersales.followups.models import Callback

    # given: a desk in three parts (held by a full run, added by a windowed run, newer than the rollup)
    Callback.objects.all().delete()
    Dispatch.objects.all().delete()
    Ticket.objects.all().delete()
    AssessmentDay.objects.all().delete()
    RollupState.objects.all().delete()
    other = Asset.objects.filter(serial="HW2").first() or assets.asset_create(
        actor=agent,
        customer_id=customer.pk,
        vendor="华为",
        model="S5735",
        serial="HW2",
        purchased_on=dt.date(2026, 1, 1),
        category="交换机",
    )
    devices = [asset, other, None]
    customers = [customer, other_customer]
    assert customer.region_id != other_customer.region_id
    monkeypatch.setattr(services, "CUSTOMER_ROLLUP_MIN", large_from)
    narrowed_by = {
        "severity": narrow.get("severity"),
        "region_id": customers[narrow["region_id"]].region_id if "region_id" in narrow else None,
        "vendor_id": devices[narrow["vendor_id"]].vendor_id if "vendor_id" in narrow else None,
        "sla_policy_id": policy.pk if "sla_policy_id" in narrow else None,
        "customer_id": customers[narrow["customer_id"]].pk if "customer_id" in narrow else None,
    }
    filters = Filters(date_from=since, date_to=PERIOD.date_to, **narrowed_by)
    period = selectors.tickets_in(filters)
    window_start = dt.datetime.combine(
        NOW.date() - dt.timedelta(days=services.RECENT_DAYS), dt.time(), tzinfo=CHINA
    )  # NOW is noon in Beijing: its date is Beijing's
    kinds = ("engineer", "partner")
    first, second = sorted(round(split * len(rows)) for split in splits)
    build(rows[:first], customers, devices, policy, crew, supervisor)
    held = services.sla_rollup(full=True).max_ticket_id
    # what a run holds is counted as of that run (a device that fails again after it shows at the next one)
    before_window = period.filter(pk__lte=held, reported_at__lt=window_start)
    as_of = {kind: [reference(period.filter(pk__lte=held), kind)] for kind in kinds}
    before = {kind: reference(before_window, kind) for kind in kinds}
    build(rows[first:second], customers, devices, policy, crew, supervisor)
    if windowed:
        # a request newer than the full run but reported before the window makes it a full run again
        again = Ticket.objects.filter(pk__gt=held, reported_at__lt=window_start).exists()
        held = services.sla_rollup().max_ticket_id
        if again:
            as_of = {kind: [reference(period.filter(pk__lte=held), kind)] for kind in kinds}
        else:
            recounted = period.filter(pk__lte=held, reported_at__gte=window_start)
            as_of = {kind: [before[kind], reference(recounted, kind)] for kind in kinds}
    build(rows[second:], customers, devices, policy, crew, supervisor)
    # when: from the rollup and the newer requests, and counted live
    rolled = [counted(supervisor, filters, kind) for kind in kinds]
    RollupState.objects.all().delete()
    live = [counted(supervisor, filters, kind) for kind in kinds]
    # then
    assert rolled == [added(*as_of[kind], reference(period.filter(pk__gt=held), kind)) for kind in kinds]
    assert live == [added(reference(period, kind)) for kind in kinds]
