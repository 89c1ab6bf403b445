"""Registration deadline (第三十四条) and authorisation state (``aftersales.network.policy.dealers``)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aftersales.network.policy.dealers import (
    AuthorisationState,
    RegistrationState,
    authorisation_state,
    registration,
    registration_deadline,
)

D = dt.date


@pytest.mark.parametrize(
    ("licence", "deadline"),
    [
        (D(2026, 3, 15), D(2026, 5, 15)),
        (D(2026, 12, 31), D(2027, 2, 28)),
        (D(2027, 12, 31), D(2028, 2, 29)),
        (D(2026, 11, 30), D(2027, 1, 30)),
    ],
)
def test_deadline_is_the_same_day_two_months_later_or_the_months_end(licence, deadline):
    assert registration_deadline(licence) == deadline


def test_states():
    licence = D(2026, 3, 15)
    assert registration(licence, None, D(2026, 5, 15)).state is RegistrationState.PENDING
    overdue = registration(licence, None, D(2026, 5, 18))
    assert (overdue.state, overdue.days_overdue) == (RegistrationState.OVERDUE, 3)
    assert registration(licence, D(2026, 5, 15), D(2026, 9, 1)).state is RegistrationState.ON_TIME
    late = registration(licence, D(2026, 5, 20), D(2026, 9, 1))
    assert (late.state, late.days_overdue) == (RegistrationState.LATE, 5)
    assert registration(None, None, D(2026, 9, 1)).state is RegistrationState.UNKNOWN


dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31))


@given(dates)
def test_deadline_is_two_months_on(licence):
    deadline = registration_deadline(licence)
    assert 59 <= (deadline - licence).days <= 62
    assert (deadline.year * 12 + deadline.month) - (licence.year * 12 + licence.month) == 2


@given(dates, dates)
def test_deadline_never_falls_as_the_licence_date_grows(a, b):
    a, b = sorted((a, b))
    assert registration_deadline(a) <= registration_deadline(b)


@given(dates, st.integers(min_value=0, max_value=400))
def test_overdue_exactly_when_unregistered_after_the_deadline(licence, days):
    today = licence + dt.timedelta(days=days)
    r = registration(licence, None, today)
    assert (r.state is RegistrationState.OVERDUE) == (today > registration_deadline(licence))
    assert r.days_overdue == max(0, (today - registration_deadline(licence)).days)


def test_authorisation_states():
    start, end = D(2026, 1, 1), D(2026, 12, 31)
    assert authorisation_state(start, end, None, D(2025, 12, 31)) is AuthorisationState.PENDING
    assert authorisation_state(start, end, None, start) is AuthorisationState.ACTIVE
    assert authorisation_state(start, end, None, end) is AuthorisationState.ACTIVE
    assert authorisation_state(start, end, None, D(2027, 1, 1)) is AuthorisationState.EXPIRED
    assert authorisation_state(start, None, D(2026, 6, 1), D(2026, 5, 31)) is AuthorisationState.ACTIVE
    assert authorisation_state(start, None, D(2026, 6, 1), D(2026, 6, 1)) is AuthorisationState.WITHDRAWN
