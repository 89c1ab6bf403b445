"""Reads of the 4S follow-up service: vehicles, their visits, calls, letters and work, events, the rows of the
four registers of 篇8 by period and person, and the monthly and year-end summaries.

Only the follow-up roles (agent, callback, supervisor, admin) read these; a customer user gets 404 (as if
nothing were there), other staff 403.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from aftersales.accounts import access
from aftersales.accounts.models import User
from aftersales.core import clock
from aftersales.core.errors import invalid, not_found
from aftersales.core.pagination import Page, paginate
from aftersales.plans.models import WorkItem
from aftersales.vehicles.choices import FOLLOW_UP_PERSON_ROLES, INBOUND_PURPOSES, WORK_ITEM_KINDS
from aftersales.vehicles.keys import call_source_key, event_prefix, maintenance_prefix, visit_prefix
from aftersales.vehicles.models import Event, FollowUpCall, FollowUpReassignment, Letter, ServiceVisit, Vehicle
from aftersales.vehicles.policy import followup


def vehicles_access(user: Any) -> None:
    """404 for customer and partner users (they never learn these pages exist), 403 for staff without the role."""
    access.require(user, "vehicles.desk", unseen=not_found("车辆", "Vehicle"))


def can_reassign(user: Any) -> bool:
    return access.may(user, "vehicles.reassign")


# --------------------------------------------------------------------------------------------- vehicles


def _vehicles() -> QuerySet[Vehicle]:
    return Vehicle.objects.select_related("customer", "follow_up_user")


def vehicle_list(
    user: Any,
    *,
    q: str = "",
    customer_id: int | None = None,
    follow_up_user_id: int | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page:
    """Vehicles newest archive first; `q` matches plate, model, VIN or the customer's name or phone."""
    vehicles_access(user)
    qs = _vehicles()
    q = q.strip()
    if q:
        qs = qs.filter(
            Q(plate__icontains=q.replace(" ", ""))
            | Q(model__icontains=q)
            | Q(vin__iexact=q)
            | Q(customer__name__icontains=q)
            | Q(customer__phone__contains=q)
        )
    if customer_id is not None:
        qs = qs.filter(customer_id=customer_id)
    if follow_up_user_id is not None:
        qs = qs.filter(follow_up_user_id=follow_up_user_id)
    return paginate(qs, ordering=["-archived_at", "-id"], cursor=cursor, limit=limit)


def vehicle_get(user: Any, vehicle_id: int) -> Vehicle:
    vehicles_access(user)
    vehicle = _vehicles().filter(pk=vehicle_id).first()
    if vehicle is None:
        raise not_found("车辆", "Vehicle")
    return vehicle


def vehicle_visits(vehicle: Vehicle) -> list[ServiceVisit]:
    return list(vehicle.visits.select_related("recorded_by").order_by("-picked_up_at", "-id"))


def vehicle_calls(vehicle: Vehicle) -> list[FollowUpCall]:
    return list(vehicle.calls.select_related("handled_by", "visit", "event").order_by("-called_at", "-id"))


def vehicle_letters(vehicle: Vehicle) -> list[Letter]:
    return list(vehicle.letters.select_related("sent_by").order_by("-sent_on", "-id"))


def vehicle_work_items(vehicle: Vehicle) -> list[WorkItem]:
    """The work items about this vehicle (its calls and reminders), open first, by due day."""
    prefixes = Q(source_key__startswith=maintenance_prefix(vehicle.pk))
    visit_ids = list(vehicle.visits.values_list("pk", flat=True))
    for visit_id in visit_ids:
        prefixes |= Q(source_key__startswith=visit_prefix(visit_id))
    items = WorkItem.objects.filter(prefixes).select_related("assignee").order_by("due_on", "pk")
    return sorted(items, key=lambda i: (i.done_at is not None, i.due_on, i.pk))


def follow_up_people() -> list[User]:
    """Who can follow up vehicles (active agents, callback staff and supervisors), by name."""
    return list(User.objects.filter(is_active=True, role__in=FOLLOW_UP_PERSON_ROLES).order_by("username"))


def events_list(user: Any) -> list[Event]:
    vehicles_access(user)
    return list(Event.objects.select_related("created_by").order_by("-event_on", "-id")[:200])


def event_get(user: Any, event_id: int) -> Event:
    vehicles_access(user)
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        raise not_found("活动", "Event")
    return event


@dataclass(frozen=True)
class EventTarget:
    """One customer an event was announced to: its phone and letter items and what was done."""

    customer_id: int
    customer_name: str
    phone: WorkItem | None
    letter: WorkItem | None


def event_targets(event: Event) -> list[EventTarget]:
    items = (
        WorkItem.objects.filter(source_key__startswith=event_prefix(event.pk))
        .select_related("customer", "assignee")
        .order_by("customer__name", "pk")
    )
    by_customer: dict[int, dict[str, Any]] = {}
    for item in items:
        channel = item.source_key.split(":")[3]
        row = by_customer.setdefault(item.customer_id, {"name": item.customer.name if item.customer else ""})
        row[channel] = item
    return [
        EventTarget(customer_id=cid, customer_name=row["name"], phone=row.get("phone"), letter=row.get("letter"))
        for cid, row in by_customer.items()
    ]


def reassignments_recent(limit: int = 20) -> list[FollowUpReassignment]:
    return list(FollowUpReassignment.objects.select_related("from_user", "to_user", "actor").order_by("-at")[:limit])


def open_items_by_person() -> list[tuple[User, int]]:
    """People with open follow-up work and how many items each (for the reassignment page)."""
    rows = (
        WorkItem.objects.filter(done_at__isnull=True, kind__in=WORK_ITEM_KINDS, assignee__isnull=False)
        .values("assignee")
        .annotate(n=Count("pk"))
        .order_by("assignee")
    )
    counts = {r["assignee"]: r["n"] for r in rows}
    users = User.objects.filter(pk__in=counts).order_by("username")
    return [(u, counts[u.pk]) for u in users]


# -------------------------------------------------------------------------------------------- registers


@dataclass(frozen=True)
class Period:
    """Days from `start_on` to `end_on` (both included), in China's time."""

    start_on: dt.date
    end_on: dt.date

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        start = dt.date(year, month, 1)
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return cls(start, following - dt.timedelta(days=1))

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """The instants [start, end) of the period, for filtering aware datetimes."""
        start = dt.datetime.combine(self.start_on, dt.time(), tzinfo=clock.SHANGHAI)
        end = dt.datetime.combine(self.end_on + dt.timedelta(days=1), dt.time(), tzinfo=clock.SHANGHAI)
        return start, end


@dataclass(frozen=True)
class RegisterFilter:
    period: Period
    person_id: int | None = None


MAX_REGISTER_ROWS = 20_000


def archive_rows(user: Any, flt: RegisterFilter) -> list[Vehicle]:
    """客户档案: vehicles archived in the period (by their follow-up person), with their visits, oldest first."""
    vehicles_access(user)
    start, end = flt.period.bounds()
    qs = (
        _vehicles()
        .filter(archived_at__gte=start, archived_at__lt=end)
        .prefetch_related(Prefetch("visits", queryset=ServiceVisit.objects.order_by("picked_up_at", "pk")))
    )
    if flt.person_id is not None:
        qs = qs.filter(follow_up_user_id=flt.person_id)
    return list(qs.order_by("archived_at", "pk")[:MAX_REGISTER_ROWS])


def call_rows(user: Any, flt: RegisterFilter) -> list[FollowUpCall]:
    """电话记录 and 电话登记表: calls in the period (by who handled them), oldest first."""
    vehicles_access(user)
    start, end = flt.period.bounds()
    qs = FollowUpCall.objects.filter(called_at__gte=start, called_at__lt=end).select_related(
        "customer", "vehicle", "handled_by", "event"
    )
    if flt.person_id is not None:
        qs = qs.filter(handled_by_id=flt.person_id)
    return list(qs.order_by("called_at", "pk")[:MAX_REGISTER_ROWS])


def letter_rows(user: Any, flt: RegisterFilter) -> list[Letter]:
    """信函登记表: letters sent in the period (by who sent them), oldest first."""
    vehicles_access(user)
    qs = Letter.objects.filter(sent_on__gte=flt.period.start_on, sent_on__lte=flt.period.end_on).select_related(
        "customer", "vehicle", "sent_by", "event"
    )
    if flt.person_id is not None:
        qs = qs.filter(sent_by_id=flt.person_id)
    return list(qs.order_by("sent_on", "pk")[:MAX_REGISTER_ROWS])


# -------------------------------------------------------------------------------------------- summaries


@dataclass
class SummaryRow:
    """The figures of one person (or of everyone) over a period: the basis of 每月小结 and 年末总结 (篇8 (五))."""

    label: str
    person_id: int | None = None
    archives: int = 0
    archives_late: int = 0
    pickups: int = 0
    calls_out: int = 0
    calls_reached: int = 0
    calls_in: int = 0
    follow_ups: int = 0
    follow_ups_on_time: int = 0
    satisfaction_sum: int = 0
    satisfaction_count: int = 0
    letters: int = 0
    items_due: int = 0
    items_done_on_time: int = 0
    items_open: int = 0

    @property
    def reached_rate(self) -> float | None:
        """Reached outgoing calls / outgoing calls, as a fraction (None without calls)."""
        return self.calls_reached / self.calls_out if self.calls_out else None

    @property
    def satisfaction_average(self) -> float | None:
        return round(self.satisfaction_sum / self.satisfaction_count, 2) if self.satisfaction_count else None

    @property
    def on_time_rate(self) -> float | None:
        return self.follow_ups_on_time / self.follow_ups if self.follow_ups else None

    def add(self, other: SummaryRow) -> None:
        for name in (
            "archives",
            "archives_late",
            "pickups",
            "calls_out",
            "calls_reached",
            "calls_in",
            "follow_ups",
            "follow_ups_on_time",
            "satisfaction_sum",
            "satisfaction_count",
            "letters",
            "items_due",
            "items_done_on_time",
            "items_open",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(frozen=True)
class Summary:
    """A period's summary: one row per person, the total, and (for a year) one row per month."""

    period: Period
    rows: list[SummaryRow]
    total: SummaryRow
    months: list[SummaryRow] = field(default_factory=list)


def _figures(period: Period, person_id: int | None = None) -> dict[int | None, SummaryRow]:
    """Per person (None: nobody assigned) counts over the period, a handful of grouped queries."""
    start, end = period.bounds()
    rows: dict[int | None, SummaryRow] = {}

    def row(pid: int | None) -> SummaryRow:
        return rows.setdefault(pid, SummaryRow(label="", person_id=pid))

    def only(qs: QuerySet, field_name: str) -> QuerySet:
        return qs.filter(**{field_name: person_id}) if person_id is not None else qs

    vehicles = only(Vehicle.objects.filter(archived_at__gte=start, archived_at__lt=end), "follow_up_user_id")
    late = Count("pk", filter=Q(is_archived_late=True))
    for r in vehicles.values("follow_up_user_id").annotate(n=Count("pk"), late=late):
        row(r["follow_up_user_id"]).archives, row(r["follow_up_user_id"]).archives_late = r["n"], r["late"]
    visits = only(
        ServiceVisit.objects.filter(picked_up_at__gte=start, picked_up_at__lt=end), "vehicle__follow_up_user_id"
    )
    for r in visits.values("vehicle__follow_up_user_id").annotate(n=Count("pk")):
        row(r["vehicle__follow_up_user_id"]).pickups = r["n"]
    calls = only(FollowUpCall.objects.filter(called_at__gte=start, called_at__lt=end), "handled_by_id")
    inbound = Q(purpose__in=INBOUND_PURPOSES)
    for r in calls.values("handled_by_id").annotate(
        out=Count("pk", filter=~inbound),
        reached=Count("pk", filter=~inbound & Q(is_reached=True)),
        inb=Count("pk", filter=inbound),
        fu=Count("pk", filter=Q(purpose="follow_up", is_reached=True)),
        fu_on_time=Count("pk", filter=Q(purpose="follow_up", is_reached=True, is_on_time=True)),
        sat_n=Count("satisfaction"),
        sat_sum=Sum("satisfaction"),
    ):
        target = row(r["handled_by_id"])
        target.calls_out, target.calls_reached, target.calls_in = r["out"], r["reached"], r["inb"]
        target.follow_ups, target.follow_ups_on_time = r["fu"], r["fu_on_time"]
        target.satisfaction_count = r["sat_n"]
        target.satisfaction_sum = r["sat_sum"] or 0
    letters = only(Letter.objects.filter(sent_on__gte=period.start_on, sent_on__lte=period.end_on), "sent_by_id")
    for r in letters.values("sent_by_id").annotate(n=Count("pk")):
        row(r["sent_by_id"]).letters = r["n"]
    items = only(
        WorkItem.objects.filter(
            kind__in=WORK_ITEM_KINDS,
            source_key__startswith="vehicles:",
            due_on__gte=period.start_on,
            due_on__lte=period.end_on,
        ),
        "assignee_id",
    )
    for r in items.values("assignee_id").annotate(n=Count("pk"), open=Count("pk", filter=Q(done_at__isnull=True))):
        row(r["assignee_id"]).items_due, row(r["assignee_id"]).items_open = r["n"], r["open"]
    # done on time: done on or before the due day, in China's time (compared in Python: few rows per period)
    for pid, done_at, due_on in items.filter(done_at__isnull=False).values_list("assignee_id", "done_at", "due_on"):
        if clock.local(done_at).date() <= due_on:
            row(pid).items_done_on_time += 1
    return rows


def summary_for(user: Any, period: Period, *, person_id: int | None = None, by_month: bool = False) -> Summary:
    """每月小结 / 年末总结: calls and their reached rate, satisfaction, letters, archives, follow-ups on time."""
    vehicles_access(user)
    figures = _figures(period, person_id)
    people = {u.pk: u for u in User.objects.filter(pk__in=[pid for pid in figures if pid is not None])}
    rows = []
    total = SummaryRow(label="合计")
    for pid, row in sorted(figures.items(), key=lambda kv: (kv[0] is None, people[kv[0]].username if kv[0] else "")):
        row.label = person_label(people.get(pid)) if pid is not None else "（未指定）"
        rows.append(row)
        total.add(row)
    months = []
    if by_month:
        for month in range(period.start_on.month, period.end_on.month + 1):
            month_period = Period.month(period.start_on.year, month)
            month_row = SummaryRow(label=f"{month}月")
            for row in _figures(month_period, person_id).values():
                month_row.add(row)
            months.append(month_row)
    return Summary(period=period, rows=rows, total=total, months=months)


def person_label(user: User | None) -> str:
    if user is None:
        return ""
    return (user.last_name + user.first_name).strip() or user.username


MAX_PERIOD_DAYS = 731


def register_filter(
    *, start_on: dt.date | None = None, end_on: dt.date | None = None, person_id: int | None = None
) -> RegisterFilter:
    """The filter of a register page or export: this month by default; at most two years."""
    today = clock.today()
    if start_on is None and end_on is None:
        period = Period.month(today.year, today.month)
    else:
        start_on = start_on or (end_on.replace(day=1) if end_on else today)
        end_on = end_on or Period.month(start_on.year, start_on.month).end_on
        period = Period(start_on, end_on)
    if period.end_on < period.start_on:
        raise invalid("bad_period", "结束日期早于开始日期", "The end date is before the start date")
    if (period.end_on - period.start_on).days > MAX_PERIOD_DAYS:
        raise invalid("period_too_long", "期间最长两年", "The period is at most two years")
    return RegisterFilter(period=period, person_id=person_id)


@dataclass(frozen=True)
class CallPlan:
    """One of the two follow-up calls of a pick-up: its window, its work item and the reached call, if made."""

    call_no: int
    window: followup.Window
    item: WorkItem | None
    call: FollowUpCall | None


def visit_call_plan(visit: ServiceVisit) -> list[CallPlan]:
    """The two follow-up calls of a pick-up with their windows (call 2 from the reached call 1, when made)."""
    items = {
        i.source_key: i
        for i in WorkItem.objects.filter(source_key__in=[call_source_key(visit.pk, n) for n in (1, 2)]).select_related(
            "assignee"
        )
    }
    reached = {c.call_no: c for c in visit.calls.filter(is_reached=True).order_by("called_at")}
    picked_on = clock.local(visit.picked_up_at).date()
    first = reached.get(1)
    first_on = clock.local(first.called_at).date() if first else None
    return [
        CallPlan(
            call_no=n,
            window=followup.call_window(n, picked_up_on=picked_on, first_call_on=first_on),
            item=items.get(call_source_key(visit.pk, n)),
            call=reached.get(n),
        )
        for n in (1, 2)
    ]


def my_follow_up_items(user: Any, *, on: dt.date, days_ahead: int = 7) -> list[WorkItem]:
    """The user's open follow-up work (and the callback pool's, for callback staff) due by `on` + `days_ahead`."""
    vehicles_access(user)
    mine = Q(assignee=user) | Q(assignee__isnull=True, role=user.role)
    return list(
        WorkItem.objects.filter(
            mine, kind__in=WORK_ITEM_KINDS, done_at__isnull=True, due_on__lte=on + dt.timedelta(days=days_ahead)
        )
        .select_related("customer")
        .order_by("due_on", "pk")[:200]
    )
