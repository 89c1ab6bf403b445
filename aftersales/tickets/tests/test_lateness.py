"""Issue 9, defect 1: the queue and the request agree about lateness, whatever wrote the request last.

What a request stores (its deadlines, breach_at, due_at, next_escalation_at) must be what the one rule
(`tickets.policy.lateness.settle`) gives for the row as it stands; a state machine drives random writes through
the real services on the test database and checks that after every step.
"""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from aftersales.core import clock
from aftersales.core.errors import DomainError
from aftersales.customers import services as customer_services
from aftersales.sla import recompute
from aftersales.sla import selectors as sla
from aftersales.sla.choices import DayKind
from aftersales.sla.models import Calendar, HolidayDate, SlaPolicy, SlaTarget
from aftersales.sla.policy.targets import Deadlines
from aftersales.tickets import services
from aftersales.tickets.choices import DONE, OPEN
from aftersales.tickets.models import Ticket
from aftersales.tickets.policy import lateness, lifecycle

pytestmark = pytest.mark.django_db
CST = dt.timezone(dt.timedelta(hours=8))


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=CST)


def stored(ticket: Ticket) -> dict[str, object]:
    return {name: getattr(ticket, name) for name in lateness.COLUMNS}


def facts_of(row: Ticket) -> lateness.Facts:
    """The request's state read from its row, independently of the services' own reading."""
    return lateness.Facts(
        severity=row.severity,
        zone=row.zone,
        reported_at=row.reported_at,
        status=row.status,
        tier=row.tier,
        deadlines=Deadlines(
            row.respond_by,
            row.escalate_by,
            row.restore_by,
            row.arrive_by,
            row.resolve_by,
            row.vendor_by,
            row.leadership_by,
            row.deadline_uncertain,
        ),
        pauses=tuple((dt.datetime.fromisoformat(a), dt.datetime.fromisoformat(b)) for a, b in row.pauses),
        responded_at=row.responded_at,
        escalated_at=row.escalated_at,
        arrived_at=row.arrived_at,
        restored_at=row.restored_at,
        resolved_at=row.resolved_at,
        closed_at=row.closed_at,
        cancelled_at=row.cancelled_at,
        paused_at=row.paused_at,
    )


def recomputed(row: Ticket, now: dt.datetime) -> lateness.Settled:
    """What the rule gives for the row: an open request's deadlines counted again on its policy as it is now
    (every change of a policy recomputes its open requests); a finished one keeps the deadlines it had."""
    terms = None
    if row.status in OPEN:
        values = sla.policy_values(row.sla_policy_id)
        terms = lateness.Terms(values.targets, values.calendar)
    return lateness.settle(facts_of(row), terms, at=now)


def test_the_policy_knows_which_statuses_are_done():
    assert {s.value for s in DONE} == lateness.DONE_STATUSES


def test_after_the_sweep_escalates_a_request_the_queue_and_the_request_agree(api_as, agent, customer):
    """The repro of issue 9: class 2 reported 09:00, responded 09:05, escalated by the 09:31 sweep."""
    with clock.frozen(at("2026-11-20 09:00")):
        ticket = services.ticket_create(
            actor=agent, customer_id=customer.pk, channel="phone", severity=2, title="核心交换机端口故障"
        ).ticket
    with clock.frozen(at("2026-11-20 09:05")):
        services.ticket_apply_action(ticket_id=ticket.pk, action="respond", actor=agent)
    with clock.frozen(at("2026-11-20 09:31")):
        result = services.sla_sweep(at=at("2026-11-20 09:31"))
    assert result.escalated == 1
    # then what is stored is what the rule gives: the climb met the escalation deadline (09:30)
    row = Ticket.objects.get()
    assert (row.tier, row.escalated_at) == (2, at("2026-11-20 09:30"))
    assert (row.breach_at, row.due_at) == (at("2026-11-20 10:00"), at("2026-11-20 10:00"))  # on site by 10:00
    assert stored(row) == recomputed(row, at("2026-11-20 09:40")).columns()
    # and at 09:40 neither the request nor the queue calls it late; after 10:00 both do
    api = api_as(agent)
    with clock.frozen(at("2026-11-20 09:40")):
        assert api.get(f"/api/v1/tickets/{ticket.pk}").json()["breached"] == []
        assert api.get("/api/v1/tickets", {"breached": "true"}).json()["items"] == []
        assert [t["id"] for t in api.get("/api/v1/tickets", {"breached": "false"}).json()["items"]] == [ticket.pk]
    with clock.frozen(at("2026-11-20 10:01")):
        assert api.get(f"/api/v1/tickets/{ticket.pk}").json()["breached"] == ["arrive"]
        assert [t["id"] for t in api.get("/api/v1/tickets", {"breached": "true"}).json()["items"]] == [ticket.pk]


def test_at_the_instant_of_a_deadline_nothing_is_late_yet(agent, customer):
    with clock.frozen(at("2026-11-20 09:00")):
        ticket = services.ticket_create(
            actor=agent, customer_id=customer.pk, channel="phone", severity=3, title="打印机卡纸"
        ).ticket
    respond_by = ticket.respond_by  # 09:10
    assert services.clock_state(ticket, respond_by).breached == ()
    assert not Ticket.objects.breached(at=respond_by).exists()
    assert Ticket.objects.due_within(at=respond_by, minutes=30).exists()
    later = respond_by + dt.timedelta(seconds=1)
    assert services.clock_state(ticket, later).breached == ("respond",)
    assert Ticket.objects.breached(at=later).exists()


# ------------------------------------------------------------------------------------------ state machine

START = at("2026-09-28 09:00")  # a Monday before the National Day holidays, so office hours and holidays matter
ACTIONS = list(lifecycle.Action)
TARGET_FIELDS = ("respond_minutes", "escalate_minutes", "restore_minutes", "arrive_local_minutes", "vendor_minutes")


class LatenessMachine(RuleBasedStateMachine):
    """Random writes against the real services; after each, every row holds what the rule recomputes."""

    agent = None
    customers: tuple = ()
    policies: tuple = ()  # the policies whose targets the machine edits

    tickets = Bundle("tickets")

    def __init__(self) -> None:
        super().__init__()
        self.savepoint = transaction.savepoint()  # each run starts from the same database
        sla.clear_cache()
        self.now = START

    def teardown(self) -> None:
        transaction.savepoint_rollback(self.savepoint)
        sla.clear_cache()

    @rule(
        target=tickets,
        customer=st.integers(0, 2),
        severity=st.integers(1, 4),
        ago=st.sampled_from([0, 0, 2, 8, 20, 90, 600]),  # minutes between the report and its intake
    )
    def intake(self, customer, severity, ago):
        with clock.frozen(self.now):
            intake = services.ticket_create(
                actor=self.agent,
                customer_id=self.customers[customer].pk,
                channel="phone",
                severity=severity,
                title="服务器告警",
                reported_at=self.now - dt.timedelta(minutes=ago),
            )
        return intake.ticket.pk

    @rule(ticket=tickets, choice=st.integers(0, 2 * len(ACTIONS)), back=st.sampled_from([0, 0, 0, 5, 30]))
    def act(self, ticket, choice, back):
        # mostly one of the actions its status allows; now and then any action (refused unless allowed)
        status = Ticket.objects.values_list("status", flat=True).get(pk=ticket)
        allowed = lifecycle.allowed_actions(lifecycle.State(status))
        action = ACTIONS[choice] if choice < len(ACTIONS) // 2 else allowed[choice % len(allowed)]
        # refused when not allowed in its status or before its last step: nothing stored then
        with clock.frozen(self.now), contextlib.suppress(DomainError):
            services.ticket_apply_action(
                ticket_id=ticket, action=action, actor=self.agent, at=self.now - dt.timedelta(minutes=back)
            )

    @rule(ticket=tickets, severity=st.integers(1, 4))
    def edit_class(self, ticket, severity):
        version = Ticket.objects.values_list("version", flat=True).get(pk=ticket)
        with clock.frozen(self.now), contextlib.suppress(DomainError):  # refused when closed or cancelled
            services.ticket_update(ticket_id=ticket, actor=self.agent, expected_version=version, severity=severity)

    @rule(minutes=st.sampled_from([1, 5, 10, 20, 30, 31, 45, 61, 120, 241, 600, 1440, 4320]))
    def time_passes(self, minutes):
        self.now += dt.timedelta(minutes=minutes)

    @rule()
    def sweep(self):
        with clock.frozen(self.now):
            services.sla_sweep(at=self.now)

    @rule(
        policy=st.integers(0, 1),
        severity=st.integers(1, 4),
        field=st.sampled_from(TARGET_FIELDS),
        minutes=st.one_of(st.none(), st.integers(0, 600)),
    )
    def policy_changes(self, policy, severity, field, minutes):
        chosen = self.policies[policy]
        SlaTarget.objects.update_or_create(policy=chosen, severity=severity, defaults={field: minutes})
        with clock.frozen(self.now):
            services.ticket_recompute_for_policy(policy_id=chosen.pk)

    @rule(days=st.integers(0, 20))
    def holidays_change(self, days):
        # as the holiday table's admin does: toggle a day off, then recompute the holiday-aware policies
        day = (self.now + dt.timedelta(days=days)).date()
        if not HolidayDate.objects.filter(on=day).delete()[0]:
            HolidayDate.objects.create(on=day, kind=DayKind.HOLIDAY, name="测试")
        with clock.frozen(self.now):
            recompute.after_holiday_change()

    @invariant()
    def what_is_stored_is_what_the_rule_recomputes(self):
        rows = list(Ticket.objects.order_by("pk"))
        for row in rows:
            assert stored(row) == recomputed(row, self.now).columns(), row.pk
        # the queue and the request agree: late in the list ⇔ its own clocks name a breach
        listed = set(Ticket.objects.breached(at=self.now).values_list("pk", flat=True))
        assert listed == {row.pk for row in rows if services.clock_state(row, self.now).breached}
        # and the sweep finds exactly the requests whose next step is due
        due = set(Ticket.objects.escalation_due(at=self.now).values_list("pk", flat=True))
        assert due == {row.pk for row in rows if lateness.sweep_climb(facts_of(row), at=self.now) is not None}


def test_any_sequence_of_writes_leaves_every_row_as_the_rule_recomputes_it(agent, customer, province_customer):
    default = SlaPolicy.objects.get(is_default=True)
    office = SlaPolicy.objects.create(name="工作时间协议", calendar=Calendar.objects.get(name__startswith="工作时间"))
    SlaTarget.objects.create(policy=office, severity=3, respond_minutes=60, escalate_minutes=120, restore_minutes=480)
    always = SlaPolicy.objects.create(name="7×24协议", calendar=default.calendar)
    SlaTarget.objects.create(policy=always, severity=2, respond_minutes=15, escalate_minutes=20, vendor_minutes=90)
    province_customer.sla_policy = office
    province_customer.save()
    third = customer_services.customer_create(actor=agent, name="合肥市第二人民医院", address="合肥市蜀山区长江西路")
    third.sla_policy = always
    third.save()
    LatenessMachine.agent = agent
    LatenessMachine.customers = (customer, province_customer, third)
    LatenessMachine.policies = (office, always)
    run_state_machine_as_test(
        LatenessMachine,
        settings=settings(
            max_examples=40,
            stateful_step_count=40,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        ),
    )
