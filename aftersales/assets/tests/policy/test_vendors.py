"""Vendor name keys (``aftersales.assets.policy.vendors``): examples, then properties."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aftersales.assets.policy.vendors import KNOWN_VENDORS, vendor_key


@pytest.mark.parametrize("name", ["Dell", "DELL", "dell", " Dell ", "ＤＥＬＬ", "dELL"])
def test_every_spelling_of_dell_is_one_key(name):
    assert vendor_key(name) == "dell"


def test_inner_spaces_collapse_and_chinese_is_kept():
    assert vendor_key("Huawei\u3000 3Com") == "huawei 3com"
    assert vendor_key(" 戴尔 ") == "戴尔"


def test_known_vendors_have_distinct_keys_across_names_and_aliases():
    keys = [vendor_key(n) for v in KNOWN_VENDORS for n in (v.name, *v.aliases)]
    assert len(keys) == len(set(keys))


def test_seeded_defaults_follow_the_seed():
    by_name = {v.name: v for v in KNOWN_VENDORS}
    dell, huawei = by_name["戴尔"], by_name["华为"]
    assert (dell.parts_months, dell.labour_months, dell.onsite_months, dell.onsite_response_hours) == (36, 36, 36, 4)
    assert (huawei.parts_months, huawei.labour_months, huawei.onsite_months) == (12, 12, 36)


@given(st.text(max_size=40))
def test_the_key_is_idempotent(name):
    assert vendor_key(vendor_key(name)) == vendor_key(name)


@given(st.text(alphabet=st.characters(min_codepoint=0x41, max_codepoint=0x7A), max_size=20))
def test_the_key_ignores_ascii_case(name):
    assert vendor_key(name.upper()) == vendor_key(name.lower()) == vendor_key(name.swapcase())


@given(st.text(max_size=20), st.text(alphabet=" \t\u3000", max_size=3), st.text(alphabet=" \t\u3000", max_size=3))
def test_the_key_ignores_surrounding_space(name, before, after):
    assert vendor_key(before + name + after) == vendor_key(name)
