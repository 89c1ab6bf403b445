"""The printable documents of the management view: the periodic service report (PDF with its charts drawn
here as SVG, and Excel), the technical analysis report (PDF), the assessment ranking (Excel).

Charts are small SVG written in Python (no JavaScript, no node): WeasyPrint draws SVG natively, so the PDF
carries vector charts with the same CJK font as its text (Noto Sans CJK SC, embedded; a test runs pdffonts).
"""

from __future__ import annotations

from html import escape

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import translation

from aftersales.core import clock, pdf, xlsx
from aftersales.reports import selectors
from aftersales.reports.models import PeriodicReport, TechnicalReport
from aftersales.reports.policy.attainment import CLOCKS

CLOCK_ZH = {"respond": "响应", "arrive": "到场", "restore": "恢复", "resolve": "解决"}
PALETTE = ("#2f6fb0", "#e07b39", "#3a9d5d", "#c44e52", "#8172b2", "#937860", "#da8bc3", "#8c8c8c")
FONT = "Noto Sans CJK SC, sans-serif"


# ------------------------------------------------------------------------------------------------ SVG


def svg_bars(
    items: list[tuple[str, float]], *, width: int = 480, unit: str = "", max_value: float | None = None
) -> str:
    """Horizontal bars, one row per (label, value), the value written at the bar's end."""
    row, label_w = 22, 150
    height = max(1, len(items)) * row + 10
    top = max_value or max((v for _, v in items), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="11">'
    ]
    for i, (label, value) in enumerate(items):
        y = 5 + i * row
        bar = (width - label_w - 60) * (value / top)
        parts.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{escape(str(label)[:18])}</text>')
        parts.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{bar:.1f}" height="{row - 8}" fill="{PALETTE[i % len(PALETTE)]}"/>'
        )
        parts.append(f'<text x="{label_w + bar + 4:.1f}" y="{y + 14}">{value:g}{escape(unit)}</text>')
    if not items:
        parts.append('<text x="10" y="18" fill="#666">无数据</text>')
    parts.append("</svg>")
    return "".join(parts)


def svg_columns(items: list[tuple[str, float | None]], *, width: int = 480, height: int = 180, unit: str = "%") -> str:
    """Vertical columns with labels below (attainment per clock, in percent)."""
    n = max(1, len(items))
    slot = (width - 20) / n
    base = height - 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="11">',
        f'<line x1="10" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#999"/>',
    ]
    for i, (label, value) in enumerate(items):
        x = 10 + i * slot + slot * 0.2
        w = slot * 0.6
        h = (base - 20) * ((value or 0) / 100)
        parts.append(
            f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{w:.1f}" height="{h:.1f}" '
            f'fill="{PALETTE[i % len(PALETTE)]}"/>'
        )
        text = "—" if value is None else f"{value:g}{unit}"
        parts.append(f'<text x="{x + w / 2:.1f}" y="{base - h - 4:.1f}" text-anchor="middle">{escape(text)}</text>')
        parts.append(f'<text x="{x + w / 2:.1f}" y="{base + 16}" text-anchor="middle">{escape(str(label))}</text>')
    parts.append("</svg>")
    return "".join(parts)


# ------------------------------------------------------------------------------------------ periodic report


def periodic_data(report: PeriodicReport) -> dict:
    """Everything the periodic report shows, read live for its customer and period."""
    from aftersales.dispatch.models import Visit, VisitPart
    from aftersales.followups.models import Callback
    from aftersales.inspections.models import Finding, Inspection

    filters = selectors.Filters(date_from=report.starts_on, date_to=report.ends_on, customer_id=report.customer_id)
    at = clock.now()
    by_severity = selectors.attainment_buckets(filters, "severity", at=at)
    total = selectors.Bucket()
    for bucket in by_severity.values():
        total.requests += bucket.requests
        for c in CLOCKS:
            total.counts[c][0] += bucket.counts[c][0]
            total.counts[c][1] += bucket.counts[c][1]
    attainment = []
    for c in CLOCKS:
        due, met = total.counts[c]
        attainment.append(
            {"clock": CLOCK_ZH[c], "due": due, "met": met, "rate": round(100 * met / due, 1) if due else None}
        )
    tickets = selectors.tickets_in(filters)
    devices = list(
        tickets.filter(asset__isnull=False)
        .values("asset__vendor__name", "asset__model", "asset__serial")
        .annotate(n=Count("pk"))
        .order_by("-n", "asset__model")[:15]
    )
    visits = list(
        Visit.objects.filter(
            ticket__customer_id=report.customer_id, arrived_at__gte=filters.start, arrived_at__lt=filters.end
        )
        .select_related("ticket")
        .order_by("arrived_at")[:200]
    )
    inspections = list(
        Inspection.objects.filter(
            customer_id=report.customer_id, inspected_on__gte=report.starts_on, inspected_on__lte=report.ends_on
        ).order_by("inspected_on")[:100]
    )
    findings = list(
        Finding.objects.filter(inspection_asset__inspection__in=inspections)
        .filter(result="issue")
        .select_related("inspection_asset__asset")
        .order_by("pk")[:100]
    )
    parts = list(
        VisitPart.objects.filter(visit__in=visits)
        .values("part_number", "description")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    callbacks = Callback.objects.filter(
        customer_id=report.customer_id, done_at__gte=filters.start, done_at__lt=filters.end, satisfaction__isnull=False
    )
    scores = list(callbacks.values_list("satisfaction", flat=True))
    open_now = list(
        selectors.Ticket.objects.filter(customer_id=report.customer_id)
        .exclude(status__in=("resolved", "closed", "cancelled"))
        .order_by("-id")[:50]
    )
    return {
        "requests": total.requests,
        "by_severity": [{"severity": k, "requests": b.requests} for k, b in sorted(by_severity.items()) if b.requests],
        "attainment": attainment,
        "devices": devices,
        "visits": visits,
        "inspections": inspections,
        "findings": findings,
        "parts": parts,
        "satisfaction_avg": round(sum(scores) / len(scores), 2) if scores else None,
        "satisfaction_n": len(scores),
        "resolved": tickets.filter(Q(resolved_at__isnull=False)).count(),
        "open_now": open_now,
    }


def periodic_charts(data: dict) -> dict:
    from aftersales.sla.choices import Severity

    return {
        "attainment": svg_columns([(a["clock"], a["rate"]) for a in data["attainment"]]),
        "severity": svg_bars([(str(Severity(s["severity"]).label), s["requests"]) for s in data["by_severity"]]),
        "devices": svg_bars([(f"{d['asset__vendor__name']} {d['asset__model']}", d["n"]) for d in data["devices"][:8]]),
    }


def periodic_html(report: PeriodicReport) -> str:
    data = periodic_data(report)
    with translation.override("zh-hans"):
        return render_to_string(
            "reports/periodic_pdf.html",
            {"report": report, "data": data, "charts": periodic_charts(data), "printed_at": clock.local(clock.now())},
        )


def periodic_pdf(report: PeriodicReport) -> bytes:
    return pdf.html_to_pdf(periodic_html(report))


def periodic_filename(report: PeriodicReport, ext: str) -> str:
    return f"{report.customer.name}_{report.get_period_display()}服务报告_{report.starts_on:%Y%m%d}.{ext}"


def periodic_xlsx(report: PeriodicReport) -> bytes:
    data = periodic_data(report)
    book = xlsx.Workbook(title=periodic_filename(report, "xlsx"))
    banner = f"{report.customer.name} {report.get_period_display()}服务报告 {report.starts_on} 至 {report.ends_on}"
    sheet = book.sheet("SLA达成", [("时限", 12), ("应考核", 10), ("达成", 10), ("达成率%", 10)], banner=banner)
    for a in data["attainment"]:
        sheet.append([a["clock"], a["due"], a["met"], a["rate"]])
    sheet.append(["请求总数", data["requests"], None, None], bold=True)
    sheet = book.sheet("设备故障", [("厂商", 16), ("型号", 24), ("序列号", 20), ("请求数", 10)])
    for d in data["devices"]:
        sheet.append([d["asset__vendor__name"], d["asset__model"], d["asset__serial"], d["n"]])
    sheet = book.sheet("上门服务", [("请求", 18), ("到场时间", 18), ("离场时间", 18), ("工作内容", 50)])
    for v in data["visits"]:
        sheet.append([v.ticket.number, v.arrived_at, v.departed_at, getattr(v, "work_done", "") or ""])
    sheet = book.sheet("巡检发现", [("设备", 24), ("检查项", 20), ("结果", 10), ("说明", 50)])
    for f in data["findings"]:
        sheet.append([str(f.inspection_asset.asset), f.item_title, f.get_result_display(), f.note])
    sheet = book.sheet("更换备件", [("备件编号", 20), ("名称", 30), ("次数", 8)])
    for p in data["parts"]:
        sheet.append([p["part_number"], p["description"], p["n"]])
    sheet = book.sheet("风险与建议", [("项目", 12), ("内容", 90)])
    sheet.append(["满意度", data["satisfaction_avg"]])
    sheet.append(["遗留风险", report.risks])
    sheet.append(["建议", report.recommendations])
    return book.to_bytes()


# ------------------------------------------------------------------------------------- technical analysis


def analysis_html(report: TechnicalReport) -> str:
    with translation.override("zh-hans"):
        return render_to_string(
            "reports/analysis_pdf.html",
            {"report": report, "ticket": report.ticket, "printed_at": clock.local(clock.now())},
        )


def analysis_pdf(report: TechnicalReport) -> bytes:
    return pdf.html_to_pdf(analysis_html(report))


# -------------------------------------------------------------------------------------------- assessment


def assessment_xlsx(rows: list[dict], filters, kind: str) -> bytes:
    book = xlsx.Workbook(title="考核排名")
    who = "工程师" if kind == "engineer" else "合作伙伴"
    sheet = book.sheet(
        "考核排名",
        [
            ("名次", 6),
            (who, 20),
            ("处理请求", 10),
            ("按时到场", 10),
            ("到场达成率", 12),
            ("按时恢复", 10),
            ("平均满意度", 12),
            ("投诉", 8),
            ("30天内重复故障", 14),
        ],
        banner=f"{who}考核 {filters.date_from} 至 {filters.date_to}",
        number_formats={4: "0.00%"},
    )
    for i, r in enumerate(rows, start=1):
        sheet.append(
            [
                i,
                r["name"],
                r["requests"],
                r["arrived_on_time"],
                r["arrive_rate"],
                r["restored_on_time"],
                r["satisfaction_avg"],
                r["complaints"],
                r["repeat_faults"],
            ]
        )
    return book.to_bytes()
