"""Recompute the open deadlines after the holiday table changed (issue 9, defect 12; issue 2).

Open requests and complaints keep their deadlines in their own rows, so a change of the holiday table must
reach them: the requests on every policy whose calendar follows the holiday table, and the complaints on
those calendars (their reply work items move with them, `complaints.services`). Called by the holiday
table's admin pages and by `aftersales holidays import`, which sit above the areas they recompute; the
SLA app's models and services import none of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from aftersales.sla import models
from aftersales.sla.choices import CalendarKind


@dataclass(frozen=True)
class Recomputed:
    tickets: int
    complaints: int


def holiday_calendars():
    """Calendars whose hours follow the holiday table (a 7×24 calendar ignores it)."""
    return models.Calendar.objects.filter(kind=CalendarKind.HOURS, uses_holidays=True)


def tickets_for_policies(policy_ids) -> int:
    from aftersales.tickets import services as ticket_services

    return sum(ticket_services.ticket_recompute_for_policy(policy_id=pk) for pk in sorted(set(policy_ids)))


def complaints_for_calendars(calendars) -> int:
    from aftersales.complaints import services as complaint_services
    from aftersales.complaints.models import ComplaintPolicy

    ids = ComplaintPolicy.objects.filter(calendar__in=calendars).values_list("pk", flat=True)
    return sum(complaint_services.complaint_recompute_for_policy(policy_id=pk) for pk in ids)


def after_holiday_change() -> Recomputed:
    """Recompute the open requests and complaints whose calendars follow the holiday table."""
    calendars = holiday_calendars()
    policy_ids = models.SlaPolicy.objects.filter(calendar__in=calendars).values_list("pk", flat=True)
    return Recomputed(tickets=tickets_for_policies(policy_ids), complaints=complaints_for_calendars(calendars))
