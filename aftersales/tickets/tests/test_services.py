"""Ticket services on the real database: intake, pauses, policies, the escalation sweep."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from django.core import mail

from aftersales.core import clock
from aftersales.core.errors import DomainError
from aftersales.customers.models import Contract
from aftersales.notifications.models import Notification
from aftersales.sla.models import Calendar, CalendarHours, HolidayYear, SlaPolicy, SlaTarget
from aftersales.tickets import selectors, services
from aftersales.tickets.models import EscalationBatch, EscalationNotice, Ticket, TicketEvent

pytestmark = pytest.mark.django_db
CST = dt.timezone(dt.timedelta(hours=8))


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=CST)


def create(actor, customer, *, reported="2026-11-20 09:00", severity=2, **extra):
    with clock.frozen(at(reported)):
        return services.ticket_create(
            actor=actor,
            customer_id=customer.pk,
            channel="phone",
            severity=severity,
            title="服务器RAID阵列降级",
            **extra,
        ).ticket


def fail_the_second_batch(monkeypatch) -> list[list[int]]:
    """Make the sweep's second batch fail (as a lost connection would); returns the batches begun, in order."""
    escalate, begun = services._escalate_batch, []

    def second_fails(ids, at):
        begun.append(ids)
        if len(begun) == 2:
            raise RuntimeError("the database went away")
        return escalate(ids, at)

    monkeypatch.setattr(services, "_escalate_batch", second_fails)
    return begun


def act(ticket, action, actor, when, **extra):
    with clock.frozen(at(when)):
        return services.ticket_apply_action(ticket_id=ticket.pk, action=action, actor=actor, **extra)


def test_waiting_for_the_customer_pushes_deadlines_back_by_the_pause(agent, customer):
    # given a class-2 request at 09:00: restore by 13:00
    ticket = create(agent, customer)
    act(ticket, "respond", agent, "2026-11-20 09:05")
    # when it waits for the customer from 10:00 to 11:30
    act(ticket, "wait_customer", agent, "2026-11-20 10:00")
    paused = Ticket.objects.get()
    resumed = act(ticket, "resume", agent, "2026-11-20 11:30")
    # then
    assert paused.next_escalation_at is None
    # escalate_by (09:30) had passed before the pause; restore_by (13:00) cannot breach during it
    assert services.clock_state(paused, at("2026-11-20 14:00")).breached == ("escalate",)
    assert resumed.status == "responded"
    assert clock.local(resumed.restore_by) == at("2026-11-20 14:30")
    assert clock.local(resumed.respond_by) == at("2026-11-20 09:10")
    assert resumed.pauses == [["2026-11-20T02:00:00+00:00", "2026-11-20T03:30:00+00:00"]]


def test_intake_writes_the_request_alone_and_its_row_is_the_first_timeline_line(agent, customer):
    # when a class 2 and a class 1 request are taken, the first reported by phone a quarter of an hour ago
    with clock.frozen(at("2026-11-20 09:15")):
        intake = services.ticket_create(
            actor=agent,
            customer_id=customer.pk,
            channel="phone",
            severity=2,
            title="服务器RAID阵列降级",
            reported_at=at("2026-11-20 09:00"),
        )
    urgent = create(agent, customer, reported="2026-11-20 09:20", severity=1)
    ticket = Ticket.objects.select_related("created_by").get(pk=intake.ticket.pk)
    # then a request that stays at the desk is one row: its received line is made from that row
    assert not TicketEvent.objects.filter(ticket=ticket).exists()
    [received] = selectors.ticket_events(ticket)
    assert (received.action, received.from_status, received.to_status, received.tier) == ("create", "", "received", 1)
    assert (received.actor, received.at, received.recorded_at) == (agent, at("2026-11-20 09:00"), ticket.created_at)
    # and what intake answered about its clocks is what the stored row says
    assert intake.state == services.clock_state(ticket, at("2026-11-20 09:15"))
    assert (ticket.breach_at, ticket.due_at) == (intake.state.breach_at, intake.state.due_at)
    for taken in (ticket, Ticket.objects.get(pk=urgent.pk)):  # stored as every later write derives them
        again = copy.copy(taken)
        services.settle_lateness(again, recompute_deadlines=True)
        assert (again.breach_at, again.due_at, again.next_escalation_at) == (
            taken.breach_at,
            taken.due_at,
            taken.next_escalation_at,
        )
        assert taken.next_escalation_at is not None
    # a class 1 request climbs to the expert group at intake, and that climb is a line of its own
    urgent = Ticket.objects.select_related("created_by").get(pk=urgent.pk)
    assert [(e.action, e.tier, e.at) for e in selectors.ticket_events(urgent)] == [
        ("create", 1, at("2026-11-20 09:20")),
        ("auto_escalate", 2, at("2026-11-20 09:20")),
    ]


def test_action_times_must_follow_the_timeline(agent, customer):
    ticket = create(agent, customer)
    act(ticket, "respond", agent, "2026-11-20 09:30")
    with pytest.raises(DomainError) as refused:
        act(ticket, "dispatch", agent, "2026-11-20 10:00", at=at("2026-11-20 09:20"))
    assert refused.value.code == "action_before_last"
    assert Ticket.objects.get().status == "responded"
    assert TicketEvent.objects.count() == 1  # "respond" (the received line is the row)


def test_reopening_clears_resolution_and_keeps_history(agent, customer):
    ticket = create(agent, customer)
    for action, when in [
        ("respond", "09:05"),
        ("restore", "10:00"),
        ("resolve", "10:30"),
        ("close", "11:00"),
        ("reopen", "12:00"),
    ]:
        ticket = act(ticket, action, agent, f"2026-11-20 {when}")
    assert ticket.status == "reopened"
    assert ticket.restored_at is None
    assert ticket.closed_at is None
    assert ticket.responded_at == at("2026-11-20 09:05")
    assert [e.action for e in selectors.ticket_events(ticket)] == [
        "create",
        "respond",
        "restore",
        "resolve",
        "close",
        "reopen",
    ]


def test_the_most_specific_policy_wins(agent, customer, asset):
    # given a customer policy and a contract policy on the asset
    default = SlaPolicy.objects.get(is_default=True)
    customer_policy = SlaPolicy.objects.create(name="客户协议", calendar=default.calendar)
    SlaTarget.objects.create(policy=customer_policy, severity=2, respond_minutes=20)
    contract_policy = SlaPolicy.objects.create(name="合同协议", calendar=default.calendar)
    SlaTarget.objects.create(policy=contract_policy, severity=2, respond_minutes=30)
    customer.sla_policy = customer_policy
    customer.save()
    contract = Contract.objects.create(
        customer=customer,
        number="HT-2026-01",
        name="维保合同",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        sla_policy=contract_policy,
    )
    asset.contract = contract
    asset.save()
    # when
    without_asset = create(agent, customer)
    with_asset = create(agent, customer, asset_id=asset.pk)
    # then
    assert clock.local(without_asset.respond_by) == at("2026-11-20 09:20")
    assert clock.local(with_asset.respond_by) == at("2026-11-20 09:30")
    assert with_asset.sla_policy_id == contract_policy.pk


def test_a_deadline_in_a_year_without_holiday_data_is_flagged(agent, customer):
    # given an office-hours policy; the holiday table knows up to 2026 only
    office = Calendar.objects.get(name__startswith="工作时间")
    policy = SlaPolicy.objects.create(name="工作时间协议", calendar=office)
    SlaTarget.objects.create(policy=policy, severity=3, respond_minutes=60, restore_minutes=8 * 60 * 5)
    customer.sla_policy = policy
    customer.save()
    assert not HolidayYear.objects.filter(year=2027).exists()
    # when a request on 2026-12-30 runs into 2027
    late = create(agent, customer, reported="2026-12-30 16:00", severity=3)
    early = create(agent, customer, reported="2026-11-20 09:00", severity=3)
    # then
    assert late.deadline_uncertain is True
    assert early.deadline_uncertain is False


def test_office_hours_skip_the_national_day_holiday(agent, customer):
    office = Calendar.objects.get(name__startswith="工作时间")
    assert CalendarHours.objects.filter(calendar=office).count() == 5
    policy = SlaPolicy.objects.create(name="工作时间协议", calendar=office)
    SlaTarget.objects.create(policy=policy, severity=3, respond_minutes=240)
    customer.sla_policy = policy
    customer.save()
    ticket = create(agent, customer, reported="2026-09-30 16:30", severity=3)
    assert clock.local(ticket.respond_by) == at("2026-10-08 11:30")


def test_open_requests_for_the_same_asset_are_linked(agent, customer, asset):
    first = create(agent, customer, asset_id=asset.pk)
    with clock.frozen(at("2026-11-20 10:00")):
        intake = services.ticket_create(
            actor=agent,
            customer_id=customer.pk,
            asset_id=asset.pk,
            channel="email",
            severity=3,
            title="同一台服务器再次告警",
        )
    assert intake.duplicates == [first.pk]
    assert intake.ticket.duplicate_of_id == first.pk


def test_the_sweep_escalates_one_tier_at_a_time_and_notifies(
    agent, customer, make_user, django_capture_on_commit_callbacks
):
    # given a class-2 request at 09:00: expert group at 09:30, vendor at 13:00, leadership at 17:00
    expert = make_user("wang.expert", "expert")
    supervisor = make_user("zhao.supervisor", "supervisor")
    ticket = create(agent, customer)
    act(ticket, "respond", agent, "2026-11-20 09:05")
    version = Ticket.objects.get().version
    # when sweeps run late in the day
    with django_capture_on_commit_callbacks(execute=True):
        first = services.sla_sweep(at=at("2026-11-20 18:00"))
        second = services.sla_sweep(at=at("2026-11-20 18:01"))
        third = services.sla_sweep(at=at("2026-11-20 18:02"))
        fourth = services.sla_sweep(at=at("2026-11-20 18:03"))
    # then one step per sweep, then nothing left
    assert (first.escalated, second.escalated, third.escalated, fourth.escalated) == (1, 1, 1, 0)
    ticket = Ticket.objects.get()
    assert ticket.tier == 4
    assert ticket.next_escalation_at is None
    assert ticket.escalated_at == at("2026-11-20 09:30")
    assert ticket.version == version + 3  # every climb is a new version: an edit based on the old one is refused
    climbs = TicketEvent.objects.filter(action="auto_escalate")
    assert list(climbs.values_list("tier", "at", "from_status", "to_status", "actor")) == [
        (2, at("2026-11-20 09:30"), "responded", "responded", None),
        (3, at("2026-11-20 13:00"), "responded", "responded", None),
        (4, at("2026-11-20 17:00"), "responded", "responded", None),
    ]
    assert all(event.changes == {} and "automatically" in event.note for event in climbs)
    assert Notification.objects.filter(user=expert).count() == 2  # expert group and vendor tiers
    assert Notification.objects.filter(user=supervisor).count() == 2  # vendor and leadership tiers
    assert Notification.objects.filter(user=agent).count() == 3  # the assignee hears of every step
    assert len(mail.outbox) == 7


def test_a_sweep_of_many_batches_tells_each_person_once(
    agent, customer, make_user, monkeypatch, django_capture_on_commit_callbacks
):
    # given an expert and five requests past their escalate-by time, swept in batches of two
    expert = make_user("wang.expert", "expert")
    tickets = [create(agent, customer) for _ in range(5)]
    monkeypatch.setattr(services, "DIGEST_LINES", 3)
    # when one sweep climbs all five in three batches
    with django_capture_on_commit_callbacks(execute=True):
        result = services.sla_sweep(at=at("2026-11-20 09:31"), batch_size=2)
    # then the expert gets one digest for the whole sweep (not one per batch), naming three and counting two
    assert (result.escalated, result.notified) == (5, 1)
    (digest,) = Notification.objects.filter(user=expert)
    assert digest.title == "5 个服务请求已升级"
    assert [line.split(" ")[0] for line in digest.body.splitlines()[:3]] == [t.number for t in tickets[:3]]
    assert digest.body.splitlines()[3] == "……另有 2 个 / and 2 more"
    assert [m.to for m in mail.outbox] == [[expert.email]]
    assert not EscalationBatch.objects.exists()


def test_each_person_hears_of_the_climbs_of_their_tiers_and_their_own_in_climb_order(agent, make_user, monkeypatch):
    # given the expert group (tiers 2, 3), a supervisor (3, 4), an assignee of their own, and an inactive expert
    expert, supervisor = make_user("wang.expert", "expert"), make_user("zhao.supervisor", "supervisor")
    gone = make_user("gone.expert", "expert", is_active=False)
    monkeypatch.setattr(services, "DIGEST_LINES", 4)
    tiers = [2, 3, 4, 2, 4, 3, 2, 2, 4]
    climbs = [
        services.Climb(pk, f"N{pk}", tier, f"T{pk}", agent.pk if pk % 3 == 0 else expert.pk if pk == 4 else None)
        for pk, tier in enumerate(tiers, start=1)
    ]
    # when they are told
    assert services._notify_escalations(climbs) == 3
    # then each heard once, of what the rule as first written gives them, in the order they climbed
    roles = {expert.pk: "expert", supervisor.pk: "supervisor", agent.pk: agent.role}

    def theirs(uid):
        return [c for c in climbs if roles[uid] in services.TIER_ROLES[c.tier] or c.assignee_id == uid]

    for uid in roles:
        (message,) = Notification.objects.filter(user_id=uid)
        expected = theirs(uid)
        assert message.title == f"{len(expected)} 个服务请求已升级"
        lines = message.body.splitlines()
        assert [line.split(" ")[0] for line in lines[:4]] == [c.number for c in expected[:4]]
        assert lines[4:] == (
            [f"……另有 {len(expected) - 4} 个 / and {len(expected) - 4} more"] if len(expected) > 4 else []
        )
    assert [c.pk for c in theirs(agent.pk)] == [3, 6, 9]  # the agent is in no tier's group: only their own
    assert not Notification.objects.filter(user=gone).exists()


def test_a_sweep_cut_short_leaves_its_climbs_to_the_notices_job(agent, customer, make_user, monkeypatch):
    # given an expert, four due requests, and a sweep whose second batch fails
    expert = make_user("wang.expert", "expert")
    tickets = [create(agent, customer) for _ in range(4)]
    fail_the_second_batch(monkeypatch)
    with pytest.raises(RuntimeError):
        services.sla_sweep(at=at("2026-11-20 09:31"), batch_size=2)
    # then the first batch's climbs stay, untold, in the outbox
    climbed = set(Ticket.objects.filter(tier=2).values_list("pk", flat=True))
    assert climbed == {t.pk for t in tickets[:2]}
    assert EscalationBatch.objects.count() == 1
    assert not Notification.objects.exists()
    # when the notices job runs now, it leaves them to the sweep for a minute (a sweep still going tells its own)
    assert services.escalation_notices_send() == 0
    # when it runs a minute later (twice), the expert hears of those two, once
    with clock.frozen(clock.now() + services.SWEEP_LEFT_AFTER):
        assert (services.escalation_notices_send(), services.escalation_notices_send()) == (1, 0)
    (digest,) = Notification.objects.filter(user=expert)
    assert digest.title == "2 个服务请求已升级"
    assert not EscalationBatch.objects.exists()


def test_the_sweep_leaves_restored_and_paused_requests_alone(agent, customer):
    restored = create(agent, customer)
    act(restored, "restore", agent, "2026-11-20 09:20")
    paused = create(agent, customer)
    act(paused, "respond", agent, "2026-11-20 09:05")
    act(paused, "wait_customer", agent, "2026-11-20 09:10")
    result = services.sla_sweep(at=at("2026-11-21 09:00"))
    assert result.escalated == 0
    assert set(Ticket.objects.values_list("tier", flat=True)) == {1}


def test_concurrent_sweeps_cannot_climb_twice(agent, customer):
    create(agent, customer)
    services.sla_sweep(at=at("2026-11-20 09:31"))
    again = services.sla_sweep(at=at("2026-11-20 09:31"))
    assert again.escalated == 0
    assert Ticket.objects.get().tier == 2


def test_reported_at_in_the_future_is_refused(agent, customer):
    with clock.frozen(at("2026-11-20 09:00")), pytest.raises(DomainError) as refused:
        services.ticket_create(
            actor=agent,
            customer_id=customer.pk,
            channel="phone",
            severity=2,
            title="x",
            reported_at=at("2026-11-20 09:01"),
        )
    assert refused.value.code == "reported_in_future"
    assert Ticket.objects.count() == 0


def test_escalation_notifications_reach_the_inbox_api(api_as, agent, customer, make_user):
    expert = make_user("wang.expert", "expert")
    create(agent, customer)
    services.sla_sweep(at=at("2026-11-20 09:31"))
    api = api_as(expert)
    inbox = api.get("/api/v1/notifications").json()
    assert inbox["unread"] == 1
    assert inbox["items"][0]["title"].endswith("已升级至专家组")
    marked = api.post(f"/api/v1/notifications/{inbox['items'][0]['id']}/read").json()
    assert marked == {"marked": 1}
    assert api.get("/api/v1/notifications").json()["unread"] == 0
    assert api_as(agent).post(f"/api/v1/notifications/{inbox['items'][0]['id']}/read").status_code == 404


def test_a_class_1_intake_queues_its_notice_and_the_job_tells_each_person_once(
    agent, customer, make_user, django_capture_on_commit_callbacks
):
    # given experts, and a class-1 request that goes to the expert group at intake
    experts = [make_user(f"expert.{n}", "expert") for n in range(2)]
    ticket = create(agent, customer, severity=1)
    assert ticket.tier == 2
    # then nothing has been sent by the request itself: the notice waits in the outbox
    assert EscalationNotice.objects.filter(ticket=ticket, tier=2).count() == 1
    assert Notification.objects.count() == 0
    # when the job runs (twice)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.escalation_notices_send()
        second = services.escalation_notices_send()
    # then each expert heard once, by message and e-mail, and the outbox is empty
    assert (first, second) == (2, 0)
    assert sorted(Notification.objects.values_list("user__username", flat=True)) == ["expert.0", "expert.1"]
    assert Notification.objects.filter(title__contains=ticket.number).count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(e.email for e in experts)
    assert not EscalationNotice.objects.exists()


def test_queued_climbs_reach_each_person_as_one_digest(agent, customer, make_user):
    expert = make_user("wang.expert", "expert")
    tickets = [create(agent, customer) for _ in range(3)]
    for ticket in tickets:
        act(ticket, "escalate", agent, "2026-11-20 09:10")
    assert EscalationNotice.objects.count() == 3
    assert services.escalation_notices_send(batch_size=2) == 2  # two batches: a digest of 2, then one
    messages = list(Notification.objects.filter(user=expert).order_by("id"))
    assert [m.title for m in messages] == ["2 个服务请求已升级", f"服务请求 {tickets[2].number} 已升级至专家组"]
