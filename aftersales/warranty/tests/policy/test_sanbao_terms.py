"""The 三包 engine with terms of several kinds (issue 9 defect 11): the longest term covering a date decides."""

# ruff: noqa: RUF001, RUF100

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from aftersales.warranty.policy.sanbao import (
    AssetFacts,
    Cover,
    Remedy,
    WarrantyTerm,
    covered_until,
    longest_term,
    sanbao_remedy,
    term_covered_until,
    warranty_start,
)

BOTH = Cover.PARTS | Cover.LABOUR
PURCHASED, ACCEPTED = date(2026, 1, 5), date(2026, 2, 27)


def test_dell_three_years_beats_the_sanbao_year_and_names_the_vendor_term():
    asset = AssetFacts(
        PURCHASED,
        ACCEPTED,
        (
            WarrantyTerm("厂商保修（戴尔）", 36, covers=BOTH),
            WarrantyTerm("厂商上门服务（戴尔）", 36, covers=Cover.ONSITE),
            WarrantyTerm("三包整机保修", 12, covers=BOTH),
        ),
    )

    decision = sanbao_remedy(asset, date(2028, 6, 1))

    assert (decision.remedy, decision.parts_fee, decision.covered_until) == (Remedy.REPAIR, "free", date(2029, 2, 27))
    assert (decision.covered_by, decision.onsite_until) == ("厂商保修（戴尔）", date(2029, 2, 27))


def test_an_on_site_term_alone_never_makes_parts_free():
    asset = AssetFacts(
        PURCHASED,
        ACCEPTED,
        (WarrantyTerm("华为", 12, covers=BOTH), WarrantyTerm("上门服务", 36, covers=Cover.ONSITE)),
    )

    decision = sanbao_remedy(asset, date(2027, 6, 1))

    assert (decision.remedy, decision.parts_fee, decision.covered_until) == (
        Remedy.PAID_REPAIR,
        "at_cost",
        date(2027, 2, 27),
    )
    assert decision.onsite_until == date(2029, 2, 27)


def test_without_an_on_site_term_there_is_no_on_site_date():
    assert sanbao_remedy(AssetFacts(PURCHASED, None), date(2026, 6, 1)).onsite_until is None


# --- properties -------------------------------------------------------------------------------------------

covers = st.sampled_from([BOTH, Cover.PARTS, Cover.LABOUR, Cover.ONSITE, BOTH | Cover.ONSITE])


@st.composite
def assets(draw):
    purchased = draw(st.dates(date(2000, 1, 1), date(2040, 12, 31)))
    accepted = draw(st.none() | st.integers(0, 400).map(lambda d: purchased + timedelta(d)))
    terms = tuple(
        WarrantyTerm(f"t{i}", months, None if offset is None else purchased + timedelta(offset), cover)
        for i, (months, offset, cover) in enumerate(
            draw(st.lists(st.tuples(st.integers(1, 72), st.none() | st.integers(0, 400), covers), max_size=5))
        )
    )
    return AssetFacts(purchased, accepted, terms)


def _end(asset, term):
    return term_covered_until(term.starts_on or warranty_start(asset), term.months)


@given(assets(), st.integers(1, 72), covers, st.integers(0, 3000))
def test_adding_a_term_never_shortens_coverage(asset, months, cover, offset):
    longer = AssetFacts(asset.purchased_on, asset.accepted_on, (*asset.terms, WarrantyTerm("new", months, None, cover)))
    on = asset.purchased_on + timedelta(offset)

    for kind in (Cover.PARTS, Cover.ONSITE):
        if asset.terms and longest_term(asset, kind) is not None:
            assert covered_until(longer, kind) >= covered_until(asset, kind)
    # (An asset without parts terms has the default 三包 year; the service always lists that year as a term.)
    if longest_term(asset, Cover.PARTS) is not None and asset.terms and sanbao_remedy(asset, on).in_warranty:
        assert sanbao_remedy(longer, on).in_warranty


@given(assets(), st.integers(16, 3000))
def test_the_named_term_is_the_longest_covering_parts(asset, offset):
    decision = sanbao_remedy(asset, asset.purchased_on + timedelta(offset))
    parts_terms = [t for t in asset.terms if Cover.PARTS in t.covers]

    if parts_terms:
        assert decision.covered_until == max(_end(asset, t) for t in parts_terms)
        named = next(t for t in parts_terms if t.name == decision.covered_by)
        assert _end(asset, named) == decision.covered_until
    else:
        assert decision.covered_by is None
        assert decision.covered_until == term_covered_until(warranty_start(asset), 12)


@given(assets(), st.integers(0, 3000))
def test_on_site_until_is_the_latest_on_site_term(asset, offset):
    decision = sanbao_remedy(asset, asset.purchased_on + timedelta(offset))
    onsite = [_end(asset, t) for t in asset.terms if Cover.ONSITE in t.covers]

    assert decision.onsite_until == (max(onsite) if onsite else None)
