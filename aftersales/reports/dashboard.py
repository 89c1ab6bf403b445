"""The dashboard's figures as chart data, each point with the link to the list behind it (issue 12).

Drill-down goes to the queue (/tickets/) with the dashboard's filters, under the names the queue's page and
its API (`GET /api/v1/tickets`) both read: status (`open`, `not_cancelled` or a status), severity, region_id,
tier, customer_id, sla_policy_id, vendor_id, breached, due_soon, reported_from/reported_to, vendor_name,
model_name, category_name and missed (a clock due and not met). A point's link selects exactly the requests
the point counts (aftersales/reports/tests/test_drill_down.py checks each chart against the API). Satisfaction,
complaints and parts consumed drill to their own lists (callbacks/surveys, complaints, the part's ledger) under
the rule each figure is counted by (test_drill_down_lists.py)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from aftersales.core import clock
from aftersales.reports import selectors
from aftersales.reports.policy.attainment import CLOCKS, rate
from aftersales.reports.selectors import Filters

CLOCK_LABELS = {"respond": "响应", "arrive": "到场", "restore": "恢复", "resolve": "解决"}


def queue_link(filters: Filters, **extra) -> str:
    params: dict[str, object] = {}
    if filters.region_id is not None:
        params["region_id"] = filters.region_id
    if filters.severity is not None:
        params["severity"] = filters.severity
    if filters.customer_id is not None:
        params["customer_id"] = filters.customer_id
    if filters.sla_policy_id is not None:
        params["sla_policy_id"] = filters.sla_policy_id
    if filters.vendor_id is not None:
        params["vendor_id"] = filters.vendor_id
    params.update({k: v for k, v in extra.items() if v is not None})
    return reverse("tickets:queue") + ("?" + urlencode(params) if params else "")


def period_link(filters: Filters, **extra) -> str:
    """The queue of the requests reported in the period, cancelled ones left out as the reports do (the
    period filters travel with it)."""
    extra.setdefault("reported_from", filters.date_from.isoformat())
    extra.setdefault("reported_to", filters.date_to.isoformat())
    return queue_link(filters, status="not_cancelled", **extra)


def _scope(filters: Filters) -> dict[str, int]:
    """The region and customer filtered, as the drill-down lists read them (`core.forms.DrillDownForm`)."""
    return {
        name: value
        for name, value in (("region_id", filters.region_id), ("customer_id", filters.customer_id))
        if value is not None
    }


def complaints_link(filters: Filters, **extra) -> str:
    """The complaints received in the period (Beijing dates) for the region and customer filtered, as the
    complaints chart counts them (`reply` narrows to one outcome, the rule both read)."""
    params: dict[str, object] = {
        "received_from": filters.date_from.isoformat(),
        "received_to": filters.date_to.isoformat(),
    }
    params.update(_scope(filters))
    params.update({k: v for k, v in extra.items() if v is not None})
    return reverse("complaints:list") + "?" + urlencode(params)


def consumed_link(filters: Filters, part_id: int) -> str:
    """The part's ledger narrowed to what the parts chart counts: its issues in the period for the region and
    customer filtered (parts.selectors.Consumed, the rule both read)."""
    params: dict[str, object] = {
        "consumed": "1",
        "from": filters.date_from.isoformat(),
        "to": filters.date_to.isoformat(),
    }
    params.update(_scope(filters))
    return reverse("parts:ledger", args=[part_id]) + "?" + urlencode(params)


def rated_link(filters: Filters, kind: str, month: dict | None = None) -> str:
    """The scores a satisfaction point averages: the callbacks (`kind` "callbacks") or survey ratings ("surveys")
    given in the point's month within the period, for the region and customer filtered (followups.selectors.Rated,
    the rule both read); without `month`, the whole period."""
    first, last = filters.date_from, filters.date_to
    if month is not None:
        start = dt.date.fromisoformat(month["month"] + "-01")
        end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        first, last = max(first, start), min(last, end)
    params: dict[str, object] = {"rated": "1", "from": first.isoformat(), "to": last.isoformat()}
    params.update(_scope(filters))
    return reverse(f"followups:{kind}") + "?" + urlencode(params)


def open_charts(filters: Filters, at: dt.datetime) -> dict:
    from aftersales.sla.choices import Severity
    from aftersales.tickets.choices import Status, Tier

    counts = selectors.open_counts(filters, at=at)
    status_labels = dict(Status.choices)
    tier_labels = dict(Tier.choices)
    names = selectors.region_names()
    return {
        "open_total": counts["total"],
        "late": {"value": counts["late"], "link": queue_link(filters, status="open", breached="true")},
        "due_soon": {"value": counts["due_soon"], "link": queue_link(filters, status="open", due_soon="true")},
        "open_status": [
            {"name": _(str(status_labels.get(k, k))), "value": v, "link": queue_link(filters, status=k)}
            for k, v in sorted(counts["status"].items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "open_severity": [
            {
                "name": _(str(Severity(k).label)),
                "value": v,
                "link": queue_link(filters, status="open", severity=k),
            }
            for k, v in sorted(counts["severity"].items())
        ],
        "open_tier": [
            {"name": _(str(tier_labels.get(k, k))), "value": v, "link": queue_link(filters, status="open", tier=k)}
            for k, v in sorted(counts["tier"].items())
        ],
        "map": [
            {"name": names.get(k, str(k)), "value": v, "link": queue_link(filters, status="open", region_id=k)}
            for k, v in sorted(counts["region"].items(), key=lambda kv: (-kv[1], kv[0]))
        ],
    }


def attainment_charts(filters: Filters, at: dt.datetime) -> dict:
    weeks = selectors.attainment_buckets(filters, "week", at=at)
    total = selectors.Bucket()  # the weeks partition the period: their sum is the period's (one read, not two)
    for bucket in weeks.values():
        total.add(bucket.row())
    return {
        "attainment": [
            {
                "name": _(CLOCK_LABELS[c]),
                "value": None
                if rate(total.counts[c][1], total.counts[c][0]) is None
                else round(100 * rate(total.counts[c][1], total.counts[c][0]), 2),
                "due": total.counts[c][0],
                "met": total.counts[c][1],
                "missed": total.counts[c][0] - total.counts[c][1],
                "link": period_link(filters, missed=c),
            }
            for c in CLOCKS
        ],
        "trend": {
            "weeks": sorted(weeks),
            "series": [
                {
                    "name": _(CLOCK_LABELS[c]),
                    "data": [
                        {
                            "value": None
                            if rate(weeks[w].counts[c][1], weeks[w].counts[c][0]) is None
                            else round(100 * rate(weeks[w].counts[c][1], weeks[w].counts[c][0]), 2),
                            "missed": weeks[w].counts[c][0] - weeks[w].counts[c][1],
                            "link": period_link(filters, missed=c, **_week_bounds(filters, w)),
                        }
                        for w in sorted(weeks)
                    ],
                }
                for c in CLOCKS
            ],
        },
        "requests": total.requests,
    }


def _week_bounds(filters: Filters, monday: str) -> dict[str, str]:
    """The days of the week starting `monday` that lie in the period (a period may begin or end mid-week)."""
    first = max(dt.date.fromisoformat(monday), filters.date_from)
    last = min(dt.date.fromisoformat(monday) + dt.timedelta(days=6), filters.date_to)
    return {"reported_from": first.isoformat(), "reported_to": last.isoformat()}


def fault_charts(user, filters: Filters) -> dict:
    out = {}
    for by, rows in selectors.faults_all(user, filters, limit=10).items():
        out[f"faults_{by}"] = [
            {"name": row["key"], "value": row["requests"], "link": period_link(filters, **{by + "_name": row["key"]})}
            for row in rows
        ]
    return out


def duration_charts(filters: Filters) -> dict:
    data = selectors.durations(filters)
    out = {}
    for name, d in data.items():
        labels = []
        previous = 0
        for minutes in d["limits"]:
            labels.append(f"{_minutes(previous)}–{_minutes(minutes)}")
            previous = minutes
        labels.append(f">{_minutes(previous)}")
        bounds = selectors.bucket_bounds(tuple(d["limits"]))
        out[f"time_to_{name}"] = [
            {
                "name": label,
                "value": count,
                "link": period_link(
                    filters, **{f"{name}_minutes": f"{'' if lower is None else lower}-{'' if upper is None else upper}"}
                ),
            }
            for label, count, (lower, upper) in zip(labels, d["counts"], bounds, strict=True)
        ]
    return out


def _minutes(m: int) -> str:
    if m < 60:
        return _("%(n)s分钟") % {"n": m}
    if m < 1440:
        return _("%(n)s小时") % {"n": m // 60}
    return _("%(n)s天") % {"n": m // 1440}


def other_charts(filters: Filters, at: dt.datetime) -> dict:
    trend = selectors.satisfaction_trend(filters)
    complaints = selectors.complaint_figures(filters, at=at)
    parts = selectors.parts_figures(filters)
    return {
        "satisfaction": {
            "months": [m["month"] for m in trend],
            "callbacks": [
                {"value": m.get("callbacks"), "n": m.get("callbacks_n", 0), "link": rated_link(filters, "callbacks", m)}
                for m in trend
            ],
            "survey": [
                {"value": m.get("survey"), "n": m.get("survey_n", 0), "link": rated_link(filters, "surveys", m)}
                for m in trend
            ],
        },
        "complaints": [
            {"name": name, "value": complaints[outcome], "link": complaints_link(filters, reply=outcome)}
            for outcome, name in (
                ("on_time", _("按时回复")),
                ("late", _("超时回复")),
                ("overdue", _("逾期未回复")),
                ("pending", _("待回复")),
            )
        ],
        "complaints_total": complaints["total"],
        "parts": [
            {"name": p["key"], "value": p["quantity"], "link": consumed_link(filters, p["part_id"])}
            for p in parts["top"]
        ],
        "loaners_out": parts["loaners_out"],
        "loaners_overdue": parts["loaners_overdue"],
    }


def chart_links(filters: Filters) -> dict[str, str]:
    """The list behind each chart as a whole (its "列表" link; a point's own link narrows it further)."""
    open_queue = queue_link(filters, status="open")
    period = period_link(filters)
    return {
        "open_status": open_queue,
        "open_severity": open_queue,
        "open_tier": open_queue,
        "map": open_queue,
        "attainment": period_link(filters),
        "trend": period_link(filters),
        "faults_vendor": period,
        "faults_model": period,
        "faults_category": period,
        "time_to_respond": period,
        "time_to_restore": period,
        "satisfaction": rated_link(filters, "callbacks"),
        "complaints": complaints_link(filters),
        "parts": reverse("parts:stock"),
    }


def dashboard_data(user, filters: Filters) -> dict:
    filters = selectors.scoped(user, filters.check())
    at = clock.now()
    return {
        "filters": filters.as_query(),
        "links": chart_links(filters),
        **open_charts(filters, at),
        **attainment_charts(filters, at),
        **fault_charts(user, filters),
        **duration_charts(filters),
        **other_charts(filters, at),
    }


def desk_data(user) -> dict:
    """The desk's smaller dashboard: open work now and this month's response and arrival."""
    today = clock.today()
    filters = Filters(date_from=today.replace(day=1), date_to=today)
    at = clock.now()
    opened = open_charts(filters, at)
    attained = attainment_charts(filters, at)
    return {
        "filters": filters.as_query(),
        "links": chart_links(filters),
        "open_total": opened["open_total"],
        "late": opened["late"],
        "due_soon": opened["due_soon"],
        "open_severity": opened["open_severity"],
        "open_status": opened["open_status"],
        "attainment": attained["attainment"],
        "trend": attained["trend"],
    }
