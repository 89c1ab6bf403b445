"""Writes of work items and service plans.

Other apps call `work_item_create` to put work on someone's "my day" list. Service plans (服务计划, SPEC §4)
generate their work with `plans_generate`, idempotently: every occurrence has the source key
`plan:<rule id>:<period key>`, so a second run creates nothing new.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db import IntegrityError, connection, transaction
from django.db.models import Q

from aftersales.accounts.choices import STAFF_ROLES, Role
from aftersales.core import clock
from aftersales.core.errors import conflict, invalid, not_found, unknown_reference
from aftersales.plans import sql
from aftersales.plans.choices import CADENCE, DEFAULT_ROLE, MONTHS_IN_PERIOD, WORK_ITEM_KIND, PlanRuleKind
from aftersales.plans.models import PlanRule, ServicePlan, WorkItem
from aftersales.plans.policy import schedule
from aftersales.plans.selectors import person_name
from aftersales.sla.policy.worktime import WorkCalendar, office_hours

HORIZON_DAYS = 60
"""How far ahead the daily job creates plan work (篇6: planned visits are announced 7 days ahead)."""
RULE_BATCH = 1000
"""Rules read and written per batch by `plans_generate` (one key lookup and one bulk insert per batch)."""
_KEY_CHUNK = 900  # below SQLite's older 999-variable limit

# --------------------------------------------------------------------------------------------- work items


def work_item_create(
    *,
    source_key: str,
    kind: str,
    title: str,
    due_on: dt.date,
    assignee_id: int | None = None,
    role: str = "",
    customer_id: int | None = None,
    ticket_id: int | None = None,
    link: str = "",
    due_uncertain: bool = False,
) -> tuple[WorkItem, bool]:
    """Create the work item for `source_key` once; a second call returns the existing one (idempotent).

    `due_uncertain` flags a due date computed in a year without holiday data (SPEC §8).
    """
    existing = WorkItem.objects.filter(source_key=source_key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            item = WorkItem.objects.create(
                source_key=source_key,
                kind=kind,
                title=title[:200],
                due_on=due_on,
                assignee_id=assignee_id,
                role=role,
                customer_id=customer_id,
                ticket_id=ticket_id,
                link=link,
                due_uncertain=due_uncertain,
            )
    except IntegrityError:
        return WorkItem.objects.get(source_key=source_key), False
    return item, True


def work_item_reschedule(
    *, source_key: str, due_on: dt.date, title: str | None = None, due_uncertain: bool | None = None
) -> bool:
    """Move the open work item of `source_key` to a new due date (and title); True if one was moved.

    For the apps whose item follows a date that changed after it was made (a complaint whose policy was
    edited, a second call whose window moved). A done item keeps the date it was done by.
    """
    fields: dict[str, Any] = {"due_on": due_on}
    if title is not None:
        fields["title"] = title[:200]
    if due_uncertain is not None:
        fields["due_uncertain"] = due_uncertain
    return WorkItem.objects.filter(source_key=source_key, done_at__isnull=True).update(**fields) > 0


def work_items_create_many(items: Sequence[WorkItem]) -> int:
    """Insert the unsaved `items` whose source keys do not exist yet; returns how many were new.

    The batch form of `work_item_create` for generators: one key lookup per 900 keys and one bulk insert.
    A concurrent run inserting the same key is ignored by the unique constraint (ignore_conflicts), so the
    result stays idempotent; the count is then an upper bound.
    """
    by_key = {item.source_key: item for item in items}
    existing = _existing_keys(list(by_key))
    new = [item for key, item in by_key.items() if key not in existing]
    for item in new:
        item.title = item.title[:200]
    WorkItem.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    return len(new)


@transaction.atomic
def work_item_complete(*, item_id: int, actor: Any, result: str = "") -> WorkItem:
    """Mark a work item done by `actor`."""
    item = WorkItem.objects.select_for_update().filter(pk=item_id).first()
    if item is None:
        raise not_found("待办事项", "Work item")
    if item.done_at is not None:
        raise conflict("work_item_done", "该待办事项已完成", "This work item is already done")
    item.done_at, item.done_by, item.result = clock.now(), actor, result
    item.save(update_fields=["done_at", "done_by", "result"])
    return item


@transaction.atomic
def work_items_reassign(*, from_user_id: int, to_user_id: int, actor: Any, kinds: tuple[str, ...] = ()) -> int:
    """Hand all open work items of an absent person to another in one step (篇8: 指定人员不在时由主管重新分配).

    The new assignee is told how many items were handed over (in-app and e-mail, kind "work_items_reassigned").
    """
    from aftersales.accounts.models import User
    from aftersales.notifications.services import Message, notifications_send

    if from_user_id == to_user_id:
        raise invalid(
            "reassign_same_person", "转出人和接收人不能是同一人", "Choose a different person to take the work"
        )
    target = User.objects.filter(pk=to_user_id, is_active=True).first()
    if target is None:
        raise unknown_reference("接收人", "Assignee")
    qs = WorkItem.objects.filter(assignee_id=from_user_id, done_at__isnull=True)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    moved = qs.update(assignee_id=to_user_id)
    if moved:
        absent = User.objects.filter(pk=from_user_id).first()
        name = person_name(absent) if absent else str(from_user_id)
        notifications_send(
            [
                Message(
                    user_id=target.pk,
                    email=target.email,
                    kind="work_items_reassigned",
                    title="{name} 的 {count} 项待办已转给您".format(name=name, count=moved),
                    body="由 {actor} 转交，请在“我的一天”中查看。".format(actor=person_name(actor)),
                    link="/plans/my-day/",
                )
            ]
        )
    return moved


# ------------------------------------------------------------------------------------------ service plans


@dataclass(frozen=True)
class RuleSpec:
    """One rule of a plan to create (see `PlanRule`)."""

    kind: str
    day_of_month: int = 15
    month_of_period: int = 1
    assignee_id: int | None = None
    role: str = ""
    asset_id: int | None = None
    anchor_on: dt.date | None = None


def _check_rule(spec: RuleSpec, customer_id: int) -> None:
    from aftersales.accounts.models import User
    from aftersales.assets.models import Asset

    if spec.kind not in PlanRuleKind.values:
        raise invalid(
            "invalid_plan_rule_kind", "计划项类型无效：{kind}", "Unknown plan rule kind: {kind}", kind=spec.kind
        )
    if not 1 <= spec.day_of_month <= 31:
        raise invalid("invalid_day_of_month", "每月几号必须在 1–31 之间", "The day of month must be 1–31")
    months = MONTHS_IN_PERIOD[CADENCE[PlanRuleKind(spec.kind)]]
    if not 1 <= spec.month_of_period <= months:
        raise invalid(
            "invalid_month_of_period",
            "周期内第几个月必须在 1–{months} 之间",
            "The month of the period must be 1–{months}",
            months=months,
        )
    if spec.role and spec.role not in STAFF_ROLES:
        raise invalid("invalid_role", "负责角色无效：{role}", "Unknown role: {role}", role=spec.role)
    if (
        spec.assignee_id is not None
        and not User.objects.filter(pk=spec.assignee_id, is_active=True, role__in=[*STAFF_ROLES, Role.PARTNER]).exists()
    ):
        raise unknown_reference("负责人", "Assignee")
    if spec.asset_id is not None and not Asset.objects.filter(pk=spec.asset_id, customer_id=customer_id).exists():
        raise unknown_reference("设备", "Asset")


@transaction.atomic
def service_plan_create(
    *,
    actor: Any,
    name: str,
    customer_id: int | None = None,
    contract_id: int | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    calendar_id: int | None = None,
    rules: Iterable[RuleSpec] = (),
    notes: str = "",
) -> ServicePlan:
    """Attach a service plan with its rules to a contract or a customer (SPEC §4; 篇1 2.11, 2.12; 篇6).

    A contract's plan runs over the contract's dates unless others are given; a customer's plan starts today
    unless told otherwise. Nothing is stored when a rule is refused.
    """
    from aftersales.customers.models import Contract, Customer
    from aftersales.sla.models import Calendar

    if not name.strip():
        raise invalid("name_required", "名称不能为空", "Name is required")
    contract = None
    if contract_id is not None:
        contract = Contract.objects.filter(pk=contract_id).first()
        if contract is None:
            raise unknown_reference("服务合同", "Contract")
        if customer_id is not None and customer_id != contract.customer_id:
            raise invalid(
                "contract_of_other_customer", "该合同不属于此客户", "The contract belongs to another customer"
            )
        customer_id = contract.customer_id
    elif customer_id is None or not Customer.objects.filter(pk=customer_id).exists():
        raise unknown_reference("客户", "Customer")
    starts_on = starts_on or (contract.starts_on if contract else clock.today())
    if ends_on is None and contract is not None:
        ends_on = contract.ends_on
    if ends_on is not None and ends_on < starts_on:
        raise invalid("plan_ends_before_start", "结束日期不能早于开始日期", "The end date is before the start date")
    if calendar_id is not None and not Calendar.objects.filter(pk=calendar_id).exists():
        raise unknown_reference("工作日历", "Calendar")
    specs = list(rules)
    for spec in specs:
        _check_rule(spec, customer_id)
    plan = ServicePlan.objects.create(
        name=name.strip()[:128],
        customer_id=customer_id,
        contract=contract,
        starts_on=starts_on,
        ends_on=ends_on,
        calendar_id=calendar_id,
        notes=notes,
        created_by=actor,
    )
    PlanRule.objects.bulk_create(
        [
            PlanRule(
                plan=plan,
                kind=s.kind,
                day_of_month=s.day_of_month,
                month_of_period=s.month_of_period,
                assignee_id=s.assignee_id,
                role="" if s.assignee_id else s.role,
                asset_id=s.asset_id,
                anchor_on=s.anchor_on,
            )
            for s in specs
        ]
    )
    return plan


# ------------------------------------------------------------------------------------------- generation


@dataclass(frozen=True)
class GenerationResult:
    """What one `plans_generate` run did."""

    until: dt.date
    rules: int
    occurrences: int
    created: int


class _Rule(NamedTuple):
    """A plan rule with what generation needs of its plan, customer, contract and device (read as values)."""

    id: int
    kind: str
    day_of_month: int
    month_of_period: int
    assignee_id: int | None
    role: str
    anchor_on: dt.date | None
    asset_id: int | None
    asset_accepted_on: dt.date | None
    asset_category: str | None
    asset_model: str | None
    plan_starts_on: dt.date
    plan_ends_on: dt.date | None
    calendar_id: int | None
    customer_id: int
    customer_name: str
    contract_id: int | None
    contract_number: str | None
    contract_starts_on: dt.date | None


_RULE_COLUMNS = (
    "id",
    "kind",
    "day_of_month",
    "month_of_period",
    "assignee_id",
    "role",
    "anchor_on",
    "asset_id",
    "asset__accepted_on",
    "asset__category",
    "asset__model",
    "plan__starts_on",
    "plan__ends_on",
    "plan__calendar_id",
    "plan__customer_id",
    "plan__customer__name",
    "plan__contract_id",
    "plan__contract__number",
    "plan__contract__starts_on",
)


class _Planned(NamedTuple):
    """A work item to have, before it is known whether it exists."""

    source_key: str
    kind: str
    title: str
    due_on: dt.date
    due_uncertain: bool
    assignee_id: int | None
    role: str
    customer_id: int
    link: str


class _Schedules:
    """Calendars and occurrence lists, computed once per run for each (calendar, preference).

    An occurrence depends only on its period, the preference and the calendar, never on the window
    (policy/schedule.py, property-tested), so the run's whole window is computed once per preference and each
    rule keeps the occurrences inside its own active dates.
    """

    def __init__(self, today: dt.date, until: dt.date) -> None:
        self.today, self.until = today, until
        self._calendars: dict[int | None, WorkCalendar] = {}
        self._occurrences: dict[tuple[int | None, schedule.Preference], tuple[schedule.Occurrence, ...]] = {}

    def calendar(self, calendar_id: int | None) -> WorkCalendar:
        if calendar_id not in self._calendars:
            self._calendars[calendar_id] = self._load(calendar_id)
        return self._calendars[calendar_id]

    def occurrences(self, calendar_id: int | None, preference: schedule.Preference) -> tuple[schedule.Occurrence, ...]:
        key = (calendar_id, preference)
        if key not in self._occurrences:
            self._occurrences[key] = schedule.occurrences(
                preference,
                self.calendar(calendar_id),
                active_from=dt.date.min,
                active_until=None,
                open_from=self.today,
                until=self.until,
            )
        return self._occurrences[key]

    @staticmethod
    def _load(calendar_id: int | None) -> WorkCalendar:
        from aftersales.sla import reference, selectors
        from aftersales.sla.models import Calendar

        qs = Calendar.objects.prefetch_related("hours")
        row = qs.filter(pk=calendar_id).first() if calendar_id else qs.filter(name=reference.OFFICE).first()
        if row is not None:
            return selectors.work_calendar(row)
        holidays, workdays, known = selectors.holiday_table()
        return office_hours(holidays=holidays, workdays=workdays, known_years=known)


def _period_label(cadence: schedule.Cadence, period: schedule.Period) -> str:
    start = period.starts_on
    if cadence is schedule.Cadence.QUARTERLY:
        return "{year}年第{quarter}季度".format(year=start.year, quarter=(start.month - 1) // 3 + 1)
    if cadence is schedule.Cadence.SURVEY:
        return "{year}年度".format(year=start.year)
    return "{year}年{month}月".format(year=start.year, month=start.month)


def _active_from(rule: _Rule) -> dt.date | None:
    """The first date the rule may have work; None when it cannot start yet (its device is not accepted).

    A monthly inspection after acceptance starts the month after the device's acceptance, else after the rule's
    acceptance date, else after the contract's (or plan's) start (篇1 2.12: 系统安装验收后每月巡检).
    """
    if rule.kind != PlanRuleKind.MONTHLY_INSPECTION:
        return rule.plan_starts_on
    if rule.asset_id is not None:
        if rule.asset_accepted_on is None:
            return None
        anchor = rule.asset_accepted_on
    else:
        anchor = rule.anchor_on or rule.contract_starts_on or rule.plan_starts_on
    return max(rule.plan_starts_on, schedule.first_day_of_next_month(anchor))


def _planned_items(rule: _Rule, schedules: _Schedules) -> list[_Planned]:
    """The work items `rule` should have in the run's window, in date order."""
    active_from = _active_from(rule)
    if active_from is None:
        return []
    kind = PlanRuleKind(rule.kind)
    cadence = CADENCE[kind]
    preference = schedule.Preference(
        cadence, min(max(rule.day_of_month, 1), 31), min(max(rule.month_of_period, 1), MONTHS_IN_PERIOD[cadence])
    )
    last = rule.plan_ends_on
    found = [
        o
        for o in schedules.occurrences(rule.calendar_id, preference)
        if o.due_on >= active_from and (last is None or o.due_on <= last)
    ]
    if not found:
        return []
    contract = " · 合同 {number}".format(number=rule.contract_number) if rule.contract_id else ""
    asset = (
        " · {category} {model}".format(category=rule.asset_category, model=rule.asset_model) if (rule.asset_id) else ""
    )
    role = "" if rule.assignee_id else (rule.role or DEFAULT_ROLE[kind])
    item_kind, what, link = WORK_ITEM_KIND[kind], str(kind.label), f"/customers/{rule.customer_id}/"
    return [
        _Planned(
            source_key=f"plan:{rule.id}:{o.period.key}",
            kind=item_kind,
            title="{what}：{customer}（{period}）{asset}{contract}".format(
                what=what,
                customer=rule.customer_name,
                period=_period_label(cadence, o.period),
                asset=asset,
                contract=contract,
            )[:200],
            due_on=o.due_on,
            due_uncertain=o.uncertain,
            assignee_id=rule.assignee_id,
            role=role,
            customer_id=rule.customer_id,
            link=link,
        )
        for o in found
    ]


def _existing_keys(keys: Sequence[str]) -> set[str]:
    existing: set[str] = set()
    for start in range(0, len(keys), _KEY_CHUNK):
        existing.update(
            WorkItem.objects.filter(source_key__in=keys[start : start + _KEY_CHUNK]).values_list(
                "source_key", flat=True
            )
        )
    return existing


def _insert_new(planned: Sequence[_Planned], at: dt.datetime) -> None:
    """INSERT the planned items, skipping any source key that exists by then (a concurrent run).

    One prepared `INSERT … ON CONFLICT (source_key) DO NOTHING` for all rows (SQLite and PostgreSQL, in
    `plans.sql`): the ORM's bulk_create spends far more time compiling each row than the database spends
    storing it. Other databases get bulk_create(ignore_conflicts=True).
    """
    if not planned:
        return
    if connection.vendor not in sql.VENDORS:
        WorkItem.objects.bulk_create(
            [WorkItem(**p._asdict(), created_at=at) for p in planned], batch_size=500, ignore_conflicts=True
        )
        return
    sql.work_items_insert_new(planned, at)


def plans_generate(*, until: dt.date, at: dt.datetime | None = None) -> GenerationResult:
    """Create the dated work items of every active plan rule up to `until` (SPEC §4), idempotently.

    Periods that already ended before today (China time at `at`, default now) are left alone; the current
    period's item is created even when its due date has passed (a missed run leaves nothing out). Due dates
    are working days of the plan's calendar; a date in a year without holiday data is flagged
    `due_uncertain`. Rules are read as values in batches of `RULE_BATCH`; each batch costs one key lookup per
    900 keys and one bulk insert that ignores conflicts on the unique source key (a concurrent run cannot
    create a duplicate).
    """
    today = clock.local(at or clock.now()).date()
    schedules = _Schedules(today, until)
    rules = (
        PlanRule.objects.filter(is_active=True, plan__is_active=True, plan__starts_on__lte=until)
        .filter(Q(plan__ends_on__isnull=True) | Q(plan__ends_on__gte=today - dt.timedelta(days=92)))
        .order_by("id")
    )
    rule_count = occurrence_count = created = 0
    last_id = 0
    while True:
        batch = [_Rule(*row) for row in rules.filter(id__gt=last_id).values_list(*_RULE_COLUMNS)[:RULE_BATCH]]
        if not batch:
            break
        last_id = batch[-1].id
        planned = [item for rule in batch for item in _planned_items(rule, schedules)]
        rule_count += len(batch)
        occurrence_count += len(planned)
        with transaction.atomic():
            existing = _existing_keys([p.source_key for p in planned])
            new = [p for p in planned if p.source_key not in existing]
            _insert_new(new, clock.now())
        created += len(new)
    return GenerationResult(until=until, rules=rule_count, occurrences=occurrence_count, created=created)
