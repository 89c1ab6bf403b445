"""A dealer's standing: the registration deadline (篇10 第三十四条) and the state of a brand authorisation.

* **Registration (备案).** A brand dealer registers with the provincial commerce authority within 2 months of
  the day it obtained its business licence (自取得营业执照之日起2个月内). The deadline is the same day of the
  month two months later; when that month has no such day (licence on 12-31 → 02-28/29) it is the month's last
  day. Registered on or before the deadline: on time; after it: late; not registered and the deadline passed:
  overdue (by whole days); not registered yet and the deadline ahead: pending.
* **Authorisation.** A brand authorisation runs from its first day to its last day inclusive (no last day: open
  ended) unless it is withdrawn; withdrawn from the day of withdrawal on. Only an active authorisation lets the
  dealer sell the brand (第二十七条: no sale of a brand it is not authorised for).

Pure Python: no Django, no database, no clock (the caller passes today).
"""

# ruff: noqa: RUF001, RUF002, RUF003, RUF100

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "REGISTRATION_MONTHS",
    "AuthorisationState",
    "Registration",
    "RegistrationState",
    "add_months",
    "authorisation_state",
    "registration",
    "registration_deadline",
]

REGISTRATION_MONTHS = 2


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` later, or that month's last day when it is shorter."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def registration_deadline(licence_on: dt.date) -> dt.date:
    """The last day to register a dealer whose business licence is dated `licence_on` (第三十四条)."""
    return add_months(licence_on, REGISTRATION_MONTHS)


class RegistrationState(StrEnum):
    UNKNOWN = "unknown"  # no licence date recorded
    PENDING = "pending"
    OVERDUE = "overdue"
    ON_TIME = "on_time"
    LATE = "late"


@dataclass(frozen=True)
class Registration:
    state: RegistrationState
    deadline: dt.date | None
    days_overdue: int  # days past the deadline (not registered: until today; late: until the registration)


def registration(licence_on: dt.date | None, registered_on: dt.date | None, today: dt.date) -> Registration:
    """Where a dealer stands with its registration on `today`."""
    if licence_on is None:
        return Registration(RegistrationState.UNKNOWN, None, 0)
    deadline = registration_deadline(licence_on)
    if registered_on is not None:
        late = (registered_on - deadline).days
        return Registration(RegistrationState.LATE if late > 0 else RegistrationState.ON_TIME, deadline, max(0, late))
    overdue = (today - deadline).days
    if overdue > 0:
        return Registration(RegistrationState.OVERDUE, deadline, overdue)
    return Registration(RegistrationState.PENDING, deadline, 0)


class AuthorisationState(StrEnum):
    PENDING = "pending"  # not yet in force
    ACTIVE = "active"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


def authorisation_state(
    valid_from: dt.date, valid_to: dt.date | None, withdrawn_on: dt.date | None, today: dt.date
) -> AuthorisationState:
    """The state of a brand authorisation on `today` (see the module doc)."""
    if withdrawn_on is not None and withdrawn_on <= today:
        return AuthorisationState.WITHDRAWN
    if today < valid_from:
        return AuthorisationState.PENDING
    if valid_to is not None and today > valid_to:
        return AuthorisationState.EXPIRED
    return AuthorisationState.ACTIVE
