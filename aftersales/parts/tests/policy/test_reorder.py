"""Reorder suggestions (no database)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aftersales.parts.policy import reorder


@pytest.mark.parametrize(
    ("on_hand", "reserved", "point", "quantity", "expected"),
    [
        pytest.param(10, 0, 3, 20, 0, id="above-the-point"),
        pytest.param(3, 0, 3, 20, 20, id="at-the-point-orders-the-batch"),
        pytest.param(5, 3, 3, 20, 20, id="reserved-units-are-not-available"),
        pytest.param(0, 0, 10, 4, 11, id="batch-too-small-is-raised-above-the-point"),
        pytest.param(0, 0, None, 5, 0, id="no-point-never-suggested"),
        pytest.param(0, 0, 0, 0, 1, id="empty-with-point-zero-orders-one"),
    ],
)
def test_suggested_quantity(on_hand, reserved, point, quantity, expected):
    assert (
        reorder.suggested_quantity(on_hand=on_hand, reserved=reserved, reorder_point=point, reorder_quantity=quantity)
        == expected
    )


@given(st.integers(0, 50), st.integers(0, 50), st.integers(0, 30), st.integers(0, 30))
def test_ordering_the_suggestion_lifts_availability_above_the_point(on_hand, reserved, point, quantity):
    reserved = min(reserved, on_hand)
    suggested = reorder.suggested_quantity(
        on_hand=on_hand, reserved=reserved, reorder_point=point, reorder_quantity=quantity
    )
    needs = reorder.needs_reorder(on_hand=on_hand, reserved=reserved, reorder_point=point)
    assert (suggested > 0) == needs
    assert on_hand + suggested - reserved > point
