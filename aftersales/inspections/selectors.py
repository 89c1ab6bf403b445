"""Reads of inspections: one with its devices and findings, a list, the checklists, a customer's devices."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from aftersales.core.errors import not_found
from aftersales.core.pagination import Page, paginate
from aftersales.inspections.choices import FindingResult
from aftersales.inspections.models import ChecklistTemplate, Finding, Inspection, InspectionAsset


def _detailed(qs: QuerySet[Inspection]) -> QuerySet[Inspection]:
    return qs.select_related("customer", "contract", "engineer", "work_item").prefetch_related(
        Prefetch(
            "assets",
            queryset=InspectionAsset.objects.select_related("asset__vendor", "template").prefetch_related(
                Prefetch("findings", queryset=Finding.objects.select_related("ticket"))
            ),
        ),
    )


def inspection_get(user, inspection_id: int) -> Inspection:
    """One inspection the user may see, with its devices and findings; 404 otherwise, whether it exists or not."""
    inspection = _detailed(Inspection.objects.visible_to(user).filter(pk=inspection_id)).first()
    if inspection is None:
        raise not_found("巡检单", "Inspection")
    return inspection


def finding_get(user, finding_id: int) -> Finding:
    """One finding of an inspection the user may see (for the row partial); 404 otherwise."""
    finding = (
        Finding.objects.filter(pk=finding_id, inspection_asset__inspection__in=Inspection.objects.visible_to(user))
        .select_related("ticket", "inspection_asset__inspection", "inspection_asset__asset")
        .first()
    )
    if finding is None:
        raise not_found("检查结果", "Finding")
    return finding


def inspection_list(
    user,
    *,
    status: str | None = None,
    customer_id: int | None = None,
    engineer_id: int | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page:
    """Inspections the user may see, newest first, with the counts of issues and pending items."""
    qs = (
        Inspection.objects.visible_to(user)
        .select_related("customer", "engineer")
        .annotate(
            issue_count=Count("assets__findings", filter=Q(assets__findings__result=FindingResult.ISSUE)),
            pending_count=Count("assets__findings", filter=Q(assets__findings__result=FindingResult.PENDING)),
        )
    )
    if status:
        qs = qs.filter(status=status)
    if customer_id is not None:
        qs = qs.filter(customer_id=customer_id)
    if engineer_id is not None:
        qs = qs.filter(engineer_id=engineer_id)
    return paginate(qs, ordering=["-id"], cursor=cursor, limit=limit)


@dataclass(frozen=True)
class Tally:
    ok: int
    issue: int
    not_applicable: int
    pending: int


def inspection_tally(inspection: Inspection) -> Tally:
    """Counts of results over a prefetched inspection (no query)."""
    counts = dict.fromkeys(FindingResult.values, 0)
    for row in inspection.assets.all():
        for finding in row.findings.all():
            counts[finding.result] += 1
    return Tally(
        ok=counts[FindingResult.OK],
        issue=counts[FindingResult.ISSUE],
        not_applicable=counts[FindingResult.NOT_APPLICABLE],
        pending=counts[FindingResult.PENDING],
    )


def checklist_templates() -> QuerySet[ChecklistTemplate]:
    return ChecklistTemplate.objects.filter(is_active=True).prefetch_related("items").order_by("category")


def customer_devices(customer_id: int):
    """A customer's devices and contracts, for choosing what to inspect."""
    from aftersales.assets.models import Asset
    from aftersales.customers.models import Contract

    assets = list(Asset.objects.filter(customer_id=customer_id).select_related("vendor").order_by("category", "id"))
    contracts = list(Contract.objects.filter(customer_id=customer_id).order_by("-starts_on", "id"))
    return assets, contracts
