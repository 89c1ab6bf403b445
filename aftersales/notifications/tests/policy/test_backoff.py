"""Retry schedule of webhook deliveries."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.notifications.policy import backoff


def test_the_schedule_is_1_2_4_8_minutes_then_given_up_after_5_attempts():
    # when
    delays = [backoff.retry_delay(n) for n in range(1, 7)]
    # then
    assert delays == [
        dt.timedelta(minutes=1),
        dt.timedelta(minutes=2),
        dt.timedelta(minutes=4),
        dt.timedelta(minutes=8),
        None,
        None,
    ]


def test_attempts_must_have_been_made():
    with pytest.raises(ValueError, match="attempts_made"):
        backoff.retry_delay(0)


@pytest.mark.parametrize(
    ("code", "ok"), [(200, True), (204, True), (299, True), (301, False), (404, False), (500, False), (None, False)]
)
def test_success_is_2xx(code, ok):
    assert backoff.is_success(code) is ok
