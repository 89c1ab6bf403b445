"""API: each person's day of work items (我的一天), completing them, the overdue report, reassignment of an
absent person's work, and service plans.

Mounted at /api/v1/ with full paths. Staff and partner engineers have a day; customers get 403. An item the user
may not act on is a 404. The overdue report, reassignment and plan configuration need a supervisor or admin.
"""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Status

from aftersales.core import clock
from aftersales.core.errors import forbidden
from aftersales.core.pagination import paginate
from aftersales.core.schemas import ERRORS, ParamDate, ParamText
from aftersales.plans import selectors, services
from aftersales.plans.choices import PLAN_ROLES, PlanRuleKind
from aftersales.plans.models import ServicePlan, WorkItem
from aftersales.plans.schemas import (
    MyDayOut,
    OverdueOut,
    ReassignIn,
    ReassignOut,
    ServicePlanIn,
    ServicePlanOut,
    ServicePlanPage,
    WorkItemCompleteIn,
    WorkItemOut,
)

router = Router(tags=["plans"])


def work_item_out(item: WorkItem, on: dt.date) -> dict:
    return {
        "id": item.pk,
        "kind": item.kind,
        "kind_label": item.get_kind_display(),
        "title": item.title,
        "due_on": item.due_on,
        "due_uncertain": item.due_uncertain,
        "is_overdue": item.done_at is None and item.due_on < on,
        "assignee_id": item.assignee_id,
        "assignee": selectors.person_name(item.assignee) if item.assignee_id and item.assignee else None,
        "role": item.role,
        "customer_id": item.customer_id,
        "customer_name": item.customer.name if item.customer_id and item.customer else None,
        "ticket_id": item.ticket_id,
        "link": item.link,
        "done_at": clock.local(item.done_at) if item.done_at else None,
        "done_by_id": item.done_by_id,
        "result": item.result,
    }


def plan_out(plan: ServicePlan) -> dict:
    return {
        "id": plan.pk,
        "name": plan.name,
        "customer_id": plan.customer_id,
        "customer_name": plan.customer.name,
        "contract_id": plan.contract_id,
        "contract_number": plan.contract.number if plan.contract_id else None,
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
        "calendar_id": plan.calendar_id,
        "is_active": plan.is_active,
        "notes": plan.notes,
        "rules": [
            {
                "id": r.pk,
                "kind": r.kind,
                "kind_label": PlanRuleKind(r.kind).label,
                "day_of_month": r.day_of_month,
                "month_of_period": r.month_of_period,
                "assignee_id": r.assignee_id,
                "role": r.role,
                "asset_id": r.asset_id,
                "anchor_on": r.anchor_on,
                "is_active": r.is_active,
            }
            for r in plan.rules.all()
        ],
    }


def _has_a_day(user) -> None:
    if user.is_customer_user:
        raise forbidden()


def _supervising(user) -> None:
    if not selectors.can_supervise(user):
        raise forbidden()


@router.get("/my-day", response={200: MyDayOut, **ERRORS}, operation_id="get_my_day")
def get_my_day(request, on: ParamDate | None = None):
    """The user's open work items (and its role pool's) due on or before `on` (default today, China time),
    overdue ones flagged, plus the next 7 days and what the user completed that day."""
    _has_a_day(request.user)
    day = selectors.my_day(request.user, on=on)
    return {
        "on": day.on,
        "overdue_count": day.overdue_count,
        "due": [work_item_out(i, day.on) for i in day.due],
        "upcoming": [work_item_out(i, day.on) for i in day.upcoming],
        "done_today": [work_item_out(i, day.on) for i in day.done_today],
    }


@router.post("/work-items/{item_id}/complete", response={200: WorkItemOut, **ERRORS}, operation_id="complete_work_item")
def complete_work_item(request, item_id: int, payload: WorkItemCompleteIn):
    """Mark the item done with a result note; 409 when it is done already."""
    _has_a_day(request.user)
    selectors.work_item_get(request.user, item_id)
    services.work_item_complete(item_id=item_id, actor=request.user, result=payload.result.strip())
    return work_item_out(selectors.work_item_get(request.user, item_id), clock.today())


@router.get("/work-items/overdue", response={200: OverdueOut, **ERRORS}, operation_id="list_overdue_work_items")
def list_overdue_work_items(request, on: ParamDate | None = None):
    """Overdue open items (due before `on`, default today) counted per person and kind, and the oldest 500."""
    _supervising(request.user)
    report = selectors.overdue_report(on=on)
    return {
        "on": report.on,
        "total": report.total,
        "by_person": [{**r.__dict__, "assignee": r.assignee_name} for r in report.rows],
        "items": [work_item_out(i, report.on) for i in report.items],
    }


@router.post("/work-items/reassign", response={200: ReassignOut, **ERRORS}, operation_id="reassign_work_items")
def reassign_work_items(request, payload: ReassignIn):
    """Hand every open item of an absent person (optionally of some kinds only) to another in one step."""
    _supervising(request.user)
    moved = services.work_items_reassign(
        from_user_id=payload.from_user_id, to_user_id=payload.to_user_id, actor=request.user, kinds=tuple(payload.kinds)
    )
    return {"moved": moved}


@router.post("/service-plans", response={201: ServicePlanOut, **ERRORS}, operation_id="create_service_plan")
def create_service_plan(request, payload: ServicePlanIn):
    """Attach a service plan with its rules to a contract or a customer; the daily job generates its work."""
    if not request.user.has_role(*PLAN_ROLES):
        raise forbidden()
    fields = payload.model_dump()
    rules = [services.RuleSpec(**rule) for rule in fields.pop("rules")]
    plan = services.service_plan_create(actor=request.user, rules=rules, **fields)
    return Status(201, plan_out(selectors.service_plan_get(plan.pk)))


@router.get("/service-plans", response={200: ServicePlanPage, **ERRORS}, operation_id="list_service_plans")
def list_service_plans(
    request, customer_id: int | None = None, cursor: ParamText | None = None, limit: int = Query(50, ge=1, le=200)
):
    """Service plans with their rules, oldest first; staff only."""
    if not request.user.is_staff_member and not request.user.is_superuser:
        raise forbidden()
    page = paginate(selectors.service_plan_list(customer_id=customer_id), ordering=["id"], cursor=cursor, limit=limit)
    return {"items": [plan_out(p) for p in page.items], "next_cursor": page.next_cursor}


@router.get("/service-plans/{plan_id}", response={200: ServicePlanOut, **ERRORS}, operation_id="get_service_plan")
def get_service_plan(request, plan_id: int):
    if not request.user.is_staff_member and not request.user.is_superuser:
        raise forbidden()
    return plan_out(selectors.service_plan_get(plan_id))
