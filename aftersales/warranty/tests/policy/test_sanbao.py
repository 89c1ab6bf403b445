"""Tests of the 三包 engine (``aftersales.warranty.policy.sanbao``): spec examples, then properties."""

# ruff: noqa: RUF001, RUF100  (Chinese messages keep their full-width punctuation)

import dataclasses
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aftersales.warranty.policy.sanbao import (
    AssetFacts,
    Charge,
    Reason,
    Remedy,
    WarrantyDecision,
    WarrantyTerm,
    covered_until,
    sanbao_remedy,
    term_covered_until,
    term_start,
    warranty_start,
)

ONE_DAY = timedelta(days=1)
PURCHASED = date(2025, 3, 10)
"""Purchase day of the plain asset: warranty 2025-03-11 to 2026-03-10."""
PLAIN = AssetFacts(purchased_on=PURCHASED, accepted_on=None)
DELL = WarrantyTerm("厂商保修 vendor (DELL)", 36)
PROJECT = WarrantyTerm("工程质保 project", 12)


def in_warranty_reason(until: str) -> Reason:
    return Reason("in_warranty", f"在保修期内（至{until}），免费维修", f"In warranty (until {until}): free repair")


def out_of_warranty_reason(until: str) -> Reason:
    return Reason(
        "out_of_warranty",
        f"已过保修期（{until}），备件按成本价收费，免收服务费",
        f"Out of warranty (ended {until}): parts at cost, no labour fee",
    )


# --- 三包 days -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        pytest.param(
            date(2025, 3, 10),
            WarrantyDecision(
                Remedy.RETURN,
                Charge.FREE,
                Charge.FREE,
                date(2026, 3, 10),
                True,
                0,
                (Reason("sanbao_return", "购买当天，7日内可退货", "Day of purchase: return within 7 days"),),
            ),
            id="day-0-purchase-day-is-return",
        ),
        pytest.param(
            date(2025, 3, 11),
            WarrantyDecision(
                Remedy.RETURN,
                Charge.FREE,
                Charge.FREE,
                date(2026, 3, 10),
                True,
                1,
                (Reason("sanbao_return", "购买后第1天，7日内可退货", "Day 1 after purchase: return within 7 days"),),
            ),
            id="day-1-return",
        ),
        pytest.param(
            date(2025, 3, 17),
            WarrantyDecision(
                Remedy.RETURN,
                Charge.FREE,
                Charge.FREE,
                date(2026, 3, 10),
                True,
                7,
                (Reason("sanbao_return", "购买后第7天，7日内可退货", "Day 7 after purchase: return within 7 days"),),
            ),
            id="day-7-return",
        ),
        pytest.param(
            date(2025, 3, 18),
            WarrantyDecision(
                Remedy.EXCHANGE_OR_REPAIR,
                Charge.FREE,
                Charge.FREE,
                date(2026, 3, 10),
                True,
                8,
                (
                    Reason(
                        "sanbao_exchange_or_repair",
                        "购买后第8天，8至15日内可换货或免费维修",
                        "Day 8 after purchase: exchange or free repair on days 8 to 15",
                    ),
                ),
            ),
            id="day-8-exchange-or-repair",
        ),
        pytest.param(
            date(2025, 3, 25),
            WarrantyDecision(
                Remedy.EXCHANGE_OR_REPAIR,
                Charge.FREE,
                Charge.FREE,
                date(2026, 3, 10),
                True,
                15,
                (
                    Reason(
                        "sanbao_exchange_or_repair",
                        "购买后第15天，8至15日内可换货或免费维修",
                        "Day 15 after purchase: exchange or free repair on days 8 to 15",
                    ),
                ),
            ),
            id="day-15-exchange-or-repair",
        ),
        pytest.param(
            date(2025, 3, 26),
            WarrantyDecision(
                Remedy.REPAIR,
                Charge.FREE,
                Charge.FREE,
                date(2026, 3, 10),
                True,
                16,
                (in_warranty_reason("2026-03-10"),),
            ),
            id="day-16-repair",
        ),
    ],
)
def test_sanbao_days_decide_return_then_exchange_then_repair(on: date, expected: WarrantyDecision) -> None:
    # when
    decision = sanbao_remedy(PLAIN, on)

    # then
    assert decision == expected


def test_date_before_purchase_is_refused_in_both_languages() -> None:
    # when
    with pytest.raises(ValueError) as raised:
        sanbao_remedy(PLAIN, date(2025, 3, 9))

    # then
    assert (
        str(raised.value)
        == "日期2025-03-09早于购买日期2025-03-10 / date 2025-03-09 is before the purchase date 2025-03-10"
    )


def test_term_of_zero_months_is_refused() -> None:
    # when
    with pytest.raises(ValueError) as raised:
        WarrantyTerm("工程质保 project", 0)

    # then
    assert str(raised.value) == (
        "保修条款“工程质保 project”的月数必须至少为1（实际为0） / "
        "warranty term '工程质保 project' must last at least 1 month, got 0"
    )


def test_decision_is_frozen() -> None:
    # given
    decision = sanbao_remedy(PLAIN, date(2025, 3, 26))

    # when / then
    with pytest.raises(dataclasses.FrozenInstanceError):
        decision.remedy = Remedy.REPLACE  # type: ignore[misc]


# --- warranty start and last covered day ------------------------------------------------------------


@pytest.mark.parametrize(
    ("asset", "start"),
    [
        pytest.param(PLAIN, date(2025, 3, 11), id="day-after-purchase"),
        pytest.param(AssetFacts(PURCHASED, date(2025, 4, 20)), date(2025, 4, 21), id="day-after-acceptance"),
        pytest.param(AssetFacts(date(2025, 12, 31), None), date(2026, 1, 1), id="across-new-year"),
    ],
)
def test_warranty_starts_the_day_after_acceptance_else_after_purchase(asset: AssetFacts, start: date) -> None:
    # when / then
    assert warranty_start(asset) == start


@pytest.mark.parametrize(
    ("start", "months", "last_day"),
    [
        pytest.param(date(2025, 3, 11), 12, date(2026, 3, 10), id="plain-year"),
        pytest.param(date(2025, 1, 31), 1, date(2025, 2, 27), id="jan-31-clamps-to-feb-28"),
        pytest.param(date(2024, 1, 31), 1, date(2024, 2, 28), id="jan-31-clamps-to-feb-29-in-leap-year"),
        pytest.param(date(2024, 3, 31), 1, date(2024, 4, 29), id="mar-31-clamps-to-apr-30"),
        pytest.param(date(2024, 2, 29), 12, date(2025, 2, 27), id="feb-29-start-clamps-to-feb-28"),
        pytest.param(date(2024, 2, 29), 48, date(2028, 2, 28), id="feb-29-start-four-years"),
        pytest.param(date(2025, 1, 1), 12, date(2025, 12, 31), id="new-year-start"),
        pytest.param(date(2025, 12, 15), 1, date(2026, 1, 14), id="across-new-year"),
    ],
)
def test_term_covers_up_to_the_day_before_its_anniversary(start: date, months: int, last_day: date) -> None:
    # when / then
    assert term_covered_until(start, months) == last_day


@pytest.mark.parametrize(
    ("asset", "last_day"),
    [
        pytest.param(PLAIN, date(2026, 3, 10), id="from-purchase"),
        pytest.param(AssetFacts(PURCHASED, date(2025, 4, 20)), date(2026, 4, 20), id="from-acceptance"),
        pytest.param(AssetFacts(date(2024, 2, 28), None), date(2025, 2, 27), id="leap-day-start-from-purchase"),
        pytest.param(
            AssetFacts(date(2024, 2, 1), date(2024, 2, 28)), date(2025, 2, 27), id="leap-day-start-from-acceptance"
        ),
        pytest.param(
            AssetFacts(date(2025, 1, 20), date(2025, 1, 30), (WarrantyTerm("上门服务 on-site", 1),)),
            date(2025, 2, 27),
            id="month-end-clamp",
        ),
    ],
)
def test_last_covered_day_is_repair_and_the_next_day_is_paid(asset: AssetFacts, last_day: date) -> None:
    # when
    last = sanbao_remedy(asset, last_day)
    after = sanbao_remedy(asset, last_day + ONE_DAY)

    # then
    assert covered_until(asset) == last_day
    assert (last.remedy, last.in_warranty, last.covered_until) == (Remedy.REPAIR, True, last_day)
    assert (after.remedy, after.in_warranty, after.covered_until) == (Remedy.PAID_REPAIR, False, last_day)


def test_day_after_warranty_is_paid_repair_with_parts_at_cost_and_no_labour_fee() -> None:
    # when
    decision = sanbao_remedy(PLAIN, date(2026, 3, 11))

    # then
    assert decision == WarrantyDecision(
        Remedy.PAID_REPAIR,
        Charge.FREE,
        Charge.AT_COST,
        date(2026, 3, 10),
        False,
        366,
        (out_of_warranty_reason("2026-03-10"),),
    )


def test_days_before_a_late_acceptance_are_repaired_free_under_sanbao() -> None:
    # given: acceptance signed on day 41, so the warranty starts on day 42
    asset = AssetFacts(PURCHASED, date(2025, 4, 20))

    # when
    day_22 = sanbao_remedy(asset, date(2025, 4, 1))
    acceptance_day = sanbao_remedy(asset, date(2025, 4, 20))
    first_warranty_day = sanbao_remedy(asset, date(2025, 4, 21))

    # then
    assert day_22 == WarrantyDecision(
        Remedy.REPAIR,
        Charge.FREE,
        Charge.FREE,
        date(2026, 4, 20),
        True,
        22,
        (
            Reason(
                "before_warranty_start",
                "购买后第22天，质保期自2025-04-21起计算，按三包免费维修",
                "Day 22 after purchase, before the warranty starts on 2025-04-21: free repair under 三包",
            ),
        ),
    )
    assert (acceptance_day.remedy, acceptance_day.reasons[0].code) == (Remedy.REPAIR, "before_warranty_start")
    assert first_warranty_day.reasons == (in_warranty_reason("2026-04-20"),)


# --- several terms ---------------------------------------------------------------------------------


def test_longest_term_applies_dell_36_months_over_project_12() -> None:
    # given
    asset = AssetFacts(PURCHASED, date(2025, 3, 20), (PROJECT, DELL))
    reversed_terms = dataclasses.replace(asset, terms=(DELL, PROJECT))

    # when
    after_project = sanbao_remedy(asset, date(2027, 6, 1))
    last_day = sanbao_remedy(asset, date(2028, 3, 20))
    after = sanbao_remedy(asset, date(2028, 3, 21))

    # then
    assert covered_until(asset) == date(2028, 3, 20)
    assert covered_until(reversed_terms) == date(2028, 3, 20)
    assert after_project.remedy == Remedy.REPAIR
    assert after_project.reasons == (in_warranty_reason("2028-03-20"),)
    assert (last_day.remedy, last_day.in_warranty) == (Remedy.REPAIR, True)
    assert after.remedy == Remedy.PAID_REPAIR
    assert after.reasons == (out_of_warranty_reason("2028-03-20"),)


def test_term_with_its_own_start_counts_from_that_start() -> None:
    # given: on-site service bought separately, starting 2025-06-01
    on_site = WarrantyTerm("上门服务 on-site", 36, starts_on=date(2025, 6, 1))
    asset = AssetFacts(PURCHASED, None, (PROJECT, on_site))

    # when / then
    assert term_start(asset, on_site) == date(2025, 6, 1)
    assert term_start(asset, PROJECT) == date(2025, 3, 11)
    assert covered_until(asset) == date(2028, 5, 31)
    assert sanbao_remedy(asset, date(2028, 5, 31)).remedy == Remedy.REPAIR
    assert sanbao_remedy(asset, date(2028, 6, 1)).remedy == Remedy.PAID_REPAIR


# --- replacement after two repairs ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("repairs", "on", "remedy"),
    [
        pytest.param((date(2025, 5, 1), date(2025, 8, 1)), date(2025, 9, 1), Remedy.REPLACE, id="two-repairs"),
        pytest.param(
            (date(2025, 5, 1), date(2025, 8, 1)), date(2025, 8, 1), Remedy.REPLACE, id="second-repair-same-day"
        ),
        pytest.param((date(2025, 5, 1), date(2025, 8, 1)), date(2025, 7, 31), Remedy.REPAIR, id="second-repair-later"),
        pytest.param((date(2025, 5, 1),), date(2025, 9, 1), Remedy.REPAIR, id="one-repair"),
        pytest.param(
            (date(2025, 3, 10), date(2025, 8, 1)), date(2025, 9, 1), Remedy.REPAIR, id="one-repair-on-purchase-day"
        ),
        pytest.param(
            (date(2025, 5, 1), date(2026, 3, 11)), date(2026, 3, 10), Remedy.REPAIR, id="one-repair-after-covered-until"
        ),
        pytest.param(
            (date(2025, 5, 1), date(2025, 8, 1)), date(2026, 3, 11), Remedy.PAID_REPAIR, id="failure-after-warranty"
        ),
        pytest.param(
            (date(2025, 3, 12), date(2025, 3, 15)), date(2025, 3, 20), Remedy.EXCHANGE_OR_REPAIR, id="day-10-wins"
        ),
    ],
)
def test_third_failure_within_warranty_is_replaced(repairs: tuple[date, ...], on: date, remedy: Remedy) -> None:
    # given
    asset = AssetFacts(PURCHASED, None, completed_warranty_repairs=repairs)

    # when / then
    assert sanbao_remedy(asset, on).remedy == remedy


def test_replacement_is_free_and_says_how_many_repairs() -> None:
    # given
    asset = AssetFacts(
        PURCHASED, None, completed_warranty_repairs=(date(2025, 5, 1), date(2025, 6, 1), date(2025, 8, 1))
    )

    # when
    decision = sanbao_remedy(asset, date(2025, 9, 1))

    # then
    assert decision == WarrantyDecision(
        Remedy.REPLACE,
        Charge.FREE,
        Charge.FREE,
        date(2026, 3, 10),
        True,
        175,
        (
            Reason(
                "repeat_repair",
                "保修期内已维修3次仍出现故障，免费更换",
                "Repaired 3 times in warranty and failed again: free replacement",
            ),
        ),
    )


def test_repair_before_a_late_warranty_start_does_not_count_towards_replacement() -> None:
    # given: warranty starts 2025-04-21; the first repair was on day 22, before it
    asset = AssetFacts(PURCHASED, date(2025, 4, 20), completed_warranty_repairs=(date(2025, 4, 1), date(2025, 6, 1)))

    # when / then
    assert sanbao_remedy(asset, date(2025, 9, 1)).remedy == Remedy.REPAIR


# --- upgrades ----------------------------------------------------------------------------------------

UPGRADE_REASONS = (
    Reason(
        "free_upgrade",
        "免费升级：免收服务费，仅收配件升级成本费",
        "Free upgrade: no labour fee, parts at upgrade cost",
    ),
)


@pytest.mark.parametrize(
    ("on", "in_warranty", "day_number"),
    [
        pytest.param(date(2025, 3, 13), True, 3, id="within-return-days"),
        pytest.param(date(2025, 6, 1), True, 83, id="in-warranty"),
        pytest.param(date(2027, 1, 1), False, 662, id="out-of-warranty"),
    ],
)
def test_upgrade_charges_parts_at_cost_and_no_labour(on: date, in_warranty: bool, day_number: int) -> None:
    # when
    decision = sanbao_remedy(PLAIN, on, is_upgrade=True)

    # then
    assert decision == WarrantyDecision(
        Remedy.PAID_REPAIR, Charge.FREE, Charge.AT_COST, date(2026, 3, 10), in_warranty, day_number, UPGRADE_REASONS
    )


# --- properties ----------------------------------------------------------------------------------------

EARLIEST = date(2000, 1, 1)
LATEST = date(2040, 12, 31)
RANK = {Remedy.RETURN: 0, Remedy.EXCHANGE_OR_REPAIR: 1, Remedy.REPAIR: 2, Remedy.REPLACE: 3, Remedy.PAID_REPAIR: 4}


@st.composite
def assets(draw: st.DrawFn, *, max_months: int = 60) -> AssetFacts:
    """Assets bought 2000 to 2040; acceptance 30 days before to 400 after purchase; up to 3 terms and 4 repairs."""
    purchased_on = draw(st.dates(EARLIEST, LATEST))
    accepted_offset = draw(st.none() | st.integers(-30, 400))
    terms = draw(
        st.lists(st.tuples(st.integers(1, max_months), st.none() | st.integers(-60, 400)), max_size=3).map(
            lambda drawn: tuple(
                WarrantyTerm(f"term {index}", months, None if offset is None else purchased_on + timedelta(offset))
                for index, (months, offset) in enumerate(drawn)
            )
        )
    )
    repairs = draw(st.lists(st.integers(0, 2000), max_size=4))
    return AssetFacts(
        purchased_on,
        None if accepted_offset is None else purchased_on + timedelta(accepted_offset),
        terms,
        tuple(purchased_on + timedelta(offset) for offset in repairs),
    )


def reference_last_covered_day(start: date, months: int) -> date:
    """Slow reference: walk ``months`` months one at a time, then find the anniversary by trial."""
    year, month = start.year, start.month
    for _ in range(months):
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    day = start.day
    while True:
        try:
            anniversary = date(year, month, day)
        except ValueError:
            day -= 1
        else:
            return anniversary - ONE_DAY


def reference_covered_until(asset: AssetFacts) -> date:
    default_start = (asset.accepted_on or asset.purchased_on) + ONE_DAY
    terms = asset.terms or (WarrantyTerm("default", 12),)
    return max(reference_last_covered_day(term.starts_on or default_start, term.months) for term in terms)


def reference_remedy(asset: AssetFacts, on: date, *, is_upgrade: bool) -> Remedy:
    """Slow reference of the remedy rule, written as the spec reads."""
    day = (on - asset.purchased_on).days
    until = reference_covered_until(asset)
    start = (asset.accepted_on or asset.purchased_on) + ONE_DAY
    window_repairs = [repaired for repaired in asset.completed_warranty_repairs if start <= repaired <= until]
    if is_upgrade:
        return Remedy.PAID_REPAIR
    if day <= 7:
        return Remedy.RETURN
    if day <= 15:
        return Remedy.EXCHANGE_OR_REPAIR
    if on > until:
        return Remedy.PAID_REPAIR
    if len([repaired for repaired in window_repairs if repaired <= on]) >= 2:
        return Remedy.REPLACE
    return Remedy.REPAIR


@settings(max_examples=40, deadline=None)
@given(asset=assets(max_months=36))
def test_remedies_over_consecutive_days_never_go_back(asset: AssetFacts) -> None:
    # given
    last_day = max((covered_until(asset) - asset.purchased_on).days, 15) + 2

    # when
    ranks = [RANK[sanbao_remedy(asset, asset.purchased_on + timedelta(day)).remedy] for day in range(last_day + 1)]

    # then
    assert ranks == sorted(ranks)
    assert ranks[0] == RANK[Remedy.RETURN]
    assert ranks[-1] == RANK[Remedy.PAID_REPAIR]


@given(asset=assets())
def test_covered_until_is_not_before_any_term_start(asset: AssetFacts) -> None:
    # given
    terms = asset.terms or (WarrantyTerm("default", 12),)
    all_from_warranty_start = all(term.starts_on is None for term in terms)

    # when
    until = covered_until(asset)

    # then
    assert all(until >= term_start(asset, term) for term in terms)
    if all_from_warranty_start:
        assert until >= warranty_start(asset)


@given(asset=assets(), offset=st.integers(-3, 2500), is_upgrade=st.booleans())
def test_in_warranty_iff_between_purchase_and_covered_until(asset: AssetFacts, offset: int, is_upgrade: bool) -> None:
    # given
    on = asset.purchased_on + timedelta(offset)

    # when / then
    if on < asset.purchased_on:
        with pytest.raises(ValueError):
            sanbao_remedy(asset, on, is_upgrade=is_upgrade)
    else:
        decision = sanbao_remedy(asset, on, is_upgrade=is_upgrade)
        assert decision.in_warranty == (on <= covered_until(asset))
        assert decision.day_number == offset


@given(asset=assets())
def test_covered_until_agrees_with_month_walking_reference(asset: AssetFacts) -> None:
    # when / then
    assert covered_until(asset) == reference_covered_until(asset)


@given(asset=assets(), offset=st.integers(0, 2500), is_upgrade=st.booleans())
def test_remedy_and_charges_agree_with_reference(asset: AssetFacts, offset: int, is_upgrade: bool) -> None:
    # given
    on = asset.purchased_on + timedelta(offset)

    # when
    decision = sanbao_remedy(asset, on, is_upgrade=is_upgrade)

    # then
    assert decision.remedy == reference_remedy(asset, on, is_upgrade=is_upgrade)
    assert decision.in_warranty == (on <= reference_covered_until(asset))
    if decision.remedy == Remedy.PAID_REPAIR:
        assert (decision.labour_fee, decision.parts_fee) == (Charge.FREE, Charge.AT_COST)
    else:
        assert (decision.labour_fee, decision.parts_fee) == (Charge.FREE, Charge.FREE)
    assert len(decision.reasons) == 1
