"""The printable service report (服务报告, 篇1 4.10): one visit as an A4 PDF in Chinese, with the signature.

WeasyPrint lays out `dispatch/visit_report_pdf.html` with the Noto Sans CJK SC font (Debian's fonts-noto-cjk);
without a CJK font it would silently draw empty boxes, which is why a test checks the embedded fonts.
WeasyPrint runs in a renderer process of its own (aftersales.core.pdf), never in the web worker.
"""

from __future__ import annotations

import base64

from django.template.loader import render_to_string
from django.utils import translation

from aftersales.core import clock, pdf
from aftersales.dispatch.models import Visit
from aftersales.dispatch.services import display_name


def _when(at) -> str:
    return clock.local(at).strftime("%Y-%m-%d %H:%M") if at else ""


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
    with translation.override("zh-hans"):
        return render_to_string("dispatch/visit_report_pdf.html", context)


def visit_report_pdf(visit: Visit) -> bytes:
    """The report as PDF bytes (A4, Chinese, page numbers in the footer)."""
    return pdf.html_to_pdf(visit_report_html(visit))
