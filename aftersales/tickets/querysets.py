"""Ticket query vocabulary: visibility, open work, lateness."""

from __future__ import annotations

import datetime as dt

from django.db import models

from aftersales.tickets.choices import DONE


class TicketQuerySet(models.QuerySet):
    def visible_to(self, user) -> TicketQuerySet:
        """What `user` may see: staff see everything, a customer user only its own organisation's requests,
        a partner user only the requests dispatched to its partner (a dispatch of it that is not cancelled)."""
        if getattr(user, "is_customer_user", False):
            return self.filter(customer_id=user.customer_id)
        if getattr(user, "is_partner_user", False):
            if not user.partner_id:
                return self.none()
            dispatch = self.model._meta.get_field("dispatches").related_model  # dispatch.Dispatch, by its FK
            return self.filter(
                models.Exists(
                    dispatch.objects.filter(ticket=models.OuterRef("pk"), partner_id=user.partner_id).exclude(
                        status="cancelled"
                    )
                )
            )
        if getattr(user, "is_staff_member", False) or getattr(user, "is_superuser", False):
            return self
        return self.none()

    def open(self) -> TicketQuerySet:
        # Written as "not done" (3 values) rather than "in OPEN" (8): SQLite can walk the queue's id order and
        # skip done rows, where `IN` over 8 statuses made it collect every open row and sort them.
        return self.exclude(status__in=DONE)

    def breached(self, *, at: dt.datetime) -> TicketQuerySet:
        """Requests with at least one deadline passed without its event, or met late: exactly those whose
        clocks (`tickets.policy.clocks`) name a breach at `at`. A deadline is kept up to its very instant, so
        a request is late only after its `breach_at`."""
        return self.filter(breach_at__lt=at)

    def not_breached(self, *, at: dt.datetime) -> TicketQuerySet:
        """The others: no breach at `at` (the 未超时 filter)."""
        return self.exclude(breach_at__lt=at)

    def due_within(self, *, at: dt.datetime, minutes: int) -> TicketQuerySet:
        """Requests not breached yet whose next deadline falls in the coming `minutes` (about to breach).

        For a request without a breach, its next deadline is its `breach_at`; the breached ones are the
        `breached` filter's."""
        return self.filter(breach_at__gte=at, breach_at__lte=at + dt.timedelta(minutes=minutes))

    def escalation_due(self, *, at: dt.datetime) -> TicketQuerySet:
        """Requests whose next escalation step is due (the sweep's work)."""
        return self.filter(next_escalation_at__lte=at)
