"""Retry schedule of webhook deliveries: exponential backoff, at most five attempts.

The first attempt is made as soon as the delivery job runs; after failed attempt n (1–4) the next one is due
2^(n-1) minutes later (1, 2, 4, 8 minutes); after the fifth failure the delivery is given up. So an event
reaches a receiver that is down for up to a quarter of an hour.
"""

from __future__ import annotations

import datetime as dt

MAX_ATTEMPTS = 5
BASE_MINUTES = 1


def retry_delay(attempts_made: int) -> dt.timedelta | None:
    """How long to wait after `attempts_made` failed attempts; None when no attempt is left."""
    if attempts_made < 1:
        raise ValueError("attempts_made counts the attempts already made (at least 1)")
    if attempts_made >= MAX_ATTEMPTS:
        return None
    return dt.timedelta(minutes=BASE_MINUTES * 2 ** (attempts_made - 1))


def is_success(status_code: int | None) -> bool:
    """A receiver accepted the event when it answered 2xx."""
    return status_code is not None and 200 <= status_code < 300
