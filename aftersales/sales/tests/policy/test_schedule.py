"""The 7 days' notice, the training dates of 篇6 and the forecast by month."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aftersales.sales.policy import schedule
from aftersales.sales.policy.gates import Stage


@given(st.dates(date(2020, 1, 1), date(2035, 12, 31)), st.integers(-30, 30))
def test_site_work_needs_seven_days_notice(told_on, offset):
    assert schedule.notice_ok(told_on, told_on + timedelta(days=offset)) is (offset >= 7)


@pytest.mark.parametrize(
    ("accepted_on", "expected"),
    [
        pytest.param(date(2026, 4, 2), (date(2026, 4, 9), date(2026, 5, 15), date(2026, 10, 15)), id="april"),
        pytest.param(date(2026, 11, 20), (date(2026, 11, 27), date(2027, 5, 15), date(2027, 10, 15)), id="november"),
        pytest.param(date(2026, 5, 10), (date(2026, 5, 17), date(2026, 10, 15), date(2027, 5, 15)), id="may-after-15"),
    ],
)
def test_training_after_acceptance_then_may_and_october(accepted_on, expected):
    assert schedule.training_dates(accepted_on) == expected


@given(st.dates(date(2020, 1, 1), date(2035, 12, 31)))
def test_training_dates_are_ordered_and_the_later_ones_fall_in_may_or_october(accepted_on):
    dates = schedule.training_dates(accepted_on)
    assert dates[0] == accepted_on + timedelta(days=7)
    assert list(dates) == sorted(set(dates))
    assert all(d.month in (5, 10) and d.day == 15 for d in dates[1:])
    assert dates[2] - dates[0] <= timedelta(days=366)


deal = st.builds(
    schedule.Deal,
    stage=st.sampled_from(list(Stage)),
    status=st.sampled_from(["open", "won", "lost"]),
    amount=st.decimals(0, 10_000_000, places=2),
    expected_close_on=st.none() | st.dates(date(2026, 1, 1), date(2027, 12, 31)),
    closed_on=st.none() | st.dates(date(2026, 1, 1), date(2027, 12, 31)),
)


@given(st.lists(deal, max_size=30))
def test_the_forecast_counts_each_open_and_won_deal_once(deals):
    months = schedule.forecast_by_month(deals)
    counted_open = [d for d in deals if d.status == "open" and d.expected_close_on]
    counted_won = [d for d in deals if d.status == "won" and d.closed_on]
    assert sum(m.open_count for m in months) == len(counted_open)
    assert sum(m.open_amount for m in months) == sum((d.amount for d in counted_open), Decimal(0))
    assert sum(m.won_amount for m in months) == sum((d.amount for d in counted_won), Decimal(0))
    assert [m.month for m in months] == sorted({m.month for m in months})
    assert all(m.weighted_amount <= m.open_amount for m in months)


def test_forecast_weights_by_stage():
    deals = [
        schedule.Deal(Stage.NEGOTIATE, "open", Decimal("1000.00"), date(2026, 12, 3)),
        schedule.Deal(Stage.QUALIFY, "open", Decimal("1000.00"), date(2026, 12, 20)),
        schedule.Deal(Stage.CLOSE, "won", Decimal("500.00"), date(2026, 10, 1), closed_on=date(2026, 11, 2)),
        schedule.Deal(Stage.LEAD, "lost", Decimal("900.00"), date(2026, 12, 1)),
    ]
    assert schedule.forecast_by_month(deals) == (
        schedule.MonthForecast("2026-11", 0, Decimal(0), Decimal("0.00"), 1, Decimal("500.00")),
        schedule.MonthForecast("2026-12", 2, Decimal("2000.00"), Decimal("850.00"), 0, Decimal(0)),
    )
