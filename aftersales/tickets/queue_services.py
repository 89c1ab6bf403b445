"""Writes of the agent's desk around the queue (issue 10): saved filters per user, bulk assignment and escalation.

Kept beside `tickets.services` (which holds the request's own lifecycle and edits): each bulk step goes through
`ticket_update` / `ticket_apply_action`, one request at a time in its own transaction, so one refusal (a stale
request, a move not allowed now) does not undo the others; the outcome lists each request's result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode

from django.db import IntegrityError, transaction

from aftersales.accounts import access
from aftersales.accounts.choices import STAFF_ROLES, Role
from aftersales.accounts.models import User
from aftersales.core.errors import DomainError, conflict, invalid, not_found, unknown_reference
from aftersales.tickets import services
from aftersales.tickets.models import SavedFilter, Ticket

MAX_BULK = 200
# the queue's filters that the dashboard's drill-down links set (the page shows them as chips)
DRILL_DOWN = (
    "region_id",
    "customer_id",
    "sla_policy_id",
    "vendor_id",
    "reported_from",
    "reported_to",
    "vendor_name",
    "model_name",
    "category_name",
    "missed",
    "respond_minutes",
    "restore_minutes",
)
MAX_SAVED_FILTERS = 30
SAVED_KEYS = (
    "status",
    "severity",
    "region",
    "tier",
    "breached",
    "due_soon",
    "q",
    "assignee",
    "sort",
    # the management view's drill-down (issue 12): a drilled-down list can be saved as well
    *DRILL_DOWN,
)


def clean_query(query: str) -> str:
    """The filter part of a queue query string (no cursor, no unknown keys), in a stable order."""
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k in SAVED_KEYS]
    return urlencode(sorted(pairs, key=lambda kv: SAVED_KEYS.index(kv[0])))


@transaction.atomic
def saved_filter_create(*, actor: User, name: str, query: str) -> SavedFilter:
    """Save the current queue filter under a name (the same name again replaces it)."""
    access.require(actor, "desk.saved_filters")
    name = name.strip()
    if not name or len(name) > 64:
        raise invalid("filter_name", "请填写名称（最多64字）", "Give the filter a name (64 characters at most)")
    existing = SavedFilter.objects.filter(user=actor, name=name).first()
    if existing is not None:
        existing.query = clean_query(query)
        existing.save(update_fields=["query"])
        return existing
    if SavedFilter.objects.filter(user=actor).count() >= MAX_SAVED_FILTERS:
        raise conflict("too_many_filters", "最多保存30个筛选", "At most 30 saved filters")
    try:
        with transaction.atomic():
            return SavedFilter.objects.create(user=actor, name=name, query=clean_query(query))
    except IntegrityError:
        raise conflict("filter_exists", "同名筛选已存在", "A filter of this name exists") from None


@transaction.atomic
def saved_filter_delete(*, actor: User, saved_filter_id: int) -> None:
    access.require(actor, "desk.saved_filters", saved_filter_id=saved_filter_id)
    deleted, _ = SavedFilter.objects.filter(pk=saved_filter_id, user=actor).delete()
    if not deleted:
        raise not_found("已保存的筛选", "Saved filter")


@dataclass
class BulkOutcome:
    done: list[int] = field(default_factory=list)
    refused: dict[int, DomainError] = field(default_factory=dict)


ASSIGNABLE_ROLES = frozenset(STAFF_ROLES - {Role.WAREHOUSE, Role.CALLBACK})


def ticket_bulk(*, actor: User, ticket_ids: Sequence[int], action: str, assignee_id: int | None = None) -> BulkOutcome:
    """Assign (`assign`, to an active staff user) or escalate (`escalate`) several requests at once."""
    access.require(actor, "desk.bulk")
    ids = list(dict.fromkeys(int(i) for i in ticket_ids))
    if not ids:
        raise invalid("nothing_selected", "请先勾选服务请求", "Select some requests first")
    if len(ids) > MAX_BULK:
        raise invalid("too_many_selected", "一次最多处理200个请求", "At most 200 requests at once")
    if action not in ("assign", "escalate"):
        raise invalid("unknown_action", "未知操作：{action}", "Unknown action: {action}", action=action)
    if (
        action == "assign"
        and not User.objects.filter(pk=assignee_id, is_active=True, role__in=ASSIGNABLE_ROLES).exists()
    ):
        raise unknown_reference("处理人", "Assignee")
    outcome = BulkOutcome()
    versions = dict(Ticket.objects.visible_to(actor).filter(pk__in=ids).values_list("pk", "version"))
    for pk in ids:
        if pk not in versions:
            outcome.refused[pk] = not_found("服务请求", "Ticket")
            continue
        try:
            if action == "assign":
                services.ticket_update(
                    ticket_id=pk, actor=actor, expected_version=versions[pk], assignee_id=assignee_id
                )
            else:
                services.ticket_apply_action(
                    ticket_id=pk, action="escalate", actor=actor, expected_version=versions[pk], note="批量升级"
                )
        except DomainError as exc:
            outcome.refused[pk] = exc
        else:
            outcome.done.append(pk)
    return outcome
