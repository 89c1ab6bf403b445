"""Vendor cases (厂商工单, SPEC §3; 篇1 1, 3.1, 3.2): the status table, the vendor's deadlines and lateness.

* **Status table.** opened → acknowledged → part_shipped → resolved → closed; a step may be skipped (a
  vendor that fixes remotely goes straight to resolved), a resolved case may go back to acknowledged when
  the fix did not hold, and closed is final. Closing a case whose replacement part was shipped needs the
  defective part returned first (the RMA is settled).
* **Deadlines**, all computed when the case is opened (or when its remote confirmation time changes):

  - ``report_by``: the fault must be reported to the vendor within the policy's report-to-vendor target
    from the customer's report, on the policy's calendar (Huawei levels 1–4: 2 h / 24 h / 48 h / 96 h,
    篇1 3.1). Met by opening the case; a case opened later is *reported late*.
  - ``onsite_by``: the vendor's engineer on site within the policy's arrival target for the request's zone,
    counted on a 7×24 calendar from the vendor's remote confirmation (Dell: 4 hours after its hotline
    confirmed the fault, 篇1 3.2; Huawei: 4 h / 24 h / 48 h / 96 h). Met by the vendor's arrival or by the
    case being resolved.
  - ``spare_by``: the spare or loaner the vendor promises (Huawei low/mid-range products: within 8 hours,
    篇1 1), counted from opening. Met when the replacement part is received or the case is resolved.

* A case is **overdue** while open once its earliest unmet running deadline (``onsite_by``, ``spare_by``)
  has passed; ``overdue_at`` is that deadline, stored so the list can filter on it.

Pure Python: the service passes the policy's targets and calendar and the times.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from aftersales.sla.policy.targets import Severity, SlaTargets, Zone, deadlines_for
from aftersales.sla.policy.worktime import WorkCalendar

__all__ = [
    "ALWAYS_OPEN",
    "SPARE_HOURS_BY_VENDOR",
    "TRANSITIONS",
    "CaseStatus",
    "VendorDeadlines",
    "can_move",
    "overdue_at",
    "spare_hours_for",
    "vendor_deadlines",
]


class CaseStatus(StrEnum):
    OPENED = "opened"
    ACKNOWLEDGED = "acknowledged"
    PART_SHIPPED = "part_shipped"
    RESOLVED = "resolved"
    CLOSED = "closed"


_S = CaseStatus
TRANSITIONS: Mapping[CaseStatus, frozenset[CaseStatus]] = {
    _S.OPENED: frozenset({_S.ACKNOWLEDGED, _S.PART_SHIPPED, _S.RESOLVED, _S.CLOSED}),
    _S.ACKNOWLEDGED: frozenset({_S.PART_SHIPPED, _S.RESOLVED, _S.CLOSED}),
    _S.PART_SHIPPED: frozenset({_S.RESOLVED, _S.CLOSED}),
    _S.RESOLVED: frozenset({_S.ACKNOWLEDGED, _S.CLOSED}),
    _S.CLOSED: frozenset(),
}
"""Status → the statuses it may move to (a table, like the ticket lifecycle)."""

OPEN_STATUSES = frozenset({_S.OPENED, _S.ACKNOWLEDGED, _S.PART_SHIPPED})

ALWAYS_OPEN = WorkCalendar(always_open=True)
"""Vendors' on-site promises run around the clock (Dell 24×7, 篇1 3.2)."""

SPARE_HOURS_BY_VENDOR: tuple[tuple[str, int], ...] = (
    ("华为", 8),
    ("huawei", 8),
    ("华三", 8),
    ("h3c", 8),
)
"""Vendor name fragments (lower case) → hours within which a spare unit is promised (篇1 1: 华为中低端产品8小时内)."""


def spare_hours_for(vendor_name: str) -> int | None:
    """Hours within which the vendor promises a spare, or ``None`` when it promises none."""
    name = vendor_name.strip().lower()
    for fragment, hours in SPARE_HOURS_BY_VENDOR:
        if fragment in name:
            return hours
    return None


def can_move(current: str, target: str) -> bool:
    """Whether a case may go from ``current`` to ``target`` (staying put is not a move)."""
    return CaseStatus(target) in TRANSITIONS[CaseStatus(current)]


@dataclass(frozen=True, slots=True)
class VendorDeadlines:
    """The vendor case's deadlines; ``None`` where the policy has no such target."""

    report_by: datetime | None
    onsite_by: datetime | None
    spare_by: datetime | None
    uncertain: bool


def vendor_deadlines(
    targets: SlaTargets | None,
    calendar: WorkCalendar | None,
    severity: int,
    zone: str,
    *,
    reported_at: datetime,
    opened_at: datetime,
    confirmed_at: datetime,
    spare_hours: int | None,
) -> VendorDeadlines:
    """The vendor's deadlines for a request of class ``severity`` in ``zone`` (see the module docstring).

    ``targets``/``calendar`` are the vendor's SLA policy; without them only the spare promise applies.
    """
    spare_by = opened_at + timedelta(hours=spare_hours) if spare_hours is not None else None
    if targets is None or calendar is None:
        return VendorDeadlines(None, None, spare_by, uncertain=False)
    level, place = Severity(severity), Zone(zone)
    from_report = deadlines_for(targets, calendar, level, place, reported_at)
    from_confirmation = deadlines_for(targets, ALWAYS_OPEN, level, place, confirmed_at)
    return VendorDeadlines(
        report_by=from_report.vendor_by,
        onsite_by=from_confirmation.arrive_by,
        spare_by=spare_by,
        uncertain=from_report.uncertain,
    )


def overdue_at(
    status: str,
    *,
    onsite_by: datetime | None,
    spare_by: datetime | None,
    vendor_onsite_at: datetime | None,
    received_at: datetime | None,
) -> datetime | None:
    """The earliest running deadline not met yet, or ``None`` (a resolved or closed case owes nothing).

    The case is overdue at any instant at or after the returned one. A deadline met late no longer makes the
    case overdue (the vendor owes nothing more on it); the pages show it as met late.
    """
    if CaseStatus(status) not in OPEN_STATUSES:
        return None
    unmet = [
        due for due, met in ((onsite_by, vendor_onsite_at), (spare_by, received_at)) if due is not None and met is None
    ]
    return min(unmet) if unmet else None
