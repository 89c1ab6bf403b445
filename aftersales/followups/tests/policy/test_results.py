"""Survey result arithmetic (policy/results.py): exact averages, rates and distributions, no database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aftersales.followups.policy import results


@pytest.mark.parametrize(
    ("counts", "average", "answered"),
    [
        pytest.param({5: 1, 4: 1, 2: 1}, Decimal("3.67"), 3, id="thirds-round-up"),
        pytest.param({1: 2, 2: 1}, Decimal("1.33"), 3, id="thirds-round-down"),
        pytest.param({4: 1, 5: 1}, Decimal("4.50"), 2, id="half"),
        pytest.param({3: 8}, Decimal("3.00"), 8, id="all-the-same"),
        pytest.param({1: 1, 2: 1, 3: 1, 4: 1, 5: 4}, Decimal("3.75"), 8, id="skewed"),
        pytest.param({1: 5, 2: 1}, Decimal("1.17"), 6, id="1.1666-rounds-half-up"),
    ],
)
def test_rating_average(counts, average, answered):
    # when
    found = results.rating_result(counts)
    # then
    assert (found.average, found.answered) == (average, answered)


def test_every_rating_appears_in_the_distribution():
    # when
    found = results.rating_result({5: 2, 3: 1})
    # then
    assert found.distribution == {1: 0, 2: 0, 3: 1, 4: 0, 5: 2}


def test_no_ratings_have_no_average():
    # when
    found = results.rating_result({})
    # then
    assert (found.answered, found.average, found.distribution) == (0, None, {1: 0, 2: 0, 3: 0, 4: 0, 5: 0})


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (1, 3, Decimal("0.3333")),
        (2, 3, Decimal("0.6667")),
        (3, 5, Decimal("0.6000")),
        (0, 4, Decimal("0.0000")),
        (4, 4, Decimal("1.0000")),
        (1, 0, None),
    ],
)
def test_rate(part, whole, expected):
    # then
    assert results.rate(part, whole) == expected


def test_yes_no():
    # when
    found = results.yes_no_result(7, 1)
    # then
    assert (found.answered, found.yes, found.no, found.yes_rate) == (8, 7, 1, Decimal("0.8750"))


def test_choices_keep_the_offered_order_then_values_no_longer_offered():
    # when
    found = results.choice_result(["响应速度", "技术水平", "备件供应"], {"备件供应": 2, "价格": 1, "响应速度": 1})
    # then
    assert (found.answered, list(found.options.items())) == (
        4,
        [("响应速度", 1), ("技术水平", 0), ("备件供应", 2), ("价格", 1)],
    )


def test_texts():
    # when
    found = results.text_result(3, ["很好", "希望更快"])
    # then
    assert (found.answered, found.texts) == (3, ("很好", "希望更快"))
