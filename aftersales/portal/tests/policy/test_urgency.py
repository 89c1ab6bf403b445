from hypothesis import given
from hypothesis import strategies as st

from aftersales.portal.policy import urgency


def test_each_answer_maps_to_its_class():
    assert [(u.key, u.severity) for u in urgency.URGENCIES] == [
        ("stopped", 1),
        ("major", 2),
        ("partial", 3),
        ("question", 4),
    ]


def test_every_class_has_exactly_one_answer():
    assert sorted(u.severity for u in urgency.URGENCIES) == [1, 2, 3, 4]


@given(st.text(max_size=20))
def test_an_unknown_answer_has_no_class(key):
    expected = urgency.BY_KEY[key].severity if key in urgency.BY_KEY else None
    assert urgency.severity_for(key) == expected
