"""The stock arithmetic: spec examples and properties over random sequences of moves (no database)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aftersales.parts.policy import ledger
from aftersales.parts.policy.ledger import Balance, Effect, Refusal


@pytest.mark.parametrize(
    ("plan", "effect", "refusal"),
    [
        pytest.param(ledger.plan_receive(Balance(0, 0), 5), Effect(5, 0), None, id="receive"),
        pytest.param(ledger.plan_receive(Balance(0, 0), 0), None, Refusal.QUANTITY_NOT_POSITIVE, id="receive-zero"),
        pytest.param(ledger.plan_reserve(Balance(5, 3), 2), Effect(0, 2), None, id="reserve-the-last-available"),
        pytest.param(ledger.plan_reserve(Balance(5, 3), 3), None, Refusal.INSUFFICIENT_STOCK, id="reserve-too-many"),
        pytest.param(ledger.plan_release(Balance(5, 3), 2, ticket_reserved=2), Effect(0, -2), None, id="release"),
        pytest.param(
            ledger.plan_release(Balance(5, 3), 3, ticket_reserved=2),
            None,
            Refusal.INSUFFICIENT_RESERVATION,
            id="release-more-than-the-request-holds",
        ),
        pytest.param(
            ledger.plan_issue(Balance(5, 3), 2, ticket_reserved=2),
            Effect(-2, -2),
            None,
            id="issue-from-own-reservation",
        ),
        pytest.param(
            ledger.plan_issue(Balance(5, 3), 4, ticket_reserved=2),
            Effect(-4, -2),
            None,
            id="issue-reservation-then-free",
        ),
        pytest.param(
            ledger.plan_issue(Balance(5, 3), 3, ticket_reserved=0),
            None,
            Refusal.INSUFFICIENT_STOCK,
            id="issue-cannot-take-others-reservations",
        ),
        pytest.param(ledger.plan_return(Balance(0, 0), 2, outstanding=2), Effect(2, 0), None, id="return"),
        pytest.param(
            ledger.plan_return(Balance(0, 0), 3, outstanding=2),
            None,
            Refusal.RETURN_EXCEEDS_ISSUED,
            id="return-more-than-issued",
        ),
        pytest.param(ledger.plan_return(Balance(0, 0), 3), Effect(3, 0), None, id="return-without-request"),
        pytest.param(ledger.plan_take_out(Balance(5, 3), 2), Effect(-2, 0), None, id="scrap-available"),
        pytest.param(
            ledger.plan_take_out(Balance(5, 3), 3), None, Refusal.INSUFFICIENT_STOCK, id="scrap-reserved-refused"
        ),
        pytest.param(ledger.plan_count_adjust(Balance(5, 3), 7), Effect(2, 0), None, id="count-surplus"),
        pytest.param(ledger.plan_count_adjust(Balance(5, 3), 3), Effect(-2, 0), None, id="count-shortage"),
        pytest.param(
            ledger.plan_count_adjust(Balance(5, 3), 2), None, Refusal.COUNT_BELOW_RESERVED, id="count-below-reserved"
        ),
    ],
)
def test_each_move_has_its_effect_or_its_refusal(plan, effect, refusal):
    assert plan.effect == effect
    assert plan.refusal == refusal


def test_an_issue_says_how_much_came_out_of_the_reservation():
    assert ledger.plan_issue(Balance(5, 3), 4, ticket_reserved=2).from_reservation == 2


OPERATIONS = st.tuples(
    st.sampled_from(["receive", "reserve", "release", "issue", "return", "scrap", "count"]),
    st.integers(min_value=-2, max_value=8),
)


def _plan(kind: str, balance: Balance, quantity: int, held: int, issued: int) -> ledger.Plan:
    if kind == "receive":
        return ledger.plan_receive(balance, quantity)
    if kind == "reserve":
        return ledger.plan_reserve(balance, quantity)
    if kind == "release":
        return ledger.plan_release(balance, quantity, ticket_reserved=held)
    if kind == "issue":
        return ledger.plan_issue(balance, quantity, ticket_reserved=held)
    if kind == "return":
        return ledger.plan_return(balance, quantity, outstanding=issued)
    if kind == "scrap":
        return ledger.plan_take_out(balance, quantity)
    return ledger.plan_count_adjust(balance, quantity)


@given(st.lists(OPERATIONS, max_size=40))
def test_no_sequence_of_moves_breaks_the_balance_and_the_deltas_add_up(operations):
    """One request's view: whatever is asked, 0 ≤ reserved ≤ on_hand, and the sums of accepted deltas are the stock."""
    balance, held, issued = Balance(0, 0), 0, 0
    sum_on_hand = sum_reserved = 0
    for kind, quantity in operations:
        plan = _plan(kind, balance, quantity, held, issued)
        if plan.is_refused:
            assert plan.effect is None
            continue
        effect = plan.effect
        if kind != "count":
            assert ledger.delta_fits_kind(kind, quantity, effect)
        balance = balance.after(effect)
        sum_on_hand += effect.on_hand_delta
        sum_reserved += effect.reserved_delta
        held += effect.reserved_delta if kind in ("reserve", "release", "issue") else 0
        issued += quantity if kind == "issue" else -quantity if kind == "return" else 0
        assert balance.is_valid
        assert (sum_on_hand, sum_reserved) == (balance.on_hand, balance.reserved)
        assert 0 <= held <= balance.reserved


@given(st.integers(0, 20), st.integers(0, 20), st.integers(1, 25))
def test_a_take_out_is_refused_exactly_when_it_exceeds_what_is_available(on_hand, reserved, quantity):
    reserved = min(reserved, on_hand)
    plan = ledger.plan_take_out(Balance(on_hand, reserved), quantity)
    assert plan.is_refused == (quantity > on_hand - reserved)


def test_the_kind_check_rejects_deltas_of_the_wrong_sign():
    assert ledger.delta_fits_kind("receive", 2, Effect(2, 0))
    assert not ledger.delta_fits_kind("receive", 2, Effect(-2, 0))
    assert not ledger.delta_fits_kind("scrap", 2, Effect(-2, -1))
    assert ledger.delta_fits_kind("count_adjust", 3, Effect(-3, 0))
    assert not ledger.delta_fits_kind("teleport", 1, Effect(1, 0))
