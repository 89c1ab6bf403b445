"""Reads of work items: a person's day, and what is overdue."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from aftersales.plans.models import WorkItem


def work_items_for(user, *, on: dt.date, days_ahead: int = 0) -> QuerySet[WorkItem]:
    """Open items of `user` (or of the pool of the user's role) due on or before `on` + `days_ahead`."""
    return (
        WorkItem.objects.filter(Q(assignee=user) | Q(assignee__isnull=True, role=user.role), done_at__isnull=True,
                                due_on__lte=on + dt.timedelta(days=days_ahead))
        .select_related("customer", "ticket")
        .order_by("due_on", "id")
    )


def work_items_overdue(*, on: dt.date) -> QuerySet[WorkItem]:
    """Open items whose due date has passed (reported to supervisors)."""
    return WorkItem.objects.filter(done_at__isnull=True, due_on__lt=on).select_related("assignee", "customer")
