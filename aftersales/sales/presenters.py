"""Opportunities and installation projects as plain data for the API (money as text with two places)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from aftersales.sales import services
from aftersales.sales.choices import BuyingRole, CheckResult, ProposalStatus, Stage
from aftersales.sales.models import Installation, Opportunity, Proposal
from aftersales.sales.policy import gates


def money(value: Decimal | None) -> str | None:
    return None if value is None else f"{Decimal(value):.2f}"


def items(found) -> list[dict[str, str]]:
    return [{"code": i.code, "zh": i.zh, "en": i.en} for i in found]


def proposal_data(proposal: Proposal) -> dict[str, Any]:
    return {
        "id": proposal.pk,
        "opportunity_id": proposal.opportunity_id,
        "title": proposal.title,
        "status": proposal.status,
        "status_label": str(ProposalStatus(proposal.status).label),
        "sent_at": proposal.sent_at,
        "reviewed_on": proposal.reviewed_on,
        "reviewed_by": proposal.reviewed_by,
        "versions": [
            {"number": v.number, "note": v.note, "has_file": bool(v.file), "created_at": v.created_at}
            for v in proposal.versions.all()
        ],
    }


def opportunity_data(o: Opportunity) -> dict[str, Any]:
    return {
        "id": o.pk,
        "number": o.number,
        "customer_id": o.customer_id,
        "customer_name": o.customer.name,
        "name": o.name,
        "owner_id": o.owner_id,
        "stage": o.stage,
        "stage_label": str(Stage(o.stage).label),
        "status": o.status,
        "amount": money(o.amount),
        "value": money(o.amount),
        "expected_close_on": o.expected_close_on,
        "competitors": list(o.competitors or []),
        "need": o.need,
        "benefit_analysis": o.benefit_analysis,
        "difference_assessment": o.difference_assessment,
        "agreed_amount": money(o.agreed_amount),
        "terms": o.terms,
        "next_step": o.next_step,
        "next_step_on": o.next_step_on,
        "outcome_reason": o.outcome_reason,
        "closed_on": o.closed_on,
        "contract_id": o.contract_id,
        "warranty_months": o.warranty_months,
        "version": o.version,
        "buying_centre": [
            {
                "id": m.pk,
                "role": m.role,
                "role_label": str(BuyingRole(m.role).label),
                "contact_id": m.contact_id,
                "contact_name": m.contact.name,
                "contact_phone": m.contact.phone,
                "note": m.note,
            }
            for m in o.buying_centre.all()
        ],
        "proposals": [proposal_data(p) for p in o.proposals.all()],
        "missing": {stage: items(found) for stage, found in services.opportunity_gates(o).items()},
    }


def installation_data(i: Installation) -> dict[str, Any]:
    lines = list(i.lines.all())
    acceptance = getattr(i, "acceptance", None) if hasattr(i, "acceptance") else None
    return {
        "id": i.pk,
        "number": i.number,
        "contract_id": i.contract_id,
        "customer_id": i.customer_id,
        "opportunity_id": i.opportunity_id,
        "site": i.site,
        "status": i.status,
        "warranty_months": i.warranty_months,
        "engineer_id": i.engineer_id,
        "lines": [
            {
                "id": line.pk,
                "kind": line.kind,
                "description": line.description,
                "vendor": line.vendor,
                "model": line.model,
                "serial": line.serial,
                "quantity": line.quantity,
                "counted": line.counted,
                "counted_with": line.counted_with,
                "tests_passed": sum(1 for t in line.tests.all() if t.result == CheckResult.PASSED),
                "asset_id": line.asset_id,
            }
            for line in lines
        ],
        "tasks": [
            {
                "id": t.pk,
                "kind": t.kind,
                "engineer_id": t.engineer_id,
                "scheduled_on": t.scheduled_on,
                "notified_on": t.notified_on,
                "done_on": t.done_on,
            }
            for t in i.tasks.all()
        ],
        "trainings": [
            {
                "id": t.pk,
                "kind": t.kind,
                "scheduled_on": t.scheduled_on,
                "place": t.place,
                "topics": list(t.topics),
                "status": t.status,
                "attendees": [
                    {"id": a.pk, "name": a.name, "department": a.department, "attended": a.attended}
                    for a in t.attendees.all()
                ],
            }
            for t in i.trainings.all()
        ],
        "acceptance": (
            {
                "signed_on": acceptance.signed_on,
                "customer_signatory": acceptance.customer_signatory,
                "engineer_signatory": acceptance.engineer_signatory,
                "service_plan_id": acceptance.service_plan_id,
            }
            if acceptance
            else None
        ),
        "assets": [
            {"id": line.asset.pk, "serial": line.asset.serial, "accepted_on": line.asset.accepted_on}
            for line in lines
            if line.asset_id
        ],
        "missing": items(gates.acceptance_missing(services.checklist_lines(i), accepted=i.status == "accepted")),
    }
