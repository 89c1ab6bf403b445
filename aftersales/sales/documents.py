"""Printed documents of the area (A4 PDFs in Chinese, via the renderer process of aftersales.core.pdf):
the acceptance certificate (设备验收合格书) with both signatures, a training's sign-in sheet (签到表), and a
proposal version written as text."""

from __future__ import annotations

import base64

from django.template.loader import render_to_string
from django.utils import translation

from aftersales.core import clock, pdf
from aftersales.sales import selectors
from aftersales.sales.choices import CheckResult, TaskKind
from aftersales.sales.models import Installation, ProposalVersion, Training


def data_url(png: bytes | memoryview | None) -> str:
    return "data:image/png;base64," + base64.b64encode(bytes(png)).decode() if png else ""


def _render(template: str, context: dict) -> bytes:
    with translation.override("zh-hans"):
        html = render_to_string(
            template, {**context, "printed_at": clock.local(clock.now()).strftime("%Y-%m-%d %H:%M")}
        )
    return pdf.html_to_pdf(html)


def acceptance_pdf(installation: Installation) -> bytes:
    """设备验收合格书: the project, the devices with their counts and tests, and both signatures."""
    acceptance = installation.acceptance
    lines = list(installation.lines.all())
    rows = []
    for line in lines:
        tests = list(line.tests.all())
        rows.append(
            {
                "line": line,
                "tests": "；".join(f"{t.item}：{CheckResult(t.result).label}" for t in tests) or "—",
            }
        )
    return _render(
        "sales/pdf/acceptance.html",
        {
            "installation": installation,
            "acceptance": acceptance,
            "rows": rows,
            "tasks": [(TaskKind(t.kind).label, t) for t in installation.tasks.all()],
            "customer_signature": data_url(acceptance.customer_signature_png),
            "engineer_signature": data_url(acceptance.engineer_signature_png),
        },
    )


def training_sheet_pdf(training: Training) -> bytes:
    """培训签到表: the topics of 篇6 and one line per attendee to sign (and empty lines for walk-ins)."""
    attendees = list(training.attendees.all())
    return _render(
        "sales/pdf/training_sheet.html",
        {
            "training": training,
            "installation": training.installation,
            "topics": selectors.topic_labels(list(training.topics)),
            "attendees": attendees,
            "blank_lines": range(max(5, 15 - len(attendees))),
        },
    )


def proposal_pdf(version: ProposalVersion) -> bytes:
    return _render("sales/pdf/proposal.html", {"version": version, "proposal": version.proposal})
