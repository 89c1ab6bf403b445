"""Money of a claim: price × rate to the fen (half up), central and provincial shares that add up."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from aftersales.subsidy.policy.money import money_text, subsidy_amounts, to_fen

prices = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)
rates = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1"), places=4)
shares = st.decimals(min_value=Decimal("0"), max_value=Decimal("1"), places=4)


def test_the_seed_examples():
    # 13% of 2000 (a TV at its cap): 260.00, of which central 80% = 208.00, province 52.00
    a = subsidy_amounts(Decimal("2000.00"))
    assert (a.amount, a.central, a.provincial) == (Decimal("260.00"), Decimal("208.00"), Decimal("52.00"))
    a = subsidy_amounts(Decimal("2500.00"))
    assert a.amount == Decimal("325.00")
    assert money_text(a.amount) == "325.00"


def test_rounding_is_half_up_to_the_fen():
    # 1999.00 × 0.13 = 259.87; 1234.50 × 0.13 = 160.485 → 160.49 (banker's rounding would give 160.48)
    assert subsidy_amounts(Decimal("1999.00")).amount == Decimal("259.87")
    assert subsidy_amounts(Decimal("1234.50")).amount == Decimal("160.49")
    assert to_fen(Decimal("0.005")) == Decimal("0.01")
    assert to_fen(Decimal("0.0049")) == Decimal("0.00")
    # central of 160.49 × 0.8 = 128.392 → 128.39, province the rest 32.10
    a = subsidy_amounts(Decimal("1234.50"))
    assert (a.central, a.provincial) == (Decimal("128.39"), Decimal("32.10"))


@given(prices, rates, shares)
def test_shares_add_up_to_the_amount(price, rate, share):
    a = subsidy_amounts(price, rate, share)
    assert a.central + a.provincial == a.amount
    assert a.amount.as_tuple().exponent == -2
    assert abs(a.amount - price * rate) <= Decimal("0.005")
    assert Decimal(0) <= a.central <= a.amount


@given(prices, prices)
def test_amount_is_monotonic_in_the_price(p, q):
    lo, hi = sorted((p, q))
    assert subsidy_amounts(lo).amount <= subsidy_amounts(hi).amount
