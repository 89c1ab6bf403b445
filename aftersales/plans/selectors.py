"""Reads of work items and service plans: a person's day, what is overdue, one item the user may act on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Min, Q, QuerySet

from aftersales.core import clock
from aftersales.core.errors import not_found
from aftersales.plans.choices import SUPERVISING_ROLES, WorkItemKind
from aftersales.plans.models import ServicePlan, WorkItem

UPCOMING_DAYS = 7
OVERDUE_LIST_LIMIT = 500


def work_items_for(user, *, on: dt.date, days_ahead: int = 0) -> QuerySet[WorkItem]:
    """Open items of `user` (or of the pool of the user's role) due on or before `on` + `days_ahead`."""
    return (
        WorkItem.objects.filter(_mine(user), done_at__isnull=True, due_on__lte=on + dt.timedelta(days=days_ahead))
        .select_related("customer", "ticket", "assignee")
        .order_by("due_on", "id")
    )


def work_items_overdue(*, on: dt.date) -> QuerySet[WorkItem]:
    """Open items whose due date has passed (reported to supervisors)."""
    return WorkItem.objects.filter(done_at__isnull=True, due_on__lt=on).select_related("assignee", "customer")


def person_name(user) -> str:
    """A person's name as Chinese writes it (family name first), else the username."""
    return f"{user.last_name}{user.first_name}".strip() or user.username


def _mine(user) -> Q:
    return Q(assignee=user) | Q(assignee__isnull=True, role=user.role)


def can_supervise(user) -> bool:
    """Supervisors and admins see every item, the overdue report, and reassign work."""
    return bool(user.is_superuser or user.role in SUPERVISING_ROLES)


def work_item_get(user, item_id: int) -> WorkItem:
    """An item the user may act on: its own, its role pool's, or any for a supervisor; 404 otherwise."""
    qs = WorkItem.objects.filter(pk=item_id).select_related("customer", "ticket", "assignee", "done_by")
    if not can_supervise(user):
        qs = qs.filter(_mine(user))
    item = qs.first()
    if item is None:
        raise not_found("待办事项", "Work item")
    return item


@dataclass(frozen=True)
class MyDay:
    """A person's day (我的一天): open work due by `on` (overdue first), the coming week, and what was done today."""

    on: dt.date
    due: list[WorkItem]
    upcoming: list[WorkItem]
    done_today: list[WorkItem]

    @property
    def overdue_count(self) -> int:
        return sum(1 for item in self.due if item.due_on < self.on)


def my_day(user, *, on: dt.date | None = None) -> MyDay:
    """The user's open items (and its role pool's) due on or before `on`, the next 7 days, and today's done ones."""
    on = on or clock.today()
    open_items = list(work_items_for(user, on=on, days_ahead=UPCOMING_DAYS))
    begin = dt.datetime.combine(on, dt.time(0), tzinfo=clock.SHANGHAI)
    done = list(
        WorkItem.objects.filter(done_by=user, done_at__gte=begin, done_at__lt=begin + dt.timedelta(days=1))
        .select_related("customer", "ticket", "assignee")
        .order_by("-done_at", "-id")
    )
    return MyDay(
        on=on,
        due=[item for item in open_items if item.due_on <= on],
        upcoming=[item for item in open_items if item.due_on > on],
        done_today=done,
    )


@dataclass(frozen=True)
class OverdueRow:
    """How many open items of one kind are overdue for one person (or one role pool)."""

    assignee_id: int | None
    assignee_name: str
    role: str
    kind: str
    kind_label: str
    count: int
    oldest_due_on: dt.date


@dataclass(frozen=True)
class OverdueReport:
    """The supervisor's overdue report (逾期待办): counts per person and kind, and the oldest items."""

    on: dt.date
    total: int
    rows: list[OverdueRow]
    items: list[WorkItem]


def overdue_report(*, on: dt.date | None = None, limit: int = OVERDUE_LIST_LIMIT) -> OverdueReport:
    """Overdue open items (due before `on`) counted per person and kind, most first; the `limit` oldest listed."""
    on = on or clock.today()
    overdue = WorkItem.objects.filter(done_at__isnull=True, due_on__lt=on)
    grouped = (
        overdue.values(
            "assignee_id", "assignee__username", "assignee__first_name", "assignee__last_name", "role", "kind"
        )
        .annotate(count=Count("id"), oldest=Min("due_on"))
        .order_by("-count", F("assignee__username").asc(nulls_last=True), "role", "kind")
    )
    labels = dict(WorkItemKind.choices)
    rows = [
        OverdueRow(
            assignee_id=g["assignee_id"],
            assignee_name=(f"{g['assignee__last_name']}{g['assignee__first_name']}".strip() or g["assignee__username"])
            if g["assignee_id"]
            else "",
            role=g["role"],
            kind=g["kind"],
            kind_label=str(labels.get(g["kind"], g["kind"])),
            count=g["count"],
            oldest_due_on=g["oldest"],
        )
        for g in grouped
    ]
    items = list(overdue.select_related("assignee", "customer").order_by("due_on", "id")[:limit])
    return OverdueReport(on=on, total=sum(r.count for r in rows), rows=rows, items=items)


def people_with_open_items() -> list:
    """Users who hold open items (the "from" choices of a reassignment), by name."""
    from aftersales.accounts.models import User

    return list(User.objects.filter(work_items__done_at__isnull=True).distinct().order_by("username"))


def people_to_take_work() -> list:
    """Active staff who can take work handed over (the "to" choices of a reassignment)."""
    from aftersales.accounts.choices import STAFF_ROLES, Role
    from aftersales.accounts.models import User

    return list(User.objects.filter(is_active=True, role__in=[*STAFF_ROLES, Role.PARTNER]).order_by("role", "username"))


def service_plan_list(*, customer_id: int | None = None) -> QuerySet[ServicePlan]:
    """Service plans with their rules, optionally of one customer."""
    qs = ServicePlan.objects.select_related("customer", "contract").prefetch_related("rules").order_by("id")
    if customer_id is not None:
        qs = qs.filter(customer_id=customer_id)
    return qs


def service_plan_get(plan_id: int) -> ServicePlan:
    plan = service_plan_list().filter(pk=plan_id).first()
    if plan is None:
        raise not_found("服务计划", "Service plan")
    return plan
