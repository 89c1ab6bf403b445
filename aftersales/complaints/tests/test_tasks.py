"""The escalation sweep (`complaints_sweep`, every minute): one tier per run, idempotent, notifying supervisors."""

from __future__ import annotations

import datetime as dt

from aftersales.complaints import services, tasks
from aftersales.complaints.models import Complaint
from aftersales.complaints.tests.conftest import NOW
from aftersales.notifications.models import Notification


def _state() -> tuple:
    return Complaint.objects.values_list("status", "tier", "version").get()


def _escalation_notices() -> list[str]:
    return sorted(Notification.objects.filter(kind="complaint_escalated").values_list("user__username", flat=True))


def test_an_unanswered_complaint_goes_to_a_senior_engineer_once(now, customer, open_complaint, supervisor, expert):
    # given: 7×24, reply within 10 minutes; nobody replied
    complaint = open_complaint(customer)
    at = NOW + dt.timedelta(minutes=11)
    # when
    first = tasks.complaints_sweep(at=at)
    second = tasks.complaints_sweep(at=at)
    # then
    assert (first.examined, first.escalated, first.notified) == (1, 1, 2)
    assert (second.examined, second.escalated, second.notified) == (0, 0, 0)
    assert _state() == ("escalated_senior", 2, 2)
    stored = Complaint.objects.get()
    assert (stored.senior_at, stored.next_escalation_at, stored.breach_at) == (
        at,
        complaint.manager_by,
        complaint.reply_by,
    )
    assert list(stored.events.values_list("action", "actor", "to_status")) == [
        ("create", stored.created_by_id, "received"),
        ("auto_escalate", None, "escalated_senior"),
    ]
    assert _escalation_notices() == ["expert", "supervisor"]
    assert Notification.objects.get(user=supervisor, kind="complaint_escalated").title == (
        f"投诉 {stored.number} 已超时自动升级至高级工程师"
    )


def test_a_long_overdue_complaint_climbs_one_tier_per_sweep(now, customer, open_complaint, supervisor):
    # given: every deadline (10 min, 1 h, 4 h) has passed when the sweep first runs
    open_complaint(customer)
    at = NOW + dt.timedelta(hours=5)
    # when / then
    assert tasks.complaints_sweep(at=at).escalated == 1
    assert _state() == ("escalated_senior", 2, 2)
    assert tasks.complaints_sweep(at=at).escalated == 1
    assert _state() == ("escalated_manager", 3, 3)
    assert tasks.complaints_sweep(at=at).examined == 0
    assert _state() == ("escalated_manager", 3, 3)
    assert Complaint.objects.get().manager_at == at
    assert Notification.objects.filter(kind="complaint_escalated", user=supervisor).count() == 2


def test_a_replied_complaint_waits_for_the_senior_deadline(now, frozen_now, customer, open_complaint, supervisor):
    # given: replied in 5 minutes
    complaint = open_complaint(customer)
    with frozen_now(NOW + dt.timedelta(minutes=5)):
        services.complaint_reply(complaint_id=complaint.pk, actor=supervisor, text="已回复客户")
    # when
    early = tasks.complaints_sweep(at=NOW + dt.timedelta(minutes=59))
    due = tasks.complaints_sweep(at=NOW + dt.timedelta(minutes=60))
    # then
    assert (early.examined, early.escalated) == (0, 0)
    assert (due.examined, due.escalated) == (1, 1)
    assert _state() == ("escalated_senior", 2, 3)


def test_finished_complaints_are_left_alone(now, customer, open_complaint, supervisor):
    # given: resolved within the reply time
    complaint = open_complaint(customer)
    services.complaint_reply(complaint_id=complaint.pk, actor=supervisor, text="已回复")
    services.complaint_resolve(
        complaint_id=complaint.pk, actor=supervisor, root_cause="误解", corrective_action="解释", upheld=False
    )
    # when
    result = tasks.complaints_sweep(at=NOW + dt.timedelta(days=2))
    # then
    assert (result.examined, result.escalated) == (0, 0)
    assert _state() == ("resolved", 1, 3)


def test_the_sweep_defaults_to_now(now, customer, open_complaint, frozen_now):
    # given
    open_complaint(customer)
    # when
    with frozen_now(NOW + dt.timedelta(minutes=10)):
        result = tasks.complaints_sweep()
    # then: due exactly at the reply deadline
    assert result.escalated == 1
