"""Tests of SLA targets and deadlines (``aftersales.sla.policy.targets``): spec examples, then properties."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aftersales.sla.policy.targets import (
    DEFAULT_TARGETS,
    DELL_TARGETS,
    ESCALATION_TIERS,
    HUAWEI_TARGETS,
    ClassTargets,
    Deadlines,
    Severity,
    SlaTargets,
    Tier,
    Zone,
    arrival_by_zone,
    deadlines_for,
    due_tier,
    escalation_ladder,
    next_escalation_at,
)
from aftersales.sla.policy.worktime import ALWAYS_OPEN, office_hours

CN = timezone(timedelta(hours=8))
REPORTED_AT = datetime(2026, 9, 28, 9, 0, tzinfo=CN)
"""A Monday morning in a known year."""
OFFICE_2026 = office_hours(
    holidays={date(2026, 10, day) for day in range(1, 8)}, workdays={date(2026, 10, 10)}, known_years={2026}
)

FIELDS = ("respond_by", "escalate_by", "restore_by", "arrive_by", "resolve_by", "vendor_by", "leadership_by")


def minutes_after_report(deadlines: Deadlines, reported_at: datetime = REPORTED_AT) -> dict[str, int | None]:
    """Each deadline as whole minutes after the report, ``None`` where there is none."""
    result: dict[str, int | None] = {}
    for name in FIELDS:
        due_at = getattr(deadlines, name)
        result[name] = None if due_at is None else int((due_at - reported_at) / timedelta(minutes=1))
    return result


def table_row(
    respond: int | None,
    escalate: int | None,
    restore: int | None,
    arrive: int | None,
    vendor: int | None,
    leadership: int | None,
) -> dict[str, int | None]:
    return {
        "respond_by": respond,
        "escalate_by": escalate,
        "restore_by": restore,
        "arrive_by": arrive,
        "resolve_by": None,
        "vendor_by": vendor,
        "leadership_by": leadership,
    }


# --- the 篇1 4.9 table at intake on a 7×24 calendar ------------------------------------------------


@pytest.mark.parametrize(
    ("severity", "zone", "expected"),
    [
        pytest.param(Severity.CRITICAL, Zone.LOCAL, table_row(5, 0, 240, 40, 240, 480), id="1-local"),
        pytest.param(Severity.CRITICAL, Zone.PROVINCE, table_row(5, 0, 240, 300, 240, 480), id="1-province"),
        pytest.param(Severity.CRITICAL, Zone.ELSEWHERE, table_row(5, 0, 240, None, 240, 480), id="1-elsewhere"),
        pytest.param(Severity.MAJOR, Zone.LOCAL, table_row(10, 30, 240, 60, 240, 480), id="2-local"),
        pytest.param(Severity.MAJOR, Zone.PROVINCE, table_row(10, 30, 240, 360, 240, 480), id="2-province"),
        pytest.param(Severity.MAJOR, Zone.ELSEWHERE, table_row(10, 30, 240, None, 240, 480), id="2-elsewhere"),
        pytest.param(Severity.MINOR, Zone.LOCAL, table_row(10, 60, 240, 60, 240, 480), id="3-local"),
        pytest.param(Severity.MINOR, Zone.PROVINCE, table_row(10, 60, 240, 480, 240, 480), id="3-province"),
        pytest.param(Severity.MINOR, Zone.ELSEWHERE, table_row(10, 60, 240, None, 240, 480), id="3-elsewhere"),
        pytest.param(Severity.NON_FAULT, Zone.LOCAL, table_row(10, 60, None, 120, None, None), id="4-local"),
        pytest.param(Severity.NON_FAULT, Zone.PROVINCE, table_row(10, 60, None, 600, None, None), id="4-province"),
        pytest.param(Severity.NON_FAULT, Zone.ELSEWHERE, table_row(10, 60, None, None, None, None), id="4-elsewhere"),
    ],
)
def test_default_table_at_intake(severity: Severity, zone: Zone, expected: dict[str, int | None]) -> None:
    # when
    deadlines = deadlines_for(DEFAULT_TARGETS, ALWAYS_OPEN, severity, zone, REPORTED_AT)

    # then
    assert minutes_after_report(deadlines) == expected
    assert deadlines.uncertain is False


@pytest.mark.parametrize(
    ("targets", "severity", "zone", "expected"),
    [
        pytest.param(
            HUAWEI_TARGETS, Severity.CRITICAL, Zone.LOCAL, table_row(60, 0, 240, 240, 120, 480), id="huawei-1"
        ),
        pytest.param(
            HUAWEI_TARGETS, Severity.MAJOR, Zone.ELSEWHERE, table_row(120, 30, 240, 1440, 1440, 480), id="huawei-2"
        ),
        pytest.param(
            HUAWEI_TARGETS, Severity.MINOR, Zone.PROVINCE, table_row(120, 60, 240, 2880, 2880, 480), id="huawei-3"
        ),
        pytest.param(
            HUAWEI_TARGETS, Severity.NON_FAULT, Zone.LOCAL, table_row(120, 60, None, 5760, 5760, None), id="huawei-4"
        ),
        pytest.param(DELL_TARGETS, Severity.CRITICAL, Zone.ELSEWHERE, table_row(5, 0, 240, 240, 240, 480), id="dell-1"),
        pytest.param(
            DELL_TARGETS, Severity.NON_FAULT, Zone.PROVINCE, table_row(10, 60, None, 240, None, None), id="dell-4"
        ),
    ],
)
def test_vendor_tables_at_intake(
    targets: SlaTargets, severity: Severity, zone: Zone, expected: dict[str, int | None]
) -> None:
    # when
    deadlines = deadlines_for(targets, ALWAYS_OPEN, severity, zone, REPORTED_AT)

    # then
    assert minutes_after_report(deadlines) == expected


# --- calendars, pauses, uncertainty ----------------------------------------------------------------


def test_deadlines_count_working_minutes_of_the_calendar() -> None:
    # given: Wednesday 16:30 before the National Day holidays
    reported_at = datetime(2026, 9, 30, 16, 30, tzinfo=CN)

    # when
    deadlines = deadlines_for(DEFAULT_TARGETS, OFFICE_2026, Severity.MAJOR, Zone.LOCAL, reported_at)

    # then
    assert deadlines == Deadlines(
        respond_by=datetime(2026, 9, 30, 16, 40, tzinfo=CN),
        escalate_by=datetime(2026, 9, 30, 17, 0, tzinfo=CN),
        restore_by=datetime(2026, 10, 8, 11, 30, tzinfo=CN),
        arrive_by=datetime(2026, 9, 30, 17, 30, tzinfo=CN),
        resolve_by=None,
        vendor_by=datetime(2026, 10, 8, 11, 30, tzinfo=CN),
        leadership_by=datetime(2026, 10, 8, 15, 30, tzinfo=CN),
        uncertain=False,
    )


def test_immediate_escalation_at_night_waits_for_opening() -> None:
    # when
    deadlines = deadlines_for(
        DEFAULT_TARGETS, OFFICE_2026, Severity.CRITICAL, Zone.LOCAL, datetime(2026, 9, 28, 22, tzinfo=CN)
    )

    # then
    assert deadlines.escalate_by == datetime(2026, 9, 29, 8, 30, tzinfo=CN)
    assert deadlines.respond_by == datetime(2026, 9, 29, 8, 35, tzinfo=CN)


def test_pauses_push_back_only_later_deadlines() -> None:
    # given: the customer is waited for from +20 to +50 minutes
    pauses = [(REPORTED_AT + timedelta(minutes=20), REPORTED_AT + timedelta(minutes=50))]

    # when
    deadlines = deadlines_for(DEFAULT_TARGETS, ALWAYS_OPEN, Severity.MAJOR, Zone.LOCAL, REPORTED_AT, pauses)

    # then
    assert minutes_after_report(deadlines) == table_row(10, 60, 270, 90, 270, 510)


def test_arrival_may_use_its_own_calendar() -> None:
    # given: Dell's phone support keeps office hours, its on-site promise is 24×7; Friday 17:00
    reported_at = datetime(2026, 10, 16, 17, 0, tzinfo=CN)

    # when
    deadlines = deadlines_for(
        DELL_TARGETS, OFFICE_2026, Severity.MAJOR, Zone.LOCAL, reported_at, arrive_calendar=ALWAYS_OPEN
    )

    # then
    assert deadlines.arrive_by == datetime(2026, 10, 16, 21, 0, tzinfo=CN)
    assert deadlines.respond_by == datetime(2026, 10, 16, 17, 10, tzinfo=CN)


@pytest.mark.parametrize(
    ("calendar_name", "expected"),
    [pytest.param("office", True, id="holiday-aware"), pytest.param("always-open", False, id="always-open")],
)
def test_deadlines_in_an_unknown_year_are_uncertain(calendar_name: str, expected: bool) -> None:
    # given
    calendar = OFFICE_2026 if calendar_name == "office" else ALWAYS_OPEN

    # when
    deadlines = deadlines_for(
        DEFAULT_TARGETS, calendar, Severity.MINOR, Zone.LOCAL, datetime(2026, 12, 31, 15, tzinfo=CN)
    )

    # then
    assert deadlines.uncertain is expected


# --- escalation ladder ------------------------------------------------------------------------------


def test_ladder_of_a_critical_fault_starts_at_once() -> None:
    # given
    deadlines = deadlines_for(DEFAULT_TARGETS, ALWAYS_OPEN, Severity.CRITICAL, Zone.LOCAL, REPORTED_AT)

    # when
    ladder = escalation_ladder(deadlines)

    # then
    assert ladder == (
        (Tier.EXPERT_GROUP, REPORTED_AT),
        (Tier.VENDOR, REPORTED_AT + timedelta(hours=4)),
        (Tier.LEADERSHIP, REPORTED_AT + timedelta(hours=8)),
    )
    assert due_tier(deadlines, REPORTED_AT) is Tier.EXPERT_GROUP


def test_ladder_of_a_non_fault_stops_at_the_expert_group() -> None:
    # given
    deadlines = deadlines_for(DEFAULT_TARGETS, ALWAYS_OPEN, Severity.NON_FAULT, Zone.LOCAL, REPORTED_AT)

    # then
    assert escalation_ladder(deadlines) == ((Tier.EXPERT_GROUP, REPORTED_AT + timedelta(hours=1)),)
    assert due_tier(deadlines, REPORTED_AT + timedelta(days=30)) is Tier.EXPERT_GROUP
    assert next_escalation_at(deadlines, Tier.EXPERT_GROUP) is None


MAJOR = deadlines_for(DEFAULT_TARGETS, ALWAYS_OPEN, Severity.MAJOR, Zone.LOCAL, REPORTED_AT)


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        pytest.param(0, Tier.DESK, id="at-report"),
        pytest.param(29, Tier.DESK, id="before-half-hour"),
        pytest.param(30, Tier.EXPERT_GROUP, id="half-hour"),
        pytest.param(239, Tier.EXPERT_GROUP, id="before-restore-target"),
        pytest.param(240, Tier.VENDOR, id="restore-target"),
        pytest.param(480, Tier.LEADERSHIP, id="eight-hours"),
        pytest.param(10_000, Tier.LEADERSHIP, id="much-later"),
    ],
)
def test_due_tier_of_a_major_fault(minutes: int, expected: Tier) -> None:
    # then
    assert due_tier(MAJOR, REPORTED_AT + timedelta(minutes=minutes)) is expected


@pytest.mark.parametrize(
    ("current", "expected_minutes"),
    [
        pytest.param(Tier.DESK, 30, id="desk"),
        pytest.param(Tier.EXPERT_GROUP, 240, id="expert-group"),
        pytest.param(Tier.VENDOR, 480, id="vendor"),
        pytest.param(Tier.LEADERSHIP, None, id="leadership"),
    ],
)
def test_next_escalation_of_a_major_fault(current: Tier, expected_minutes: int | None) -> None:
    # when
    next_at = next_escalation_at(MAJOR, current)

    # then
    assert next_at == (None if expected_minutes is None else REPORTED_AT + timedelta(minutes=expected_minutes))


def test_ladder_skips_missing_steps_and_clamps_early_ones() -> None:
    # given: no vendor step; leadership set before the expert group (a misconfigured policy)
    deadlines = Deadlines(
        respond_by=None,
        escalate_by=REPORTED_AT + timedelta(hours=2),
        restore_by=None,
        arrive_by=None,
        resolve_by=None,
        vendor_by=None,
        leadership_by=REPORTED_AT + timedelta(hours=1),
        uncertain=False,
    )

    # then
    assert escalation_ladder(deadlines) == (
        (Tier.EXPERT_GROUP, REPORTED_AT + timedelta(hours=2)),
        (Tier.LEADERSHIP, REPORTED_AT + timedelta(hours=2)),
    )
    assert due_tier(deadlines, REPORTED_AT + timedelta(hours=1)) is Tier.DESK
    assert due_tier(deadlines, REPORTED_AT + timedelta(hours=2)) is Tier.LEADERSHIP
    assert next_escalation_at(deadlines, Tier.EXPERT_GROUP) == REPORTED_AT + timedelta(hours=2)


def test_tiers_have_both_labels() -> None:
    # then
    assert [(tier.label_zh, tier.label_en) for tier in ESCALATION_TIERS] == [
        ("服务台", "service desk"),
        ("专家组", "expert group"),
        ("厂商TSC", "vendor TSC"),
        ("领导", "leadership"),
    ]
    assert [severity.label_zh for severity in Severity] == ["严重故障", "主要故障", "一般故障", "非故障"]


# --- construction -----------------------------------------------------------------------------------


def test_targets_are_hashable_values() -> None:
    # given
    rebuilt = SlaTargets(tuple(reversed(DEFAULT_TARGETS.per_class)))

    # then
    assert rebuilt == DEFAULT_TARGETS
    assert hash(rebuilt) == hash(DEFAULT_TARGETS)
    assert DEFAULT_TARGETS.for_class(Severity.MINOR).arrive_minutes_in(Zone.PROVINCE) == 480


def test_replacing_changes_only_the_given_classes() -> None:
    # given
    faster = ClassTargets(5, 0, 120, 480, arrival_by_zone(30, 120, 600), 120, 240)

    # when
    targets = DEFAULT_TARGETS.replacing({Severity.CRITICAL: faster})

    # then
    assert targets.for_class(Severity.CRITICAL) == faster
    assert targets.for_class(Severity.MAJOR) == DEFAULT_TARGETS.for_class(Severity.MAJOR)


def test_arrival_given_as_a_mapping_is_stored_in_zone_order() -> None:
    # when
    targets = ClassTargets(10, 60, None, None, {Zone.PROVINCE: 600, Zone.LOCAL: 120}, None, None)  # type: ignore[arg-type]

    # then
    assert targets.arrive_minutes == ((Zone.LOCAL, 120), (Zone.PROVINCE, 600))
    assert targets.arrive_minutes_in(Zone.ELSEWHERE) is None


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda: SlaTargets(DEFAULT_TARGETS.per_class[:3]), id="missing-class"),
        pytest.param(lambda: SlaTargets(DEFAULT_TARGETS.per_class + DEFAULT_TARGETS.per_class[:1]), id="twice"),
        pytest.param(lambda: ClassTargets(-1, 0, None, None, (), None, None), id="negative"),
        pytest.param(lambda: ClassTargets(1.5, 0, None, None, (), None, None), id="not-integer"),
        pytest.param(
            lambda: ClassTargets(1, 0, None, None, ((Zone.LOCAL, 1), (Zone.LOCAL, 2)), None, None), id="zone-twice"
        ),
    ],
)
def test_invalid_targets_are_refused(build: Callable[[], object]) -> None:
    # then
    with pytest.raises(ValueError):
        build()


# --- properties -------------------------------------------------------------------------------------

MOMENTS = st.none() | st.integers(0, 2000).map(lambda minutes: REPORTED_AT + timedelta(minutes=minutes))


@st.composite
def any_deadlines(draw: st.DrawFn) -> Deadlines:
    """Deadlines with arbitrary (possibly missing, possibly out-of-order) times."""
    return Deadlines(*(draw(MOMENTS) for _ in FIELDS), uncertain=False)


@settings(max_examples=100, deadline=None)
@given(deadlines=any_deadlines(), minutes=st.integers(-10, 2100), later=st.integers(0, 500))
def test_ladder_is_monotone_and_tiers_agree(deadlines: Deadlines, minutes: int, later: int) -> None:
    # given
    at = REPORTED_AT + timedelta(minutes=minutes)

    # when
    ladder = escalation_ladder(deadlines)
    tier = due_tier(deadlines, at)
    next_at = next_escalation_at(deadlines, tier)

    # then
    assert [step_tier for step_tier, _ in ladder] == sorted({step_tier for step_tier, _ in ladder})
    assert all(earlier[1] <= later_step[1] for earlier, later_step in pairwise(ladder))
    assert due_tier(deadlines, at + timedelta(minutes=later)) >= tier
    assert next_at is None or next_at > at


@settings(max_examples=50, deadline=None)
@given(
    severity=st.sampled_from(Severity),
    zone=st.sampled_from(Zone),
    targets=st.sampled_from([DEFAULT_TARGETS, HUAWEI_TARGETS, DELL_TARGETS]),
    reported_minutes=st.integers(0, 60 * 24 * 14),
)
def test_computed_ladders_never_go_back(
    severity: Severity, zone: Zone, targets: SlaTargets, reported_minutes: int
) -> None:
    # given
    reported_at = REPORTED_AT + timedelta(minutes=reported_minutes)

    # when
    deadlines = deadlines_for(targets, OFFICE_2026, severity, zone, reported_at)
    ladder = escalation_ladder(deadlines)

    # then
    assert all(step[1] >= reported_at for step in ladder)
    assert all(earlier[1] <= later[1] for earlier, later in pairwise(ladder))
