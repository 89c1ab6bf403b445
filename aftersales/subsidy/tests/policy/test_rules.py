"""Outlet conditions, the claim's four checks, the return matrix, group purchases (篇3, 篇4, 篇9)."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aftersales.subsidy.policy import rules
from aftersales.subsidy.policy.rules import ClaimFacts, ReturnOutcome


def codes(reasons):
    return [r.code for r in reasons]


# ------------------------------------------------------------------------------------------------ outlets


def outlet(**kw):
    base = {"level": "county", "area_m2": Decimal(150), "operators": 2, "can_invoice": True, "has_terminal": True}
    return rules.outlet_reasons(**{**base, **kw})


def test_outlet_conditions_at_their_limits():
    assert outlet() == []
    assert codes(outlet(area_m2=Decimal("149.9"))) == ["area_too_small"]
    assert outlet(level="township", area_m2=Decimal(50)) == []
    assert codes(outlet(level="township", area_m2=Decimal("49.9"))) == ["area_too_small"]
    assert codes(outlet(operators=1)) == ["too_few_operators"]
    assert codes(outlet(can_invoice=False)) == ["no_tax_invoice"]
    assert codes(outlet(has_terminal=False)) == ["no_terminal"]


def test_every_unmet_condition_is_one_reason():
    reasons = outlet(area_m2=Decimal(10), operators=0, can_invoice=False, has_terminal=False)
    assert codes(reasons) == ["area_too_small", "too_few_operators", "no_tax_invoice", "no_terminal"]
    assert all(r.zh and r.en for r in reasons)


def test_a_documented_remote_area_exception_waives_the_area_only():
    assert outlet(level="township", area_m2=Decimal(30), area_exception="县商务局〔2026〕8号：偏远山区") == []
    assert codes(outlet(area_m2=Decimal(30), operators=1, area_exception="偏远")) == ["too_few_operators"]


# ---------------------------------------------------------------------------------------- the four checks


def facts(**kw):
    base = {
        "invoice_id_number": "11010519491231002X",
        "shown_id_number": "11010519491231002x",
        "invoice_household_no": "HH1",
        "shown_household_no": "HH1",
        "price": Decimal("1999.00"),
        "cap": Decimal("2000.00"),
        "item_label_card_no": "LC0001",
        "shown_label_card_no": "lc0001",
        "household_category_taken": False,
        "sold_on": date(2026, 11, 2),
        "filed_on": date(2026, 11, 5),
    }
    return ClaimFacts(**{**base, **kw})


def test_a_good_claim_passes_every_check():
    assert rules.claim_reasons(facts()) == []
    assert rules.claim_reasons(facts(price=Decimal("2000.00"))) == []  # at the cap is allowed


def test_each_check_fails_alone():
    assert codes(rules.claim_reasons(facts(shown_id_number="110105194912310011"))) == ["id_mismatch"]
    assert codes(rules.claim_reasons(facts(shown_household_no="HH2"))) == ["id_mismatch"]
    assert codes(rules.claim_reasons(facts(price=Decimal("2000.01")))) == ["price_above_cap"]
    assert codes(rules.claim_reasons(facts(shown_label_card_no="LC0002"))) == ["label_card_mismatch"]
    assert codes(rules.claim_reasons(facts(household_category_taken=True))) == ["household_category_taken"]
    assert codes(rules.claim_reasons(facts(filed_on=date(2026, 11, 4)))) == ["too_early"]


def test_every_failed_check_is_listed_at_once():
    reasons = rules.claim_reasons(
        facts(
            shown_id_number="X",
            price=Decimal(3000),
            shown_label_card_no="other",
            household_category_taken=True,
            filed_on=date(2026, 11, 2),
        )
    )
    assert codes(reasons) == [
        "id_mismatch",
        "price_above_cap",
        "label_card_mismatch",
        "household_category_taken",
        "too_early",
    ]


@given(st.booleans(), st.booleans(), st.booleans(), st.integers(0, 10), st.decimals(0, 5000, places=2))
def test_reasons_are_exactly_the_failed_checks(id_ok, card_ok, taken, days_after, price):
    f = facts(
        shown_id_number="11010519491231002X" if id_ok else "340123198001010011",
        shown_label_card_no="LC0001" if card_ok else "LC9999",
        household_category_taken=taken,
        filed_on=date(2026, 11, 2) + timedelta(days=days_after),
        price=price,
    )
    expected = set()
    if not id_ok:
        expected.add("id_mismatch")
    if price > Decimal(2000):
        expected.add("price_above_cap")
    if not card_ok:
        expected.add("label_card_mismatch")
    if taken:
        expected.add("household_category_taken")
    if days_after < 3:
        expected.add("too_early")
    assert set(codes(rules.claim_reasons(f))) == expected


# ------------------------------------------------------------------------------------------ return matrix


@pytest.mark.parametrize(
    ("claim_status", "outcome", "cancel"),
    [
        (None, ReturnOutcome.RETURNED, False),  # no claim: returned at once, card recovered
        ("filed", ReturnOutcome.RETURNED, True),  # only filed: returned, the claim cancelled
        ("failed", ReturnOutcome.RETURNED, False),  # failed verification: returned at once
        ("cancelled", ReturnOutcome.RETURNED, False),
        ("refunded", ReturnOutcome.RETURNED, False),
        ("verified", ReturnOutcome.PRE_RETURN, False),  # verified, not paid: pre-return until paid
        ("paid", ReturnOutcome.AWAITING_REFUND, False),  # paid: the buyer refunds at the township first
    ],
)
def test_the_return_matrix(claim_status, outcome, cancel):
    decision = rules.return_decision(claim_status)
    assert decision.outcome is outcome
    assert decision.cancel_claim is cancel


def test_an_unknown_claim_state_is_refused():
    with pytest.raises(ValueError):
        rules.return_decision("lost")


# ---------------------------------------------------------------------------------------- group purchases


def test_group_purchase_delivery_deadline():
    at = datetime(2026, 9, 30, 15, 0, tzinfo=UTC)
    assert rules.group_deliver_by(10, Decimal(50), at) == at + timedelta(hours=48)
    assert rules.group_deliver_by(9, Decimal(10), at) is None
    assert rules.group_deliver_by(12, Decimal("50.1"), at) is None


@given(st.integers(0, 100), st.decimals(0, 200, places=1))
def test_free_delivery_exactly_for_ten_units_within_fifty_km(units, km):
    at = datetime(2026, 1, 1, tzinfo=UTC)
    assert (rules.group_deliver_by(units, km, at) is not None) == (units >= 10 and km <= 50)
