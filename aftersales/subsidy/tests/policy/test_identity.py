"""Resident ID (GB 11643) and unified social credit code (GB 32100) check characters."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from aftersales.subsidy.policy.identity import (
    credit_check_char,
    id_check_char,
    valid_credit_code,
    valid_resident_id,
)


def test_known_numbers():
    assert valid_resident_id("11010519491231002X")  # the standard's own example
    assert valid_resident_id("11010519491231002x")  # lower-case x is read as X
    assert not valid_resident_id("110105194912310021")  # wrong check character
    assert not valid_resident_id("110105194913310028")  # month 13
    assert not valid_resident_id("11010519491231002")  # 17 characters
    code = "91340100MA2MQ7XJ1" + credit_check_char("91340100MA2MQ7XJ1")
    assert valid_credit_code(code)
    assert valid_credit_code(code.lower())
    assert not valid_credit_code("91340100MA2MQ7XJ1")
    assert not valid_credit_code("I1340100MA2MQ7XJ1Y")  # I is not in the alphabet


days = st.dates(min_value=date(1920, 1, 1), max_value=date(2020, 12, 31))


@given(st.sampled_from(["340123", "340104", "341521"]), days, st.integers(0, 999))
def test_a_built_id_is_valid_and_any_changed_digit_is_not(region, born, serial):
    first = f"{region}{born:%Y%m%d}{serial:03d}"
    number = first + id_check_char(first)
    assert valid_resident_id(number)
    for i in range(17):
        digit = str((int(number[i]) + 1) % 10)
        changed = number[:i] + digit + number[i + 1 :]
        assert not valid_resident_id(changed)


@given(st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=10, max_size=10), st.integers(0, 999999))
def test_a_built_credit_code_is_valid_and_a_changed_check_char_is_not(tail, area):
    first = f"91{area:06d}{tail[:9]}"
    code = first + credit_check_char(first)
    assert valid_credit_code(code)
    other = "0" if code[-1] != "0" else "1"
    assert not valid_credit_code(code[:-1] + other)
