"""The vendor case table and deadlines as pure functions (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.sla.policy.targets import DELL_TARGETS, HUAWEI_TARGETS
from aftersales.warranty.policy import vendor_case as policy

T0 = dt.datetime(2026, 5, 4, 1, 0, tzinfo=dt.UTC)


def test_every_status_is_in_the_table_and_closed_is_final():
    assert set(policy.TRANSITIONS) == set(policy.CaseStatus)
    assert policy.TRANSITIONS[policy.CaseStatus.CLOSED] == frozenset()
    assert all(status not in targets for status, targets in policy.TRANSITIONS.items())


def test_every_status_is_reachable_from_opened():
    seen, frontier = {policy.CaseStatus.OPENED}, [policy.CaseStatus.OPENED]
    while frontier:
        for target in policy.TRANSITIONS[frontier.pop()]:
            if target not in seen:
                seen.add(target)
                frontier.append(target)
    assert seen == set(policy.CaseStatus)


@pytest.mark.parametrize(("name", "hours"), [("华为", 8), ("Huawei", 8), ("H3C 华三", 8), ("戴尔", None), ("", None)])
def test_spare_promise_by_vendor(name, hours):
    assert policy.spare_hours_for(name) == hours


def test_huawei_level_2_deadlines():
    result = policy.vendor_deadlines(
        HUAWEI_TARGETS,
        policy.ALWAYS_OPEN,
        2,
        "province",
        reported_at=T0,
        opened_at=T0 + dt.timedelta(hours=1),
        confirmed_at=T0 + dt.timedelta(hours=1),
        spare_hours=8,
    )
    assert result == policy.VendorDeadlines(
        report_by=T0 + dt.timedelta(hours=24),
        onsite_by=T0 + dt.timedelta(hours=25),
        spare_by=T0 + dt.timedelta(hours=9),
        uncertain=False,
    )


def test_dell_on_site_counts_from_confirmation():
    confirmed = T0 + dt.timedelta(minutes=45)
    result = policy.vendor_deadlines(
        DELL_TARGETS,
        policy.ALWAYS_OPEN,
        3,
        "local",
        reported_at=T0,
        opened_at=T0 + dt.timedelta(hours=1),
        confirmed_at=confirmed,
        spare_hours=None,
    )
    assert (result.onsite_by, result.report_by, result.spare_by) == (
        confirmed + dt.timedelta(hours=4),
        T0 + dt.timedelta(hours=4),
        None,
    )


def test_without_a_policy_only_the_spare_promise_applies():
    result = policy.vendor_deadlines(
        None, None, 1, "local", reported_at=T0, opened_at=T0, confirmed_at=T0, spare_hours=8
    )
    assert result == policy.VendorDeadlines(None, None, T0 + dt.timedelta(hours=8), False)


def test_overdue_is_the_earliest_unmet_running_deadline_while_open():
    onsite, spare = T0 + dt.timedelta(hours=4), T0 + dt.timedelta(hours=8)
    assert (
        policy.overdue_at("opened", onsite_by=onsite, spare_by=spare, vendor_onsite_at=None, received_at=None) == onsite
    )
    assert (
        policy.overdue_at("part_shipped", onsite_by=onsite, spare_by=spare, vendor_onsite_at=onsite, received_at=None)
        == spare
    )
    assert (
        policy.overdue_at(
            "acknowledged",
            onsite_by=onsite,
            spare_by=spare,
            vendor_onsite_at=onsite + dt.timedelta(hours=1),
            received_at=spare,
        )
        is None
    )
    assert (
        policy.overdue_at("resolved", onsite_by=onsite, spare_by=spare, vendor_onsite_at=None, received_at=None) is None
    )
