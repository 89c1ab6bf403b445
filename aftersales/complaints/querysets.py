"""Complaint query vocabulary: visibility, open complaints, lateness."""

from __future__ import annotations

import datetime as dt

from django.db import models

from aftersales.complaints.choices import DONE


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

    def escalation_due(self, *, at: dt.datetime) -> ComplaintQuerySet:
        """Complaints whose next tier is due (the sweep's work)."""
        return self.filter(next_escalation_at__lte=at)
