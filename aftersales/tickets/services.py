"""Every write to a service request: intake, lifecycle actions, edits and the SLA sweep (SPEC §2).

Decide purely, apply under a lock: deadlines come from `sla.policy.targets`, the allowed moves from
`tickets.policy.lifecycle`, lateness from `tickets.policy.clocks`; this module loads and locks the rows,
asks those modules, writes the result and its timeline event in one transaction, and tells people of
escalations: the sweep at once, intake and manual escalation through the `EscalationNotice` outbox.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
from dataclasses import dataclass, field
from functools import partial
from typing import Any, NamedTuple

from django.conf import settings
from django.db import transaction

from aftersales.accounts import access
from aftersales.accounts.choices import Role
from aftersales.accounts.models import User
from aftersales.assets.models import Asset
from aftersales.core import bulk, clock
from aftersales.core import lanes as core_lanes
from aftersales.core.errors import conflict, invalid, not_found, stale_version, unknown_reference
from aftersales.customers.models import Customer
from aftersales.notifications import services as notifications
from aftersales.sla import selectors as sla
from aftersales.sla.choices import Severity
from aftersales.sla.policy import targets as sla_policy
from aftersales.tickets import events, search, sql
from aftersales.tickets.choices import OPEN, Channel, Status, Tier
from aftersales.tickets.models import EscalationBatch, EscalationNotice, Ticket, TicketEvent, ticket_number
from aftersales.tickets.policy import clocks, lateness, lifecycle

EARLIEST_REPORT = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
# Who is told when a request climbs to a tier (besides its assignee).
TIER_ROLES: dict[int, tuple[str, ...]] = {
    Tier.EXPERT: (Role.EXPERT,),
    Tier.VENDOR: (Role.EXPERT, Role.SUPERVISOR),
    Tier.LEADERSHIP: (Role.SUPERVISOR,),
}
EDITABLE_FIELDS = frozenset(
    {"severity", "title", "description", "asset_id", "contact_name", "contact_phone", "assignee_id"}
)


@dataclass
class Intake:
    """The result of taking a request: the ticket and the open requests for the same asset it duplicates."""

    ticket: Ticket
    duplicates: list[int] = field(default_factory=list)
    state: clocks.ClockState | None = None  # the clocks when it was taken


# ---------------------------------------------------------------------------------------------- helpers


@dataclass(frozen=True, slots=True)
class _AssetTerms:
    """What decides an asset's SLA policy: its own, and its contract's with the contract's validity."""

    asset_policy_id: int | None
    contract_policy_id: int | None = None
    contract_starts_on: dt.date | None = None
    contract_ends_on: dt.date | None = None

    @classmethod
    def of(cls, asset: Asset) -> _AssetTerms:
        contract = asset.contract
        if contract is None:
            return cls(asset.sla_policy_id)
        return cls(asset.sla_policy_id, contract.sla_policy_id, contract.starts_on, contract.ends_on)


def _policy_id_for(customer: Customer, asset: _AssetTerms | None, on: dt.date) -> int | None:
    """The most specific SLA policy: the asset's, its contract's (while valid), the customer's; else default."""
    if asset is not None:
        if asset.asset_policy_id:
            return asset.asset_policy_id
        if asset.contract_policy_id and asset.contract_starts_on <= on <= asset.contract_ends_on:
            return asset.contract_policy_id
    return customer.sla_policy_id


def _pauses(ticket: Ticket) -> list[tuple[dt.datetime, dt.datetime]]:
    return [(dt.datetime.fromisoformat(a), dt.datetime.fromisoformat(b)) for a, b in ticket.pauses]


def _pause_entry(start: dt.datetime, end: dt.datetime) -> list[str]:
    """A finished wait for the customer as stored in `Ticket.pauses` (UTC ISO strings)."""
    return [start.astimezone(dt.UTC).isoformat(), end.astimezone(dt.UTC).isoformat()]


def _facts(ticket: Ticket) -> lateness.Facts:
    """The request's state as the lateness rule reads it (`tickets.policy.lateness.Facts`)."""
    return lateness.Facts(
        severity=ticket.severity,
        zone=ticket.zone,
        reported_at=ticket.reported_at,
        status=ticket.status,
        tier=ticket.tier,
        deadlines=sla_policy.Deadlines(
            *(getattr(ticket, name) for name in lateness.DEADLINE_COLUMNS), uncertain=ticket.deadline_uncertain
        ),
        pauses=tuple(_pauses(ticket)),
        **{name: getattr(ticket, name) for name in lateness.EVENT_COLUMNS},
    )


def _terms(ticket: Ticket, sla_generation: int | None = None) -> lateness.Terms:
    """The request's SLA policy as terms for its deadlines (the default policy when it has none yet); the SLA
    configuration's generation when the caller has read it (`sla.selectors.policy_values`)."""
    values = sla.policy_values(ticket.sla_policy_id, generation=sla_generation)
    ticket.sla_policy_id = values.policy_id
    return lateness.Terms(values.targets, values.calendar)


def clock_state(ticket: Ticket, at: dt.datetime | None = None) -> clocks.ClockState:
    """What the request's clocks say now (or at `at`): breached deadlines, next due."""
    return lateness.settle(_facts(ticket), at=at or clock.now()).clocks


def settle_lateness(
    ticket: Ticket, *, recompute_deadlines: bool = False, sla_generation: int | None = None
) -> clocks.ClockState:
    """Set every stored lateness field of `ticket` (unsaved) to what `tickets.policy.lateness.settle` gives
    for its state; the clocks as they stand now.

    `recompute_deadlines` when the write changed what the deadlines depend on (the policy, the class, the
    waits for the customer), or reopened the request; otherwise it keeps the deadlines it was given. Every
    write of a request goes through here (the sweep and intake through `lateness` directly): no path
    computes breach_at, due_at, next_escalation_at or a deadline by its own arithmetic.
    """
    terms = _terms(ticket, sla_generation) if recompute_deadlines else None
    settled = lateness.settle(_facts(ticket), terms, at=clock.now())
    for name, value in settled.columns().items():
        setattr(ticket, name, value)
    return settled.clocks


def _check_reported_at(reported_at: dt.datetime, now: dt.datetime) -> None:
    if reported_at.tzinfo is None:
        raise invalid("naive_datetime", "时间必须带时区", "Times must carry a UTC offset")
    if reported_at > now:
        raise invalid("reported_in_future", "报告时间不能晚于当前时间", "reported_at cannot be in the future")
    if reported_at < EARLIEST_REPORT:
        raise invalid("reported_too_early", "报告时间过早", "reported_at is implausibly early")


_SEVERITIES = frozenset(Severity.values)  # `.values` builds a new list on every call
_CHANNELS = frozenset(Channel.values)


def _check_severity(severity: int) -> None:
    if severity not in _SEVERITIES:
        raise invalid("invalid_severity", "故障级别必须是1到4", "severity must be 1 to 4")


_EVENT_COLUMNS = (
    "ticket_id",
    "action",
    "from_status",
    "to_status",
    "tier",
    "actor_id",
    "at",
    "recorded_at",
    "note",
    "changes",
)


def _record(
    ticket: Ticket,
    *,
    action: str,
    actor: Any,
    at: dt.datetime,
    from_status: str,
    note: str = "",
    changes: dict | None = None,
) -> TicketEvent:
    return TicketEvent(
        ticket=ticket,
        action=action,
        from_status=from_status,
        to_status=ticket.status,
        tier=ticket.tier,
        actor=actor if getattr(actor, "pk", None) else None,
        at=at,
        recorded_at=clock.now(),
        note=note,
        changes=changes or {},
    )


def _intake_rows(
    customer_id: int, asset_id: int | None
) -> tuple[Customer | None, _AssetTerms | None, list[int], int | None]:
    """The customer (with its region) and, when given and owned by that customer, the asset's SLA terms and
    the open requests already reported for it (newest first, at most 10), and the SLA configuration's
    generation: one statement (`sql.intake_row`)."""
    row = sql.intake_row(customer_id, asset_id)
    if row is None:
        return None, None, [], None
    terms = _AssetTerms(*row.asset_terms) if row.asset_terms is not None else None
    return row.customer, terms, row.duplicates, row.sla_generation


def _lock(ticket_id: int) -> Ticket:
    ticket = Ticket.objects.select_for_update().filter(pk=ticket_id).first()
    if ticket is None:
        raise not_found("服务请求", "Ticket")
    return ticket


# ----------------------------------------------------------------------------------------------- intake


def ticket_create(
    *,
    actor: User,
    customer_id: int,
    channel: str,
    severity: int,
    title: str,
    description: str = "",
    asset_id: int | None = None,
    reported_at: dt.datetime | None = None,
    contact_name: str = "",
    contact_phone: str = "",
    as_part_of: str | None = None,
) -> Intake:
    """Take a service request from any channel and compute its deadlines (SPEC §2; 篇1 4.5, 4.9).

    Who may: the access table's ``tickets.create`` (our intake roles for any customer, a customer user for its
    own, compared with the user row in memory: no query); another customer is an unknown reference (422), as if
    it did not exist, and an asset of another customer too. A service whose own action takes the request (a
    finding's request: ``inspections.work``) names it in `as_part_of`, and the table is asked for that action.

    A severity with an immediate escalation target (class 1, 立即提交) goes to the expert group at intake.

    Checks, the one read and the deadline math come first, and the row is converted; then the request is
    written with one INSERT (class 1: with its climb's timeline line and queued escalation notice, in one
    short transaction). On SQLite either holds the single write lock the other workers queue for
    (docs/decisions/004-sqlite-writers-and-intake.md).
    """
    now = clock.now()
    reported_at = reported_at or now
    _check_reported_at(reported_at, now)
    _check_severity(severity)
    if channel not in _CHANNELS:
        raise invalid("invalid_channel", "受理渠道无效：{channel}", "Unknown channel: {channel}", channel=channel)
    if not title.strip():
        raise invalid("title_required", "标题不能为空", "Title is required")
    if as_part_of is None:
        access.require(
            actor, "tickets.create", customer_id=customer_id, out_of_scope=unknown_reference("客户", "Customer")
        )
    else:
        access.require(actor, as_part_of)  # the caller checked its own object's scope
    customer, asset, duplicates, sla_generation = _intake_rows(customer_id, asset_id)
    if customer is None:
        raise unknown_reference("客户", "Customer")
    if asset_id is not None and asset is None:
        raise unknown_reference("设备", "Asset")
    region = customer.region
    policy_id = _policy_id_for(customer, asset, clock.local(reported_at).date())
    # The generation read with the customer: every worker uses the policy as it stands now, no extra query.
    policy = sla.policy_values(policy_id, generation=sla_generation)
    # Deadlines, tier (立即提交: class 1 goes to the expert group at intake) and lateness: the one rule.
    taken, settled = lateness.intake(
        lateness.Facts(severity, region.zone, reported_at, Status.RECEIVED, Tier.DESK, lateness.NO_DEADLINES),
        lateness.Terms(policy.targets, policy.calendar),
        at=now,
    )
    tier, escalated_at, state = taken.tier, taken.escalated_at, settled.clocks
    ticket = Ticket(
        customer_id=customer.pk,
        asset_id=asset_id,
        channel=channel,
        severity=severity,
        title=title.strip()[:200],
        description=description,
        status=Status.RECEIVED,
        tier=tier,
        zone=region.zone,
        region_id=region.pk,
        sla_policy_id=policy.policy_id,
        reported_at=reported_at,
        created_by_id=actor.pk,
        contact_name=contact_name,
        contact_phone=contact_phone,
        duplicate_of_id=duplicates[0] if duplicates else None,
        escalated_at=escalated_at,
        **settled.columns(),  # deadlines, breach_at, due_at, next_escalation_at (see Ticket's docstring)
    )
    # What the presenter shows of them, without loading them again.
    Ticket.customer.field.set_cached_value(ticket, customer)
    Ticket.region.field.set_cached_value(ticket, region)
    row = bulk.row_prepare(ticket)  # converted before the write lock is taken
    if tier == Tier.DESK:
        # One row, one statement: no transaction of its own to begin and commit (what `save()` does too).
        # The "received" line of the timeline is this row (created_by, reported_at, created_at; see
        # `selectors.ticket_events`).
        with bulk.single_write():
            bulk.row_insert(row)  # = ticket.save(force_insert=True) without the query compiler (intake is hot)
        return Intake(ticket=ticket, duplicates=duplicates, state=state)
    with transaction.atomic():
        bulk.row_insert(row)
        climb = _record(
            ticket,
            action="auto_escalate",
            actor=None,
            at=reported_at,
            from_status=ticket.status,
            note=INTAKE_CLIMB_NOTE,
        )
        climb.save()
        _queue_notices([ticket], climb.recorded_at)
    return Intake(ticket=ticket, duplicates=duplicates, state=state)


# -------------------------------------------------------------------------------------------- lifecycle


@transaction.atomic
def ticket_apply_action(
    *,
    ticket_id: int,
    action: str,
    actor: User,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
    note: str = "",
    assignee_id: int | None = None,
    as_part_of: str | None = None,
) -> Ticket:
    """Apply one lifecycle action to a request (STYLE §5): lock, check version and table, stamp, record.

    Who may: the access table's ``tickets.<verb>`` on this request (our intake roles any request, a partner
    user those dispatched to its company, a customer user its own; one query only for those scoped roles). A
    service whose own action moves the request (a callback's "not resolved" reopens it: ``followups.write``)
    names that action in `as_part_of`, and the table is asked for it instead.

    `at` is when it really happened (an engineer logging an arrival afterwards); it may not lie in the
    future, before the report, or before the last recorded step.
    """
    try:
        move = lifecycle.Action(action)
    except ValueError:
        raise invalid("unknown_action", "未知操作：{action}", "Unknown action: {action}", action=action) from None
    access.require(actor, as_part_of or f"tickets.{move.value}", ticket_id=ticket_id)
    ticket = _lock(ticket_id)
    if expected_version is not None and ticket.version != expected_version:
        raise stale_version(expected_version, ticket.version)
    now = clock.now()
    at = at or now
    _check_action_time(ticket, at, now)
    state = lifecycle.State(ticket.status)
    transition = lifecycle.TRANSITIONS[move]
    if state not in transition.sources:
        raise conflict(
            "transition_not_allowed",
            "当前状态“{status_zh}”不允许“{action_zh}”",
            "Action '{action}' is not allowed in status '{status}'",
            status_zh=Status(ticket.status).label,
            action_zh=transition.zh,
            action=move.value,
            status=ticket.status,
        )
    if move is lifecycle.Action.ESCALATE and ticket.tier >= Tier.LEADERSHIP:
        raise conflict("top_tier", "已升级至最高层级（领导）", "Already at the top tier (leadership)")
    from_status, from_tier, pauses = ticket.status, ticket.tier, ticket.pauses
    _apply(ticket, move, at, assignee_id=assignee_id, actor=actor)
    # A finished wait pushes the deadlines back; a reopened request comes back on its policy as it stands.
    settle_lateness(ticket, recompute_deadlines=ticket.pauses != pauses or move is lifecycle.Action.REOPEN)
    ticket.version += 1
    ticket.save()
    _record(ticket, action=move.value, actor=actor, at=at, from_status=from_status, note=note).save()
    if move is lifecycle.Action.RESOLVE:
        # In this transaction: the warranty repair count, the similar-requests index, the callback (回访).
        events.resolved.send(sender=Ticket, ticket=ticket, at=at, actor=actor)
    events.action_applied.send(sender=Ticket, ticket=ticket, action=move.value, at=at, actor=actor)
    if ticket.tier > from_tier:
        _queue_notices([ticket], now)
    return ticket


@transaction.atomic
def ticket_record_event(
    *,
    ticket_id: int,
    action: str,
    actor: User | None,
    note: str = "",
    at: dt.datetime | None = None,
    changes: dict | None = None,
) -> TicketEvent:
    """Add a line to a request's timeline without changing its status (e.g. a re-dispatch, 改派).

    The request is locked so the line lands in order with concurrent actions; its version is not bumped,
    since none of its fields change.
    """
    ticket = _lock(ticket_id)
    event = _record(
        ticket, action=action, actor=actor, at=at or clock.now(), from_status=ticket.status, note=note, changes=changes
    )
    event.save()
    return event


def _check_action_time(ticket: Ticket, at: dt.datetime, now: dt.datetime) -> None:
    if at.tzinfo is None:
        raise invalid("naive_datetime", "时间必须带时区", "Times must carry a UTC offset")
    if at > now:
        raise invalid("action_in_future", "操作时间不能晚于当前时间", "The time of an action cannot be in the future")
    if at < ticket.reported_at:
        raise invalid(
            "action_before_report", "操作时间不能早于报告时间", "The time of an action cannot be before the report"
        )
    last = TicketEvent.objects.filter(ticket=ticket).order_by("-at").values_list("at", flat=True).first()
    if last is not None and at < last:
        raise invalid(
            "action_before_last",
            "操作时间不能早于上一步骤（{last}）",
            "The time of an action cannot be before the previous step ({last})",
            last=clock.local(last).strftime("%Y-%m-%d %H:%M"),
        )


def _apply(ticket: Ticket, move: lifecycle.Action, at: dt.datetime, *, assignee_id: int | None, actor: User) -> None:
    """Change status, stamps, tier and clocks for one allowed move."""
    transition = lifecycle.TRANSITIONS[move]
    if move is lifecycle.Action.WAIT_CUSTOMER:
        ticket.resume_status, ticket.paused_at = ticket.status, at
    elif move is lifecycle.Action.RESUME:
        ticket.pauses = [*ticket.pauses, _pause_entry(ticket.paused_at, at)]
        ticket.paused_at = None
    elif move is lifecycle.Action.REOPEN:
        for name in lifecycle.REOPEN_CLEARS:
            setattr(ticket, f"{name}_at", None)
    elif move is lifecycle.Action.ESCALATE:
        ticket.tier = min(ticket.tier + 1, Tier.LEADERSHIP)
    elif move is lifecycle.Action.CANCEL and ticket.paused_at is not None:
        ticket.pauses = [*ticket.pauses, _pause_entry(ticket.paused_at, at)]
        ticket.paused_at = None
    if move is lifecycle.Action.DISPATCH and assignee_id is not None:
        ticket.assignee_id = assignee_id
    if move is lifecycle.Action.RESPOND and ticket.assignee_id is None and actor.is_staff_member:
        ticket.assignee = actor
    for name in transition.stamps:
        if getattr(ticket, f"{name}_at") is None:
            setattr(ticket, f"{name}_at", at)
    target = transition.target or lifecycle.State(ticket.resume_status or Status.RESPONDED)
    ticket.status = target.value
    if move is lifecycle.Action.RESUME:
        ticket.resume_status = ""


# ------------------------------------------------------------------------------------------------ edits


@transaction.atomic
def ticket_update(*, ticket_id: int, actor: User, expected_version: int, **fields: Any) -> Ticket:
    """Edit a request's details; a new class or asset recomputes the deadlines. Every change is recorded.

    Who may: the access table's ``tickets.update`` (our intake roles, any request: no query)."""
    access.require(actor, "tickets.update", ticket_id=ticket_id)
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise invalid(
            "not_editable",
            "不可修改的字段：{fields}",
            "Fields that cannot be edited: {fields}",
            fields=", ".join(sorted(unknown)),
        )
    ticket = _lock(ticket_id)
    if ticket.version != expected_version:
        raise stale_version(expected_version, ticket.version)
    if ticket.status in (Status.CLOSED, Status.CANCELLED):
        raise conflict(
            "ticket_finished", "已关闭或取消的请求不能修改", "A closed or cancelled request cannot be edited"
        )
    changes: dict[str, list[Any]] = {}
    for key, value in fields.items():
        if key == "severity":
            _check_severity(value)
        if key == "title" and not str(value).strip():
            raise invalid("title_required", "标题不能为空", "Title is required")
        if (
            key == "asset_id"
            and value is not None
            and not Asset.objects.filter(pk=value, customer_id=ticket.customer_id).exists()
        ):
            raise unknown_reference("设备", "Asset")
        old = getattr(ticket, key)
        if old != value:
            changes[key] = [old, value]
            setattr(ticket, key, value)
    if not changes:
        return ticket
    if "severity" in changes or "asset_id" in changes:
        asset = Asset.objects.select_related("contract").filter(pk=ticket.asset_id).first()
        terms = _AssetTerms.of(asset) if asset is not None else None
        ticket.sla_policy_id = _policy_id_for(ticket.customer, terms, clock.local(ticket.reported_at).date())
    settle_lateness(ticket, recompute_deadlines="severity" in changes or "asset_id" in changes)
    ticket.version += 1
    ticket.save()
    _record(ticket, action="update", actor=actor, at=clock.now(), from_status=ticket.status, changes=changes).save()
    if changes.keys() & search.SEARCHED_FIELDS:
        search.index_tickets([ticket.pk])  # the queue's search sees the new words at once
    return ticket


@transaction.atomic
def ticket_recompute_for_policy(*, policy_id: int) -> int:
    """Recompute the deadlines of the open requests on a policy after the policy or its calendar changed."""
    count = 0
    generation = sla.current_generation()  # once, not once per request
    for ticket in Ticket.objects.select_for_update().filter(sla_policy_id=policy_id, status__in=OPEN):
        settle_lateness(ticket, recompute_deadlines=True, sla_generation=generation)
        ticket.version += 1
        ticket.save()
        count += 1
    return count


# ------------------------------------------------------------------------------------------- escalation


@dataclass(frozen=True)
class SweepResult:
    examined: int
    escalated: int
    notified: int


def sla_sweep(*, at: dt.datetime | None = None, batch_size: int = 2000) -> SweepResult:
    """Escalate every late request one step up the ladder: desk → expert group → vendor → leadership.

    Runs every minute (in-process or on Celery). Idempotent: a request climbs only when its next step is
    due, and the step is re-checked under the row lock, so two sweeps at once cannot climb twice.
    """
    at = at or clock.now()
    # Every due id at once, read from the partial index on next_escalation_at; paging with `pk > last ORDER BY
    # pk` made SQLite walk the whole table in pk order instead, every minute, even when nothing was due.
    due = sorted(Ticket.objects.escalation_due(at=at).values_list("pk", flat=True))
    batches = [due[start : start + batch_size] for start in range(0, len(due), batch_size)]
    # PostgreSQL, many due (after an outage): the batches on several connections, one lane's Python beside
    # another's statements (docs/decisions/021, section 11); each batch is its own transaction either way.
    lanes = core_lanes.lanes_for(settings.AFTERSALES_SWEEP_CONNECTIONS, len(batches))
    climbed = sum(core_lanes.in_lanes(partial(_sweep_batch, at=at), batches, lanes))
    # The batches' climbs told once, one digest per person for the whole sweep (with any queued notices). A
    # sweep cut short leaves its committed batches' climbs in the outbox for the notices job.
    notified = escalation_notices_send(sweep_left_after=dt.timedelta(0)) if climbed else 0
    return SweepResult(examined=len(due), escalated=climbed, notified=notified)


def _sweep_batch(ids: list[int], *, at: dt.datetime) -> int:
    """One batch of the sweep in a transaction of its own, its climbs queued in the outbox; the climbs made."""
    with transaction.atomic():
        climbs = _escalate_batch(ids, at)
        if climbs:
            EscalationBatch.objects.create(created_at=clock.now(), climbs=climbs)
        return len(climbs)


class Climb(NamedTuple):
    """A request that climbed the ladder, as its notice needs it (a tuple: `EscalationBatch.climbs` holds its
    fields as a list, and a sweep's drain makes one per climb)."""

    pk: int
    number: str
    tier: int
    title: str
    assignee_id: int | None


def _sweep_facts(row: tuple, times: Any) -> lateness.Facts:
    """A request's state from a row of `sql.sweep_rows` and its times as aware datetimes (`sql.SWEEP_TIMES`: the
    report, the deadlines, the events in `lateness.EVENT_COLUMNS` order — `Facts`' order after `pauses`;
    tests/policy/test_lateness.py checks it), built positionally: the sweep makes one per due request."""
    deadlines = sla_policy.Deadlines(*times[sql.TIMES_DEADLINES], uncertain=bool(row[5]))
    return lateness.Facts(row[3], row[4], times[0], row[1], row[2], deadlines, (), *times[sql.TIMES_EVENTS])


def _escalate_batch(ids: list[int], at: dt.datetime) -> list[tuple]:
    """Climb each of `ids` that is still due one step, under the row lock; returns the climbs made, each as
    `Climb`'s fields in a tuple (the form `EscalationBatch.climbs` stores).

    Per climb (10,000 a minute after an outage, 100,000 at 10M): one `Facts`, the climb and `lateness.derived`
    of the request after it (the three stored fields the climb moves; no clocks' list of breaches), the values
    in the database's form, the timeline line as a plain row — no model instance, no per-value look-up of the
    connection."""
    form = sql.sweep_form()
    param, text = form.param, form.text
    parse = dt.datetime.fromisoformat
    now = clock.now()
    stamp = param(now)
    updates, unladdered, lines, climbs = [], [], [], []
    for row in sql.sweep_rows(ids, at):
        raw = row[sql.SWEEP_TIMES]
        times = [None if value is None else parse(value) for value in raw] if text else raw
        facts = _sweep_facts(row, times)
        climb = lateness.sweep_climb(facts, at=at)
        if climb is None:
            breach_at, due_at, next_at = lateness.derived(facts)
            unladdered.append((param(breach_at), param(due_at), param(next_at), row[0]))
            continue
        breach_at, due_at, next_at = lateness.derived(climb.after)
        pk, tier, due = row[0], climb.tier, param(climb.due)
        escalated_at = due if climb.after.escalated_at is climb.due else param(climb.after.escalated_at)
        # Tuples of plain values: the collector stops tracking them, so 10,000 of them do not bring on a full
        # collection of the process's heap (~50 ms) as 10,000 lists can.
        updates.append((tier, escalated_at, param(breach_at), param(due_at), param(next_at), pk))
        lines.append((pk, row[1], tier, due, SWEEP_NOTES[tier]))  # the same timeline line intake writes
        climbs.append((pk, ticket_number(pk, times[-1]), tier, row[7], row[6]))
    sql.sweep_write(updates, unladdered, lines, action="auto_escalate", recorded_at=stamp)
    return climbs


# The notes of the timeline lines of automatic climbs: at intake (class 1), and the sweep's, by tier.
INTAKE_CLIMB_NOTE = "一类故障立即提交专家组 / class 1 goes to the expert group at once"
SWEEP_NOTES = {
    tier: "超时自动升级至{tier} / escalated to {tier_en} automatically".format(
        tier=Tier(tier).label, tier_en=sla_policy.Tier(tier).label_en
    )
    for tier in Tier.values
}


# ------------------------------------------------------------------------------------ escalation notices

_NOTICE_COLUMNS = ("ticket_id", "tier", "created_at")


def _queue_notices(tickets: list[Ticket], at: dt.datetime) -> None:
    """Queue the notices of requests that just climbed, in the caller's transaction (the outbox)."""
    bulk.values_insert(EscalationNotice, _NOTICE_COLUMNS, [(t.pk, t.tier, at) for t in tickets])


# How long the notices job leaves a sweep's batches to the sweep that wrote them: a sweep tells its climbs when its
# batches are done (seconds, even at 10M), so a job running meanwhile does not split them into several digests;
# what a sweep cut short left is told after this.
SWEEP_LEFT_AFTER = dt.timedelta(minutes=1)


def escalation_notices_send(*, batch_size: int = 2000, sweep_left_after: dt.timedelta = SWEEP_LEFT_AFTER) -> int:
    """Tell people of the climbs queued by intake and by hand (`_queue_notices`) and by the sweep's batches
    (`EscalationBatch`, those written `sweep_left_after` ago or earlier); returns how many messages.

    Runs every few seconds (AFTERSALES_NOTICE_SECONDS): in-process inside `aftersales serve`, or on Celery
    beat; and at the end of each sweep that climbed, for all batches. Each take of up to `batch_size` queued
    notices, with the sweep batches waiting, is deleted and told in one transaction, so each climb is told
    exactly once (in-app; e-mail is handed over after the commit), as one digest per person per take.
    """
    sweeps = EscalationBatch.objects.filter(created_at__lte=clock.now() - sweep_left_after)
    # The usual case, without taking SQLite's write lock.
    if not EscalationNotice.objects.exists() and not sweeps.exists():
        return 0
    sent = 0
    while True:
        with transaction.atomic():
            rows = sql.notices_take(batch_size)
            batches = list(sweeps.select_for_update(skip_locked=True).order_by("pk").values_list("pk", "climbs"))
            if not rows and not batches:
                return sent
            EscalationNotice.objects.filter(pk__in=[row[0] for row in rows]).delete()
            EscalationBatch.objects.filter(pk__in=[pk for pk, _ in batches]).delete()
            climbs = [
                Climb(ticket_id, ticket_number(ticket_id, bulk.aware(created_at)), tier, title, assignee_id)
                for _, ticket_id, tier, created_at, title, assignee_id in rows
            ]
            climbs += [Climb._make(climb) for _, batch in batches for climb in batch]
            sent += _notify_escalations(climbs)
        if len(rows) < batch_size:
            return sent


DIGEST_LINES = 50  # the requests a digest names; the rest are counted, and its link lists them all


def _notify_escalations(tickets: list[Climb]) -> int:
    """Tell each climbed request's assignee, and the members of the tier's group, that requests climbed: one
    message per person, naming the requests in the order they climbed (`DIGEST_LINES` of them, the rest counted).

    A sweep's drain brings 100,000 climbs after an outage: each climb is put once in its tier's list and, if
    its assignee is not of that tier's group, in the assignee's list; a person's requests are then the lists of
    the tiers whose group they are in and their own, merged by position for the lines named."""
    if not tickets:
        return 0
    by_tier: dict[int, list[int]] = {}
    for position, ticket in enumerate(tickets):
        by_tier.setdefault(ticket.tier, []).append(position)
    roles = {role for tier in by_tier for role in TIER_ROLES.get(tier, ())}
    members = list(User.objects.filter(role__in=roles, is_active=True).values_list("id", "email", "role"))
    # Each tier's group once (a sweep climbs thousands of requests to the same few tiers).
    groups = {tier: {uid for uid, _, role in members if role in TIER_ROLES.get(tier, ())} for tier in by_tier}
    assignee_ids = {t.assignee_id for t in tickets if t.assignee_id}
    assignees = dict(User.objects.filter(pk__in=assignee_ids).values_list("id", "email")) if assignee_ids else {}
    own: dict[int, list[int]] = {}  # an assignee's climbs to a tier whose group they are not in
    for position, ticket in enumerate(tickets):
        if ticket.assignee_id in assignees and ticket.assignee_id not in groups[ticket.tier]:
            own.setdefault(ticket.assignee_id, []).append(position)
    recipients = {uid: email for uid, email, _ in members if any(uid in group for group in groups.values())}
    recipients.update((uid, assignees[uid]) for uid in own)
    labels = {tier: str(Tier(tier).label) for tier in groups}  # each tier's name once, not per line
    messages = []
    for uid, email in recipients.items():
        lists = [positions for tier, positions in by_tier.items() if uid in groups[tier]] + [own.get(uid, [])]
        count = sum(map(len, lists))
        items = [tickets[p] for p in itertools.islice(heapq.merge(*lists), DIGEST_LINES)]
        if count == 1:
            t = items[0]
            title = "服务请求 {number} 已升级至{tier}".format(number=t.number, tier=labels[t.tier])
            body = "{title}\n{subject}".format(title=title, subject=t.title)
            link = f"/tickets/{t.pk}/"
        else:
            title = "{count} 个服务请求已升级".format(count=count)
            body = "\n".join(
                "{number} → {tier}：{subject}".format(number=t.number, tier=labels[t.tier], subject=t.title)
                for t in items
            )
            if count > DIGEST_LINES:
                body += "\n……另有 {more} 个 / and {more} more".format(more=count - DIGEST_LINES)
            link = "/tickets/?breached=true"
        messages.append(
            notifications.Message(user_id=uid, email=email, kind="escalation", title=title, body=body, link=link)
        )
    return notifications.notifications_send(messages)
