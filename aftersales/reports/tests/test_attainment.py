"""The attainment rules of `GET /api/v1/reports/sla` on hand-built requests (issue 12, API contract): met,
missed, pending, paused, cancelled, across midnight in Beijing; the SQL count against the pure policy on a
grid of every combination; the rollup gives the same figures as the live count."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aftersales.reports.policy.attainment import Outcome, outcome, request_outcomes
from aftersales.reports.tests.conftest import NOW, china

pytestmark = pytest.mark.django_db


def sla(api, **params):
    response = api.get("/api/v1/reports/sla", {"from": "2026-11-01", "to": "2026-11-30", **params})
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def api(api_as, supervisor, now):
    return api_as(supervisor)


# ------------------------------------------------------------------------------------------ the pure rule


def test_outcome_rules():
    d = china(2026, 11, 9, 12, 0)
    at = china(2026, 11, 10, 12, 0)
    assert outcome(None, None, at=at) is Outcome.NONE
    assert outcome(d, d, at=at) is Outcome.MET  # at the deadline itself: met
    assert outcome(d, d + dt.timedelta(seconds=1), at=at) is Outcome.MISSED
    assert outcome(d, None, at=at) is Outcome.MISSED
    assert outcome(d, None, at=d) is Outcome.PENDING  # not passed yet at its very instant
    assert outcome(d, None, at=at, paused_at=d - dt.timedelta(hours=1)) is Outcome.PENDING
    assert outcome(d, None, at=at, paused_at=d + dt.timedelta(hours=1)) is Outcome.MISSED
    assert outcome(d, None, at=at, stopped_at=d + dt.timedelta(hours=1)) is Outcome.MISSED
    assert outcome(d, None, at=at, stopped_at=d - dt.timedelta(hours=1)) is Outcome.PENDING


def test_arrival_is_met_by_a_remote_restoration():
    d = china(2026, 11, 9, 12, 0)
    got = request_outcomes(
        {"arrive": d, "restore": d}, {"restored": d - dt.timedelta(minutes=5)}, at=china(2026, 11, 10, 12)
    )
    assert got["arrive"] is Outcome.MET
    assert got["restore"] is Outcome.MET
    assert got["respond"] is Outcome.NONE


instants = st.integers(min_value=0, max_value=100).map(lambda h: china(2026, 11, 1) + dt.timedelta(hours=h))


@given(deadline=instants, done=st.none() | instants, at=instants, paused=st.none() | instants)
def test_met_is_due_and_pending_never_late(deadline, done, at, paused):
    got = outcome(deadline, done, at=at, paused_at=paused)
    if done is not None:
        assert got in (Outcome.MET, Outcome.MISSED)  # an event always decides
    elif deadline >= at:
        assert got is Outcome.PENDING  # a deadline still ahead is never counted
    if got is Outcome.MET:
        assert done is not None
        assert done <= deadline


# ------------------------------------------------------------------------------------------- the API rules


def test_met_missed_and_pending(api, make_ticket):
    reported = china(2026, 11, 9, 10, 0)
    make_ticket(  # respond met, restore missed (no event, deadline passed), resolve still pending
        reported,
        respond_by=china(2026, 11, 9, 10, 30),
        responded_at=china(2026, 11, 9, 10, 20),
        restore_by=china(2026, 11, 9, 18, 0),
        resolve_by=china(2026, 11, 12, 18, 0),
        status="responded",
    )
    make_ticket(  # respond missed (late), arrive met at its very deadline, restore met
        reported,
        respond_by=china(2026, 11, 9, 10, 30),
        responded_at=china(2026, 11, 9, 10, 31),
        arrive_by=china(2026, 11, 9, 14, 0),
        arrived_at=china(2026, 11, 9, 14, 0),
        restore_by=china(2026, 11, 9, 18, 0),
        restored_at=china(2026, 11, 9, 17, 0),
        status="restored",
    )
    body = sla(api)
    total = body["total"]
    assert total["requests"] == 2
    assert total["respond"] == {"due": 2, "met": 1, "rate": 0.5}
    assert total["arrive"] == {"due": 1, "met": 1, "rate": 1.0}
    assert total["restore"] == {"due": 2, "met": 1, "rate": 0.5}
    assert total["resolve"] == {"due": 0, "met": 0, "rate": None}
    (row,) = body["rows"]
    assert row["key"] == 2  # the class number
    assert row["label"]  # and its display name
    assert {k: v for k, v in row.items() if k not in ("key", "label")} == {
        k: v for k, v in total.items() if k != "label"
    }


def test_rate_has_four_decimals(api, make_ticket):
    reported = china(2026, 11, 9, 10, 0)
    for minutes in (10, 20, 40):  # two of three met
        make_ticket(
            reported,
            respond_by=china(2026, 11, 9, 10, 30),
            responded_at=reported + dt.timedelta(minutes=minutes),
        )
    assert sla(api)["total"]["respond"] == {"due": 3, "met": 2, "rate": 0.6667}


def test_a_wait_for_the_customer_freezes_the_clock(api, make_ticket):
    reported = china(2026, 11, 9, 10, 0)
    # Waiting since 11:00: the 12:00 respond deadline passed in wall time but not on the clock → pending.
    make_ticket(
        reported, respond_by=china(2026, 11, 9, 12, 0), paused_at=china(2026, 11, 9, 11, 0), status="waiting_customer"
    )
    assert sla(api)["total"]["respond"] == {"due": 0, "met": 0, "rate": None}
    # A deadline already passed when the wait began stays missed.
    make_ticket(
        reported, respond_by=china(2026, 11, 9, 10, 30), paused_at=china(2026, 11, 9, 11, 0), status="waiting_customer"
    )
    assert sla(api)["total"]["respond"] == {"due": 1, "met": 0, "rate": 0.0}


def test_a_finished_wait_is_counted_by_the_deadline_in_force(api, make_ticket):
    # Restore target 18:00, pushed back by a 3-hour wait to 21:00 (the stored deadline): restored at 20:00 → met.
    make_ticket(
        china(2026, 11, 9, 10, 0),
        restore_by=china(2026, 11, 9, 21, 0),
        restored_at=china(2026, 11, 9, 20, 0),
        pauses=[[china(2026, 11, 9, 12, 0).isoformat(), china(2026, 11, 9, 15, 0).isoformat()]],
        status="restored",
    )
    assert sla(api)["total"]["restore"] == {"due": 1, "met": 1, "rate": 1.0}


def test_cancelled_requests_are_left_out(api, make_ticket):
    make_ticket(
        china(2026, 11, 9, 10, 0),
        respond_by=china(2026, 11, 9, 10, 30),
        status="cancelled",
        cancelled_at=china(2026, 11, 9, 10, 5),
    )
    body = sla(api)
    assert body["total"]["requests"] == 0
    assert body["rows"] == []


def test_a_closed_request_without_the_event_is_not_late_after_the_close(api, make_ticket):
    make_ticket(
        china(2026, 11, 9, 10, 0),
        respond_by=china(2026, 11, 9, 10, 30),
        responded_at=china(2026, 11, 9, 10, 10),
        resolve_by=china(2026, 11, 9, 20, 0),  # passed, but the request was closed before it
        closed_at=china(2026, 11, 9, 12, 0),
        status="closed",
    )
    total = sla(api)["total"]
    assert total["resolve"]["due"] == 0
    assert total["respond"] == {"due": 1, "met": 1, "rate": 1.0}


def test_dates_are_beijing_dates_across_midnight(api, make_ticket):
    # 23:30 on 9 November in Beijing is 15:30 UTC on the 9th; 00:30 on the 10th is still the 9th in UTC.
    make_ticket(china(2026, 11, 9, 23, 30), title="九日夜")
    make_ticket(china(2026, 11, 10, 0, 30), title="十日凌晨")
    assert sla(api, **{"from": "2026-11-10", "to": "2026-11-10"})["total"]["requests"] == 1
    assert sla(api, **{"from": "2026-11-09", "to": "2026-11-09"})["total"]["requests"] == 1
    # Month keys too: 31 October 23:50 and 1 November 00:10 in Beijing (both 31 October in UTC).
    make_ticket(china(2026, 10, 31, 23, 50))
    make_ticket(china(2026, 11, 1, 0, 10))
    body = sla(api, **{"from": "2026-10-01", "to": "2026-11-30", "group_by": "month"})
    assert [(r["key"], r["requests"]) for r in body["rows"]] == [("2026-10", 1), ("2026-11", 3)]


def test_group_keys_and_labels(api, make_ticket, customer, other_customer, policy):
    make_ticket(china(2026, 11, 2, 9), severity=1)
    make_ticket(china(2026, 11, 3, 9), severity=3, customer_obj=other_customer)
    by_customer = sla(api, group_by="customer")
    assert {(r["key"], r["label"]) for r in by_customer["rows"]} == {
        (customer.pk, customer.name),
        (other_customer.pk, other_customer.name),
    }
    assert [r["key"] for r in sla(api, group_by="severity")["rows"]] == [1, 3]
    assert [(r["key"], r["label"]) for r in sla(api, group_by="policy")["rows"]] == [(policy.pk, policy.name)]
    regions = sla(api, group_by="region")["rows"]
    assert {r["label"] for r in regions} == {customer.region.name, other_customer.region.name}


# ------------------------------------------------------------------- the SQL count against the pure rule

DEADLINE = china(2026, 11, 9, 12, 0)
AT = NOW
CHOICES = {
    "event": [None, DEADLINE - dt.timedelta(hours=1), DEADLINE, DEADLINE + dt.timedelta(hours=1)],
    "deadline": [None, DEADLINE, AT + dt.timedelta(hours=2)],
    "paused": [None, DEADLINE - dt.timedelta(hours=2), DEADLINE + dt.timedelta(hours=2)],
    "closed": [None, DEADLINE - dt.timedelta(hours=3), DEADLINE + dt.timedelta(hours=3)],
}


def test_the_query_counts_as_the_policy_on_every_combination(api, make_ticket):
    expected = {"due": 0, "met": 0}
    for event, deadline, paused, closed in itertools.product(*CHOICES.values()):
        if paused and closed:
            continue
        make_ticket(
            china(2026, 11, 9, 8, 0),
            restore_by=deadline,
            restored_at=event,
            paused_at=paused,
            closed_at=closed,
            status="closed" if closed else ("waiting_customer" if paused else "received"),
        )
        got = outcome(deadline, event, at=AT, paused_at=paused, stopped_at=closed)
        expected["due"] += got in (Outcome.MET, Outcome.MISSED)
        expected["met"] += got is Outcome.MET
    restore = sla(api)["total"]["restore"]
    assert (restore["due"], restore["met"]) == (expected["due"], expected["met"])
    assert expected["due"] > expected["met"] > 0


def test_the_rollup_gives_the_live_figures_and_newer_requests_are_counted_once(api, make_ticket):
    from aftersales.reports import services

    reported = china(2026, 11, 9, 10, 0)
    for minutes in (10, 40):
        make_ticket(
            reported, respond_by=china(2026, 11, 9, 10, 30), responded_at=reported + dt.timedelta(minutes=minutes)
        )
    make_ticket(china(2026, 11, 3, 9), severity=1, restore_by=china(2026, 11, 3, 13))
    live = {g: sla(api, group_by=g) for g in ("severity", "region", "month", "policy")}
    services.sla_rollup(full=True)
    for group_by, body in live.items():
        assert sla(api, group_by=group_by) == body
    make_ticket(reported, respond_by=china(2026, 11, 9, 10, 30), responded_at=reported)  # after the rollup
    total = sla(api)["total"]
    assert total["requests"] == 4
    assert total["respond"] == {"due": 3, "met": 2, "rate": 0.6667}
