"""Writes of work items. Other apps call `work_item_create` to put work on someone's "my day" list."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction

from aftersales.core import clock
from aftersales.core.errors import conflict, not_found
from aftersales.plans.models import WorkItem


def work_item_create(
    *, source_key: str, kind: str, title: str, due_on: dt.date, assignee_id: int | None = None, role: str = "",
    customer_id: int | None = None, ticket_id: int | None = None, link: str = "",
) -> tuple[WorkItem, bool]:
    """Create the work item for `source_key` once; a second call returns the existing one (idempotent)."""
    existing = WorkItem.objects.filter(source_key=source_key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            item = WorkItem.objects.create(
                source_key=source_key, kind=kind, title=title[:200], due_on=due_on, assignee_id=assignee_id,
                role=role, customer_id=customer_id, ticket_id=ticket_id, link=link,
            )
    except IntegrityError:
        return WorkItem.objects.get(source_key=source_key), False
    return item, True


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
    """Hand all open work items of an absent person to another in one step (篇8: 指定人员不在时由主管重新分配)."""
    qs = WorkItem.objects.filter(assignee_id=from_user_id, done_at__isnull=True)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return qs.update(assignee_id=to_user_id)
