"""Reads of the management view (issue 12): SLA attainment, the assessment of engineers and partners, top
faults and the dashboard's figures. Everything is read from the areas that store it; the only tables of our
own on the read path are the rollup's (`SlaDay`, `FaultDay`, `OpenSnapshot`, and the same per large customer:
`held_for`), which hold the requests up to `RollupState`'s id as of its run — newer requests are counted live,
so a request is counted exactly once.

Every selector takes the user and scopes by the access table: a customer user gets its own customer only
(`reports.read` is OWN_CUSTOMER for them), whatever filter it passes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate

from aftersales.accounts import access
from aftersales.assets.models import Asset, Vendor
from aftersales.core import clock
from aftersales.core.errors import DomainError
from aftersales.reports.choices import ASSESSMENT_KINDS, FAULT_BYS, GROUP_BYS
from aftersales.reports.models import (
    AssessmentDay,
    ConsumedDay,
    CustomerDay,
    CustomerFaultDay,
    CustomerOpen,
    FaultDay,
    OpenSnapshot,
    RatedDay,
    RollupState,
    SlaDay,
)
from aftersales.reports.policy.attainment import CLOCKS, rate
from aftersales.tickets import querysets
from aftersales.tickets.choices import DONE, Status
from aftersales.tickets.models import Ticket

DEADLINE = querysets.CLOCK_DEADLINE
EVENTS = querysets.CLOCK_EVENTS  # the events that meet each clock (tickets.policy.clocks.MET_BY)
MAX_DAYS = 3 * 366 + 1  # the longest period one report reads (three years)


def bad_input(reasons: list[tuple[str, str, str]]) -> DomainError:
    """422 naming every bad parameter, in Chinese and English (like the API's other validation answers)."""
    codes = [code for code, _, _ in reasons]
    return DomainError(
        "invalid_report_query",
        "查询参数有误：" + "；".join(zh for _, zh, _ in reasons),
        "Invalid query: " + "; ".join(en for _, _, en in reasons),
        {"reasons": codes},
        422,
    )


# The filters the rollup's tables keep a column of (every one but the customer, which has tables of its own for the
# large customers: `held_for`).
ROLLUP_FILTERS = ("region_id", "sla_policy_id", "severity", "vendor_id")
# What the rollup keeps the assessment by (`AssessmentDay`): the day the request was reported, the filters, and the
# customer when it is a large one.
ASSESSMENT_KEYS = ("day", *ROLLUP_FILTERS, "customer_id")


@dataclass(frozen=True)
class Filters:
    """What every report of the management view may be narrowed by (the dashboard's filter bar)."""

    date_from: dt.date
    date_to: dt.date
    region_id: int | None = None
    customer_id: int | None = None
    sla_policy_id: int | None = None
    severity: int | None = None
    vendor_id: int | None = None

    def check(self, *extra: tuple[str, str, str]) -> Filters:
        """The filters, or a 422 naming every bad one (and the `extra` reasons of the caller)."""
        reasons = list(extra)
        if self.date_from > self.date_to:
            reasons.append(("from_after_to", "开始日期晚于结束日期", "'from' is after 'to'"))
        elif (self.date_to - self.date_from).days >= MAX_DAYS:
            reasons.append(("period_too_long", "查询期间不能超过三年", "the period may not exceed three years"))
        if self.severity is not None and not 1 <= self.severity <= 4:
            reasons.append(("severity", "故障级别须为1至4", "the class must be 1 to 4"))
        if reasons:
            raise bad_input(reasons)
        return self

    @property
    def start(self) -> dt.datetime:
        """The first instant of `date_from` in Beijing."""
        return dt.datetime.combine(self.date_from, dt.time(), tzinfo=clock.SHANGHAI)

    @property
    def end(self) -> dt.datetime:
        """The first instant after `date_to` in Beijing."""
        return dt.datetime.combine(self.date_to + dt.timedelta(days=1), dt.time(), tzinfo=clock.SHANGHAI)

    @property
    def narrowed(self) -> bool:
        """Whether anything but the period narrows the requests."""
        return self.customer_id is not None or any(getattr(self, name) is not None for name in ROLLUP_FILTERS)

    def as_query(self) -> dict[str, str]:
        """The filters as the dashboard's query string."""
        out = {"from": self.date_from.isoformat(), "to": self.date_to.isoformat()}
        for name, value in (
            ("region", self.region_id),
            ("customer", self.customer_id),
            ("policy", self.sla_policy_id),
            ("severity", self.severity),
            ("vendor", self.vendor_id),
        ):
            if value is not None:
                out[name] = str(value)
        return out


def scoped(user, filters: Filters) -> Filters:
    """The filters narrowed to what `user` may read: a customer user's own customer, whatever it asked."""
    access.require(user, "reports.read")
    if access.scope_of(user, "reports.read") == access.OWN_CUSTOMER:
        return replace(filters, customer_id=user.customer_id or -1)
    return filters


def tickets_in(filters: Filters) -> QuerySet[Ticket]:
    """Requests reported in the period (Beijing dates, inclusive) matching the filters, cancelled ones left out."""
    qs = Ticket.objects.filter(reported_at__gte=filters.start, reported_at__lt=filters.end).exclude(
        status=Status.CANCELLED
    )
    return _narrow(qs, filters)


def _narrow(qs: QuerySet[Ticket], filters: Filters) -> QuerySet[Ticket]:
    if filters.region_id is not None:
        qs = qs.filter(region_id=filters.region_id)
    if filters.customer_id is not None:
        qs = qs.filter(customer_id=filters.customer_id)
    if filters.sla_policy_id is not None:
        qs = qs.filter(sla_policy_id=filters.sla_policy_id)
    if filters.severity is not None:
        qs = qs.filter(severity=filters.severity)
    if filters.vendor_id is not None:
        # A condition on each row, not a join: SQLite, without statistics, started a join from the vendor's devices
        # and read every request of theirs, where the rollup's newer requests are a short range of ids.
        qs = qs.filter(Exists(Asset.objects.filter(pk=OuterRef("asset_id"), vendor_id=filters.vendor_id)))
    return qs


# ------------------------------------------------------------------------------------------- SLA attainment


def clock_conditions(name: str, at: dt.datetime) -> tuple[Q, Q]:
    """(due, met) of clock `name` as conditions on a request row at `at` (policy.attainment.outcome in SQL;
    the queue's `missed` filter is built from the same conditions)."""
    return querysets.clock_conditions(name, at)


def clock_aggregates(at: dt.datetime) -> dict:
    """The aggregate expressions of every clock's due and met, plus the request count."""
    out = {"requests": Count("pk")}
    for name in CLOCKS:
        due, met = clock_conditions(name, at)
        out[f"{name}_due"] = Count("pk", filter=due)
        out[f"{name}_met"] = Count("pk", filter=met)
    return out


@dataclass
class Bucket:
    requests: int = 0
    counts: dict[str, list[int]] = field(default_factory=lambda: {c: [0, 0] for c in CLOCKS})

    def add(self, row: dict) -> None:
        self.requests += row["requests"]
        for c in CLOCKS:
            self.counts[c][0] += row[f"{c}_due"]
            self.counts[c][1] += row[f"{c}_met"]

    def row(self) -> dict:
        """The bucket as a row of `add` (to sum buckets)."""
        out = {"requests": self.requests}
        for c in CLOCKS:
            out[f"{c}_due"], out[f"{c}_met"] = self.counts[c]
        return out

    def data(self) -> dict:
        out: dict = {"requests": self.requests}
        for c in CLOCKS:
            due, met = self.counts[c]
            out[c] = {"due": due, "met": met, "rate": rate(met, due)}
        return out


@dataclass(frozen=True)
class Held:
    """The rollup's tables that answer for some filters, as of its run (`state`): the per-day SLA counts, the
    per-day faults, the open snapshot, and the filters they keep a column of (`names`)."""

    state: RollupState
    days: type[SlaDay] | type[CustomerDay]
    faults: type[FaultDay] | type[CustomerFaultDay]
    open: type[OpenSnapshot] | type[CustomerOpen]
    names: tuple[str, ...]

    def has(self, fields: tuple[str, ...]) -> bool:
        """Whether the per-day table keeps a column of each of `fields`."""
        return all(any(f.name == name for f in self.days._meta.concrete_fields) for name in fields)


def held_for(filters: Filters) -> Held | None:
    """The tables that hold the requests the filters select up to the rollup's id: without a customer, the tables
    per class, region, SLA policy and vendor; for a large customer (`RollupState.customer_ids`) and no other
    filter, its own; otherwise none (the requests are counted live)."""
    state = RollupState.objects.filter(pk=1).first()
    if state is None or state.max_ticket_id <= 0:
        return None
    if filters.customer_id is None:
        return Held(state, SlaDay, FaultDay, OpenSnapshot, ROLLUP_FILTERS)
    if filters.customer_id in state.customer_ids and not any(getattr(filters, n) is not None for n in ROLLUP_FILTERS):
        return Held(state, CustomerDay, CustomerFaultDay, CustomerOpen, ("customer_id",))
    return None


def _key_fields(group_by: str) -> tuple[str, ...]:
    """The fields a row's key is read from (`day` is turned into the month or the week in Python)."""
    return {
        "severity": ("severity",),
        "region": ("region_id",),
        "customer": ("customer_id",),
        "policy": ("sla_policy_id",),
        "month": ("day",),
        "day": ("day",),
        "week": ("day",),
        "total": (),
    }[group_by]


def _key_of(group_by: str, row: dict):
    if group_by in ("month", "day", "week"):
        day = row["day"]
        if isinstance(day, dt.datetime):
            day = day.date()
        if group_by == "month":
            return f"{day:%Y-%m}"
        if group_by == "week":
            return (day - dt.timedelta(days=day.weekday())).isoformat()  # the week's Monday
        return day.isoformat()
    if group_by == "total":
        return "total"
    return row[_key_fields(group_by)[0]]


def attainment_buckets(filters: Filters, group_by: str, *, at: dt.datetime | None = None) -> dict[object, Bucket]:
    """SLA attainment of the requests the filters select, by key of `group_by`: the rollup's rows for the
    requests it holds, plus the newer requests counted live."""
    at = at or clock.now()
    buckets: dict[object, Bucket] = defaultdict(Bucket)
    fields = _key_fields(group_by)
    held = held_for(filters)
    live = tickets_in(filters)
    if held is not None and held.has(fields):
        live = live.filter(pk__gt=held.state.max_ticket_id)
        days = _rollup_days(held, filters)
        sums = {"requests": _sum("requests"), **{f"{c}_{p}": _sum(f"{c}_{p}") for c in CLOCKS for p in ("due", "met")}}
        for row in _grouped(days, fields, sums):
            buckets[_key_of(group_by, row)].add(row)
    if "day" in fields:
        live = live.annotate(day=TruncDate("reported_at", tzinfo=clock.SHANGHAI))
    for row in _grouped(live, fields, clock_aggregates(at)):
        buckets[_key_of(group_by, row)].add(row)
    return buckets


def _rollup_days(held: Held, filters: Filters) -> QuerySet:
    """The rollup's per-day rows of the period and the filters."""
    return _held(held.days.objects.filter(day__gte=filters.date_from, day__lte=filters.date_to), filters, held.names)


def _held(rows: QuerySet, filters: Filters, names: tuple[str, ...]) -> QuerySet:
    """A rollup table's `rows` narrowed by the filters it keeps a column of (`names`)."""
    for name in names:
        if (value := getattr(filters, name)) is not None:
            rows = rows.filter(**{name: value})
    return rows


def _grouped(qs: QuerySet, fields: tuple[str, ...], aggregates: dict) -> list[dict]:
    """One row of `aggregates` per value of `fields`, or one row in all when there is no field."""
    if not fields:
        row = qs.aggregate(**aggregates)
        return [{k: v or 0 for k, v in row.items()}] if row.get("requests") else []
    return list(qs.values(*fields).annotate(**aggregates).order_by())


def _sum(name: str):
    from django.db.models import Sum

    return Sum(name)


def _labels(group_by: str, keys: Iterable) -> dict:
    keys = [k for k in keys if k is not None]
    if group_by == "severity":
        from aftersales.sla.choices import Severity

        return {k: str(Severity(k).label) for k in keys}
    if group_by == "region":
        from aftersales.customers.models import Region

        return dict(Region.objects.filter(pk__in=keys).values_list("pk", "name"))
    if group_by == "customer":
        from aftersales.customers.models import Customer

        return dict(Customer.objects.filter(pk__in=keys).values_list("pk", "name"))
    if group_by == "policy":
        from aftersales.sla.models import SlaPolicy

        return dict(SlaPolicy.objects.filter(pk__in=keys).values_list("pk", "name"))
    return {k: k for k in keys}


def sla_report(user, filters: Filters, group_by: str, *, at: dt.datetime | None = None) -> dict:
    """`GET /reports/sla`: attainment per clock, by class, region, month, customer or SLA policy."""
    bad = [] if group_by in GROUP_BYS else [("group_by", "未知的分组方式", "unknown group_by")]
    filters = scoped(user, filters.check(*bad))
    buckets = attainment_buckets(filters, group_by, at=at)
    labels = _labels(group_by, buckets)
    rows = []
    total = Bucket()
    for key in sorted(buckets, key=lambda k: (str(type(k)), k)):
        bucket = buckets[key]
        if not bucket.requests:
            continue
        total.requests += bucket.requests
        for c in CLOCKS:
            total.counts[c][0] += bucket.counts[c][0]
            total.counts[c][1] += bucket.counts[c][1]
        rows.append({"key": key, "label": str(labels.get(key, key)), **bucket.data()})
    return {
        "from": filters.date_from.isoformat(),
        "to": filters.date_to.isoformat(),
        "group_by": group_by,
        "rows": rows,
        "total": total.data(),
    }


# ------------------------------------------------------------------------------------------------ faults


def faults(user, filters: Filters, by: str, *, limit: int | None = None) -> list[dict]:
    """Requests per vendor, model or device category (those with a device), most first."""
    bad = [] if by in FAULT_BYS else [("by", "未知的统计维度", "unknown 'by'")]
    filters = scoped(user, filters.check(*bad))
    return _most_first(_fault_totals(filters)[by], limit)


def faults_all(user, filters: Filters, *, limit: int = 10) -> dict[str, list[dict]]:
    """`faults` by vendor, model and category at once (the dashboard's three charts)."""
    filters = scoped(user, filters.check())
    return {by: _most_first(counts, limit) for by, counts in _fault_totals(filters).items()}


def _most_first(counts: dict[str, int], limit: int | None) -> list[dict]:
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [{"key": k, "requests": v} for k, v in (ordered[:limit] if limit else ordered)]


def _fault_totals(filters: Filters) -> dict[str, dict[str, int]]:
    """Requests per vendor name, model and category, summed in Python: the rollup's per-day rows (`FaultDay`) for
    the requests it holds, plus the newer requests in one grouped query; without a rollup that answers for the
    filters (`held_for`), all counted live."""
    totals: dict[str, dict[str, int]] = {by: defaultdict(int) for by in FAULT_BYS}
    held = held_for(filters)
    rows: Iterable = fault_groups(tickets_in(filters))
    if held is not None:
        # FaultDay keeps the vendor's name (the charts' key), not its id
        rolled = _held(
            held.faults.objects.filter(day__gte=filters.date_from, day__lte=filters.date_to),
            filters,
            tuple(name for name in held.names if name != "vendor_id"),
        )
        if filters.vendor_id is not None:
            rolled = rolled.filter(vendor_name__in=Vendor.objects.filter(pk=filters.vendor_id).values("name"))
        rows = [
            *rolled.values_list("vendor_name", "model", "category").annotate(n=_sum("requests")).order_by(),
            *fault_groups(tickets_in(filters).filter(pk__gt=held.state.max_ticket_id)),
        ]
    for vendor, model, category, n in rows:
        for by, key in (("vendor", vendor), ("model", model), ("category", category)):
            if key:
                totals[by][key] += n
    return totals


def fault_groups(qs: QuerySet[Ticket]) -> QuerySet:
    """(vendor name, model, category, requests) of the requests with a device (the rollup groups the same columns
    by the day, `services.sla_rollup`)."""
    return (
        qs.filter(asset__isnull=False)
        .values_list("asset__vendor__name", "asset__model", "asset__category")
        .annotate(n=Count("pk"))
        .order_by()
    )


# -------------------------------------------------------------------------------------------- assessment

REPEAT_DAYS = 30


ASSESSED = ("requests", "arrive_due", "arrived", "restored", "sat_sum", "sat_n", "repeats")


def assessment_groups(tickets: QuerySet[Ticket], kind: str, *, large: list[int] | None = None) -> list[dict]:
    """Counted in the database, per engineer or partner (`owner`) of the requests `tickets` selects: the requests
    handled (dispatched to them, not cancelled: each request once per owner however often it went to them),
    `arrive_due` (an arrival limit, and an arrival or a restore), `arrived` (the first of them within the limit),
    `restored` (restored within the restore limit), `sat_sum`/`sat_n` (the callbacks' satisfaction scores of those
    requests) and `repeats` (a later request, not cancelled, on the same device within REPEAT_DAYS). The rollup
    keeps these (`large` given) per Beijing day the request was reported and per everything the report may be
    narrowed by (`AssessmentDay`: the class, region, SLA policy, device's vendor, and the customer when it is one of
    `large`), and the report adds the newer requests' live: one rule for both."""
    from django.db.models import Case, DateTimeField, ExpressionWrapper, F, IntegerField, Subquery, Sum, Value, When

    from aftersales.dispatch.choices import DispatchStatus
    from aftersales.dispatch.models import Dispatch
    from aftersales.followups.models import Callback

    who = f"{kind}_id"
    handling = Dispatch.objects.exclude(status=DispatchStatus.CANCELLED)
    # one row per (owner, request): the first dispatch of the request to that owner
    earlier = handling.filter(ticket_id=OuterRef("ticket_id"), **{who: OuterRef(who)}, pk__lt=OuterRef("pk"))
    pairs = (
        handling.filter(**{f"{who}__isnull": False}, ticket__in=tickets.values("pk"))
        .exclude(Exists(earlier))
        .annotate(owner=F(who))
    )
    arrived_at, restored_at = F("ticket__arrived_at"), F("ticket__restored_at")
    first_on_site = Case(  # the earlier of the arrival and the restore, whichever there is
        When(ticket__arrived_at__isnull=True, then=restored_at),
        When(ticket__restored_at__isnull=True, then=arrived_at),
        When(ticket__restored_at__lt=arrived_at, then=restored_at),
        default=arrived_at,
        output_field=DateTimeField(),
    )
    scores = Callback.objects.filter(ticket_id=OuterRef("ticket_id"), satisfaction__isnull=False).order_by()
    later = (
        Ticket.objects.filter(
            asset_id=OuterRef("ticket__asset_id"),
            reported_at__gt=OuterRef("ticket__reported_at"),
            reported_at__lte=ExpressionWrapper(
                OuterRef("ticket__reported_at") + Value(dt.timedelta(days=REPEAT_DAYS)), output_field=DateTimeField()
            ),
        )
        .exclude(status=Status.CANCELLED)
        .order_by()
    )

    def count(condition) -> Sum:
        return Sum(Case(When(condition, then=1), default=0, output_field=IntegerField()))

    on_site = Q(ticket__arrived_at__isnull=False) | Q(ticket__restored_at__isnull=False)
    keys: tuple[str, ...] = ("owner",)
    if large is not None:
        pairs = pairs.annotate(
            day=TruncDate("ticket__reported_at", tzinfo=clock.SHANGHAI),
            severity=F("ticket__severity"),
            region_id=F("ticket__region_id"),
            sla_policy_id=F("ticket__sla_policy_id"),
            vendor_id=F("ticket__asset__vendor_id"),  # null: no device
            customer_id=large_customer("ticket__customer_id", large),
        )
        keys = ("owner", *ASSESSMENT_KEYS)
    rows = pairs.values(*keys).annotate(
        requests=Count("pk"),
        arrive_due=count(Q(ticket__arrive_by__isnull=False) & on_site),
        arrived=count(Q(ticket__arrive_by__isnull=False, ticket__arrive_by__gte=first_on_site)),
        restored=count(
            Q(ticket__restore_by__isnull=False, ticket__restored_at__isnull=False)
            & Q(ticket__restored_at__lte=F("ticket__restore_by"))
        ),
        sat_sum=Sum(Subquery(scores.values("ticket_id").annotate(s=Sum("satisfaction")).values("s"))),
        sat_n=Sum(Subquery(scores.values("ticket_id").annotate(n=Count("pk")).values("n"))),
        repeats=count(Q(ticket__asset_id__isnull=False) & Exists(later)),
    )
    rows = rows.order_by()
    if connection.vendor == "postgresql":
        # its estimates (a probe per request handled) bring on JIT compilation, seconds of it for a month; off for
        # this statement's transaction
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT set_config('jit', 'off', true)")
            rows = list(rows)
    return [{**row, **{k: row[k] or 0 for k in ASSESSED}} for row in rows]


def assessment(user, filters: Filters, kind: str) -> list[dict]:
    """Per engineer or per partner over the period (篇6 (6), 篇1 2.11): requests handled (dispatched to them, not
    cancelled), arrived and restored on time, average satisfaction (callbacks of those requests), complaints
    against them received in the period, and repeat faults (a new request on the same device within 30 days
    after one they handled): `assessment_groups`, from the rollup's days (`AssessmentDay`) for the requests it holds
    (narrowed by a customer: a large one's), the rest counted live. Ordered by requests handled, then by name."""
    from aftersales.complaints.models import Complaint
    from aftersales.dispatch.models import Engineer
    from aftersales.network.models import Partner

    bad = [] if kind in ASSESSMENT_KINDS else [("kind", "未知的考核对象", "unknown kind")]
    filters = scoped(user, filters.check(*bad))
    who = f"{kind}_id"
    totals: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(ASSESSED, 0))
    live = tickets_in(filters)
    state = RollupState.objects.filter(pk=1).first()
    if state is not None and state.max_ticket_id > 0 and filters.customer_id in (None, *state.customer_ids):
        # the rollup holds the requests up to its id by every filter; a customer's only when it is a large one
        live = live.filter(pk__gt=state.max_ticket_id)
        held = AssessmentDay.objects.filter(kind=kind, day__gte=filters.date_from, day__lte=filters.date_to)
        for name in (*ROLLUP_FILTERS, "customer_id"):
            if (value := getattr(filters, name)) is not None:
                held = held.filter(**{name: value})
        for row in held.values("owner").annotate(**{name: _sum(name) for name in ASSESSED}).order_by():
            for name in ASSESSED:
                totals[row["owner"]][name] += row[name]
    for row in assessment_groups(live, kind):
        for name in ASSESSED:
            totals[row["owner"]][name] += row[name]
    complaints = Complaint.objects.filter(
        received_at__gte=filters.start, received_at__lt=filters.end, **{f"{who}__isnull": False}
    )
    if filters.customer_id is not None:
        complaints = complaints.filter(customer_id=filters.customer_id)
    against = dict(complaints.values(who).annotate(n=Count("pk")).order_by().values_list(who, "n"))
    owners = set(totals) | set(against)
    if kind == "engineer":
        names = {
            e.pk: (e.user.get_full_name() or e.user.username)
            for e in Engineer.objects.filter(pk__in=owners).select_related("user")
        }
    else:
        names = dict(Partner.objects.filter(pk__in=owners).values_list("pk", "name"))
    rows = []
    for owner in owners:
        t = totals.get(owner) or dict.fromkeys(ASSESSED, 0)
        rows.append(
            {
                "id": owner,
                "name": names.get(owner, str(owner)),
                "requests": t["requests"],
                "arrived_on_time": t["arrived"],
                "arrive_rate": rate(t["arrived"], t["arrive_due"]),
                "restored_on_time": t["restored"],
                "satisfaction_avg": round(t["sat_sum"] / t["sat_n"], 2) if t["sat_n"] else None,
                "complaints": against.get(owner, 0),
                "repeat_faults": t["repeats"],
            }
        )
    rows.sort(key=lambda r: (-r["requests"], -(r["arrive_rate"] or 0), r["name"]))
    return rows


# --------------------------------------------------------------------------------------------- dashboard

DUE_SOON_MINUTES = 30
RESPOND_BUCKETS = (15, 30, 60, 120, 240, 480, 1440)  # minutes
RESTORE_BUCKETS = (60, 240, 480, 1440, 2880, 4320, 10080)


def open_counts(filters: Filters, *, at: dt.datetime | None = None) -> dict:
    """Open requests now by tier, class, status and region, and those late now or due within 30 minutes.

    With the rollup (`held_for`: no customer, or a large customer alone): its snapshot of the open requests up to its
    id plus the newer open requests live (a primary-key range), and the lateness counted live from the
    `breach_at` index (the queue's `breached` / `due_within` conditions: it changes with the clock, not with
    writes). Otherwise one live pass over the open requests."""
    at = at or clock.now()
    soon = at + dt.timedelta(minutes=DUE_SOON_MINUTES)
    open_now = _narrow(Ticket.objects.exclude(status__in=DONE), filters)
    keys = ("tier", "severity", "status", "region_id")
    if (held := held_for(filters)) is not None:
        state = held.state
        snapshot = _held(held.open.objects.all(), filters, held.names)
        groups = [
            *snapshot.values(*keys).annotate(n=_sum("requests"), late=_sum("late")).order_by(),
            *open_now.filter(pk__gt=state.max_ticket_id)
            .values(*keys)
            .annotate(n=Count("pk"), late=Count("pk", filter=Q(breach_at__lt=at)))
            .order_by(),
        ]
        # Late now: late at the snapshot, and those whose breach fell between the snapshot and now (a short
        # range of the `breach_at` index), or back when the clock is earlier than the snapshot (tests).
        late = sum(g["late"] or 0 for g in groups)
        held = open_now.filter(pk__lte=state.max_ticket_id)
        as_of = state.as_of or at
        narrowed = filters.narrowed
        if at >= as_of:
            late += _breaching(held, narrowed, breach_at__gte=as_of, breach_at__lt=at).count()
        else:
            late -= _breaching(held, narrowed, breach_at__gte=at, breach_at__lt=as_of).count()
        lateness = {
            "late": late,
            "soon": _breaching(open_now, narrowed, breach_at__gte=at, breach_at__lte=soon).count(),
        }
    else:
        groups = list(
            open_now.values(*keys)
            .annotate(
                n=Count("pk"),
                late=Count("pk", filter=Q(breach_at__lt=at)),
                soon=Count("pk", filter=Q(breach_at__gte=at, breach_at__lte=soon)),
            )
            .order_by()
        )
        lateness = {"late": sum(g["late"] for g in groups), "soon": sum(g["soon"] for g in groups)}
    by: dict[str, dict] = {"tier": {}, "severity": {}, "status": {}, "region": {}}
    for row in groups:
        for name, key in (("tier", "tier"), ("severity", "severity"), ("status", "status"), ("region", "region_id")):
            by[name][row[key]] = by[name].get(row[key], 0) + row["n"]
    return {
        **by,
        "late": lateness["late"] or 0,
        "due_soon": lateness["soon"] or 0,
        "total": sum(by["status"].values()),
    }


def _breaching(qs: QuerySet[Ticket], narrowed: bool, **breach_range) -> QuerySet[Ticket]:
    """`qs` narrowed to a short range of `breach_at`. On SQLite, beside a filter's condition (a region, a vendor),
    the range is given as ids from the `ticket_breach_at` index: written as one more condition, SQLite (which
    keeps no statistics here) walked all of that region's or vendor's requests instead — 270–440 ms a count at
    1M, ~10 ms this way. PostgreSQL plans the plain range from its statistics: unfiltered it is an index-only
    scan (the index carries the status), which the ids would turn into a look-up per row (10 → 250 ms at 10M),
    and filtered the ids were slower too (167 → 203 ms a count at 10M)."""
    if narrowed and connection.vendor == "sqlite":
        return qs.filter(pk__in=Ticket.objects.filter(**breach_range).values("pk"))
    return qs.filter(**breach_range)


MinutesBetween = querysets.MinutesBetween  # minutes between two datetimes, computed by the database


DURATIONS = (("respond", "responded_at", RESPOND_BUCKETS), ("restore", "restored_at", RESTORE_BUCKETS))
DURATION_COLUMNS = tuple(f"{name}_b{i}" for name, _, limits in DURATIONS for i in range(len(limits) + 1))


def duration_aggregates() -> dict:
    """Per bucket of minutes from the report to the response (the restoration), how many requests: b0 up to
    the first limit (a back-dated report answered "before" it included), b<i> over limit i−1 up to limit i, the
    last over the last limit. Requests without the event count in none. The same conditions fill the rollup
    (`SlaDay.respond_b0` …), count the newer requests live and select a bar's requests in the queue
    (`respond_minutes=15-30`, `tickets.querysets.minutes_in`)."""
    out = {}
    for name, _, limits in DURATIONS:
        for i, (lower, upper) in enumerate(bucket_bounds(limits)):
            out[f"{name}_b{i}"] = Count("pk", filter=querysets.minutes_in(name, lower, upper))
    return out


def bucket_bounds(limits: tuple[int, ...]) -> list[tuple[int | None, int | None]]:
    """(over, up to) minutes of each bucket: (None, 15), (15, 30) … (1440, None)."""
    return list(zip((None, *limits), (*limits, None), strict=True))


def durations(filters: Filters) -> dict:
    """How many requests were responded to (restored) within each bucket of minutes after the report: the
    rollup's sums for the requests it holds, the newer ones counted live."""
    totals = dict.fromkeys(DURATION_COLUMNS, 0)
    held = held_for(filters)
    live = tickets_in(filters)
    if held is not None:
        live = live.filter(pk__gt=held.state.max_ticket_id)
        row = _rollup_days(held, filters).aggregate(**{c: _sum(c) for c in DURATION_COLUMNS})
        for c in DURATION_COLUMNS:
            totals[c] += row[c] or 0
    row = live.aggregate(**duration_aggregates())
    for c in DURATION_COLUMNS:
        totals[c] += row[c] or 0
    return {
        name: {"limits": list(limits), "counts": [totals[f"{name}_b{i}"] for i in range(len(limits) + 1)]}
        for name, _, limits in DURATIONS
    }


def held_days(model, filters: Filters) -> tuple[QuerySet | None, dt.datetime]:
    """The rows of `model` (`RatedDay`, `ConsumedDay`: what is counted on the day it happens) for the days of the
    period the rollup holds — the days before its run's Beijing day — narrowed to the filters' region, or to a large
    customer's own rows; None when it holds none of them (a customer that is not large, or a large one narrowed by
    a region too). And where the live count starts."""
    state = RollupState.objects.filter(pk=1).first()
    if state is None or state.as_of is None:
        return None, filters.start
    until = clock.local(state.as_of).date()
    if filters.customer_id is None:
        rows = model.objects.all()
    elif filters.customer_id in state.customer_ids and filters.region_id is None:
        rows = model.objects.filter(customer_id=filters.customer_id)
    else:
        return None, filters.start
    if until <= filters.date_from:
        return None, filters.start
    if filters.region_id is not None:
        rows = rows.filter(region_id=filters.region_id)
    last = min(filters.date_to, until - dt.timedelta(days=1))
    start = dt.datetime.combine(until, dt.time(), tzinfo=clock.SHANGHAI)
    return rows.filter(day__gte=filters.date_from, day__lte=last), min(max(filters.start, start), filters.end)


RATED = ("callbacks_sum", "callbacks_n", "survey_sum", "survey_n")


def large_customer(path: str, customer_ids: list[int]):
    """The customer's id (at `path`) when it is one of `customer_ids`, else null: the rollup's customer column."""
    from django.db.models import Case, F, IntegerField, Value, When

    if not customer_ids:
        return Value(None, output_field=IntegerField())
    return Case(When(**{f"{path}__in": customer_ids}, then=F(path)), default=None, output_field=IntegerField())


def rated_days(rated, *, large: list[int] | None = None) -> list[dict]:
    """Per Beijing day: the satisfaction scores `rated` (followups.selectors.Rated) selects, summed and counted,
    callbacks and survey ratings apart. What the trend averages, live, and in the rollup's `RatedDay` (`large`
    given: by the customer's region too, and by the customer when it is one of `large`)."""
    from django.db.models import F, Sum

    from aftersales.followups.models import Callback, SurveyAnswer

    rows: dict[tuple, dict] = {}
    keys = ("day",) if large is None else ("day", "region", "large")
    names = ("day",) if large is None else ("day", "region_id", "customer_id")  # `RatedDay`'s columns
    for kind, qs, at, customer, score in (
        ("callbacks", rated.callbacks(Callback.objects.all()), "done_at", "customer", "satisfaction"),
        (
            "survey",
            rated.answers(SurveyAnswer.objects.all()),
            "invitation__responded_at",
            "invitation__customer",
            "rating",
        ),
    ):
        qs = qs.annotate(day=TruncDate(at, tzinfo=clock.SHANGHAI))
        if large is not None:
            qs = qs.annotate(region=F(f"{customer}__region_id"), large=large_customer(f"{customer}_id", large))
        for row in qs.values(*keys).annotate(total=Sum(score), n=Count("pk")).order_by():
            key = tuple(row[k] for k in keys)
            out = rows.setdefault(key, {**dict(zip(names, key, strict=True)), **dict.fromkeys(RATED, 0)})
            out[f"{kind}_sum"] += row["total"]
            out[f"{kind}_n"] += row["n"]
    return list(rows.values())


def satisfaction_trend(filters: Filters) -> list[dict]:
    """Average satisfaction per month: callbacks (回访, 1–5) done in the period and survey ratings (1–5), of the
    customer and region filtered (followups.selectors.Rated: the drill-down lists what it selects): `rated_days`,
    from the rollup's `RatedDay` for the days before its run, the rest counted live."""
    from django.db.models import Sum

    from aftersales.followups.selectors import Rated

    sums: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(RATED, 0))
    held, live_from = held_days(RatedDay, filters)
    days: list[dict] = []
    if held is not None:
        days.extend(held.values("day").annotate(**{name: Sum(name) for name in RATED}).order_by())
    rated = Rated(start=live_from, end=filters.end, region_id=filters.region_id, customer_id=filters.customer_id)
    days.extend(rated_days(rated))
    for row in days:
        for name in RATED:
            sums[f"{row['day']:%Y-%m}"][name] += row[name]
    trend = []
    for month in sorted(sums):
        point: dict = {"month": month}
        for kind in ("callbacks", "survey"):
            if n := sums[month][f"{kind}_n"]:
                point.update({kind: round(sums[month][f"{kind}_sum"] / n, 2), f"{kind}_n": n})
        trend.append(point)
    return trend


def complaint_figures(filters: Filters, *, at: dt.datetime | None = None) -> dict:
    """Complaints received in the period: replied on time, replied late, not replied and overdue, pending."""
    from aftersales.complaints.models import Complaint
    from aftersales.complaints.querysets import REPLY_OUTCOMES, reply_outcome_q

    at = at or clock.now()
    qs = Complaint.objects.filter(received_at__gte=filters.start, received_at__lt=filters.end)
    if filters.customer_id is not None:
        qs = qs.filter(customer_id=filters.customer_id)
    if filters.region_id is not None:
        qs = qs.filter(customer__region_id=filters.region_id)
    # the list's `reply` filter (complaints:list ?reply=…) reads the same rule: a point's drill-down lists its count
    return qs.aggregate(
        total=Count("pk"),
        **{outcome: Count("pk", filter=reply_outcome_q(outcome, at=at)) for outcome in REPLY_OUTCOMES},
    )


def consumed_in(filters: Filters):
    """The parts consumed the filters select (parts.selectors.Consumed: the ledger's drill-down reads the same)."""
    from aftersales.parts.selectors import Consumed

    return Consumed(start=filters.start, end=filters.end, region_id=filters.region_id, customer_id=filters.customer_id)


def consumed_days(consumed, *, large: list[int] | None = None) -> list[dict]:
    """Per part: the change on hand of the issue moves `consumed` (parts.selectors.Consumed) selects (negative:
    units consumed). What the top parts chart sums, live, and in the rollup's `ConsumedDay` (`large` given: by
    Beijing day and the request's region too, and by its customer when it is one of `large`)."""
    from django.db.models import F, Sum

    from aftersales.parts.models import StockMove

    moves = consumed.apply(StockMove.objects.all())
    if large is None:
        return list(moves.values("part_id").annotate(on_hand=Sum("on_hand_delta")).order_by())
    by_day = moves.values(
        "part_id",
        day=TruncDate("at", tzinfo=clock.SHANGHAI),
        region_id=F("ticket__region_id"),
        customer_id=large_customer("ticket__customer_id", large),
    )
    return list(by_day.annotate(on_hand=Sum("on_hand_delta")).order_by())


def parts_figures(filters: Filters, *, limit: int = 10) -> dict:
    """Parts issued for requests in the period (top parts by quantity: `consumed_days`, from the rollup's
    `ConsumedDay` for the days before its run, the rest counted live) and loaners out now."""
    from django.db.models import Sum

    from aftersales.parts.models import Loan, Part

    totals: dict[int, int] = defaultdict(int)
    held, live_from = held_days(ConsumedDay, filters)
    if held is not None:
        for part_id, on_hand in (
            held.values("part_id").annotate(n=Sum("on_hand")).order_by().values_list("part_id", "n")
        ):
            totals[part_id] += on_hand
    for row in consumed_days(replace(consumed_in(filters), start=live_from)):
        totals[row["part_id"]] += row["on_hand"] or 0
    most = sorted((q, part_id) for part_id, q in totals.items())[:limit]
    parts = Part.objects.filter(pk__in=[p for _, p in most]).values_list("pk", "part_number", "name")
    names = {pk: f"{number} {name}" for pk, number, name in parts}
    top = [{"key": names.get(part_id, str(part_id)), "part_id": part_id, "quantity": -q} for q, part_id in most]
    loans = Loan.objects.filter(returned_at__isnull=True)
    if filters.customer_id is not None:
        loans = loans.filter(customer_id=filters.customer_id)
    today = clock.today()
    return {
        "top": top,
        "loaners_out": loans.count(),
        "loaners_overdue": loans.filter(due_back_on__lt=today).count(),
    }


def region_names() -> dict[int, str]:
    from aftersales.customers.models import Region

    return dict(Region.objects.values_list("pk", "name"))
