"""Writes of the management view: the SLA rollup (a system job), periodic service reports (create, the
engineer's text, send), technical analysis reports, background exports. Nothing of the desk's workflow."""

from __future__ import annotations

import datetime as dt
import logging
import time
from calendar import monthrange

from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.db.models.functions import TruncDate

from aftersales.accounts import access
from aftersales.core import clock
from aftersales.core.errors import conflict, not_found
from aftersales.reports import selectors
from aftersales.reports.choices import ASSESSMENT_KINDS, ExportStatus, Period, ReportStatus
from aftersales.reports.models import (
    AssessmentDay,
    ConsumedDay,
    CustomerDay,
    CustomerFaultDay,
    CustomerOpen,
    Export,
    FaultDay,
    OpenSnapshot,
    PeriodicReport,
    RatedDay,
    RollupState,
    SlaDay,
    TechnicalReport,
)
from aftersales.tickets.choices import DONE, Status
from aftersales.tickets.models import Ticket

logger = logging.getLogger(__name__)

RECENT_DAYS = 62  # a windowed rollup recounts the requests reported in the last two months
BATCH = 2000
# A customer with at least this many requests (held by the rollup, cancelled ones included) at a full run is kept
# per customer too: counted live, such a customer's dashboard read ~600 ms a chart at 10M (decision 021 §14); one
# with fewer is a short read of its own live.
CUSTOMER_ROLLUP_MIN = 2000


# ------------------------------------------------------------------------------------------------ rollup


def sla_rollup(*, full: bool = False, at: dt.datetime | None = None) -> RollupState:
    """Recount the rollup (`SlaDay`, `FaultDay`, `OpenSnapshot`, the same per large customer: `CustomerDay` …, and
    the assessment's `AssessmentDay` by all of them) for the requests up to the newest id: the last RECENT_DAYS days
    (full: every day).
    The satisfaction scores (`RatedDay`) and the parts issued (`ConsumedDay`) are counted by the day they were given
    or issued, for the days before the run's day in Beijing; the charts count the days since live.

    A full recount is made the first time, once a day, and whenever a request newer than the last rollup was
    reported before the window (back-dated intake), so every request up to `max_ticket_id` is in the rollup
    exactly once; the API counts the newer ones live."""
    at = at or clock.now()
    started = time.perf_counter()
    state = RollupState.objects.filter(pk=1).first()
    max_id = Ticket.objects.aggregate(m=Max("pk"))["m"] or 0
    window_from = clock.local(at).date() - dt.timedelta(days=RECENT_DAYS)
    window_start = dt.datetime.combine(window_from, dt.time(), tzinfo=clock.SHANGHAI)
    if (
        state is None
        or state.as_of is None
        or clock.local(state.as_of).date() != clock.local(at).date()
        or Ticket.objects.filter(pk__gt=state.max_ticket_id, reported_at__lt=window_start).exists()
    ):
        full = True
    if full:
        # counted from the index on (customer, id) alone, cancelled requests included
        customer_ids = sorted(
            Ticket.objects.filter(pk__lte=max_id)
            .values("customer_id")
            .annotate(n=Count("pk"))
            .filter(n__gte=CUSTOMER_ROLLUP_MIN)
            .order_by()
            .values_list("customer_id", flat=True)
        )
    else:
        customer_ids = state.customer_ids
    # One pass over the period's requests and one over the open ones. The first groups by everything `SlaDay` and
    # `FaultDay` keep (the device's vendor, model and category) and by a large customer's id (null for the rest);
    # the groups are summed in Python into each table (decision 021 §14: apart, the faults' pass and the large
    # customers' passes each cost a scan of the period's requests).
    large = selectors.large_customer("customer_id", customer_ids)
    qs = Ticket.objects.filter(pk__lte=max_id).exclude(status=Status.CANCELLED)
    if not full:
        qs = qs.filter(reported_at__gte=window_start)
    by_day = qs.annotate(day=TruncDate("reported_at", tzinfo=clock.SHANGHAI), large=large)
    counts = {**selectors.clock_aggregates(at), **selectors.duration_aggregates()}
    keys = ("day", "severity", "region_id", "sla_policy_id")
    device = {
        "vendor_id": F("asset__vendor_id"),  # null: no device
        "vendor_name": F("asset__vendor__name"),
        "model": F("asset__model"),
        "category": F("asset__category"),
    }
    texts = ("vendor_name", "model", "category")  # what the fault charts key a device by
    days = list(by_day.values(*keys, "large", **device).annotate(**counts).order_by())
    faults = [group for group in days if group["vendor_id"] is not None]
    opened = list(
        Ticket.objects.filter(pk__lte=max_id)
        .exclude(status__in=DONE)
        .annotate(large=large)
        .values("status", "tier", *keys[1:], "large", vendor_id=F("asset__vendor_id"))
        .annotate(requests=Count("pk"), late=Count("pk", filter=Q(breach_at__lt=at)))
        .order_by()
    )
    opens = ("requests", "late")
    rows = {
        SlaDay: _folded(SlaDay, days, (*keys, "vendor_id"), counts),
        FaultDay: _folded(FaultDay, faults, (*keys, *texts), ("requests",)),
        OpenSnapshot: _folded(OpenSnapshot, opened, ("status", "tier", *keys[1:], "vendor_id"), opens),
        CustomerDay: _folded(CustomerDay, days, ("day",), counts, by_customer=True),
        CustomerFaultDay: _folded(CustomerFaultDay, faults, ("day", *texts), ("requests",), by_customer=True),
        CustomerOpen: _folded(
            CustomerOpen, opened, ("status", "tier", "severity", "region_id"), opens, by_customer=True
        ),
    }
    # the engineers' and partners' assessment, by the day the request was reported and by everything the report may
    # be narrowed by (the same rule the report reads)
    rows[AssessmentDay] = [
        AssessmentDay(kind=kind, **group)
        for kind in ASSESSMENT_KINDS
        for group in selectors.assessment_groups(qs, kind, large=customer_ids)
    ]
    # what is counted on the day it happens (scores given, parts issued), for the days before this run's: a day
    # that has passed gets no more
    from aftersales.followups.selectors import Rated
    from aftersales.parts.selectors import Consumed

    held_until = dt.datetime.combine(clock.local(at).date(), dt.time(), tzinfo=clock.SHANGHAI)
    since = None if full else window_start
    rated = Rated(start=since, end=held_until)
    rows[RatedDay] = [RatedDay(**row) for row in selectors.rated_days(rated, large=customer_ids)]
    consumed = Consumed(start=since, end=held_until)
    rows[ConsumedDay] = [ConsumedDay(**row) for row in selectors.consumed_days(consumed, large=customer_ids)]
    with transaction.atomic():
        for model in (SlaDay, FaultDay, CustomerDay, CustomerFaultDay, AssessmentDay, RatedDay, ConsumedDay):
            (model.objects.all() if full else model.objects.filter(day__gte=window_from)).delete()
        for model in (OpenSnapshot, CustomerOpen):
            model.objects.all().delete()
        for model, new in rows.items():
            model.objects.bulk_create(new, batch_size=BATCH)
        state, _ = RollupState.objects.update_or_create(
            pk=1,
            defaults={
                "max_ticket_id": max_id,
                "as_of": at,
                "seconds": time.perf_counter() - started,
                "customer_ids": customer_ids,
            },
        )
    return state


def _folded(model, groups: list[dict], keys: tuple[str, ...], columns, *, by_customer: bool = False) -> list:
    """`model`'s rows: the `columns` of `groups` summed by `keys` — with `by_customer`, only the groups of a large
    customer (`large`), by that customer too."""
    sums: dict[tuple, dict] = {}
    for group in groups:
        if by_customer and group["large"] is None:
            continue
        key = tuple(group[k] for k in keys) + ((group["large"],) if by_customer else ())
        if (row := sums.get(key)) is None:
            row = sums[key] = dict.fromkeys(columns, 0)
        for c in columns:
            row[c] += group[c]
    names = (*keys, "customer_id") if by_customer else keys
    return [model(**dict(zip(names, key, strict=True)), **row) for key, row in sums.items()]


# --------------------------------------------------------------------------------------- periodic reports


def period_bounds(period: str, on: dt.date) -> tuple[dt.date, dt.date]:
    """The month, quarter or year that contains `on`: (first day, last day)."""
    if period == Period.MONTH:
        return on.replace(day=1), on.replace(day=monthrange(on.year, on.month)[1])
    if period == Period.QUARTER:
        first_month = (on.month - 1) // 3 * 3 + 1
        last_month = first_month + 2
        return dt.date(on.year, first_month, 1), dt.date(on.year, last_month, monthrange(on.year, last_month)[1])
    if period == Period.YEAR:
        return dt.date(on.year, 1, 1), dt.date(on.year, 12, 31)
    raise ValueError(period)


def periodic_report_create(
    *, actor, customer_id: int, period: str, starts_on: dt.date, scheduled: bool = False
) -> PeriodicReport:
    """The report of `customer_id` for the period containing `starts_on`; the existing one when it was made."""
    if actor is not None:
        access.require(actor, "reports.periodic", customer_id=customer_id)
    first, last = period_bounds(period, starts_on)
    report, _ = PeriodicReport.objects.get_or_create(
        customer_id=customer_id,
        period=period,
        starts_on=first,
        defaults={"ends_on": last, "scheduled": scheduled, "created_by": actor},
    )
    return report


def periodic_report_update(*, actor, report_id: int, risks: str, recommendations: str) -> PeriodicReport:
    """The engineer's part of the report: open risks and recommendations."""
    access.require(actor, "reports.periodic", report_id=report_id)
    with transaction.atomic():
        report = PeriodicReport.objects.select_for_update().filter(pk=report_id).first()
        if report is None:
            raise not_found("服务报告", "Service report")
        report.risks = risks.strip()
        report.recommendations = recommendations.strip()
        report.version += 1
        report.save(update_fields=["risks", "recommendations", "version", "updated_at"])
    return report


def share_token(report: PeriodicReport) -> str:
    from django.core import signing

    return signing.dumps({"report": report.pk}, salt="reports.periodic")


def periodic_report_send(*, actor, report_id: int) -> list[str]:
    """Send the report to its customer's contacts with an e-mail address (the notifications' e-mail path),
    with a signed link to its PDF valid 60 days; returns the addresses. 409 when no contact has one."""
    from django.urls import reverse

    from aftersales.customers.models import Contact
    from aftersales.notifications import services as notifications

    if actor is not None:
        access.require(actor, "reports.periodic", report_id=report_id)
    with transaction.atomic():
        report = PeriodicReport.objects.select_for_update().select_related("customer").filter(pk=report_id).first()
        if report is None:
            raise not_found("服务报告", "Service report")
        contacts = list(Contact.objects.filter(customer_id=report.customer_id).exclude(email="").order_by("pk"))
        if not contacts:
            raise conflict(
                "no_contact_email",
                "该客户没有填写电子邮件的联系人",
                "The customer has no contact with an e-mail address",
            )
        link = reverse("reports:periodic_shared", args=[share_token(report)])
        title = (
            f"{report.customer.name} {report.get_period_display()}服务报告（{report.starts_on} 至 {report.ends_on}）"
        )
        notifications.notifications_send(
            [
                notifications.Message(
                    user_id=None,
                    email=c.email,
                    kind="service_report",
                    title=title,
                    body=f"{c.name}：您好！附上贵单位{report.get_period_display()}服务报告，请点击链接下载（60天内有效）。",
                    link=link,
                )
                for c in contacts
            ]
        )
        report.status = ReportStatus.SENT
        report.sent_at = clock.now()
        report.sent_to = [c.email for c in contacts]
        report.version += 1
        report.save(update_fields=["status", "sent_at", "sent_to", "version", "updated_at"])
    return report.sent_to


def first_working_day(on: dt.date) -> dt.date:
    """The first working day on or after `on` (office calendar: China's holidays and make-up workdays)."""
    from aftersales.followups.selectors import working_day_from

    return working_day_from(on)


def periodic_reports_due(today: dt.date) -> list[tuple[str, dt.date]]:
    """The periods whose reports are made today: those that began a new period whose first working day is
    today — the month just ended, and the quarter and the year when they ended with it."""
    due = []
    for period in (Period.MONTH, Period.QUARTER, Period.YEAR):
        first, _ = period_bounds(period, today)
        if first_working_day(first) == today:
            previous_first, _ = period_bounds(period, first - dt.timedelta(days=1))
            due.append((period, previous_first))
    return due


def periodic_reports_generate(*, today: dt.date | None = None) -> int:
    """The scheduled job's work: on the first working day of a period, make the key customers' reports of the
    period just ended and send them (once: a report already sent is not sent again). Returns how many went."""
    from aftersales.customers.models import Customer

    today = today or clock.today()
    sent = 0
    for period, starts_on in periodic_reports_due(today):
        for customer_id in Customer.objects.filter(is_key_account=True).values_list("pk", flat=True).order_by("pk"):
            report = periodic_report_create(
                actor=None, customer_id=customer_id, period=period, starts_on=starts_on, scheduled=True
            )
            if report.status == ReportStatus.SENT:
                continue
            try:
                periodic_report_send(actor=None, report_id=report.pk)
                sent += 1
            except Exception as exc:  # a customer without contacts stays a draft, listed for the supervisor
                logger.info("periodic report %s not sent: %s", report.pk, exc)
    return sent


# ------------------------------------------------------------------------------------- technical reports


def analysis_create(*, actor, ticket_id: int, **fields) -> TechnicalReport:
    """A technical analysis report (技术分析报告) of one request's fault."""
    access.require(actor, "reports.analysis", ticket_id=ticket_id)
    if not Ticket.objects.filter(pk=ticket_id).exists():
        raise not_found("服务请求", "Ticket")
    return TechnicalReport.objects.create(ticket_id=ticket_id, author=actor, **_analysis_fields(fields))


def analysis_update(*, actor, analysis_id: int, **fields) -> TechnicalReport:
    access.require(actor, "reports.analysis", analysis_id=analysis_id)
    with transaction.atomic():
        report = TechnicalReport.objects.select_for_update().filter(pk=analysis_id).first()
        if report is None:
            raise not_found("技术分析报告", "Technical analysis report")
        for name, value in _analysis_fields(fields).items():
            setattr(report, name, value)
        report.version += 1
        report.save()
    return report


def _analysis_fields(fields: dict) -> dict:
    allowed = ("title", "symptom", "cause", "actions", "prevention")
    return {k: str(fields.get(k) or "").strip() for k in allowed}


# ----------------------------------------------------------------------------------------------- exports


def export_start(*, actor, kind: str, params: dict, run: bool = True) -> Export:
    """A background export of list `kind` with the list's filters; it runs in a thread of its own (the
    progress is on the row) unless `run` is false (the periodic job picks up queued ones)."""
    from aftersales.reports import exports

    access.require(actor, "reports.export")
    exports.check_kind(actor, kind)
    export = Export.objects.create(kind=kind, params=params, created_by=actor, created_at=clock.now())
    if run:
        transaction.on_commit(lambda: exports.run_in_thread(export.pk))
    return export


def exports_pending_run() -> int:
    """The periodic job: run exports still queued (a worker restarted before its thread began)."""
    from aftersales.reports import exports

    stale = clock.now() - dt.timedelta(minutes=1)
    ids = list(Export.objects.filter(status=ExportStatus.QUEUED, created_at__lt=stale).values_list("pk", flat=True)[:5])
    for export_id in ids:
        exports.run(export_id)
    return len(ids)
