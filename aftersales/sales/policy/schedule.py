"""Dates of the work that follows a sale (篇6) and the pipeline's forecast by month (篇5).

- **Notice** (篇6 (三) 2: 我方到现场安装、装配、校配、启动测试设备，维修人员会提前7天通知用户方): site work may be
  scheduled no earlier than `NOTICE_DAYS` after the day the customer is told; the first possible day is
  ``told_on + 7``.
- **Training** (篇6 (一) 2: 设备正常运行验收后…提供培训，每年的五月份和十月份公司组织培训两次): the first on-site
  training is on the first day the notice allows after acceptance (``accepted_on + 7``); then the next May and
  October sessions (the ``TRAINING_DAY`` of each month) after that first one, so a customer accepted in April
  gets April, May and October, one accepted in November gets November, next May and next October.
- **Forecast**: open opportunities by the month of their expected close, each counted at its value and at its
  value weighted by the stage's probability (`STAGE_PROBABILITY`); won ones count at their value in the month
  they closed, lost ones not at all.

Pure: dates and numbers in, values out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from aftersales.plans.policy.schedule import TRAINING_MONTHS
from aftersales.sales.policy.gates import Stage

NOTICE_DAYS = 7
TRAINING_DAY = 15
TRAINING_TOPICS: tuple[tuple[str, str, str], ...] = (
    ("calibration", "正确使用调校功能", "Using the calibration functions correctly"),
    ("first_level_faults", "识别初级故障及必要的恢复方法", "Recognising first-level faults and how to recover"),
    ("functions", "系统各项功能的应用", "Applying the system's functions"),
    ("common_faults", "常见故障排除方法", "Removing common faults"),
)
"""The four topics of 篇6 (一) 2, in its order: (code, zh, en)."""

STAGE_PROBABILITY: dict[Stage, Decimal] = {
    Stage.QUALIFY: Decimal("0.10"),
    Stage.LEAD: Decimal("0.25"),
    Stage.VALIDATE: Decimal("0.50"),
    Stage.NEGOTIATE: Decimal("0.75"),
    Stage.CLOSE: Decimal("1.00"),
}


def earliest_site_day(told_on: date) -> date:
    """The first day site work may happen when the customer is told on `told_on`."""
    return told_on + timedelta(days=NOTICE_DAYS)


def notice_ok(told_on: date, work_on: date) -> bool:
    return work_on >= earliest_site_day(told_on)


def training_dates(accepted_on: date, periodic: int = 2) -> tuple[date, ...]:
    """The first training after acceptance, then the next `periodic` May/October sessions after it."""
    first = earliest_site_day(accepted_on)
    found = [first]
    year = first.year
    while len(found) < periodic + 1:
        for month in TRAINING_MONTHS:
            on = date(year, month, TRAINING_DAY)
            if on > first and len(found) < periodic + 1:
                found.append(on)
        year += 1
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Deal:
    """What the forecast reads of one opportunity."""

    stage: Stage
    status: str  # "open" | "won" | "lost"
    amount: Decimal
    expected_close_on: date | None
    closed_on: date | None = None
    count: int = 1  # a group of deals of one stage and month (amount: their total)


@dataclass(frozen=True, slots=True)
class MonthForecast:
    month: str  # "2026-11"
    open_count: int
    open_amount: Decimal
    weighted_amount: Decimal
    won_count: int
    won_amount: Decimal


def _month(on: date) -> str:
    return f"{on.year:04d}-{on.month:02d}"


def forecast_by_month(deals: Iterable[Deal]) -> tuple[MonthForecast, ...]:
    """Per month (ascending): open deals expected to close in it, weighted by stage, and deals won in it."""
    rows: dict[str, list] = {}
    for deal in deals:
        if deal.status == "open" and deal.expected_close_on is not None:
            row = rows.setdefault(_month(deal.expected_close_on), [0, Decimal(0), Decimal(0), 0, Decimal(0)])
            row[0] += deal.count
            row[1] += deal.amount
            row[2] += deal.amount * STAGE_PROBABILITY[deal.stage]
        elif deal.status == "won" and deal.closed_on is not None:
            row = rows.setdefault(_month(deal.closed_on), [0, Decimal(0), Decimal(0), 0, Decimal(0)])
            row[3] += deal.count
            row[4] += deal.amount
    return tuple(
        MonthForecast(
            month=key,
            open_count=r[0],
            open_amount=r[1],
            weighted_amount=r[2].quantize(Decimal("0.01")),
            won_count=r[3],
            won_amount=r[4],
        )
        for key, r in sorted(rows.items())
    )
