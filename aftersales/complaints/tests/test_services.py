"""Complaint services: intake with deadlines on the seeded calendars, work item and notifications, the lifecycle
with its refusals and optimistic concurrency, corrections."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.complaints import services
from aftersales.complaints.models import Complaint, ComplaintEvent
from aftersales.complaints.tests.conftest import NOW, china
from aftersales.core.errors import DomainError
from aftersales.notifications.models import Notification
from aftersales.plans.models import WorkItem


def _notifications(kind: str) -> list[tuple[str, str]]:
    return sorted(Notification.objects.filter(kind=kind).values_list("user__username", "title"))


# ------------------------------------------------------------------------------------------- deadlines


def test_default_policy_gives_a_10_minute_reply_on_7x24(now, customer, open_complaint, policy_7x24):
    # given / when
    complaint = open_complaint(customer)
    # then
    assert complaint.policy_id == policy_7x24.pk
    assert (complaint.reply_by, complaint.senior_by, complaint.manager_by) == (
        NOW + dt.timedelta(minutes=10),
        NOW + dt.timedelta(minutes=60),
        NOW + dt.timedelta(minutes=240),
    )
    assert complaint.deadline_uncertain is False


def test_office_policy_gives_2_working_hours(now, customer, open_complaint, policy_office):
    # given / when: Thursday 10:00
    complaint = open_complaint(customer, policy_id=policy_office.pk)
    # then: reply 12:00, senior one working day later, manager two
    assert (complaint.reply_by, complaint.senior_by, complaint.manager_by) == (
        china(2026, 11, 26, 12, 0),
        china(2026, 11, 27, 10, 0),
        china(2026, 11, 30, 10, 0),
    )


@pytest.mark.parametrize(
    ("received", "reply_by"),
    [
        pytest.param(china(2026, 11, 27, 17, 0), china(2026, 11, 30, 10, 0), id="friday-17:00-monday-10:00"),
        pytest.param(china(2026, 11, 27, 18, 0), china(2026, 11, 30, 10, 30), id="friday-18:00-monday-10:30"),
        pytest.param(china(2026, 9, 30, 17, 0), china(2026, 10, 8, 10, 0), id="national-day-17:00"),
        pytest.param(china(2026, 9, 30, 18, 0), china(2026, 10, 8, 10, 30), id="national-day-after-hours"),
    ],
)
def test_office_reply_deadline_skips_nights_weekends_and_national_day(
    frozen_now, customer, open_complaint, policy_office, received, reply_by
):
    # given: entered afterwards, on 2026-12-01
    with frozen_now(china(2026, 12, 1, 9, 0)):
        # when
        complaint = open_complaint(customer, policy_id=policy_office.pk, received_at=received)
    # then
    assert complaint.reply_by == reply_by
    assert complaint.deadline_uncertain is False


def test_a_deadline_in_a_year_without_holiday_data_is_flagged_uncertain(
    frozen_now, customer, open_complaint, policy_office
):
    # given: New Year's Eve 2026 at 17:00; the holiday table knows 2026 but not 2027
    with frozen_now(china(2027, 1, 5, 9, 0)):
        # when
        complaint = open_complaint(customer, policy_id=policy_office.pk, received_at=china(2026, 12, 31, 17, 0))
    # then
    assert complaint.reply_by == china(2027, 1, 1, 10, 0)
    assert complaint.deadline_uncertain is True
    assert WorkItem.objects.values_list("due_on", "due_uncertain").get() == (dt.date(2027, 1, 1), True)


# ---------------------------------------------------------------------------------------------- intake


def test_opening_puts_it_on_the_supervisors_list_and_tells_them(
    now, customer, open_complaint, supervisor, supervisor2, expert
):
    # given / when
    complaint = open_complaint(customer, details="约好上午9点到场，11点仍未到")
    # then
    stored = Complaint.objects.get()
    assert complaint.number == f"CP-2026-{complaint.pk:06d}"
    assert (stored.source, stored.status, stored.tier, stored.against, stored.created_by.username) == (
        "hotline",
        "received",
        1,
        "company",
        "agent",
    )
    assert stored.breach_at == stored.reply_by
    assert stored.next_escalation_at == stored.reply_by
    item = WorkItem.objects.get()
    assert (item.kind, item.assignee_id, item.role, item.due_on, item.customer_id, item.link, item.source_key) == (
        "complaint",
        None,
        "supervisor",
        dt.date(2026, 11, 26),
        customer.pk,
        f"/complaints/{complaint.pk}/",
        f"complaint:{complaint.pk}",
    )
    title = f"新投诉 {complaint.number}：工程师未按约定时间到场"
    assert _notifications("complaint_opened") == [("supervisor", title), ("supervisor2", title)]
    assert list(ComplaintEvent.objects.values_list("action", "to_status", "actor__username")) == [
        ("create", "received", "agent")
    ]


def test_a_complaint_about_a_request_concerns_its_dispatched_engineer_and_partner(
    now, customer, open_complaint, make_ticket, make_engineer, make_partner, supervisor
):
    # given: the request is dispatched to a partner's engineer
    from aftersales.dispatch.models import Dispatch

    partner = make_partner("阜阳云智电脑公司")
    engineer = make_engineer("yunzhi.li", "李伟", partner=partner)
    ticket = make_ticket(customer)
    Dispatch.objects.create(
        ticket=ticket, engineer=engineer, partner=partner, dispatched_at=NOW, dispatched_by=supervisor
    )
    # when
    complaint = open_complaint(customer, ticket_id=ticket.pk)
    # then
    assert (complaint.ticket_id, complaint.against, complaint.engineer_id, complaint.partner_id) == (
        ticket.pk,
        "engineer",
        engineer.pk,
        partner.pk,
    )
    assert WorkItem.objects.get().ticket_id == ticket.pk


def test_an_engineer_named_at_intake_brings_their_partner(now, customer, open_complaint, make_engineer, make_partner):
    # given
    partner = make_partner("黄山新世纪电脑公司", "黄山市", kind="service")
    engineer = make_engineer("xsj.wang", "王军", partner=partner)
    # when
    complaint = open_complaint(customer, engineer_id=engineer.pk)
    # then
    assert (complaint.against, complaint.engineer_id, complaint.partner_id) == ("engineer", engineer.pk, partner.pk)


def test_a_callback_opens_one_complaint(now, customer, make_user, make_callback):
    # given: the callback specialist records satisfaction 1 on a callback
    specialist = make_user("huifang", "callback")
    callback = make_callback(customer)
    values = {"source": "callback", "customer_id": customer.pk, "summary": "回访：对处理结果很不满意"}
    first = services.complaint_open(actor=specialist, callback_id=callback.pk, details="满意度 1", **values)
    # when: a second complaint names the same callback
    with pytest.raises(DomainError) as error:
        services.complaint_open(actor=specialist, callback_id=callback.pk, **values)
    # then: refused, the first stands alone
    assert (error.value.code, error.value.status) == ("callback_has_complaint", 409)
    assert list(Complaint.objects.values_list("pk", "source", "callback_id", "created_by__username")) == [
        (first.pk, "callback", callback.pk, "huifang")
    ]
    assert WorkItem.objects.count() == 1


def test_a_complaint_names_only_an_existing_callback_of_its_own_customer(
    now, customer, province_customer, make_callback, open_complaint
):
    # given: a callback of another customer, and an id no callback has (yet)
    theirs = make_callback(province_customer)
    for callback_id in (theirs.pk, theirs.pk + 1, 2**63 + 1):
        # when
        with pytest.raises(DomainError) as error:
            open_complaint(customer, source="callback", callback_id=callback_id)
        # then
        assert (error.value.code, error.value.status) == ("unknown_reference", 422)
    assert (Complaint.objects.count(), WorkItem.objects.count(), Notification.objects.count()) == (0, 0, 0)


def test_a_system_callback_without_an_actor_is_accepted(now, customer, make_callback):
    # given / when
    callback = make_callback(customer)
    complaint = services.complaint_open(
        source="callback", customer_id=customer.pk, summary="回访满意度 2", actor=None, callback_id=callback.pk
    )
    # then
    assert (complaint.created_by_id, complaint.status) == (None, "received")
    assert list(ComplaintEvent.objects.values_list("action", "actor")) == [("create", None)]


@pytest.mark.parametrize(
    ("fields", "code", "status"),
    [
        pytest.param({"source": "fax"}, "invalid_source", 400, id="source"),
        pytest.param({"summary": "  "}, "summary_required", 400, id="summary"),
        pytest.param({"received_at": NOW + dt.timedelta(minutes=1)}, "received_in_future", 400, id="future"),
        pytest.param({"engineer_id": 999999}, "unknown_reference", 422, id="engineer"),
        pytest.param({"partner_id": 999999}, "unknown_reference", 422, id="partner"),
        pytest.param({"policy_id": 999999}, "unknown_reference", 422, id="policy"),
        pytest.param({"ticket_id": 999999}, "unknown_reference", 422, id="ticket"),
    ],
)
def test_bad_intake_is_refused_and_nothing_is_stored(now, customer, open_complaint, fields, code, status):
    # given / when
    with pytest.raises(DomainError) as error:
        open_complaint(customer, **fields)
    # then
    assert (error.value.code, error.value.status) == (code, status)
    assert (Complaint.objects.count(), WorkItem.objects.count(), Notification.objects.count()) == (0, 0, 0)


def test_a_customer_user_complains_only_about_its_own_organisation(
    now, customer, province_customer, make_user, make_ticket
):
    # given
    user = make_user("yiyuan", "customer", customer=customer)
    foreign_ticket = make_ticket(province_customer)
    # when
    with pytest.raises(DomainError) as foreign_customer:
        services.complaint_open(source="portal", customer_id=province_customer.pk, summary="x", actor=user)
    with pytest.raises(DomainError) as foreign_request:
        services.complaint_open(
            source="portal", customer_id=customer.pk, summary="x", actor=user, ticket_id=foreign_ticket.pk
        )
    own = services.complaint_open(source="hotline", customer_id=customer.pk, summary="报修后无人联系", actor=user)
    # then
    assert (foreign_customer.value.status, foreign_request.value.status) == (422, 422)
    assert list(Complaint.objects.values_list("pk", "source")) == [(own.pk, "portal")]


# ------------------------------------------------------------------------------------------- lifecycle


def test_reply_escalate_resolve_close(now, frozen_now, customer, open_complaint, supervisor, expert):
    # given
    complaint = open_complaint(customer)
    # when
    with frozen_now(NOW + dt.timedelta(minutes=5)):
        services.complaint_reply(
            complaint_id=complaint.pk, actor=supervisor, text="已致电客户致歉，今天下午安排工程师", expected_version=1
        )
    with frozen_now(NOW + dt.timedelta(minutes=30)):
        services.complaint_escalate(
            complaint_id=complaint.pk,
            actor=supervisor,
            expected_version=2,
            handler_id=expert.pk,
            note="客户要求更高级工程师",
        )
    with frozen_now(NOW + dt.timedelta(hours=3)):
        services.complaint_resolve(
            complaint_id=complaint.pk,
            actor=expert,
            root_cause="派工时未核对工程师日程",
            corrective_action="派工前确认工程师行程并短信告知客户",
            upheld=True,
            expected_version=3,
        )
        services.complaint_close(complaint_id=complaint.pk, actor=supervisor, satisfaction=4, expected_version=4)
    # then
    stored = Complaint.objects.get()
    assert (stored.status, stored.tier, stored.version, stored.handler_id, stored.is_upheld, stored.satisfaction) == (
        "closed",
        2,
        5,
        expert.pk,
        True,
        4,
    )
    assert (stored.replied_at, stored.senior_at, stored.resolved_at, stored.closed_at) == (
        NOW + dt.timedelta(minutes=5),
        NOW + dt.timedelta(minutes=30),
        NOW + dt.timedelta(hours=3),
        NOW + dt.timedelta(hours=3),
    )
    assert (stored.breach_at, stored.next_escalation_at) == (None, None)
    assert list(stored.events.values_list("action", "from_status", "to_status")) == [
        ("create", "", "received"),
        ("reply", "received", "replied"),
        ("escalate", "replied", "escalated_senior"),
        ("resolve", "escalated_senior", "resolved"),
        ("close", "resolved", "closed"),
    ]
    assert WorkItem.objects.get().done_at == NOW + dt.timedelta(hours=3)
    title = f"投诉 {stored.number} 已升级至高级工程师"
    assert _notifications("complaint_escalated") == [("expert", title), ("supervisor", title)]


@pytest.mark.parametrize(
    ("steps", "action", "code"),
    [
        pytest.param([], "close", "transition_not_allowed", id="close-received"),
        pytest.param([], "resolve", "transition_not_allowed", id="resolve-received"),
        pytest.param(["reply"], "reply", "already_replied", id="reply-twice"),
        pytest.param(["escalate"], "resolve", "reply_first", id="resolve-unreplied"),
        pytest.param(["escalate", "escalate"], "escalate", "top_tier", id="escalate-top"),
    ],
)
def test_moves_outside_the_table_are_409_and_write_nothing(
    now, customer, open_complaint, supervisor, steps, action, code
):
    # given
    complaint = open_complaint(customer)
    for step in steps:
        services.complaint_apply_action(complaint_id=complaint.pk, action=step, actor=supervisor, text="已回复")
    before = Complaint.objects.values().get()
    events = ComplaintEvent.objects.count()
    # when
    with pytest.raises(DomainError) as error:
        services.complaint_apply_action(
            complaint_id=complaint.pk,
            action=action,
            actor=supervisor,
            text="x",
            root_cause="x",
            corrective_action="x",
            upheld=False,
        )
    # then
    assert (error.value.status, error.value.code) == (409, code)
    assert Complaint.objects.values().get() == before
    assert ComplaintEvent.objects.count() == events


def test_refusal_message_names_the_status_in_both_languages(now, customer, open_complaint, supervisor):
    # given
    complaint = open_complaint(customer)
    # when
    with pytest.raises(DomainError) as error:
        services.complaint_close(complaint_id=complaint.pk, actor=supervisor)
    # then
    assert error.value.message_zh == "当前状态“已受理”不允许“关闭”"
    assert error.value.message_en == "Action 'close' is not allowed in status 'received'"


def test_a_stale_version_is_409_and_writes_nothing(now, customer, open_complaint, supervisor, supervisor2):
    # given: two supervisors loaded version 1; the first replies
    complaint = open_complaint(customer)
    services.complaint_reply(complaint_id=complaint.pk, actor=supervisor, text="已回复客户", expected_version=1)
    before = Complaint.objects.values().get()
    # when: the second escalates based on version 1
    with pytest.raises(DomainError) as error:
        services.complaint_escalate(complaint_id=complaint.pk, actor=supervisor2, expected_version=1)
    # then
    assert (error.value.status, error.value.code) == (409, "stale_version")
    assert error.value.message_en.startswith("The record changed since you loaded it (you had version 1, it is now 2)")
    assert Complaint.objects.values().get() == before


@pytest.mark.parametrize(
    ("action", "fields", "code"),
    [
        pytest.param("reply", {"text": " "}, "reply_text_required", id="reply-empty"),
        pytest.param(
            "resolve",
            {"root_cause": "", "corrective_action": "x", "upheld": True},
            "root_cause_required",
            id="no-root-cause",
        ),
        pytest.param(
            "resolve", {"root_cause": "x", "corrective_action": "x", "upheld": None}, "upheld_required", id="no-upheld"
        ),
        pytest.param("launch", {}, "unknown_action", id="unknown"),
    ],
)
def test_actions_need_their_input(now, customer, open_complaint, supervisor, action, fields, code):
    # given
    complaint = open_complaint(customer)
    if action == "resolve":
        services.complaint_reply(complaint_id=complaint.pk, actor=supervisor, text="已回复")
    before = Complaint.objects.values().get()
    # when
    with pytest.raises(DomainError) as error:
        services.complaint_apply_action(complaint_id=complaint.pk, action=action, actor=supervisor, **fields)
    # then
    assert (error.value.status, error.value.code) == (400, code)
    assert Complaint.objects.values().get() == before


def test_only_handlers_act_on_complaints(now, customer, open_complaint, make_user):
    # given
    complaint = open_complaint(customer)
    engineer = make_user("eng", "engineer")
    # when
    with pytest.raises(DomainError) as error:
        services.complaint_reply(complaint_id=complaint.pk, actor=engineer, text="我来回复")
    # then
    assert error.value.status == 403
    assert Complaint.objects.get().status == "received"


def test_correcting_whom_it_is_against_is_recorded(
    now, customer, open_complaint, supervisor, make_engineer, make_partner
):
    # given
    complaint = open_complaint(customer)
    partner = make_partner("阜阳云智电脑公司")
    # when
    services.complaint_update(
        complaint_id=complaint.pk, actor=supervisor, expected_version=1, partner_id=partner.pk, severity=1
    )
    # then
    stored = Complaint.objects.get()
    assert (stored.against, stored.partner_id, stored.engineer_id, stored.severity, stored.version) == (
        "partner",
        partner.pk,
        None,
        1,
        2,
    )
    assert stored.events.last().action == "update"


def test_editing_a_policy_in_the_admin_moves_its_open_complaints_and_their_work_items(
    now, customer, open_complaint, policy_7x24, admin_client, supervisor
):
    # given an open complaint and a closed one on the 10-minute policy
    complaint = open_complaint(customer)
    closed = open_complaint(customer, summary="已处理的投诉")
    services.complaint_reply(complaint_id=closed.pk, actor=supervisor, text="已致电客户")
    services.complaint_resolve(
        complaint_id=closed.pk,
        actor=supervisor,
        root_cause="预约未确认",
        corrective_action="改为提前一天确认",
        upheld=True,
    )
    closed.refresh_from_db()
    # when the policy is given 30 minutes to reply, through the admin's change form
    from aftersales.sla.tests.test_admin import form_data

    url = f"/admin/complaints/complaintpolicy/{policy_7x24.pk}/change/"
    data = form_data(admin_client.get(url)) | {"reply_minutes": "30"}
    response = admin_client.post(url, data)
    # then the open complaint's deadline, version and work item moved; the closed one kept its own
    assert response.status_code == 302
    complaint_after = Complaint.objects.get(pk=complaint.pk)
    assert complaint_after.reply_by == NOW + dt.timedelta(minutes=30)
    assert complaint_after.version == complaint.version + 1
    assert complaint_after.next_escalation_at is not None
    assert Complaint.objects.get(pk=closed.pk).reply_by == closed.reply_by
    item = WorkItem.objects.get(source_key=services.work_item_key(complaint.pk))
    assert item.due_on == (NOW + dt.timedelta(minutes=30)).astimezone(china(2026, 1, 1).tzinfo).date()


# ---- who may: the access table (complaints.create / .attribute / .handle), asked by the services themselves


@pytest.mark.parametrize("role", ["engineer", "warehouse"])
def test_only_the_complaint_desk_and_callback_staff_take_complaints(now, customer, make_user, role):
    with pytest.raises(DomainError) as error:
        services.complaint_open(source="hotline", customer_id=customer.pk, summary="态度差", actor=make_user("u", role))
    assert error.value.status == 403
    assert not Complaint.objects.exists()
    taken = services.complaint_open(
        source="hotline", customer_id=customer.pk, summary="态度差", actor=make_user("cb", "callback")
    )
    assert taken.customer_id == customer.pk


def test_a_customer_user_complains_about_its_own_organisation_only_without_naming_parties(
    now, customer, province_customer, make_user, make_engineer, django_assert_num_queries
):
    user = make_user("cu", "customer", customer=customer)
    with pytest.raises(DomainError) as error, django_assert_num_queries(0):
        services.complaint_open(source="portal", customer_id=province_customer.pk, summary="慢", actor=user)
    assert error.value.code == "unknown_reference"
    with pytest.raises(DomainError) as error:
        services.complaint_open(
            source="portal", customer_id=customer.pk, summary="慢", actor=user, engineer_id=make_engineer("w").pk
        )
    assert error.value.status == 403
    assert not Complaint.objects.exists()
    assert (
        services.complaint_open(source="hotline", customer_id=customer.pk, summary="慢", actor=user).source == "portal"
    )
