"""The one lateness rule (`tickets.policy.lateness`): what a request stores follows from its state alone."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from aftersales.sla.policy.targets import DEFAULT_TARGETS, Deadlines
from aftersales.sla.policy.worktime import WorkCalendar
from aftersales.tickets.policy import lateness
from aftersales.tickets.policy.lifecycle import State

CST = dt.timezone(dt.timedelta(hours=8))
T0 = dt.datetime(2026, 11, 20, 9, 0, tzinfo=CST)
ALWAYS_OPEN = lateness.Terms(DEFAULT_TARGETS, WorkCalendar(always_open=True))


def minutes(n: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=n)


def taken(severity: int = 2, zone: str = "local") -> lateness.Facts:
    """A request as intake leaves it, on the default table and a 7×24 calendar."""
    facts, _ = lateness.intake(
        lateness.Facts(severity, zone, T0, State.RECEIVED.value, 1, lateness.NO_DEADLINES), ALWAYS_OPEN, at=T0
    )
    return replace(facts, deadlines=lateness.settle(facts, ALWAYS_OPEN, at=T0).deadlines)


def test_the_issue_9_repro_the_sweeps_climb_moves_breach_and_due_times():
    # given a class 2 request reported at 09:00 and responded to at 09:05 (escalate by 09:30, on site by 10:00)
    request = replace(taken(), status=State.RESPONDED.value, responded_at=minutes(5))
    assert lateness.settle(request, at=minutes(6)).breach_at == minutes(30)
    # when the 09:31 sweep climbs it to the expert group
    climb = lateness.sweep_climb(request, at=minutes(31))
    settled = lateness.settle(climb.after, at=minutes(31))
    # then the climb met the escalation deadline: nothing is late until the arrival deadline at 10:00
    assert (climb.tier, climb.due, climb.after.escalated_at) == (2, minutes(30), minutes(30))
    assert (settled.breach_at, settled.due_at) == (minutes(60), minutes(60))
    assert settled.clocks.breached == ()
    assert settled.next_escalation_at == minutes(240)  # the vendor step


def test_class_1_goes_to_the_expert_group_at_intake_and_the_others_stay_at_the_desk():
    urgent, major = taken(severity=1), taken(severity=2)
    assert (urgent.tier, urgent.escalated_at) == (2, T0)
    assert (major.tier, major.escalated_at) == (1, None)
    assert lateness.settle(urgent, at=T0).next_escalation_at == minutes(240)
    assert lateness.settle(major, at=T0).next_escalation_at == minutes(30)


def test_a_request_waiting_for_the_customer_or_restored_does_not_climb():
    request = replace(taken(), status=State.WAITING_CUSTOMER.value, responded_at=minutes(5), paused_at=minutes(10))
    assert lateness.sweep_climb(request, at=minutes(600)) is None
    assert lateness.settle(request, at=minutes(600)).next_escalation_at is None
    restored = replace(taken(), status=State.RESTORED.value, restored_at=minutes(20))
    assert lateness.sweep_climb(restored, at=minutes(600)) is None


# Any request: deadlines and events at minutes from T0 (or none), any status and tier.
offsets = st.one_of(st.none(), st.integers(min_value=0, max_value=2000))


@st.composite
def requests(draw) -> lateness.Facts:
    deadlines = Deadlines(*(minutes(m) if (m := draw(offsets)) is not None else None for _ in range(7)), False)
    events = {name: minutes(m) if (m := draw(offsets)) is not None else None for name in lateness.EVENT_COLUMNS}
    status = draw(st.sampled_from([s.value for s in State]))
    return lateness.Facts(
        severity=draw(st.integers(1, 4)),
        zone=draw(st.sampled_from(["local", "province", "elsewhere"])),
        reported_at=T0,
        status=status,
        tier=draw(st.integers(1, 4)),
        deadlines=deadlines,
        **events,
    )


@given(requests(), st.integers(0, 5000), st.integers(0, 5000))
def test_what_is_stored_does_not_depend_on_when_it_is_computed(request, a, b):
    first, second = lateness.settle(request, at=minutes(a)), lateness.settle(request, at=minutes(b))
    assert first.columns() == second.columns()
    assert first.columns()["respond_by"] == request.deadlines.respond_by  # no terms: the stored deadlines stand


@given(requests(), st.integers(0, 5000))
def test_the_queue_and_the_request_agree_once_its_events_have_happened(request, after):
    # at any instant after every event of the request, `breach_at < at` ⇔ its clocks name a breach
    happened = [t for name in lateness.EVENT_COLUMNS if (t := getattr(request, name)) is not None]
    at = max([T0, *happened]) + dt.timedelta(minutes=after)
    settled = lateness.settle(request, at=at)
    assert bool(settled.clocks.breached) == (settled.breach_at is not None and settled.breach_at < at)


@given(requests(), st.integers(0, 5000))
def test_a_climb_is_one_due_step_up_and_escalates_the_request(request, at_minute):
    at = minutes(at_minute)
    climb = lateness.sweep_climb(request, at=at)
    settled = lateness.settle(request, at=at)
    if climb is None:
        assert settled.next_escalation_at is None or settled.next_escalation_at > at
        return
    assert settled.next_escalation_at == climb.due <= at
    assert climb.tier == climb.after.tier > request.tier
    assert climb.after.escalated_at == (request.escalated_at or climb.due)
    after = lateness.settle(climb.after, at=at)
    assert after.next_escalation_at is None or after.next_escalation_at >= climb.due


@given(requests(), st.integers(0, 5000))
def test_the_sweeps_three_fields_are_what_settle_stores(request, at_minute):
    # `derived` (the sweep stores it for each climb, without the clocks' list of breaches) is settle's
    settled = lateness.settle(request, at=minutes(at_minute))
    assert lateness.derived(request) == (settled.breach_at, settled.due_at, settled.next_escalation_at)
    climb = lateness.sweep_climb(request, at=minutes(at_minute))
    if climb is not None:
        after = lateness.settle(climb.after, at=minutes(at_minute))
        assert lateness.derived(climb.after) == (after.breach_at, after.due_at, after.next_escalation_at)


@given(st.integers(1, 4), st.sampled_from(["local", "province", "elsewhere"]), requests())
def test_recounting_the_deadlines_of_a_request_on_unchanged_terms_changes_nothing(severity, zone, state):
    request = replace(state, severity=severity, zone=zone)
    counted = lateness.settle(request, ALWAYS_OPEN, at=T0)
    again = lateness.settle(replace(request, deadlines=counted.deadlines), ALWAYS_OPEN, at=T0)
    kept = lateness.settle(replace(request, deadlines=counted.deadlines), at=T0)
    assert counted.columns() == again.columns() == kept.columns()


@given(requests(), st.integers(1, 4), offsets)
def test_the_written_out_climb_equals_dataclasses_replace(request, tier, offset):
    escalated_at = None if offset is None else T0 + dt.timedelta(minutes=offset)
    assert lateness.climbed(request, tier, escalated_at) == replace(request, tier=tier, escalated_at=escalated_at)


def test_the_event_columns_are_in_facts_order_after_the_pauses():
    """`tickets.services._sweep_facts` builds Facts positionally from the sweep's row in this order."""
    from dataclasses import fields

    names = [f.name for f in fields(lateness.Facts)]
    assert names[:7] == ["severity", "zone", "reported_at", "status", "tier", "deadlines", "pauses"]
    assert tuple(names[7:]) == lateness.EVENT_COLUMNS
