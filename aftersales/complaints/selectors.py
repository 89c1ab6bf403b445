"""Reads of complaints: the list with its filters, one complaint with its timeline, and the assessment counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from aftersales.accounts.choices import Role
from aftersales.accounts.models import User
from aftersales.complaints.choices import Against, Source, Status
from aftersales.complaints.models import Complaint, ComplaintEvent, ComplaintPolicy
from aftersales.complaints.querysets import REPLY_OUTCOMES
from aftersales.core import clock
from aftersales.core.errors import invalid, not_found
from aftersales.core.pagination import Page, paginate
from aftersales.dispatch.models import Engineer
from aftersales.network.models import Partner
from aftersales.tickets import selectors as tickets
from aftersales.tickets.models import Ticket

MAX_ASSESSMENT_DAYS = 3700


@dataclass(frozen=True)
class ComplaintFilter:
    """The list's filters, shared by the page and the API."""

    status: str | None = None  # a status, or "open"
    overdue: bool | None = None
    source: str | None = None
    against: str | None = None
    customer_id: int | None = None
    # The dashboard's drill-down: received on these Beijing dates (inclusive), the customer's region, and how
    # the reply stands (querysets.REPLY_OUTCOMES, the rule the dashboard counts with).
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    region_id: int | None = None
    reply: str | None = None


def _day_start(day: dt.date) -> dt.datetime:
    """The first instant of `day` in Beijing."""
    return dt.datetime.combine(day, dt.time(), tzinfo=clock.SHANGHAI)


def complaint_visible(user) -> QuerySet[Complaint]:
    return Complaint.objects.visible_to(user)


def complaint_get(user, complaint_id: int) -> Complaint:
    """One complaint the user may see (404 otherwise, whether it exists or not)."""
    complaint = (
        complaint_visible(user)
        .select_related("customer", "ticket", "engineer__user", "partner", "policy", "handler", "created_by")
        .filter(pk=complaint_id)
        .first()
    )
    if complaint is None:
        raise not_found("投诉", "Complaint")
    return complaint


def complaint_events(complaint: Complaint) -> list[ComplaintEvent]:
    return list(ComplaintEvent.objects.filter(complaint=complaint).select_related("actor").order_by("id"))


def complaint_list(
    user, filters: ComplaintFilter, *, cursor: str | None = None, limit: int = 50, at: dt.datetime | None = None
) -> Page:
    """Complaints newest first, one keyset page at a time; `overdue` keeps those with a deadline passed."""
    at = at or clock.now()
    qs = complaint_visible(user).select_related("customer", "engineer__user", "partner", "policy")
    if filters.status == "open":
        qs = qs.open()
    elif filters.status:
        if filters.status not in Status.values:
            raise invalid("invalid_status", "未知状态：{status}", "Unknown status: {status}", status=filters.status)
        qs = qs.filter(status=filters.status)
    if filters.source:
        if filters.source not in Source.values:
            raise invalid(
                "invalid_source", "投诉来源无效：{source}", "Unknown complaint source: {source}", source=filters.source
            )
        qs = qs.filter(source=filters.source)
    if filters.against:
        if filters.against not in Against.values:
            raise invalid(
                "invalid_against",
                "投诉对象无效：{against}",
                "Unknown complaint target: {against}",
                against=filters.against,
            )
        qs = qs.filter(against=filters.against)
    if filters.customer_id is not None:
        qs = qs.filter(customer_id=filters.customer_id)
    if filters.region_id is not None:
        qs = qs.filter(customer__region_id=filters.region_id)
    if filters.received_from is not None:
        qs = qs.filter(received_at__gte=_day_start(filters.received_from))
    if filters.received_to is not None:
        qs = qs.filter(received_at__lt=_day_start(filters.received_to + dt.timedelta(days=1)))
    if filters.reply:
        if filters.reply not in REPLY_OUTCOMES:
            raise invalid(
                "invalid_reply", "未知回复情况：{reply}", "Unknown reply outcome: {reply}", reply=filters.reply
            )
        qs = qs.reply_outcome(filters.reply, at=at)
    if filters.overdue is True:
        qs = qs.overdue(at=at)
    elif filters.overdue is False:
        qs = qs.exclude(breach_at__lte=at)
    return paginate(qs, ordering=["-id"], cursor=cursor, limit=limit)


def complaint_policies() -> list[ComplaintPolicy]:
    return list(ComplaintPolicy.objects.select_related("calendar").order_by("-is_default", "id"))


def complaint_tickets_for(user, customer_id: int, *, limit: int = 100) -> list[Ticket]:
    """The customer's requests the user may see, newest first (what a complaint can be about)."""
    return list(
        tickets.ticket_visible(user)
        .filter(customer_id=customer_id)
        .order_by("-id")
        .only("id", "title", "created_at", "status")[:limit]
    )


# ------------------------------------------------------------------------------------------- assessment


@dataclass(frozen=True)
class CountRow:
    """Complaints against one engineer or partner in a period: all of them, and those upheld (有效投诉)."""

    id: int
    name: str
    total: int
    upheld: int
    partner_name: str = ""


@dataclass(frozen=True)
class Assessment:
    period_start: dt.date
    period_end: dt.date
    engineers: list[CountRow]
    partners: list[CountRow]


def _period(period_start: dt.date, period_end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    if period_end < period_start:
        raise invalid("invalid_period", "结束日期不能早于开始日期", "The end date cannot be before the start date")
    if (period_end - period_start).days > MAX_ASSESSMENT_DAYS:
        raise invalid("period_too_long", "统计期间过长", "The period is too long")
    start = dt.datetime.combine(period_start, dt.time(), tzinfo=clock.SHANGHAI)
    end = dt.datetime.combine(period_end + dt.timedelta(days=1), dt.time(), tzinfo=clock.SHANGHAI)
    return start, end


def complaint_counts(period_start: dt.date, period_end: dt.date) -> Assessment:
    """Complaints received in [period_start, period_end] (China dates) per engineer and per partner, for the
    engineers' and partners' assessment (考核): the total and those upheld. A complaint against a partner's
    engineer counts for both. Sorted by upheld, then total, most first."""
    start, end = _period(period_start, period_end)
    period = Complaint.objects.filter(received_at__gte=start, received_at__lt=end)
    upheld = Count("id", filter=Q(is_upheld=True))
    per_engineer = {
        row["engineer_id"]: row
        for row in period.filter(engineer__isnull=False)
        .values("engineer_id")
        .annotate(total=Count("id"), upheld=upheld)
    }
    per_partner = {
        row["partner_id"]: row
        for row in period.filter(partner__isnull=False).values("partner_id").annotate(total=Count("id"), upheld=upheld)
    }
    engineers = Engineer.objects.filter(pk__in=per_engineer).select_related("user", "partner")
    partners = dict(Partner.objects.filter(pk__in=per_partner).values_list("pk", "name"))
    engineer_rows = [
        CountRow(
            id=e.pk,
            name=e.display_name,
            total=per_engineer[e.pk]["total"],
            upheld=per_engineer[e.pk]["upheld"],
            partner_name=e.partner.name if e.partner_id else "",
        )
        for e in engineers
    ]
    partner_rows = [
        CountRow(id=pk, name=partners.get(pk, ""), total=row["total"], upheld=row["upheld"])
        for pk, row in per_partner.items()
    ]

    def order(row: CountRow) -> tuple[int, int, int]:
        return (-row.upheld, -row.total, row.id)

    return Assessment(
        period_start=period_start,
        period_end=period_end,
        engineers=sorted(engineer_rows, key=order),
        partners=sorted(partner_rows, key=order),
    )


# ------------------------------------------------------------------------------------------ form choices


def engineer_choices() -> list[Engineer]:
    """Active engineers (ours and partners'), for choosing whom a complaint is against."""
    return list(Engineer.objects.filter(is_active=True).select_related("user", "partner").order_by("id"))


def partner_choices() -> list[Partner]:
    return list(Partner.objects.filter(is_active=True).order_by("kind", "region__adcode", "name"))


def handler_choices(next_tier: int) -> list[User]:
    """Who can take a complaint at the next tier: senior engineers (专家组) then managers (主管)."""
    role = Role.EXPERT if next_tier == 2 else Role.SUPERVISOR
    return list(User.objects.filter(role=role, is_active=True).order_by("id"))
