"""The one source of the current time. Tests and the bulk generator can pin it with `frozen`."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
_pinned: dt.datetime | None = None


def now() -> dt.datetime:
    """The current instant, timezone-aware (UTC)."""
    return _pinned if _pinned is not None else dt.datetime.now(tz=dt.UTC)


def local(at: dt.datetime) -> dt.datetime:
    """`at` shown in China Standard Time."""
    return at.astimezone(SHANGHAI)


def today() -> dt.date:
    """Today's date in China."""
    return local(now()).date()


@contextlib.contextmanager
def frozen(at: dt.datetime) -> Iterator[None]:
    """Pin `now()` to `at` within the block."""
    global _pinned
    if at.tzinfo is None:
        raise ValueError("frozen() needs an aware datetime")
    previous, _pinned = _pinned, at
    try:
        yield
    finally:
        _pinned = previous
