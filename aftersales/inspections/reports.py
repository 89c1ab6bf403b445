"""The printable inspection feedback form (巡检反馈信息单, 篇6): one inspection as an A4 PDF in Chinese, with
every device's checklist results, the hidden faults turned into requests, and the customer's signature.

WeasyPrint lays out `inspections/feedback_pdf.html` with the Noto Sans CJK SC font (Debian's fonts-noto-cjk);
a test checks that the CJK font is really embedded. WeasyPrint runs in a renderer process of its own
(aftersales.core.pdf), never in the web worker.
"""

from __future__ import annotations

import base64

from django.template.loader import render_to_string
from django.utils import translation

from aftersales.core import clock, pdf
from aftersales.dispatch.choices import Satisfaction
from aftersales.inspections import selectors
from aftersales.inspections.models import Inspection


def _when(at) -> str:
    return clock.local(at).strftime("%Y-%m-%d %H:%M") if at else ""


def feedback_html(inspection: Inspection) -> str:
    """The feedback form as HTML (what the PDF is made from); `inspection` comes from `selectors.inspection_get`."""
    signature = (
        "data:image/png;base64," + base64.b64encode(bytes(inspection.signature_png)).decode()
        if inspection.signature_png
        else ""
    )
    engineer = inspection.engineer
    rows = list(inspection.assets.all())
    context = {
        "inspection": inspection,
        "rows": rows,
        "issues": [f for row in rows for f in row.findings.all() if f.result == "issue"],
        "tally": selectors.inspection_tally(inspection),
        "engineer": f"{engineer.last_name}{engineer.first_name}".strip() or engineer.username,
        "completed_at": _when(inspection.completed_at),
        "signed_at": _when(inspection.signed_at),
        "printed_at": _when(clock.now()),
        "signature": signature,
        "satisfaction": Satisfaction(inspection.satisfaction).label if inspection.satisfaction else "",
    }
    with translation.override("zh-hans"):
        return render_to_string("inspections/feedback_pdf.html", context)


def feedback_pdf(inspection: Inspection) -> bytes:
    """The feedback form as PDF bytes (A4, Chinese, page numbers in the footer)."""
    return pdf.html_to_pdf(feedback_html(inspection))
