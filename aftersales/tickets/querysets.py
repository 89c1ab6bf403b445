"""Ticket query vocabulary: visibility, open work, lateness."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models.lookups import GreaterThan, LessThanOrEqual

from aftersales.tickets.choices import DONE

# The deadline of each SLA clock and the events that meet it (tickets.policy.clocks.MET_BY): an arrival is also
# met by restoring remotely. The management view's attainment counts and the queue's `missed` filter share them.
CLOCK_DEADLINE = {"respond": "respond_by", "arrive": "arrive_by", "restore": "restore_by", "resolve": "resolve_by"}
CLOCK_EVENTS = {
    "respond": ("responded_at",),
    "arrive": ("arrived_at", "restored_at"),
    "restore": ("restored_at",),
    "resolve": ("resolved_at",),
}


def clock_conditions(name: str, at: dt.datetime) -> tuple[models.Q, models.Q]:
    """(due, met) of SLA clock `name` as conditions on a request row at `at` (reports.policy.attainment's
    outcome in SQL): due when the request has the deadline and the event happened or the deadline passed while
    the clock ran (before a wait going on, before the close); met when an event happened by the deadline."""
    deadline = CLOCK_DEADLINE[name]
    happened = models.Q()
    met = models.Q()
    for event in CLOCK_EVENTS[name]:
        happened |= models.Q(**{f"{event}__isnull": False})
        met |= models.Q(**{f"{event}__lte": models.F(deadline)})
    running = (
        models.Q(paused_at__isnull=True, closed_at__isnull=True)
        | models.Q(paused_at__isnull=False, **{f"{deadline}__lt": models.F("paused_at")})
        | models.Q(paused_at__isnull=True, closed_at__isnull=False, **{f"{deadline}__lt": models.F("closed_at")})
    )
    passed = models.Q(**{f"{deadline}__lt": at}) & running
    has = models.Q(**{f"{deadline}__isnull": False})
    return has & (happened | passed), has & met


def clock_missed(name: str, at: dt.datetime) -> models.Q:
    """Due and not met: every event of the clock absent or after the deadline (written out, not as `~met`, so
    no NULL escapes the negation)."""
    due, _ = clock_conditions(name, at)
    deadline = CLOCK_DEADLINE[name]
    not_met = models.Q()
    for event in CLOCK_EVENTS[name]:
        not_met &= models.Q(**{f"{event}__isnull": True}) | models.Q(**{f"{event}__gt": models.F(deadline)})
    return due & not_met


class MinutesBetween(models.Func):
    """Minutes from the first datetime expression to the second, computed by the database natively (SQLite's
    julianday, PostgreSQL's epoch), not by Django's Python date arithmetic for SQLite (a function call per row)."""

    output_field = models.FloatField()
    arity = 2

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            # julianday is a float of days, exact to ~1e-6 minutes only: 15 minutes came back as 15.000001 (a
            # request answered in exactly 15 minutes fell in the next bucket); rounded to 1e-4 minutes (6 ms).
            template="ROUND((julianday(%(expressions)s)) * 1440.0, 4)",
            arg_joiner=") - julianday(",
            **extra,
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 60.0)", arg_joiner=" - ", **extra
        )


# The event of each duration the management view draws (time to respond, time to restore).
DURATION_EVENTS = {"respond": "responded_at", "restore": "restored_at"}


def minutes_in(name: str, lower: int | None, upper: int | None) -> models.Q:
    """Requests whose event of duration `name` happened more than `lower` and at most `upper` minutes after the
    report (either bound may be open): one bar of the time-to-respond/restore charts."""
    event = DURATION_EVENTS[name]
    minutes = MinutesBetween(event, "reported_at")
    condition = models.Q(**{f"{event}__isnull": False})
    if lower is not None:
        condition &= models.Q(GreaterThan(minutes, lower))
    if upper is not None:
        condition &= models.Q(LessThanOrEqual(minutes, upper))
    return condition


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

    def missed(self, clock: str, *, at: dt.datetime) -> TicketQuerySet:
        """Requests whose SLA clock `clock` (respond, arrive, restore, resolve) is due and was not met at `at`:
        the misses the management view's attainment counts (its drill-down)."""
        return self.filter(clock_missed(clock, at))

    def escalation_due(self, *, at: dt.datetime) -> TicketQuerySet:
        """Requests whose next escalation step is due (the sweep's work)."""
        return self.filter(next_escalation_at__lte=at)
