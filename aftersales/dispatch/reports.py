"""The printable service report (服务报告, 篇1 4.10): one visit as an A4 PDF in Chinese, with the signature.

WeasyPrint lays out `dispatch/visit_report_pdf.html` with the Noto Sans CJK SC font (Debian's fonts-noto-cjk);
without a CJK font it would silently draw empty boxes, which is why a test checks the embedded fonts.
WeasyPrint runs in a renderer process of its own (aftersales.core.pdf), never in the web worker.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import translation

from aftersales.core import clock, pdf
from aftersales.dispatch.models import Visit
from aftersales.dispatch.services import display_name
from aftersales.warranty.choices import REMEDY_LABELS


def _when(at) -> str:
    return clock.local(at).strftime("%Y-%m-%d %H:%M") if at else ""


@dataclass(frozen=True)
class ChargeLine:
    """One line of the charges on the report: what, the rule (免费 / 按成本价), the amount in yuan."""

    what: str
    rule: str
    amount: Decimal


def _warranty(ticket):
    """The request's 三包 decision (remedy, fees, why), or None without an asset (or before its purchase)."""
    from aftersales.warranty import selectors as warranty

    found = warranty.ticket_remedy(ticket)
    return found.view.decision if found is not None and found.view is not None else None


def _charges(decision, parts) -> list[ChargeLine]:
    """Labour and parts by the decision's rules; parts at the catalogue's unit cost (the price we hold)."""
    from aftersales.parts.models import Part
    from aftersales.warranty.choices import CHARGE_LABELS
    from aftersales.warranty.policy.sanbao import Charge

    costs = dict(
        Part.objects.filter(part_number__in={p.part_number for p in parts}).values_list(
            "part_number", "unit_cost_amount"
        )
    )
    labour_rule = decision.labour_fee if decision else Charge.CHARGED
    parts_rule = decision.parts_fee if decision else Charge.AT_COST
    lines = [ChargeLine("人工服务费", CHARGE_LABELS[labour_rule][0], Decimal("0.00"))]
    for p in parts:
        unit = costs.get(p.part_number)
        amount = Decimal("0.00") if parts_rule == Charge.FREE or unit is None else (unit * p.quantity)
        rule = CHARGE_LABELS[parts_rule][0] if unit is not None or parts_rule == Charge.FREE else "价格待定"
        lines.append(ChargeLine(f"备件 {p.part_number} × {p.quantity}", rule, amount.quantize(Decimal("0.01"))))
    return lines


def visit_report_html(visit: Visit) -> str:
    """The report as HTML (what the PDF is made from)."""
    ticket = visit.ticket
    asset = ticket.asset
    signature = (
        "data:image/png;base64," + base64.b64encode(bytes(visit.signature_png)).decode() if visit.signature_png else ""
    )
    minutes = None
    if visit.departed_at:
        minutes = int((visit.departed_at - visit.arrived_at).total_seconds() // 60)
    engineer = (
        display_name(visit.engineer.user)
        if visit.engineer_id
        else (display_name(visit.recorded_by) if visit.recorded_by_id else "")
    )
    context = {
        "visit": visit,
        "ticket": ticket,
        "asset": asset,
        "engineer": engineer,
        "partner": visit.partner.name if visit.partner_id else "",
        "reported_at": _when(ticket.reported_at),
        "arrive_by": _when(ticket.arrive_by),
        "arrived_at": _when(visit.arrived_at),
        "departed_at": _when(visit.departed_at),
        "signed_at": _when(visit.signed_at),
        "printed_at": _when(clock.now()),
        "on_site_minutes": minutes,
        "parts": list(visit.parts.all()),
        "signature": signature,
        "satisfaction": visit.get_satisfaction_display() if visit.satisfaction else "",
    }
    decision = _warranty(ticket)
    charges = _charges(decision, context["parts"])
    context |= {
        "warranty": decision,
        "remedy": REMEDY_LABELS[decision.remedy][0] if decision else "",
        "charges": charges,
        "charges_total": sum((c.amount for c in charges), Decimal("0.00")),
    }
    with translation.override("zh-hans"):
        return render_to_string("dispatch/visit_report_pdf.html", context)


def visit_report_pdf(visit: Visit) -> bytes:
    """The report as PDF bytes (A4, Chinese, page numbers in the footer)."""
    return pdf.html_to_pdf(visit_report_html(visit))
