"""Callbacks (回访): scheduled by resolving, recorded once; not resolved reopens, unhappy opens a complaint."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.core.errors import DomainError
from aftersales.followups import services
from aftersales.followups.models import Callback, CallbackAttempt
from aftersales.followups.tests.conftest import china
from aftersales.plans.models import WorkItem
from aftersales.tickets import services as tickets
from aftersales.tickets.models import Ticket, TicketEvent


def _record(callback, actor, **answers):
    values = {"resolved": True, "satisfaction": 5, "courtesy": 5, "remarks": "", "answered_by": "王主任"} | answers
    return services.callback_record(callback_id=callback.pk, actor=actor, **values)


# ------------------------------------------------------------------------------------------- scheduling


@pytest.mark.parametrize(
    ("resolved_at", "due_on"),
    [
        pytest.param(china(2026, 9, 30, 16), dt.date(2026, 10, 8), id="national-day-2026"),
        pytest.param(china(2026, 11, 27, 17, 45), dt.date(2026, 11, 30), id="friday-to-monday"),
        pytest.param(china(2026, 11, 25, 9), dt.date(2026, 11, 26), id="wednesday-to-thursday"),
        pytest.param(china(2026, 10, 9, 11), dt.date(2026, 10, 10), id="to-make-up-saturday"),
        pytest.param(china(2026, 2, 13, 10), dt.date(2026, 2, 14), id="friday-to-make-up-saturday"),
        pytest.param(china(2026, 2, 14, 10), dt.date(2026, 2, 24), id="spring-festival"),
    ],
)
def test_resolving_schedules_the_callback_on_the_next_working_day(resolve, customer, resolved_at, due_on):
    # when
    ticket = resolve(customer, resolved_at)
    # then
    callback = Callback.objects.get(ticket=ticket)
    assert (callback.due_on, callback.status, callback.resolved_at, callback.customer_id) == (
        due_on,
        "pending",
        resolved_at,
        customer.pk,
    )


def test_the_callback_puts_a_work_item_in_the_callback_pool(resolve, customer):
    # when
    ticket = resolve(customer, china(2026, 9, 30, 16))
    # then
    callback = Callback.objects.get(ticket=ticket)
    item = WorkItem.objects.get()
    assert (
        item.source_key,
        item.kind,
        item.role,
        item.assignee_id,
        item.due_on,
        item.ticket_id,
        item.customer_id,
        item.link,
        item.done_at,
    ) == (
        f"callback:{callback.pk}",
        "callback",
        "callback",
        None,
        dt.date(2026, 10, 8),
        ticket.pk,
        customer.pk,
        f"/followups/callbacks/{callback.pk}/",
        None,
    )
    assert item.title == f"回访 {ticket.number} 合肥市第一人民医院信息科：打印服务器无法连接"


def test_scheduling_twice_for_the_same_resolution_changes_nothing(resolve, customer, frozen_now):
    # given
    ticket = resolve(customer, china(2026, 11, 25, 9))
    first = Callback.objects.get(ticket=ticket)
    # when
    with frozen_now(china(2026, 11, 25, 11)):
        again = services.callback_schedule(ticket=Ticket.objects.get(pk=ticket.pk), at=china(2026, 11, 25, 11))
    # then
    assert again.pk == first.pk
    assert (Callback.objects.count(), WorkItem.objects.count()) == (1, 1)


def test_a_request_reopened_and_resolved_again_gets_a_new_callback(resolve, customer, agent, frozen_now):
    # given: resolved on Wednesday, reopened by the customer before the callback, resolved again on Friday
    ticket = resolve(customer, china(2026, 11, 25, 9))
    first = Callback.objects.get(ticket=ticket)
    with frozen_now(china(2026, 11, 26, 9)):
        tickets.ticket_apply_action(ticket_id=ticket.pk, action="reopen", actor=agent)
    # when
    with frozen_now(china(2026, 11, 27, 10)):
        tickets.ticket_apply_action(ticket_id=ticket.pk, action="resolve", actor=agent)
    # then: the first (still pending) is cancelled with its work item; the new one is due on Monday
    callbacks = list(Callback.objects.filter(ticket=ticket).order_by("id").values_list("status", "due_on"))
    assert callbacks == [("cancelled", dt.date(2026, 11, 26)), ("pending", dt.date(2026, 11, 30))]
    second = Callback.objects.exclude(pk=first.pk).get()
    items = list(WorkItem.objects.order_by("id").values_list("source_key", "done_at"))
    assert items == [(f"callback:{first.pk}", china(2026, 11, 27, 10)), (f"callback:{second.pk}", None)]


def test_the_safety_net_schedules_a_missing_callback_once(resolve, customer, now):
    # given: a resolution whose callback is missing (e.g. imported)
    ticket = resolve(customer, china(2026, 11, 24, 10))
    Callback.objects.all().delete()
    WorkItem.objects.all().delete()
    # when
    first, second = services.callbacks_schedule_missing(), services.callbacks_schedule_missing()
    # then
    assert (first, second) == (1, 0)
    assert list(Callback.objects.values_list("ticket_id", "due_on")) == [(ticket.pk, dt.date(2026, 11, 25))]
    assert WorkItem.objects.count() == 1


# -------------------------------------------------------------------------------------------- recording


def test_a_satisfied_answer_finishes_the_callback_and_its_work_item(pending_callback, specialist, now):
    # when
    _record(pending_callback, specialist, satisfaction=4, courtesy=5, remarks="工程师很专业")
    # then
    callback = Callback.objects.get()
    assert (
        callback.status,
        callback.resolved,
        callback.satisfaction,
        callback.courtesy,
        callback.answered_by,
        callback.remarks,
        callback.done_by_id,
        callback.done_at,
        callback.version,
    ) == ("done", True, 4, 5, "王主任", "工程师很专业", specialist.pk, now, 2)
    item = WorkItem.objects.get()
    assert (item.done_at, item.done_by_id, item.result) == (
        now,
        specialist.pk,
        "回访已解决：满意度 4/5，服务态度 5/5，接听人 王主任。工程师很专业",
    )
    event = TicketEvent.objects.filter(ticket_id=callback.ticket_id).order_by("id").last()
    assert (event.action, event.actor_id, event.note) == ("callback", specialist.pk, item.result)
    assert Ticket.objects.get(pk=callback.ticket_id).status == "resolved"
    assert list(CallbackAttempt.objects.values_list("reached", "actor_id")) == [(True, specialist.pk)]


def test_not_resolved_reopens_the_resolved_request(pending_callback, specialist, now):
    # when
    _record(pending_callback, specialist, resolved=False, satisfaction=3, courtesy=4, remarks="打印仍然断开")
    # then
    ticket = Ticket.objects.get(pk=pending_callback.ticket_id)
    assert (ticket.status, ticket.resolved_at) == ("reopened", None)
    reopen = TicketEvent.objects.filter(ticket=ticket).order_by("id").last()
    assert (reopen.action, reopen.from_status, reopen.to_status, reopen.note, reopen.actor_id) == (
        "reopen",
        "resolved",
        "reopened",
        "回访未解决",
        specialist.pk,
    )


def test_not_resolved_reopens_a_closed_request(pending_callback, specialist, agent, now):
    # given
    tickets.ticket_apply_action(ticket_id=pending_callback.ticket_id, action="close", actor=agent)
    # when
    _record(pending_callback, specialist, resolved=False, satisfaction=3, courtesy=3)
    # then
    ticket = Ticket.objects.get(pk=pending_callback.ticket_id)
    assert (ticket.status, ticket.closed_at) == ("reopened", None)


def test_not_resolved_on_a_request_already_being_worked_only_notes_it(pending_callback, specialist, agent, now):
    # given: the customer called again and the request was reopened and dispatched
    tickets.ticket_apply_action(ticket_id=pending_callback.ticket_id, action="reopen", actor=agent)
    tickets.ticket_apply_action(ticket_id=pending_callback.ticket_id, action="dispatch", actor=agent)
    # when
    _record(pending_callback, specialist, resolved=False, satisfaction=3, courtesy=3)
    # then
    ticket = Ticket.objects.get(pk=pending_callback.ticket_id)
    assert ticket.status == "dispatched"
    last = TicketEvent.objects.filter(ticket=ticket).order_by("id").last()
    assert (last.action, last.note) == ("callback", "回访未解决：满意度 3/5，服务态度 3/5，接听人 王主任")


def test_not_resolved_tells_the_requests_assignee(pending_callback, specialist, engineer, now):
    # given
    from aftersales.notifications.models import Notification

    Ticket.objects.filter(pk=pending_callback.ticket_id).update(assignee=engineer)
    # when
    _record(pending_callback, specialist, resolved=False, satisfaction=3, courtesy=3)
    # then
    note = Notification.objects.get(user=engineer)
    assert (note.kind, note.link) == ("callback_unresolved", f"/tickets/{pending_callback.ticket_id}/")


def test_satisfaction_2_opens_a_complaint(pending_callback, specialist, now):
    # when
    _record(pending_callback, specialist, satisfaction=2, courtesy=2, remarks="工程师迟到两小时")
    # then
    from aftersales.complaints.models import Complaint

    complaint = Complaint.objects.get()
    ticket = Ticket.objects.get(pk=pending_callback.ticket_id)
    assert (
        complaint.source,
        complaint.customer_id,
        complaint.ticket_id,
        complaint.callback_id,
        complaint.created_by_id,
    ) == ("callback", ticket.customer_id, ticket.pk, pending_callback.pk, specialist.pk)
    assert complaint.summary == f"{ticket.number} 回访已解决：满意度 2/5，服务态度 2/5，接听人 王主任。工程师迟到两小时"


def test_satisfaction_3_opens_no_complaint(pending_callback, specialist, now):
    # when
    _record(pending_callback, specialist, satisfaction=3, courtesy=1)
    # then
    from aftersales.complaints.models import Complaint

    assert Complaint.objects.count() == 0


def test_three_unanswered_calls_close_the_callback_as_unreachable(pending_callback, specialist, now):
    # when: two unanswered calls
    for _ in range(2):
        services.callback_record(callback_id=pending_callback.pk, actor=specialist, reached=False, remarks="无人接听")
    # then: still pending, its work item open
    callback = Callback.objects.get()
    assert (callback.status, callback.attempts, WorkItem.objects.get().done_at) == ("pending", 2, None)

    # when: the third
    services.callback_record(callback_id=pending_callback.pk, actor=specialist, reached=False, remarks="关机")
    # then
    callback = Callback.objects.get()
    assert (callback.status, callback.attempts, callback.done_by_id, callback.done_at, callback.satisfaction) == (
        "unreachable",
        3,
        specialist.pk,
        now,
        None,
    )
    item = WorkItem.objects.get()
    assert (item.done_at, item.result) == (now, "回访3次未接通，无法联系")
    assert list(CallbackAttempt.objects.values_list("reached", "note")) == [
        (False, "无人接听"),
        (False, "无人接听"),
        (False, "关机"),
    ]
    notes = list(TicketEvent.objects.filter(action="callback").values_list("note", flat=True))
    assert notes == ["回访3次未接通，无法联系"]


def test_a_finished_callback_refuses_another_result_and_stores_nothing(pending_callback, specialist, now):
    # given
    _record(pending_callback, specialist, satisfaction=5)
    # when
    with pytest.raises(DomainError) as refused:
        _record(pending_callback, specialist, satisfaction=1)
    # then
    assert (refused.value.status, refused.value.code) == (409, "callback_finished")
    assert (Callback.objects.get().satisfaction, CallbackAttempt.objects.count()) == (5, 1)


@pytest.mark.parametrize(
    ("answers", "code"),
    [
        pytest.param({"satisfaction": 6}, "invalid_score", id="satisfaction-6"),
        pytest.param({"courtesy": 0}, "invalid_score", id="courtesy-0"),
        pytest.param({"satisfaction": None}, "invalid_score", id="no-satisfaction"),
        pytest.param({"resolved": None}, "resolved_required", id="no-resolved"),
    ],
)
def test_incomplete_or_invalid_answers_are_refused_and_nothing_is_stored(
    pending_callback, specialist, now, answers, code
):
    # when
    with pytest.raises(DomainError) as refused:
        _record(pending_callback, specialist, **answers)
    # then
    assert (refused.value.status, refused.value.code) == (400, code)
    callback = Callback.objects.get()
    assert (callback.status, callback.version, CallbackAttempt.objects.count()) == ("pending", 1, 0)


def test_a_stale_version_is_refused(pending_callback, specialist, now):
    # when
    with pytest.raises(DomainError) as refused:
        services.callback_record(
            callback_id=pending_callback.pk,
            actor=specialist,
            resolved=True,
            satisfaction=5,
            courtesy=5,
            expected_version=7,
        )
    # then
    assert (refused.value.status, refused.value.code, Callback.objects.get().status) == (
        409,
        "stale_version",
        "pending",
    )


@pytest.mark.parametrize(("role", "status"), [("agent", 403), ("engineer", 403), ("customer", 404)])
def test_only_callback_roles_record(pending_callback, make_user, customer, now, role, status):
    # given
    user = make_user(f"u-{role}", role, customer=customer if role == "customer" else None)
    # when
    with pytest.raises(DomainError) as refused:
        _record(pending_callback, user)
    # then
    assert refused.value.status == status
    assert Callback.objects.get().status == "pending"


@pytest.mark.parametrize("role", ["supervisor", "admin"])
def test_supervisors_and_admins_record_too(pending_callback, make_user, now, role):
    # when
    _record(pending_callback, make_user(f"u-{role}", role))
    # then
    assert Callback.objects.get().status == "done"
