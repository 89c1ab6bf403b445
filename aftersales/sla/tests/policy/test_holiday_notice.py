"""The State Council notice as data (``aftersales.sla.policy.holiday_notice``): examples, then properties."""

# ruff: noqa: RUF001, RUF100

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aftersales.sla.policy.holiday_notice import HOLIDAY, WORKDAY, NoticeError, parse_notice

DATA = Path(__file__).resolve().parents[2] / "data"
CSV_HEAD = "year,name,kind,start,end\n"


def test_a_csv_notice_expands_ranges_and_single_days():
    notice = parse_notice(CSV_HEAD + "2027,元旦,off,2027-01-01,2027-01-03\n2027,劳动节,workday,2027-05-08,\n")

    assert notice.year == 2027
    assert [(d.on.day, d.kind) for d in notice.holidays] == [(1, HOLIDAY), (2, HOLIDAY), (3, HOLIDAY)]
    assert [(d.on, d.kind, d.name) for d in notice.workdays] == [(date(2027, 5, 8), WORKDAY, "劳动节")]
    assert notice.example is False


@pytest.mark.parametrize(
    ("rows", "en"),
    [
        ("2027,元旦,off,2026-12-31,2027-01-01\n", "2026-12-31 is not in 2027"),
        (
            "2027,元旦,off,2027-01-01,2027-01-03\n2027,元旦,workday,2027-01-02,\n",
            "both a day off and a make-up workday",
        ),
        ("2027,劳动节,workday,2027-05-06,\n", "is not a Saturday or Sunday"),
        ("2027,元旦,off,2027-01-03,2027-01-01\n", "ends before it starts"),
        ("2027,元旦,leave,2027-01-01,\n", "kind must be off or workday"),
        ("2027,元旦,off,2027-02-30,\n", "is not YYYY-MM-DD"),
        ("2027,元旦,off,2027-01-01,\n2028,春节,off,2028-01-26,\n", "One file holds one year"),
    ],
    ids=["outside-year", "off-and-workday", "weekday-workday", "backwards", "kind", "bad-date", "two-years"],
)
def test_a_notice_breaking_a_rule_is_refused_with_the_reason(rows, en):
    with pytest.raises(NoticeError) as refused:
        parse_notice(CSV_HEAD + rows)

    assert en in refused.value.en
    assert refused.value.zh


@pytest.mark.parametrize("name", ["holidays-2027.example.csv", "holidays-2027.example.json"])
def test_the_sample_files_parse_and_say_they_are_examples(name):
    path = DATA / name

    notice = parse_notice(path.read_text(encoding="utf-8"), filename=path.name)

    assert (notice.year, notice.example) == (2027, True)
    assert notice.holidays


# --- properties -------------------------------------------------------------------------------------------


@st.composite
def notices(draw):
    """A valid notice: days off anywhere in the year, make-up workdays on weekends not already off."""
    year = draw(st.integers(2000, 2100))
    days = st.dates(date(year, 1, 1), date(year, 12, 31))
    off = draw(st.sets(days, min_size=1, max_size=15))
    weekend = draw(st.sets(days.filter(lambda d: d.weekday() >= 5), max_size=5)) - off
    return year, sorted(off), sorted(weekend)


def _csv(year, off, work):
    rows = [f"{year},节日,off,{d},\n" for d in off] + [f"{year},节日,workday,{d},\n" for d in work]
    return CSV_HEAD + "".join(rows)


def _json(year, off, work):
    return json.dumps(
        {
            "year": year,
            "holidays": [{"name": "节日", "off": [[str(d), str(d)] for d in off], "workdays": [str(d) for d in work]}],
        }
    )


@given(notices())
def test_csv_and_json_of_one_notice_read_the_same_days(drawn):
    year, off, work = drawn

    from_csv, from_json = parse_notice(_csv(*drawn)), parse_notice(_json(*drawn))

    assert from_csv.days == from_json.days
    assert [d.on for d in from_csv.holidays] == off
    assert [d.on for d in from_csv.workdays] == work
    assert {d.on.year for d in from_csv.days} == {year}


@given(notices(), st.integers(1, 400))
def test_a_date_outside_the_year_is_always_refused(drawn, shift):
    year, off, work = drawn
    outside = date(year, 12, 31) + timedelta(days=shift) if shift % 2 else date(year, 1, 1) - timedelta(days=shift)

    with pytest.raises(NoticeError):
        parse_notice(_csv(year, [*off, outside], work))


@given(notices())
def test_a_workday_that_is_also_off_is_always_refused(drawn):
    year, off, work = drawn
    weekend_off = [d for d in off if d.weekday() >= 5]
    if not weekend_off:
        return

    with pytest.raises(NoticeError):
        parse_notice(_csv(year, off, [*work, weekend_off[0]]))
