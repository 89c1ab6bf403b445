"""One complaint as plain data for the API and the pages: deadlines in China time, lateness read now."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aftersales.complaints.choices import DONE
from aftersales.complaints.models import Complaint, ComplaintEvent
from aftersales.complaints.policy import deadlines as deadline_policy
from aftersales.complaints.policy import lifecycle
from aftersales.core import clock


def _local(at: dt.datetime | None) -> dt.datetime | None:
    return clock.local(at) if at is not None else None


def overdue_names(complaint: Complaint, at: dt.datetime) -> list[str]:
    """The deadlines (reply, senior, manager) passed at `at` without their event; none once finished."""
    if complaint.status in DONE:
        return []
    deadlines = deadline_policy.Deadlines(
        reply_by=complaint.reply_by,
        senior_by=complaint.senior_by,
        manager_by=complaint.manager_by,
        uncertain=complaint.deadline_uncertain,
    )
    return list(
        deadline_policy.overdue_names(
            deadlines, tier=lifecycle.Tier(complaint.tier), replied=complaint.replied_at is not None, at=at
        )
    )


def next_deadline(complaint: Complaint) -> tuple[str, dt.datetime] | None:
    """The deadline the list counts down to: the reply until replied, then the next tier's; none once finished."""
    if complaint.status in DONE:
        return None
    if complaint.replied_at is None:
        return "reply", complaint.reply_by
    if complaint.tier < lifecycle.Tier.SENIOR:
        return "senior", complaint.senior_by
    if complaint.tier < lifecycle.Tier.MANAGER:
        return "manager", complaint.manager_by
    return None


def allowed_actions(complaint: Complaint) -> list[str]:
    state = lifecycle.State(complaint.status)
    return [a.value for a in lifecycle.allowed_actions(state, replied=complaint.replied_at is not None)]


def complaint_data(
    complaint: Complaint, *, at: dt.datetime | None = None, for_customer: bool = False
) -> dict[str, Any]:
    """The complaint's fields, its deadlines and which of them are overdue at `at` (default now).

    For a customer user the internal assessment fields (upheld, handler, callback) are left out and no
    action is offered.
    """
    at = at or clock.now()
    upcoming = next_deadline(complaint)
    data = {
        "id": complaint.pk,
        "number": complaint.number,
        "source": complaint.source,
        "customer_id": complaint.customer_id,
        "customer_name": complaint.customer.name,
        "ticket_id": complaint.ticket_id,
        "callback_id": complaint.callback_id,
        "against": complaint.against,
        "engineer_id": complaint.engineer_id,
        "engineer_name": complaint.engineer.display_name if complaint.engineer_id else None,
        "partner_id": complaint.partner_id,
        "partner_name": complaint.partner.name if complaint.partner_id else None,
        "summary": complaint.summary,
        "details": complaint.details,
        "severity": complaint.severity,
        "status": complaint.status,
        "tier": complaint.tier,
        "policy": complaint.policy.name,
        "handler_id": complaint.handler_id,
        "received_at": _local(complaint.received_at),
        "deadlines": {
            "reply_by": _local(complaint.reply_by),
            "senior_by": _local(complaint.senior_by),
            "manager_by": _local(complaint.manager_by),
        },
        "deadline_uncertain": complaint.deadline_uncertain,
        "overdue": overdue_names(complaint, at),
        "next_deadline": upcoming[0] if upcoming else None,
        "next_deadline_at": _local(upcoming[1]) if upcoming else None,
        "replied_at": _local(complaint.replied_at),
        "reply_text": complaint.reply_text,
        "senior_at": _local(complaint.senior_at),
        "manager_at": _local(complaint.manager_at),
        "resolved_at": _local(complaint.resolved_at),
        "root_cause": complaint.root_cause,
        "corrective_action": complaint.corrective_action,
        "upheld": complaint.is_upheld,
        "closed_at": _local(complaint.closed_at),
        "satisfaction": complaint.satisfaction,
        "allowed_actions": allowed_actions(complaint),
        "created_at": _local(complaint.created_at),
        "version": complaint.version,
    }
    if for_customer:
        data.update(upheld=None, handler_id=None, callback_id=None, allowed_actions=[])
    return data


def event_data(event: ComplaintEvent) -> dict[str, Any]:
    return {
        "action": event.action,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "tier": event.tier,
        "actor": event.actor.username if event.actor_id else None,
        "at": _local(event.at),
        "recorded_at": _local(event.recorded_at),
        "note": event.note,
    }
