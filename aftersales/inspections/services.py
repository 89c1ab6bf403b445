"""Writes of inspections (巡检, SPEC §4; 篇1 2.12; 篇6): start one (from a planned work item or by hand), record
findings, turn a hidden fault into a service request, have the customer sign the feedback form (巡检反馈信息单),
complete or cancel it. Completing an inspection completes the work item it came from.

Each write is one transaction; the inspection row is locked (select_for_update) before it changes, and its
`version` is bumped. Only the inspection's engineer, a supervisor or an admin may change it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from aftersales.accounts import access
from aftersales.core import clock
from aftersales.core.errors import conflict, invalid, not_found, stale_version, unknown_reference
from aftersales.inspections.choices import (
    GENERIC_CATEGORY,
    INSPECTION_ROLES,
    RECORDED_RESULTS,
    FindingResult,
    InspectionStatus,
)
from aftersales.inspections.models import ChecklistTemplate, Finding, Inspection, InspectionAsset
from aftersales.inspections.policy import lifecycle

TICKET_CHANNEL = "walk_in"
"""The channel of a request raised from an inspection finding: found in person at the customer (来访/现场)."""


def _check_writer(actor: Any, **target: int) -> None:
    """The access table's ``inspections.work``: supervisors any inspection, an engineer or partner user the
    ones it runs (one query for them; another's inspection is "not found")."""
    access.require(actor, "inspections.work", **target)


def _closed(inspection: Inspection):
    return conflict(
        "inspection_closed",
        "巡检单已{status}，不能再修改",
        "The inspection is {status_en} and can no longer change",
        status=inspection.get_status_display(),
        status_en=inspection.status,
    )


def _lock(inspection_id: int) -> Inspection:
    inspection = Inspection.objects.select_for_update().filter(pk=inspection_id).first()
    if inspection is None:
        raise not_found("巡检单", "Inspection")
    return inspection


def _check_version(inspection: Inspection, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != inspection.version:
        raise stale_version(expected_version, inspection.version)


def _bump(inspection: Inspection, *fields: str) -> None:
    inspection.version += 1
    inspection.save(update_fields=[*fields, "version", "updated_at"])


def _template_for(category: str, cache: dict[str, ChecklistTemplate | None]) -> ChecklistTemplate | None:
    if category not in cache:
        cache[category] = (
            ChecklistTemplate.objects.filter(category=category, is_active=True).prefetch_related("items").first()
            or ChecklistTemplate.objects.filter(category=GENERIC_CATEGORY, is_active=True)
            .prefetch_related("items")
            .first()
        )
    return cache[category]


def _plan_context(work_item) -> tuple[int | None, list[int] | None]:
    """The contract and device of the plan rule a work item came from (`plan:<rule id>:<period>`)."""
    from aftersales.plans.models import PlanRule

    parts = work_item.source_key.split(":")
    if len(parts) != 3 or parts[0] != "plan" or not parts[1].isdigit():
        return None, None
    rule = PlanRule.objects.select_related("plan").filter(pk=int(parts[1])).first()
    if rule is None:
        return None, None
    return rule.plan.contract_id, ([rule.asset_id] if rule.asset_id else None)


@transaction.atomic
def inspection_start(
    *,
    actor: Any,
    customer_id: int | None = None,
    contract_id: int | None = None,
    work_item_id: int | None = None,
    engineer_id: int | None = None,
    inspected_on: dt.date | None = None,
    asset_ids: Iterable[int] | None = None,
) -> tuple[Inspection, bool]:
    """Start an inspection with one finding per checklist item of every device (SPEC §4; 篇1 2.12).

    From a planned work item (巡检待办) the customer, contract and device come from the plan, and a second start
    returns the inspection already under way (`created` False). Without `asset_ids` every device of the
    contract (or, if it has none, of the customer) is inspected, each by its category's checklist or else the
    generic one. The engineer is `engineer_id` or the actor.

    Who may: the access table's ``inspections.start`` (engineers and supervisors for any customer; a partner
    user only from a work item of its own, not for a customer or devices it names).
    """
    from aftersales.accounts.models import User
    from aftersales.assets.models import Asset
    from aftersales.customers.models import Contract, Customer
    from aftersales.plans.models import WorkItem, WorkItemKind

    if asset_ids is not None:
        asset_ids = list(asset_ids)
    access.require(
        actor,
        "inspections.start",
        work_item_id=work_item_id,
        out_of_scope=unknown_reference("巡检待办", "Inspection work item"),
    )
    access.require(
        actor,
        "inspections.start",
        customer_id=customer_id,
        asset_ids=asset_ids,
        out_of_scope=unknown_reference("客户", "Customer"),
    )
    work_item = None
    if work_item_id is not None:
        work_item = WorkItem.objects.select_for_update().filter(pk=work_item_id, kind=WorkItemKind.INSPECTION).first()
        if work_item is None:
            raise unknown_reference("巡检待办", "Inspection work item")
        existing = Inspection.objects.filter(work_item=work_item).first()
        if existing is not None:
            return existing, False
        if work_item.done_at is not None:
            raise conflict("work_item_done", "该待办事项已完成", "This work item is already done")
        customer_id = customer_id or work_item.customer_id
        plan_contract_id, plan_assets = _plan_context(work_item)
        contract_id = contract_id or plan_contract_id
        asset_ids = asset_ids if asset_ids is not None else plan_assets
    customer = Customer.objects.filter(pk=customer_id).first() if customer_id else None
    if customer is None:
        raise unknown_reference("客户", "Customer")
    if contract_id is not None and not Contract.objects.filter(pk=contract_id, customer=customer).exists():
        raise unknown_reference("服务合同", "Contract")
    engineer = actor
    if engineer_id is not None and engineer_id != actor.pk:
        engineer = User.objects.filter(pk=engineer_id, is_active=True, role__in=INSPECTION_ROLES).first()
        if engineer is None:
            raise unknown_reference("巡检工程师", "Engineer")
    assets_qs = Asset.objects.filter(customer=customer).order_by("category", "id")
    if asset_ids is not None:
        wanted = sorted(set(asset_ids))
        assets = list(assets_qs.filter(pk__in=wanted))
        if len(assets) != len(wanted):
            raise unknown_reference("设备", "Asset")
    else:
        assets = list(assets_qs.filter(contract_id=contract_id)) if contract_id else []
        assets = assets or list(assets_qs)
    if not assets:
        raise invalid("no_assets_to_inspect", "该客户没有可巡检的设备", "The customer has no devices to inspect")
    inspection = Inspection.objects.create(
        customer=customer,
        contract_id=contract_id,
        work_item=work_item,
        engineer=engineer,
        inspected_on=inspected_on or clock.today(),
        created_by=actor,
    )
    templates: dict[str, ChecklistTemplate | None] = {}
    rows = InspectionAsset.objects.bulk_create(
        [
            InspectionAsset(inspection=inspection, asset=asset, template=_template_for(asset.category, templates))
            for asset in assets
        ]
    )
    findings = []
    for row in rows:
        items = list(row.template.items.all()) if row.template else []
        findings.extend(
            Finding(
                inspection_asset=row,
                checklist_item=item,
                position=item.position,
                item_title=item.title,
                guidance=item.guidance,
            )
            for item in items
        )
    Finding.objects.bulk_create(findings)
    return inspection, True


def _finding_for_update(finding_id: int) -> tuple[Finding, Inspection]:
    finding = Finding.objects.select_related("inspection_asset").filter(pk=finding_id).first()
    if finding is None:
        raise not_found("检查结果", "Finding")
    inspection = _lock(finding.inspection_asset.inspection_id)
    finding = (
        Finding.objects.select_for_update(of=("self",)).select_related("inspection_asset__asset").get(pk=finding_id)
    )
    return finding, inspection


@transaction.atomic
def finding_record(*, finding_id: int, actor: Any, result: str, note: str = "") -> Finding:
    """Record one checklist item's result (正常 / 异常 / 不适用) and a note, while the inspection is under way."""
    if result not in RECORDED_RESULTS:
        raise invalid(
            "invalid_finding_result", "检查结果无效：{result}", "Unknown finding result: {result}", result=result
        )
    if len(note) > 500:
        raise invalid("note_too_long", "说明最多500字", "The note is at most 500 characters")
    _check_writer(actor, finding_id=finding_id)
    finding, inspection = _finding_for_update(finding_id)
    if inspection.status != InspectionStatus.IN_PROGRESS:
        raise _closed(inspection)
    if finding.ticket_id is not None and result != FindingResult.ISSUE:
        raise conflict(
            "finding_has_ticket",
            "该异常已转为服务请求，不能改为其他结果",
            "This issue became a service request; its result cannot change",
        )
    finding.result, finding.note = result, note.strip()
    finding.recorded_at, finding.recorded_by = clock.now(), actor
    finding.save(update_fields=["result", "note", "recorded_at", "recorded_by"])
    _bump(inspection)
    return finding


@transaction.atomic
def findings_all_normal(*, inspection_id: int, actor: Any, inspection_asset_id: int | None = None) -> int:
    """ "全部正常": every checklist item not yet checked (of one device, or of the whole inspection) is recorded
    as 正常 in one step; items already answered (异常, 不适用, a note) are left as they are. Returns how many."""
    _check_writer(actor, inspection_id=inspection_id)
    inspection = _lock(inspection_id)
    if inspection.status != InspectionStatus.IN_PROGRESS:
        raise _closed(inspection)
    pending = Finding.objects.filter(inspection_asset__inspection=inspection, result=FindingResult.PENDING)
    if inspection_asset_id is not None:
        pending = pending.filter(inspection_asset_id=inspection_asset_id)
    count = pending.update(result=FindingResult.OK, recorded_at=clock.now(), recorded_by=actor)
    if count:
        _bump(inspection)
    return count


@transaction.atomic
def inspection_finding_to_ticket(*, finding_id: int, actor: Any, severity: int = 3, channel: str = TICKET_CHANNEL):
    """Turn a hidden fault found on inspection into a service request in one step (篇6: 隐含故障源的检测及排除).

    The request is for the inspected device, titled after the finding; the finding links to it. Only an
    issue (异常) becomes a request, and only once.
    """
    from aftersales.tickets import services as tickets

    _check_writer(actor, finding_id=finding_id)
    finding, inspection = _finding_for_update(finding_id)
    if inspection.status == InspectionStatus.CANCELLED:
        raise _closed(inspection)
    if finding.result != FindingResult.ISSUE:
        raise invalid(
            "finding_not_an_issue",
            "只有异常的检查项才能转为服务请求",
            "Only a finding marked as an issue can become a service request",
        )
    if finding.ticket_id is not None:
        raise conflict("finding_has_ticket", "该异常已转为服务请求", "This issue already became a service request")
    asset = finding.inspection_asset.asset
    title = "巡检发现：{category} {model}（{serial}）{item}异常".format(
        category=asset.category or "设备", model=asset.model, serial=asset.serial, item=finding.item_title
    )
    description = "巡检单 {number}（{day}）检查项“{item}”异常。{note}".format(
        number=inspection.number, day=inspection.inspected_on.isoformat(), item=finding.item_title, note=finding.note
    ).strip()
    ticket = tickets.ticket_create(
        actor=actor,
        as_part_of="inspections.work",  # checked above on this finding (MINE for inspectors)
        customer_id=inspection.customer_id,
        channel=channel,
        severity=severity,
        title=title[:200],
        description=description,
        asset_id=asset.pk,
    ).ticket
    finding.ticket = ticket
    finding.save(update_fields=["ticket"])
    _bump(inspection)
    return ticket


@transaction.atomic
def inspection_sign(
    *,
    inspection_id: int,
    actor: Any,
    signer_name: str,
    signature: str,
    customer_remarks: str = "",
    satisfaction: int | None = None,
    expected_version: int | None = None,
) -> Inspection:
    """The customer signs the inspection feedback form (巡检反馈信息单, 篇6) with remarks and satisfaction 1–5.

    `signature` is a PNG data URL from the signature pad. Signed once; a cancelled inspection is not signed.
    """
    from aftersales.dispatch.services import signature_from_data_url

    _check_writer(actor, inspection_id=inspection_id)
    inspection = _lock(inspection_id)
    _check_version(inspection, expected_version)
    if inspection.status == InspectionStatus.CANCELLED:
        raise _closed(inspection)
    if inspection.is_signed:
        raise conflict("inspection_signed", "巡检反馈单已签字", "The feedback form is already signed")
    if not signer_name.strip():
        raise invalid("signer_required", "请填写签字人姓名", "The signer's name is required with a signature")
    if satisfaction is not None and not 1 <= satisfaction <= 5:
        raise invalid("invalid_satisfaction", "满意度必须为1–5", "Satisfaction must be 1–5")
    inspection.signature_png = signature_from_data_url(signature)
    inspection.signer_name = signer_name.strip()[:64]
    inspection.customer_remarks = customer_remarks.strip()
    inspection.satisfaction = satisfaction
    inspection.signed_at = clock.now()
    _bump(inspection, "signature_png", "signer_name", "customer_remarks", "satisfaction", "signed_at")
    return inspection


def _summary_of(inspection: Inspection) -> str:
    counts = dict.fromkeys(FindingResult.values, 0)
    for result in Finding.objects.filter(inspection_asset__inspection=inspection).values_list("result", flat=True):
        counts[result] += 1
    return "巡检完成：{ok}项正常，{issue}项异常，{na}项不适用".format(
        ok=counts[FindingResult.OK], issue=counts[FindingResult.ISSUE], na=counts[FindingResult.NOT_APPLICABLE]
    )


@transaction.atomic
def inspection_apply_action(
    *,
    inspection_id: int,
    action: str,
    actor: Any,
    expected_version: int | None = None,
    summary: str = "",
) -> Inspection:
    """Complete or cancel an inspection (policy/lifecycle.py). Completing needs a result for every item and
    completes the planned work item with the conclusion as its result; cancelling leaves the work item open."""
    from aftersales.plans import services as plans

    _check_writer(actor, inspection_id=inspection_id)
    inspection = _lock(inspection_id)
    _check_version(inspection, expected_version)
    target = lifecycle.target_of(inspection.status, action)
    if target is None:
        raise conflict(
            "inspection_action_not_allowed",
            "巡检单{status}时不能执行该操作",
            "This action is not allowed while the inspection is {status_en}",
            status=inspection.get_status_display(),
            status_en=inspection.status,
        )
    now = clock.now()
    fields = ["status"]
    if action == "complete":
        results = Finding.objects.filter(inspection_asset__inspection=inspection).values_list("result", flat=True)
        pending = lifecycle.pending_count(results)
        if pending:
            raise conflict(
                "inspection_items_pending",
                "还有 {count} 个检查项未填写",
                "{count} checklist items have no result",
                count=pending,
            )
        inspection.summary = summary.strip() or _summary_of(inspection)
        inspection.completed_at = now
        fields += ["summary", "completed_at"]
    else:
        # The planned work stays open and may be inspected again: the cancelled form lets go of it.
        inspection.cancelled_at, inspection.work_item = now, None
        fields += ["work_item"]
        if summary.strip():
            inspection.summary = summary.strip()
            fields.append("summary")
        fields.append("cancelled_at")
    inspection.status = target
    _bump(inspection, *fields)
    if action == "complete" and inspection.work_item_id is not None:
        item = inspection.work_item
        if item is not None and item.done_at is None:
            plans.work_item_complete(
                item_id=item.pk,
                actor=actor,
                result="{number}：{summary}".format(number=inspection.number, summary=inspection.summary),
            )
    return inspection
