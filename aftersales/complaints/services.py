"""Every write to a complaint: intake, the lifecycle actions, edits and the escalation sweep (SPEC §4).

Decide purely, apply under a lock: the allowed moves come from `complaints.policy.lifecycle`, the deadlines
and the escalation ladder from `complaints.policy.deadlines` on the policy's working-time calendar. This
module loads and locks the rows, asks those modules, writes the result and its timeline line in one
transaction, puts the complaint on the supervisors' "my day" list and notifies (e-mail after commit).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from aftersales.accounts import access
from aftersales.accounts.choices import Role
from aftersales.accounts.models import User
from aftersales.accounts.references import STAFF_USER
from aftersales.complaints.choices import DONE, TIER_ROLES, Against, Severity, Source
from aftersales.complaints.choices import Status as StatusChoice
from aftersales.complaints.models import Complaint, ComplaintEvent, ComplaintPolicy
from aftersales.complaints.policy import deadlines as deadline_policy
from aftersales.complaints.policy import lifecycle
from aftersales.core import clock, references
from aftersales.core.errors import conflict, invalid, not_found, stale_version
from aftersales.customers.models import Customer
from aftersales.dispatch.models import Dispatch, Engineer
from aftersales.notifications import services as notifications
from aftersales.plans import services as plans
from aftersales.plans.models import WorkItem, WorkItemKind
from aftersales.sla import selectors as sla

EARLIEST_RECEIVED = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
EDITABLE_FIELDS = frozenset({"severity", "summary", "details", "engineer_id", "partner_id"})
ACTION_ZH = {a: names[0] for a, names in lifecycle.ACTION_NAMES.items()}


def work_item_key(complaint_id: int) -> str:
    """The source key of a complaint's work item (one per complaint)."""
    return f"complaint:{complaint_id}"


# ---------------------------------------------------------------------------------------------- helpers


def _targets(policy: ComplaintPolicy) -> deadline_policy.Targets:
    return deadline_policy.Targets(
        reply_minutes=policy.reply_minutes,
        senior_minutes=policy.senior_minutes,
        manager_minutes=policy.manager_minutes,
    )


def _deadlines(complaint: Complaint) -> deadline_policy.Deadlines:
    return deadline_policy.Deadlines(
        reply_by=complaint.reply_by,
        senior_by=complaint.senior_by,
        manager_by=complaint.manager_by,
        uncertain=complaint.deadline_uncertain,
    )


def compute_deadlines(complaint: Complaint, policy: ComplaintPolicy) -> None:
    """Fill the reply, senior and manager deadlines from the policy and its calendar (holiday-aware)."""
    try:
        result = deadline_policy.complaint_deadlines(
            sla.work_calendar(policy.calendar), complaint.received_at, _targets(policy)
        )
    except ValueError as exc:
        raise invalid(
            "policy_unusable",
            "投诉时限策略无法计算时限：{error}",
            "The complaint policy cannot give deadlines: {error}",
            error=str(exc),
        ) from None
    complaint.reply_by, complaint.senior_by, complaint.manager_by = result.reply_by, result.senior_by, result.manager_by
    complaint.deadline_uncertain = result.uncertain


def derive_lateness(complaint: Complaint) -> None:
    """Refresh `breach_at` (overdue since) and `next_escalation_at` (the sweep's schedule) from the clocks."""
    if complaint.status in DONE:
        complaint.breach_at = complaint.next_escalation_at = None
        return
    tier = lifecycle.Tier(complaint.tier)
    replied = complaint.replied_at is not None
    deadlines = _deadlines(complaint)
    complaint.breach_at = deadline_policy.breach_at(deadlines, tier=tier, replied=replied)
    step = deadline_policy.next_escalation(deadlines, tier=tier, replied=replied)
    complaint.next_escalation_at = step.due_at if step is not None else None


@transaction.atomic
def complaint_recompute_for_policy(*, policy_id: int) -> int:
    """Recompute the deadlines of the open complaints on a policy after it or its calendar changed; returns
    how many. Their reply work items move with them; a tier already reached is kept."""
    policy = _policy(policy_id)
    count = 0
    for complaint in Complaint.objects.select_for_update().filter(policy_id=policy_id).exclude(status__in=DONE):
        compute_deadlines(complaint, policy)
        derive_lateness(complaint)
        complaint.version += 1
        complaint.save()
        plans.work_item_reschedule(
            source_key=work_item_key(complaint.pk),
            due_on=clock.local(complaint.reply_by).date(),
            due_uncertain=complaint.deadline_uncertain,
        )
        count += 1
    return count


def _record(
    complaint: Complaint, *, action: str, actor: User | None, at: dt.datetime, from_status: str, note: str = ""
) -> ComplaintEvent:
    return ComplaintEvent.objects.create(
        complaint=complaint,
        action=action,
        from_status=from_status,
        to_status=complaint.status,
        tier=complaint.tier,
        actor=actor if getattr(actor, "pk", None) else None,
        at=at,
        recorded_at=clock.now(),
        note=note,
    )


def _check_time(value: dt.datetime, now: dt.datetime, *, earliest: dt.datetime, code: str, zh: str, en: str) -> None:
    if value.tzinfo is None:
        raise invalid("naive_datetime", "时间必须带时区", "Times must carry a UTC offset")
    if value > now:
        raise invalid(f"{code}_in_future", f"{zh}不能晚于当前时间", f"{en} cannot be in the future")
    if value < earliest:
        raise invalid(f"{code}_too_early", f"{zh}过早", f"{en} is too early")


def _lock(complaint_id: int) -> Complaint:
    complaint = Complaint.objects.select_for_update().filter(pk=complaint_id).first()
    if complaint is None:
        raise not_found("投诉", "Complaint")
    return complaint


def _policy(policy_id: int | None) -> ComplaintPolicy:
    qs = ComplaintPolicy.objects.select_related("calendar")
    policy = qs.filter(pk=policy_id).first() if policy_id is not None else qs.filter(is_default=True).first()
    if policy is None:
        if policy_id is not None:
            raise references.COMPLAINT_POLICY.error()
        raise invalid("no_default_policy", "未设置默认投诉时限策略", "No default complaint policy is configured")
    return policy


def _callback_taken():
    return conflict("callback_has_complaint", "该回访已有投诉", "A complaint was already opened for this callback")


def _check_callback(callback_id: int, customer_id: int) -> None:
    """A callback a complaint comes from exists, is the same customer's, and has no complaint yet."""
    references.CALLBACK.check(callback_id, customer_id=customer_id)
    if Complaint.objects.filter(callback_id=callback_id).exists():
        raise _callback_taken()


def _against(engineer_id: int | None, partner_id: int | None) -> tuple[str, int | None, int | None]:
    """(against, engineer id, partner id): a partner's engineer also counts against the partner."""
    if engineer_id is not None:
        references.ENGINEER.check(engineer_id)
        if partner_id is None:
            partner_id = Engineer.objects.filter(pk=engineer_id).values_list("partner_id", flat=True).first()
    if partner_id is not None:
        references.PARTNER.check(partner_id)
    if engineer_id is not None:
        return Against.ENGINEER, engineer_id, partner_id
    return (Against.PARTNER if partner_id is not None else Against.COMPANY), None, partner_id


def _from_dispatch(ticket_id: int) -> tuple[int | None, int | None]:
    """The engineer and partner of the request's active dispatch (whom a complaint about it concerns)."""
    row = Dispatch.objects.filter(ticket_id=ticket_id, status="active").values_list("engineer_id", "partner_id").first()
    return (row[0], row[1]) if row else (None, None)


def _role_members(roles: set[str]) -> list[tuple[int, str]]:
    return list(User.objects.filter(role__in=roles, is_active=True).order_by("id").values_list("id", "email"))


def _link(complaint: Complaint) -> str:
    return f"/complaints/{complaint.pk}/"


def _shown(value: Any) -> str:
    return "—" if value in (None, "") else str(value)


def _local_text(at: dt.datetime) -> str:
    return clock.local(at).strftime("%Y-%m-%d %H:%M")


# ----------------------------------------------------------------------------------------------- intake


@transaction.atomic
def complaint_open(
    *,
    source: str,
    customer_id: int,
    summary: str,
    actor: User | None,
    ticket_id: int | None = None,
    callback_id: int | None = None,
    engineer_id: int | None = None,
    partner_id: int | None = None,
    details: str = "",
    received_at: dt.datetime | None = None,
    policy_id: int | None = None,
) -> Complaint:
    """Take a complaint (受理投诉) and start its reply deadline (SPEC §4; 篇1 2.16, 4.8).

    From the supervision hotline, a callback (satisfaction ≤ 2 opens one; one complaint per callback, a
    second call returns the first), the portal, e-mail or a visit. When a request is named and no engineer or
    partner, the complaint concerns whoever holds the request's active dispatch. The supervisors' pool gets a
    work item due on the reply deadline's date; every supervisor is told.

    Who may (the access table): ``complaints.create`` — the complaint desk and callback staff for any customer,
    a customer user only about its own organisation (read off the user row; another is an unknown reference)
    and its own requests, always through the portal; naming an engineer, partner, policy or callback is
    ``complaints.attribute`` (the desk's). Without an actor (a system job) the caller has decided.
    """
    now = clock.now()
    received_at = received_at or now
    _check_time(received_at, now, earliest=EARLIEST_RECEIVED, code="received", zh="接到投诉时间", en="received_at")
    if source not in Source.values:
        raise invalid("invalid_source", "投诉来源无效：{source}", "Unknown complaint source: {source}", source=source)
    summary = (summary or "").strip()
    if not summary:
        raise invalid("summary_required", "投诉摘要不能为空", "A summary is required")
    if actor is not None:
        access.require(actor, "complaints.create", customer_id=customer_id, out_of_scope=references.CUSTOMER.error())
        if engineer_id is not None or partner_id is not None or policy_id is not None or callback_id is not None:
            access.require(actor, "complaints.attribute")
        if actor.is_customer_user:
            source = Source.PORTAL
    references.CUSTOMER.check(customer_id)
    if callback_id is not None:
        _check_callback(callback_id, customer_id)
    if ticket_id is not None:
        references.TICKET.check(ticket_id, customer_id=customer_id)
        if engineer_id is None and partner_id is None:
            engineer_id, partner_id = _from_dispatch(ticket_id)
    against, engineer_id, partner_id = _against(engineer_id, partner_id)
    policy = _policy(policy_id)
    complaint = Complaint(
        source=source,
        customer_id=customer_id,
        ticket_id=ticket_id,
        callback_id=callback_id,
        against=against,
        engineer_id=engineer_id,
        partner_id=partner_id,
        summary=summary[:200],
        details=details or "",
        severity=Severity.NORMAL,
        policy=policy,
        status=StatusChoice.RECEIVED,
        tier=lifecycle.Tier.DESK,
        created_by=actor if getattr(actor, "pk", None) else None,
        received_at=received_at,
    )
    compute_deadlines(complaint, policy)
    derive_lateness(complaint)
    try:
        with transaction.atomic():
            complaint.save(force_insert=True)
    except IntegrityError:
        # The same callback opened its complaint concurrently: that one stands, this one is refused.
        if callback_id is not None and Complaint.objects.filter(callback_id=callback_id).exists():
            raise _callback_taken() from None
        raise
    _record(complaint, action="create", actor=actor, at=received_at, from_status="", note=Source(source).label)
    # The supervisors' pool: the duty roster (dispatch.DutyShift) covers field engineers only, so no
    # supervisor is "on duty" by it; whichever supervisor takes the item first handles the complaint.
    plans.work_item_create(
        source_key=work_item_key(complaint.pk),
        kind=WorkItemKind.COMPLAINT,
        title="投诉 {number} 回复：{summary}".format(number=complaint.number, summary=complaint.summary),
        due_on=clock.local(complaint.reply_by).date(),
        role=Role.SUPERVISOR,
        customer_id=customer_id,
        ticket_id=ticket_id,
        link=_link(complaint),
        due_uncertain=complaint.deadline_uncertain,
    )
    _notify_opened(complaint)
    return complaint


def _notify_opened(complaint: Complaint) -> int:
    """Tell every supervisor (complaint_opened), with the reply deadline."""
    recipients = dict(_role_members({Role.SUPERVISOR}))
    customer_name = Customer.objects.filter(pk=complaint.customer_id).values_list("name", flat=True).first() or ""
    title = "新投诉 {number}：{summary}".format(number=complaint.number, summary=complaint.summary)
    body = "{customer}\n{title}\n请于 {by} 前回复（{policy}）".format(
        customer=customer_name, title=title, by=_local_text(complaint.reply_by), policy=complaint.policy.name
    )
    return notifications.notifications_send(
        notifications.Message(
            user_id=uid, email=email or "", kind="complaint_opened", title=title, body=body, link=_link(complaint)
        )
        for uid, email in recipients.items()
    )


# -------------------------------------------------------------------------------------------- lifecycle


@dataclass(frozen=True)
class ActionInput:
    """What an action carries besides its name (only the fields the action uses are read)."""

    text: str = ""
    root_cause: str = ""
    corrective_action: str = ""
    upheld: bool | None = None
    satisfaction: int | None = None
    handler_id: int | None = None


@transaction.atomic
def complaint_apply_action(
    *,
    complaint_id: int,
    action: str,
    actor: User,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
    text: str = "",
    root_cause: str = "",
    corrective_action: str = "",
    upheld: bool | None = None,
    satisfaction: int | None = None,
    handler_id: int | None = None,
) -> Complaint:
    """Apply one lifecycle action (reply, escalate, resolve, close) to a complaint (STYLE §5).

    Locks the row, compares `version` (409 when stale), asks the table (409 when not allowed), stamps the
    event, recomputes lateness, records the timeline line, bumps the version and notifies after commit.
    """
    try:
        move = lifecycle.Action(action)
    except ValueError:
        raise invalid("unknown_action", "未知操作：{action}", "Unknown action: {action}", action=action) from None
    access.require(actor, "complaints.handle", complaint_id=complaint_id)  # the desk, any complaint: no query
    complaint = _lock(complaint_id)
    if expected_version is not None and complaint.version != expected_version:
        raise stale_version(expected_version, complaint.version)
    now = clock.now()
    at = at or now
    _check_time(at, now, earliest=complaint.received_at, code="action", zh="操作时间", en="The time of an action")
    values = ActionInput(
        text=text or "",
        root_cause=root_cause or "",
        corrective_action=corrective_action or "",
        upheld=upheld,
        satisfaction=satisfaction,
        handler_id=handler_id,
    )
    _apply(complaint, move, actor=actor, at=at, values=values)
    return complaint


def _refuse(complaint: Complaint, move: lifecycle.Action, refusal: lifecycle.Refusal) -> Exception:
    if refusal.code == "transition_not_allowed":
        return conflict(
            refusal.code,
            "当前状态“{status_zh}”不允许“{action_zh}”",
            "Action '{action}' is not allowed in status '{status}'",
            status_zh=StatusChoice(complaint.status).label,
            action_zh=ACTION_ZH[move],
            action=move.value,
            status=complaint.status,
        )
    return conflict(refusal.code, refusal.zh, refusal.en)


def _apply(
    complaint: Complaint, move: lifecycle.Action, *, actor: User | None, at: dt.datetime, values: ActionInput
) -> int:
    """Check the move against the table, validate its input, stamp it, save, record and notify.

    Returns the number of notifications sent.
    """
    target = lifecycle.next_state(lifecycle.State(complaint.status), move, replied=complaint.replied_at is not None)
    if isinstance(target, lifecycle.Refusal):
        raise _refuse(complaint, move, target)
    note = _stamp(complaint, move, target, actor=actor, at=at, values=values)
    from_status = complaint.status
    complaint.status = target.value
    derive_lateness(complaint)
    complaint.version += 1
    complaint.save()
    automatic = actor is None and move is lifecycle.Action.ESCALATE
    _record(
        complaint,
        action="auto_escalate" if automatic else move.value,
        actor=actor,
        at=at,
        from_status=from_status,
        note=note,
    )
    if target.value in DONE:
        _complete_work_item(complaint, actor)
    if move is lifecycle.Action.ESCALATE:
        return _notify_escalated(complaint, automatic=actor is None)
    if move is lifecycle.Action.REPLY:
        return _notify_replied(complaint)
    return 0


def _stamp(
    complaint: Complaint,
    move: lifecycle.Action,
    target: lifecycle.State,
    *,
    actor: User | None,
    at: dt.datetime,
    values: ActionInput,
) -> str:
    """Validate the action's input and stamp its fields; returns the timeline note."""
    if move is lifecycle.Action.REPLY:
        text = values.text.strip()
        if not text:
            raise invalid("reply_text_required", "回复内容不能为空", "The reply text is required")
        complaint.replied_at, complaint.reply_text = at, text
        if complaint.handler_id is None and actor is not None:
            complaint.handler = actor
        return text
    if move is lifecycle.Action.ESCALATE:
        tier = lifecycle.TIER_OF[target]
        if values.handler_id is not None:
            STAFF_USER.check(values.handler_id)
            complaint.handler_id = values.handler_id
        complaint.tier = int(tier)
        if tier is lifecycle.Tier.SENIOR:
            complaint.senior_at = at
        else:
            complaint.manager_at = at
        reason = values.text.strip()
        if actor is None:
            reason = "超过时限自动升级 / escalated automatically after the deadline passed"
        return reason
    if move is lifecycle.Action.RESOLVE:
        root_cause, corrective = values.root_cause.strip(), values.corrective_action.strip()
        if not root_cause or not corrective:
            raise invalid(
                "root_cause_required",
                "请填写根本原因和纠正措施",
                "The root cause and the corrective action are required",
            )
        if values.upheld is None:
            raise invalid("upheld_required", "请选择是否为有效投诉", "Say whether the complaint is upheld")
        complaint.resolved_at, complaint.root_cause, complaint.corrective_action = at, root_cause, corrective
        complaint.is_upheld = values.upheld
        upheld = "有效投诉 / upheld" if values.upheld else "非有效投诉 / not upheld"
        return f"{upheld}\n根本原因 / root cause：{root_cause}\n纠正措施 / corrective action：{corrective}"
    # close
    if values.satisfaction is not None:
        if not 1 <= values.satisfaction <= 5:
            raise invalid("invalid_satisfaction", "满意度必须是1到5", "Satisfaction must be 1 to 5")
        complaint.satisfaction = values.satisfaction
    complaint.closed_at = at
    return values.text.strip()


def _complete_work_item(complaint: Complaint, actor: User | None) -> None:
    item = WorkItem.objects.filter(source_key=work_item_key(complaint.pk), done_at__isnull=True).first()
    if item is not None:
        plans.work_item_complete(item_id=item.pk, actor=actor, result=StatusChoice(complaint.status).label)


def complaint_reply(
    *, complaint_id: int, actor: User, text: str, expected_version: int | None = None, at: dt.datetime | None = None
) -> Complaint:
    """Reply to the customer (给予回复), within the policy's reply time."""
    return complaint_apply_action(
        complaint_id=complaint_id, action="reply", actor=actor, text=text, expected_version=expected_version, at=at
    )


def complaint_escalate(
    *,
    complaint_id: int,
    actor: User,
    expected_version: int | None = None,
    note: str = "",
    handler_id: int | None = None,
    at: dt.datetime | None = None,
) -> Complaint:
    """Escalate one tier: to a more senior engineer, then to the manager who goes on site (篇1 2.16)."""
    return complaint_apply_action(
        complaint_id=complaint_id,
        action="escalate",
        actor=actor,
        text=note,
        handler_id=handler_id,
        expected_version=expected_version,
        at=at,
    )


def complaint_resolve(
    *,
    complaint_id: int,
    actor: User,
    root_cause: str,
    corrective_action: str,
    upheld: bool,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Complaint:
    """Resolve with the root cause and the corrective action; `upheld` (有效投诉) counts in the assessment."""
    return complaint_apply_action(
        complaint_id=complaint_id,
        action="resolve",
        actor=actor,
        root_cause=root_cause,
        corrective_action=corrective_action,
        upheld=upheld,
        expected_version=expected_version,
        at=at,
    )


def complaint_close(
    *,
    complaint_id: int,
    actor: User,
    satisfaction: int | None = None,
    note: str = "",
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Complaint:
    """Close a resolved complaint, with the customer's satisfaction with its handling (1–5) when known."""
    return complaint_apply_action(
        complaint_id=complaint_id,
        action="close",
        actor=actor,
        satisfaction=satisfaction,
        text=note,
        expected_version=expected_version,
        at=at,
    )


# ------------------------------------------------------------------------------------------------ edits


@transaction.atomic
def complaint_update(*, complaint_id: int, actor: User, expected_version: int, **fields: Any) -> Complaint:
    """Correct a complaint's details: severity, summary, details, and whom it is against (counts in assessment)."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise invalid(
            "not_editable",
            "不可修改的字段：{fields}",
            "Fields that cannot be edited: {fields}",
            fields=", ".join(sorted(unknown)),
        )
    access.require(actor, "complaints.handle", complaint_id=complaint_id)
    complaint = _lock(complaint_id)
    if complaint.version != expected_version:
        raise stale_version(expected_version, complaint.version)
    if complaint.status == StatusChoice.CLOSED:
        raise conflict("complaint_closed", "已关闭的投诉不能修改", "A closed complaint cannot be edited")
    if "severity" in fields and fields["severity"] not in Severity.values:
        raise invalid("invalid_severity", "严重程度无效", "Unknown severity")
    if "summary" in fields:
        fields["summary"] = str(fields["summary"] or "").strip()[:200]
        if not fields["summary"]:
            raise invalid("summary_required", "投诉摘要不能为空", "A summary is required")
    if "engineer_id" in fields or "partner_id" in fields:
        engineer_id = fields.get("engineer_id", complaint.engineer_id)
        partner_id = fields.get("partner_id", complaint.partner_id if "engineer_id" not in fields else None)
        against, fields["engineer_id"], fields["partner_id"] = _against(engineer_id, partner_id)
        fields["against"] = against
    changes = []
    for key, value in fields.items():
        old = getattr(complaint, key)
        if old != value:
            changes.append(f"{key}: {_shown(old)} → {_shown(value)}")
            setattr(complaint, key, value)
    if not changes:
        return complaint
    complaint.version += 1
    complaint.save()
    _record(
        complaint, action="update", actor=actor, at=clock.now(), from_status=complaint.status, note="；".join(changes)
    )
    return complaint


# ------------------------------------------------------------------------------------------- escalation


@dataclass(frozen=True)
class SweepResult:
    examined: int
    escalated: int
    notified: int


def complaints_escalate_due(*, at: dt.datetime | None = None) -> SweepResult:
    """Escalate every complaint whose next tier is due, one tier per complaint per run (篇1 2.16).

    A complaint nobody replied to by its reply deadline, or still at the desk at its senior deadline, goes to a
    senior engineer; one still with the senior engineer at its manager deadline goes to the manager. Idempotent:
    each complaint is re-checked under its row lock, and a climbed complaint's next step lies at a later
    deadline, so a second run at the same instant changes nothing unless that deadline passed too.
    """
    at = at or clock.now()
    due = sorted(Complaint.objects.open().escalation_due(at=at).values_list("pk", flat=True))
    escalated = notified = 0
    for complaint_id in due:
        with transaction.atomic():
            complaint = Complaint.objects.select_for_update().filter(pk=complaint_id).first()
            if complaint is None or complaint.status in DONE:
                continue
            step = deadline_policy.next_escalation(
                _deadlines(complaint), tier=lifecycle.Tier(complaint.tier), replied=complaint.replied_at is not None
            )
            if step is None or step.due_at > at:
                derive_lateness(complaint)
                complaint.save(update_fields=["breach_at", "next_escalation_at"])
                continue
            notified += _apply(complaint, lifecycle.Action.ESCALATE, actor=None, at=at, values=ActionInput())
            escalated += 1
    return SweepResult(examined=len(due), escalated=escalated, notified=notified)


def _notify_escalated(complaint: Complaint, *, automatic: bool) -> int:
    """Tell the tier's group, the supervisors and the handler that a complaint climbed (complaint_escalated)."""
    roles = set(TIER_ROLES.get(complaint.tier, ())) | {Role.SUPERVISOR}
    recipients = dict(_role_members(roles))
    if complaint.handler_id:
        handler = User.objects.filter(pk=complaint.handler_id, is_active=True).values_list("id", "email").first()
        if handler is not None:
            recipients[handler[0]] = handler[1]
    tier = lifecycle.Tier(complaint.tier)
    tier_zh = "高级工程师" if tier is lifecycle.Tier.SENIOR else "公司领导（到场）"
    title = "投诉 {number} 已{how}升级至{tier}".format(
        number=complaint.number, how="超时自动" if automatic else "", tier=tier_zh
    )
    body = "{title}\n{summary}\n领导到场时限：{manager_by}".format(
        title=title, summary=complaint.summary, manager_by=_local_text(complaint.manager_by)
    )
    return notifications.notifications_send(
        notifications.Message(
            user_id=uid, email=email or "", kind="complaint_escalated", title=title, body=body, link=_link(complaint)
        )
        for uid, email in recipients.items()
    )


def _notify_replied(complaint: Complaint) -> int:
    """A complaint filed in the portal: tell the customer user who filed it that it was answered."""
    if complaint.source != Source.PORTAL or not complaint.created_by_id:
        return 0
    user = User.objects.filter(pk=complaint.created_by_id, is_active=True).values_list("id", "email").first()
    if user is None:
        return 0
    title = "您的投诉 {number} 已回复".format(number=complaint.number)
    return notifications.notifications_send(
        [
            notifications.Message(
                user_id=user[0],
                email=user[1] or "",
                kind="complaint_replied",
                title=title,
                body=complaint.reply_text,
                link=_link(complaint),
            )
        ]
    )
