"""Every write of field service (SPEC §3): engineers and their rota, dispatches, planned-visit notices, on-site
visits (服务报告) with the customer's signature.

A request's status changes only through `tickets.services.ticket_apply_action` (dispatch, arrive); this module
records who was sent, when and by whom, keeps re-dispatches as history, and tells the people concerned after
commit (through `notifications`).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

from aftersales.accounts import access
from aftersales.accounts.choices import Role
from aftersales.accounts.models import User
from aftersales.assets.models import Vendor
from aftersales.core import clock
from aftersales.core.errors import conflict, forbidden, invalid, not_found, stale_version, unknown_reference
from aftersales.customers.models import Contact, Region
from aftersales.dispatch.choices import ENGINEER_ROLES, DispatchStatus, Satisfaction
from aftersales.dispatch.models import Certification, Dispatch, DutyShift, Engineer, Visit, VisitPart
from aftersales.dispatch.policy import rota
from aftersales.network.models import Partner
from aftersales.notifications import services as notifications
from aftersales.tickets import services as tickets
from aftersales.tickets.choices import DONE, Status
from aftersales.tickets.models import Ticket
from aftersales.tickets.policy import lifecycle

PLANNED_NOTICE_DAYS = 7  # 篇6: planned work is announced to the customer 7 days ahead
SIGNATURE_MAX_BYTES = 300 * 1024
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
DATA_URL_PREFIX = "data:image/png;base64,"
VISIT_TEXT_FIELDS = (
    "work_done",
    "fault_cause",
    "parts_text",
    "loaner_issued",
    "loaner_collected",
    "signer_name",
    "customer_remarks",
)
VISIT_FIELDS = frozenset({*VISIT_TEXT_FIELDS, "departed_at", "parts", "signature", "satisfaction"})
TEXT_LIMITS = {"loaner_issued": 200, "loaner_collected": 200, "signer_name": 64}
LONG_TEXT_LIMIT = 4000


def display_name(user: User) -> str:
    """A person's name as Chinese writes it (family name first), else the username."""
    return f"{user.last_name}{user.first_name}".strip() or user.username


# --------------------------------------------------------------------------------------------- engineers


@transaction.atomic
def engineer_create(
    *,
    actor: User,
    user_id: int,
    home_region_id: int,
    vendor_ids: Sequence[int] = (),
    categories: Sequence[str] = (),
    partner_id: int | None = None,
    certifications: Sequence[tuple[str, str, dt.date | None]] = (),
) -> Engineer:
    """Make a user a field engineer with skills, certifications and a home city (admins and supervisors).

    A partner user (合作伙伴工程师) belongs to its own partner; naming another partner is refused.
    """
    access.require(actor, "dispatch.engineers_manage")
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise unknown_reference("用户", "User")
    if user.role not in ENGINEER_ROLES:
        raise invalid(
            "not_an_engineer",
            "只有工程师或合作伙伴工程师可以登记为工程师",
            "Only engineers and partner engineers can be registered as engineers",
        )
    if Engineer.objects.filter(user=user).exists():
        raise conflict("engineer_exists", "该用户已登记为工程师", "This user is already registered as an engineer")
    if user.role == Role.PARTNER:
        if partner_id is not None and partner_id != user.partner_id:
            raise invalid(
                "partner_mismatch",
                "合作伙伴工程师只能属于其所在的合作伙伴",
                "A partner engineer belongs to the user's own partner",
            )
        partner_id = user.partner_id
    if partner_id is not None and not Partner.objects.filter(pk=partner_id).exists():
        raise unknown_reference("合作伙伴", "Partner")
    if not Region.objects.filter(pk=home_region_id).exists():
        raise unknown_reference("地区", "Region")
    vendor_ids = sorted(set(vendor_ids))
    if len(vendor_ids) != Vendor.objects.filter(pk__in=vendor_ids).count():
        raise unknown_reference("厂商", "Vendor")
    clean_categories = sorted({c.strip() for c in categories if c.strip()})
    engineer = Engineer.objects.create(
        user=user, home_region_id=home_region_id, partner_id=partner_id, categories=clean_categories
    )
    engineer.vendors.set(vendor_ids)
    Certification.objects.bulk_create(
        [
            Certification(engineer=engineer, name=name, issuer=issuer, valid_until=valid_until)
            for name, issuer, valid_until in certifications
        ]
    )
    return engineer


@transaction.atomic
def engineer_update(
    *,
    actor: User,
    engineer_id: int,
    home_region_id: int | None = None,
    vendor_ids: Sequence[int] | None = None,
    categories: Sequence[str] | None = None,
    is_active: bool | None = None,
) -> Engineer:
    """Change an engineer's home city, skills (vendors, categories) or whether on the team (supervisors)."""
    access.require(actor, "dispatch.engineers_manage")
    engineer = Engineer.objects.select_for_update().filter(pk=engineer_id).first()
    if engineer is None:
        raise not_found("工程师", "Engineer")
    if home_region_id is not None:
        if not Region.objects.filter(pk=home_region_id).exists():
            raise unknown_reference("地区", "Region")
        engineer.home_region_id = home_region_id
    if categories is not None:
        engineer.categories = sorted({c.strip() for c in categories if c.strip()})
    if is_active is not None:
        engineer.is_active = is_active
    engineer.version += 1
    engineer.save()
    if vendor_ids is not None:
        ids = sorted(set(vendor_ids))
        if len(ids) != Vendor.objects.filter(pk__in=ids).count():
            raise unknown_reference("厂商", "Vendor")
        engineer.vendors.set(ids)
    return engineer


@transaction.atomic
def duty_rota_generate(
    *,
    actor: User,
    engineer_ids: Sequence[int],
    week_start: dt.date,
    pattern: Sequence[rota.ShiftTemplate] = rota.DAY_AND_NIGHT,
) -> int:
    """Write the team's on-call rota for the week from `week_start` (7×24 值班表); returns the number of shifts.

    The team takes turns in the given order (`dispatch.policy.rota`). The week's earlier shifts of these
    engineers are replaced, so running it again gives the same rota.
    """
    access.require(actor, "dispatch.rota")
    team = list(dict.fromkeys(engineer_ids))
    if len(team) != Engineer.objects.filter(pk__in=team, is_active=True).count():
        raise unknown_reference("工程师", "Engineer")
    slots = rota.weekly_rota(team, week_start, clock.SHANGHAI, pattern)
    begin = dt.datetime.combine(week_start, dt.time(0), tzinfo=clock.SHANGHAI)
    DutyShift.objects.filter(
        engineer_id__in=team, starts_at__gte=begin, starts_at__lt=begin + dt.timedelta(days=7)
    ).delete()
    DutyShift.objects.bulk_create(
        [DutyShift(engineer_id=s.member, starts_at=s.starts_at, ends_at=s.ends_at) for s in slots],
        batch_size=500,
    )
    return len(slots)


# ----------------------------------------------------------------------------------------------- dispatch


def _check_future(value: dt.datetime | None, name: str) -> None:
    if value is None:
        return
    if value.tzinfo is None:
        raise invalid("naive_datetime", "时间必须带时区", "Times must carry a UTC offset")
    if value < clock.now():
        raise invalid(
            "planned_in_past", "计划上门时间不能早于当前时间", "The planned visit cannot be in the past", field=name
        )


def _lock_ticket(ticket_id: int) -> Ticket:
    ticket = Ticket.objects.select_for_update(of=("self",)).select_related("customer").filter(pk=ticket_id).first()
    if ticket is None:
        raise not_found("服务请求", "Ticket")
    return ticket


def _assignee(engineer_id: int | None, partner_id: int | None) -> tuple[Engineer | None, Partner | None]:
    if (engineer_id is None) == (partner_id is None):
        raise invalid(
            "dispatch_target",
            "请指定一名工程师或一个合作伙伴（二者选一）",
            "Name either an engineer or a partner (exactly one)",
        )
    if engineer_id is not None:
        engineer = (
            Engineer.objects.select_related("user", "partner")
            .filter(pk=engineer_id, is_active=True, user__is_active=True)
            .first()
        )
        if engineer is None:
            raise unknown_reference("工程师", "Engineer")
        return engineer, engineer.partner
    partner = Partner.objects.filter(pk=partner_id, is_active=True).first()
    if partner is None:
        raise unknown_reference("合作伙伴", "Partner")
    return None, partner


def _assignee_text(engineer: Engineer | None, partner: Partner | None) -> str:
    if engineer is not None:
        name = display_name(engineer.user)
        return f"{name}（{partner.name}）" if partner is not None else name
    return partner.name if partner is not None else ""


def _local_text(at: dt.datetime | None) -> str:
    return clock.local(at).strftime("%Y-%m-%d %H:%M") if at is not None else ""


@transaction.atomic
def dispatch_assign(
    *,
    ticket_id: int,
    actor: User,
    engineer_id: int | None = None,
    partner_id: int | None = None,
    assignee_id: int | None = None,
    note: str = "",
    planned_for: dt.datetime | None = None,
) -> Dispatch:
    """Send an engineer or a partner company on site for a request (派工, SPEC §3).

    Supervisors, agents, experts and admins dispatch. The first dispatch moves the request to 已派工 through
    the lifecycle (action `dispatch`, the engineer becoming its assignee); a re-dispatch (改派) marks the
    active dispatch replaced, keeps it, and records the change on the request's timeline. The engineer, or
    the partner's users, are notified after commit. `planned_for` (a future instant) makes it a planned
    visit, announced to the customer 7 days ahead by `visits_notify_upcoming`.
    """
    access.require(actor, "dispatch.create", ticket_id=ticket_id)
    _check_future(planned_for, "planned_for")
    if len(note) > LONG_TEXT_LIMIT:
        raise invalid("note_too_long", "说明过长（最多4000字）", "The note is too long (at most 4000 characters)")
    if assignee_id is not None:
        if engineer_id is not None:
            raise invalid(
                "dispatch_target",
                "请指定一名工程师或一个合作伙伴（二者选一）",
                "Name either an engineer or a partner (exactly one)",
            )
        engineer_id = Engineer.objects.filter(user_id=assignee_id).values_list("pk", flat=True).first()
        if engineer_id is None:
            raise unknown_reference("工程师", "Engineer")
    engineer, partner = _assignee(engineer_id, partner_id)
    ticket = _lock_ticket(ticket_id)
    if ticket.status in DONE:
        raise conflict(
            "ticket_finished",
            "已解决、关闭或取消的请求不能派工",
            "A resolved, closed or cancelled request cannot be dispatched",
        )
    current = (
        Dispatch.objects.select_for_update(of=("self",))
        .select_related("engineer__user", "partner")
        .filter(ticket=ticket, status=DispatchStatus.ACTIVE)
        .first()
    )
    if (
        current is not None
        and current.engineer_id == (engineer.pk if engineer else None)
        and (current.partner_id == (partner.pk if partner else None))
    ):
        raise conflict(
            "already_dispatched",
            "该请求已派给{name}",
            "The request is already dispatched to {name}",
            name=_assignee_text(engineer, partner),
        )
    now = clock.now()
    if current is not None:
        current.status, current.ended_at, current.ended_by = DispatchStatus.REPLACED, now, actor
        current.version += 1
        current.save(update_fields=["status", "ended_at", "ended_by", "version", "updated_at"])
    dispatch = Dispatch.objects.create(
        ticket=ticket,
        engineer=engineer,
        partner=partner,
        dispatched_by=actor,
        dispatched_at=now,
        planned_for=planned_for,
        note=note.strip(),
    )
    _move_ticket(ticket, dispatch, current, actor)
    _notify_dispatch(dispatch, ticket)
    return dispatch


def _move_ticket(ticket: Ticket, dispatch: Dispatch, previous: Dispatch | None, actor: User) -> None:
    """Apply the lifecycle's `dispatch` when the request may take it; otherwise record the re-dispatch."""
    target = _assignee_text(dispatch.engineer, dispatch.partner)
    lines = ["派工给 {target} / dispatched to {target}".format(target=target)]
    if previous is not None:
        lines = [
            "改派：{old} → {new} / re-dispatched from {old} to {new}".format(
                old=_assignee_text(previous.engineer, previous.partner), new=target
            )
        ]
    if dispatch.planned_for is not None:
        lines.append("计划上门：{at} / planned visit".format(at=_local_text(dispatch.planned_for)))
    if dispatch.note:
        lines.append(dispatch.note)
    text = "\n".join(lines)
    user_id = _assignee_user_id(dispatch)
    if lifecycle.State(ticket.status) in lifecycle.TRANSITIONS[lifecycle.Action.DISPATCH].sources:
        tickets.ticket_apply_action(ticket_id=ticket.pk, action="dispatch", actor=actor, note=text, assignee_id=user_id)
    else:
        tickets.ticket_record_event(
            ticket_id=ticket.pk, action="redispatch" if previous else "dispatch_record", actor=actor, note=text
        )
    # The request's 处理人 follows every (re-)dispatch: the engineer, or the partner's first user (none if it
    # has no user): never the one sent before.
    fresh = Ticket.objects.only("version", "assignee_id").get(pk=ticket.pk)
    if fresh.assignee_id != user_id:
        tickets.ticket_update(ticket_id=ticket.pk, actor=actor, expected_version=fresh.version, assignee_id=user_id)


def _assignee_user_id(dispatch: Dispatch) -> int | None:
    """Who answers for a dispatch: the engineer's user, or the partner's first active user."""
    if dispatch.engineer is not None:
        return dispatch.engineer.user_id
    return (
        User.objects.filter(partner=dispatch.partner, is_active=True, role=Role.PARTNER)
        .order_by("id")
        .values_list("id", flat=True)
        .first()
    )


def _recipients_of(dispatch: Dispatch) -> list[tuple[int, str]]:
    if dispatch.engineer is not None:
        return [(dispatch.engineer.user_id, dispatch.engineer.user.email)]
    return list(User.objects.filter(partner=dispatch.partner, is_active=True).order_by("id").values_list("id", "email"))


def _notify_dispatch(dispatch: Dispatch, ticket: Ticket) -> None:
    title = "派工通知：{number} {subject}".format(number=ticket.number, subject=ticket.title)[:200]
    lines = ["客户：{customer}".format(customer=ticket.customer.name)]
    if ticket.arrive_by is not None:
        lines.append("到场时限：{at}".format(at=_local_text(ticket.arrive_by)))
    if dispatch.planned_for is not None:
        lines.append("计划上门：{at}".format(at=_local_text(dispatch.planned_for)))
    if dispatch.note:
        lines.append(dispatch.note)
    link = f"/dispatch/visits/new/{ticket.pk}/"
    notifications.notifications_send(
        notifications.Message(user_id=uid, email=email, kind="dispatch", title=title, body="\n".join(lines), link=link)
        for uid, email in _recipients_of(dispatch)
    )


@transaction.atomic
def dispatch_cancel(*, dispatch_id: int, actor: User, note: str = "") -> Dispatch:
    """Withdraw an active dispatch (the partner then no longer sees the request); recorded on the timeline."""
    access.require(actor, "dispatch.cancel")
    dispatch = (
        Dispatch.objects.select_for_update(of=("self",))
        .select_related("engineer__user", "partner")
        .filter(pk=dispatch_id)
        .first()
    )
    if dispatch is None:
        raise not_found("派工", "Dispatch")
    if dispatch.status != DispatchStatus.ACTIVE:
        raise conflict("dispatch_not_active", "该派工已改派或取消", "This dispatch was already replaced or cancelled")
    dispatch.status, dispatch.ended_at, dispatch.ended_by = DispatchStatus.CANCELLED, clock.now(), actor
    dispatch.version += 1
    dispatch.save(update_fields=["status", "ended_at", "ended_by", "version", "updated_at"])
    text = "取消派工：{target} / dispatch withdrawn".format(target=_assignee_text(dispatch.engineer, dispatch.partner))
    tickets.ticket_record_event(
        ticket_id=dispatch.ticket_id,
        action="dispatch_cancel",
        actor=actor,
        note="\n".join(filter(None, [text, note.strip()])),
    )
    return dispatch


# -------------------------------------------------------------------------------- planned-visit notices


@dataclass(frozen=True)
class NoticeResult:
    dispatches: int
    messages: int
    emails: int


def visits_notify_upcoming(at: dt.datetime | None = None, *, days: int = PLANNED_NOTICE_DAYS) -> NoticeResult:
    """Tell customers of planned visits in the coming `days` (7 for planned work, 篇6); each visit once.

    Runs periodically (in-process scheduler or Celery, `dispatch.tasks.visits_notify_upcoming_task`). A
    dispatch is marked notified in the same transaction that sends the in-app notices, under a row lock,
    so running it twice, or twice at once, tells each customer once. Customer users get an in-app notice
    and an e-mail; contacts without an account get the e-mail.
    """
    at = at or clock.now()
    with transaction.atomic():
        due = list(
            Dispatch.objects.select_for_update(of=("self",))
            .filter(
                status=DispatchStatus.ACTIVE,
                customer_notified_at__isnull=True,
                planned_for__gt=at,
                planned_for__lte=at + dt.timedelta(days=days),
            )
            .select_related("ticket__customer", "engineer__user", "partner")
            .order_by("planned_for", "id")
        )
        if not due:
            return NoticeResult(0, 0, 0)
        customer_ids = {d.ticket.customer_id for d in due}
        users: dict[int, list[tuple[int, str]]] = {}
        for uid, email, cid in (
            User.objects.filter(role=Role.CUSTOMER, customer_id__in=customer_ids, is_active=True)
            .order_by("id")
            .values_list("id", "email", "customer_id")
        ):
            users.setdefault(cid, []).append((uid, email))
        contacts: dict[int, list[str]] = {}
        for email, cid in (
            Contact.objects.filter(customer_id__in=customer_ids)
            .exclude(email="")
            .order_by("id")
            .values_list("email", "customer_id")
        ):
            contacts.setdefault(cid, []).append(email)
        messages: list[notifications.Message] = []
        mails: list[tuple[str, str, str, list[str]]] = []
        for dispatch in due:
            title, body = _visit_notice_text(dispatch)
            link = f"/portal/tickets/{dispatch.ticket_id}/"
            account_emails = set()
            for uid, email in users.get(dispatch.ticket.customer_id, []):
                messages.append(
                    notifications.Message(
                        user_id=uid, email=email, kind="planned_visit", title=title, body=body, link=link
                    )
                )
                account_emails.add(email.lower())
            mails.extend(
                (title, body, settings.DEFAULT_FROM_EMAIL, [email])
                for email in dict.fromkeys(contacts.get(dispatch.ticket.customer_id, []))
                if email.lower() not in account_emails
            )
            dispatch.customer_notified_at = at
        Dispatch.objects.bulk_update(due, ["customer_notified_at"], batch_size=500)
        notifications.notifications_send(messages)
        if mails:
            transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=True))
    return NoticeResult(len(due), len(messages), len(mails))


def _visit_notice_text(dispatch: Dispatch) -> tuple[str, str]:
    ticket = dispatch.ticket
    when = _local_text(dispatch.planned_for)
    title = "上门服务预约通知：{when}".format(when=when)
    who = _assignee_text(dispatch.engineer, dispatch.partner)
    phone = dispatch.engineer.user.phone if dispatch.engineer is not None else dispatch.partner.phone
    body = "\n".join(
        filter(
            None,
            [
                "尊敬的{customer}：".format(customer=ticket.customer.name),
                "我们计划于 {when} 上门处理服务请求 {number}（{subject}）。".format(
                    when=when, number=ticket.number, subject=ticket.title
                ),
                "上门人员：{who}{phone}".format(who=who, phone=f"，电话 {phone}" if phone else ""),
                "如时间不便，请回复或致电服务热线改约。",
                "Planned on-site visit for request {number} on {when}.".format(number=ticket.number, when=when),
            ],
        )
    )
    return title, body


# ------------------------------------------------------------------------------------------------ visits


def _visible_ticket(actor: User, ticket_id: int) -> bool:
    return Ticket.objects.visible_to(actor).filter(pk=ticket_id).exists()


def _engineer_of(user: User) -> Engineer | None:
    return Engineer.objects.select_related("partner").filter(user=user).first()


@transaction.atomic
def visit_record_arrival(*, ticket_id: int, actor: User, arrived_at: dt.datetime | None = None) -> Visit:
    """Record an engineer's arrival on site (到场): starts the service report and stamps the request.

    The request must have an active dispatch; a partner's user may record only on work dispatched to its
    partner now. The first arrival applies the lifecycle action `arrive` at `arrived_at`, which meets the
    arrival deadline (到场时限); a later visit to a request already on site only starts a new report.
    """
    access.require(actor, "visits.record")
    if not _visible_ticket(actor, ticket_id):
        raise not_found("服务请求", "Ticket")
    arrived_at = arrived_at or clock.now()
    ticket = _lock_ticket(ticket_id)
    if ticket.status in DONE:
        raise conflict(
            "ticket_finished",
            "已解决、关闭或取消的请求不能记录到场",
            "Arrival cannot be recorded on a resolved, closed or cancelled request",
        )
    dispatch = Dispatch.objects.filter(ticket=ticket, status=DispatchStatus.ACTIVE).first()
    if dispatch is None:
        raise conflict("not_dispatched", "该请求尚未派工", "The request has not been dispatched")
    # A partner's user records only on the partner's own active dispatch (the table's OWN_PARTNER scope).
    access.require(actor, "visits.record", dispatch_id=dispatch.pk, out_of_scope=forbidden())
    engineer = _engineer_of(actor)
    if Visit.objects.filter(
        ticket=ticket, recorded_by=actor, departed_at__isnull=True, signed_at__isnull=True
    ).exists():
        raise conflict(
            "visit_open", "您在该请求上已有未完成的上门记录", "You already have an open visit on this request"
        )
    if ticket.status == Status.DISPATCHED or ticket.arrived_at is None:
        tickets.ticket_apply_action(ticket_id=ticket.pk, action="arrive", actor=actor, at=arrived_at)
    elif arrived_at.tzinfo is None or arrived_at > clock.now():
        raise invalid(
            "arrival_time",
            "到场时间必须带时区且不能晚于当前时间",
            "The arrival time must carry a UTC offset and cannot be in the future",
        )
    partner = dispatch.partner if actor.is_partner_user else (engineer.partner if engineer else None)
    return Visit.objects.create(
        ticket=ticket, dispatch=dispatch, engineer=engineer, partner=partner, recorded_by=actor, arrived_at=arrived_at
    )


def _not_png() -> Exception:
    return invalid(
        "signature_not_png",
        "签字必须是 PNG 图片（data:image/png;base64,…）",
        "The signature must be a PNG image (data:image/png;base64,…)",
    )


def _too_large() -> Exception:
    return invalid(
        "signature_too_large", "签字图片过大（最大300KB）", "The signature image is too large (300 KB at most)"
    )


def signature_from_data_url(value: str) -> bytes:
    """The PNG bytes of a signature posted as a data URL; refused unless it is a PNG of at most 300 KB."""
    if not value.startswith(DATA_URL_PREFIX):
        raise _not_png()
    encoded = value[len(DATA_URL_PREFIX) :]
    if len(encoded) > (SIGNATURE_MAX_BYTES * 4) // 3 + 8:
        raise _too_large()
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise _not_png() from None
    if not data.startswith(PNG_MAGIC):
        raise _not_png()
    if len(data) > SIGNATURE_MAX_BYTES:
        raise _too_large()
    return data


@dataclass(frozen=True)
class PartLine:
    """One structured line of parts used: part number, description, quantity."""

    part_number: str
    description: str = ""
    quantity: int = 1


def _clean_parts(lines: Iterable[Any]) -> list[PartLine]:
    parts = []
    for index, line in enumerate(lines, start=1):
        raw = line if isinstance(line, Mapping) else vars(line)
        number = str(raw.get("part_number") or "").strip()
        description = str(raw.get("description") or "").strip()
        quantity = raw.get("quantity", 1)
        if not number:
            raise invalid(
                "part_number_required",
                "第{line}行备件编号不能为空",
                "Line {line}: the part number is required",
                line=index,
            )
        if len(number) > 64 or len(description) > 200:
            raise invalid("part_line_too_long", "第{line}行内容过长", "Line {line} is too long", line=index)
        if not isinstance(quantity, int) or isinstance(quantity, bool) or not 1 <= quantity <= 9999:
            raise invalid(
                "part_quantity",
                "第{line}行数量必须是1到9999的整数",
                "Line {line}: the quantity must be a whole number from 1 to 9999",
                line=index,
            )
        parts.append(PartLine(number, description, quantity))
    return parts


def _departure(visit: Visit, departed_at: dt.datetime | None) -> dt.datetime | None:
    """The departure time to store, checked against arrival and now.

    Forms give departure to the minute; one in the arrival's own minute but before its seconds means "left
    right after arriving" and is stored as the arrival instant.
    """
    if departed_at is None:
        return None
    if departed_at.tzinfo is None:
        raise invalid("naive_datetime", "时间必须带时区", "Times must carry a UTC offset")
    if departed_at < visit.arrived_at:
        if departed_at < visit.arrived_at.replace(second=0, microsecond=0):
            raise invalid("departure_before_arrival", "离场时间不能早于到场时间", "Departure cannot be before arrival")
        departed_at = visit.arrived_at
    if departed_at > clock.now():
        raise invalid("departure_in_future", "离场时间不能晚于当前时间", "Departure cannot be in the future")
    return departed_at


def _check_texts(fields: dict[str, Any]) -> None:
    for name in VISIT_TEXT_FIELDS:
        if name in fields and len(fields[name] or "") > TEXT_LIMITS.get(name, LONG_TEXT_LIMIT):
            raise invalid(
                "text_too_long",
                "“{field}”内容过长",
                "The field '{field}' is too long",
                field=str(Visit._meta.get_field(name).verbose_name),
            )
    satisfaction = fields.get("satisfaction")
    if satisfaction is not None and satisfaction not in Satisfaction.values:
        raise invalid("invalid_satisfaction", "满意度必须是1到5", "Satisfaction must be 1 to 5")


def _lock_visit(actor: User, visit_id: int) -> Visit:
    visit = Visit.objects.select_for_update().filter(pk=visit_id).first()
    if visit is None or not _visible_ticket(actor, visit.ticket_id):
        raise not_found("上门服务记录", "Visit")
    return visit


VAN_NOTE = "服务报告 {number}"  # the ledger note of the parts a visit takes from the van (how its moves are found)


def _van_of(user: User | None):
    """The engineer's van stock (随车库): the active van location the user keeps, if any."""
    from aftersales.parts.choices import LocationKind
    from aftersales.parts.models import Location

    if user is None:
        return None
    return Location.objects.filter(kind=LocationKind.VAN, keeper=user, is_active=True).order_by("id").first()


def _parts_from_van(visit: Visit, parts: list[PartLine], actor: User, *, confirm_repeat: bool) -> None:
    """Move the parts used on a visit out of the engineer's van through the parts ledger (SPEC §3).

    What this visit already took is read back from the ledger (its moves carry the visit's number in their
    note), so saving the report again issues or returns only the difference. A line whose part number is not in
    the catalogue stays a line of text; without a van (a partner's engineer) nothing moves. A part the request
    already has out from elsewhere (the store, another visit) is refused with `parts_repeat_issue` unless
    `confirm_repeat` (the form asks "issue again?"). The request is locked first (parts' lock order: request →
    stock), by `part_issue` / `part_return` themselves.
    """
    from django.db.models import Sum

    from aftersales.parts import services as store
    from aftersales.parts.choices import MoveKind
    from aftersales.parts.models import Part, StockMove

    van = _van_of(visit.recorded_by or actor)
    if van is None:
        return
    wanted: dict[int, int] = {}
    catalogue = dict(
        Part.objects.filter(part_number__in={p.part_number for p in parts}).values_list("part_number", "pk")
    )
    for line in parts:
        if line.part_number in catalogue:
            wanted[catalogue[line.part_number]] = wanted.get(catalogue[line.part_number], 0) + line.quantity
    note = VAN_NOTE.format(number=visit.number)
    taken = dict(
        StockMove.objects.filter(
            ticket_id=visit.ticket_id, location=van, note=note, kind__in=(MoveKind.ISSUE, MoveKind.RETURN)
        )
        .values("part_id")
        .annotate(out=Sum("on_hand_delta"))
        .values_list("part_id", "out")
    )
    for part_id in sorted(set(wanted) | set(taken)):
        delta = wanted.get(part_id, 0) + (taken.get(part_id) or 0)  # on_hand_delta of issues is negative
        if delta > 0:
            store.part_issue(
                actor=actor,
                part_id=part_id,
                location_id=van.pk,
                quantity=delta,
                ticket_id=visit.ticket_id,
                note=note,
                confirm_repeat=confirm_repeat or bool(taken.get(part_id)),
            )
        elif delta < 0:
            store.part_return(
                actor=actor, part_id=part_id, location_id=van.pk, quantity=-delta, ticket_id=visit.ticket_id, note=note
            )


@transaction.atomic
def visit_update(
    *,
    visit_id: int,
    actor: User,
    expected_version: int | None = None,
    confirm_repeat_parts: bool = False,
    **fields: Any,
) -> Visit:
    """Fill in the service report (服务报告): departure, work done, cause, parts, loaners, signature, remarks.

    `parts` replaces the structured parts lines; `signature` is the customer's signature as a PNG data URL
    (≤ 300 KB) and needs `signer_name`. Once the customer has signed, the report is fixed: only a missing
    departure time may still be added. Refusals store nothing.

    The parts lines whose numbers are in the catalogue leave the engineer's van through the parts ledger
    (`_parts_from_van`); a part the request already has out elsewhere needs `confirm_repeat_parts`.
    """
    # Supervisors edit any report; an engineer or a partner's user only the reports they recorded (table: MINE).
    access.require(actor, "visits.edit", visit_id=visit_id)
    unknown = set(fields) - VISIT_FIELDS
    if unknown:
        raise invalid(
            "not_editable",
            "不可修改的字段：{fields}",
            "Fields that cannot be edited: {fields}",
            fields=", ".join(sorted(unknown)),
        )
    visit = _lock_visit(actor, visit_id)
    if expected_version is not None and visit.version != expected_version:
        raise stale_version(expected_version, visit.version)
    if visit.is_signed and (set(fields) - {"departed_at"} or visit.departed_at is not None):
        raise conflict("visit_signed", "客户已签字，服务报告不能再修改", "The customer has signed; the report is final")
    if "departed_at" in fields:
        fields["departed_at"] = _departure(visit, fields["departed_at"])
    _check_texts(fields)
    raw_parts = fields.pop("parts", None)
    parts = _clean_parts(raw_parts) if raw_parts is not None else None
    signature = fields.pop("signature", None)
    if signature:
        signer = (fields.get("signer_name") if "signer_name" in fields else visit.signer_name) or ""
        if not signer.strip():
            raise invalid("signer_required", "请填写签字人姓名", "The signer's name is required with a signature")
        visit.signature_png = signature_from_data_url(signature)
        visit.signed_at = clock.now()
    for name, value in fields.items():
        setattr(visit, name, value.strip() if isinstance(value, str) else value)
    visit.version += 1
    visit.save()
    if parts is not None:
        _parts_from_van(visit, parts, actor, confirm_repeat=confirm_repeat_parts)
        VisitPart.objects.filter(visit=visit).delete()
        VisitPart.objects.bulk_create(
            [
                VisitPart(visit=visit, part_number=p.part_number, description=p.description, quantity=p.quantity)
                for p in parts
            ]
        )
    if signature:
        tickets.ticket_record_event(
            ticket_id=visit.ticket_id,
            action="visit_signed",
            actor=actor,
            note="服务报告 {number} 已由 {signer} 签字确认 / service report signed by the customer".format(
                number=visit.number, signer=visit.signer_name
            ),
        )
    return visit
