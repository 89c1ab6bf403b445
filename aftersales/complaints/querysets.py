"""Complaint query vocabulary: visibility, open complaints, lateness."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q

from aftersales.complaints.choices import DONE

# How a complaint's reply stands at an instant (the dashboard's "complaints and their replies on time" and the
# list's `reply` filter read this one rule): replied by its deadline, replied after it, not replied and past it,
# not replied and still within it.
REPLY_OUTCOMES = ("on_time", "late", "overdue", "pending")


def reply_outcome_q(outcome: str, *, at: dt.datetime) -> Q:
    """The condition for complaints whose reply is `outcome` (one of REPLY_OUTCOMES) at `at`."""
    return {
        "on_time": Q(replied_at__isnull=False, replied_at__lte=F("reply_by")),
        "late": Q(replied_at__isnull=False, replied_at__gt=F("reply_by")),
        "overdue": Q(replied_at__isnull=True, reply_by__lt=at),
        "pending": Q(replied_at__isnull=True, reply_by__gte=at),
    }[outcome]


class ComplaintQuerySet(models.QuerySet):
    def visible_to(self, user) -> ComplaintQuerySet:
        """Staff see every complaint; a customer user only its own organisation's; anyone else none."""
        if getattr(user, "is_customer_user", False):
            return self.filter(customer_id=user.customer_id)
        if getattr(user, "is_staff_member", False) or getattr(user, "is_superuser", False):
            return self
        return self.none()

    def open(self) -> ComplaintQuerySet:
        return self.exclude(status__in=DONE)

    def overdue(self, *, at: dt.datetime) -> ComplaintQuerySet:
        """Open complaints with a deadline passed without its event (reply, senior engineer, manager)."""
        return self.filter(breach_at__lte=at)

    def received_between(self, start: dt.datetime, end: dt.datetime) -> ComplaintQuerySet:
        """Complaints received in [start, end)."""
        return self.filter(received_at__gte=start, received_at__lt=end)

    def reply_outcome(self, outcome: str, *, at: dt.datetime) -> ComplaintQuerySet:
        return self.filter(reply_outcome_q(outcome, at=at))

    def escalation_due(self, *, at: dt.datetime) -> ComplaintQuerySet:
        """Complaints whose next tier is due (the sweep's work)."""
        return self.filter(next_escalation_at__lte=at)
