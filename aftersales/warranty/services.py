"""Writes of the warranty app: warranty repairs counted toward replacement, and vendor cases (SPEC §3).

* `warranty_repair_record` runs when a request on an asset is resolved (`on_ticket_resolved`, a receiver of
  `tickets.events.resolved` connected in `WarrantyConfig.ready`): when the 三包 remedy on the resolution
  day was a free `repair`, the repair is recorded so the replacement rule (两次维修后仍故障则免费更换,
  篇1 2.1) counts it. One row per request, so reopening and resolving again never counts twice.
* `vendor_case_open` / `vendor_case_update` keep the case with the vendor (厂商工单): its reference, SLA
  deadlines from the vendor's policy, the status table of `policy/vendor_case.py` and the RMA of a
  replacement part. Every change is a version bump and a django-simple-history row (who, when, what).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from aftersales.accounts.models import User
from aftersales.assets.models import Asset, Vendor
from aftersales.core import clock
from aftersales.core.errors import DomainError, conflict, invalid, not_found, stale_version, unknown_reference
from aftersales.sla import selectors as sla
from aftersales.tickets import services as tickets
from aftersales.tickets.choices import Status, Tier
from aftersales.tickets.models import Ticket
from aftersales.tickets.policy import lifecycle
from aftersales.warranty import selectors
from aftersales.warranty.choices import VendorCaseStatus
from aftersales.warranty.models import VendorCase, WarrantyRepair
from aftersales.warranty.policy import sanbao
from aftersales.warranty.policy import vendor_case as case_policy

TIME_FIELDS = (
    "confirmed_at",
    "acknowledged_at",
    "vendor_onsite_at",
    "shipped_at",
    "received_at",
    "defective_returned_at",
)
TEXT_FIELDS = {"vendor_reference": 64, "rma_number": 64, "part_description": 200, "note": 4000}
EDITABLE_FIELDS = frozenset({"status", *TIME_FIELDS, *TEXT_FIELDS})
# The time stamped when a case reaches a status (unless the caller gave it).
STATUS_STAMPS = {
    VendorCaseStatus.ACKNOWLEDGED: "acknowledged_at",
    VendorCaseStatus.PART_SHIPPED: "shipped_at",
    VendorCaseStatus.RESOLVED: "resolved_at",
    VendorCaseStatus.CLOSED: "closed_at",
}
FINISHED_TICKET = frozenset({Status.CLOSED, Status.CANCELLED})


# ------------------------------------------------------------------------------------------ warranty repairs


def on_ticket_resolved(sender: Any, *, ticket: Ticket, at: dt.datetime, **kwargs: Any) -> None:
    """`tickets.events.resolved`: count the repair of the request's asset, in the resolving transaction."""
    if ticket.asset_id is not None:
        warranty_repair_record(ticket=ticket, on=clock.local(at).date())


@transaction.atomic
def warranty_repair_record(*, ticket: Ticket, on: dt.date) -> WarrantyRepair | None:
    """Count the request's repair toward the replacement rule if it was a free warranty repair on `on`.

    Idempotent per request: the existing row is returned as is. Nothing is recorded for a request without
    an asset, or when the remedy that day was anything but `repair` (a return, an exchange, a replacement,
    or a paid repair after the warranty).
    """
    if ticket.asset_id is None:
        return None
    existing = WarrantyRepair.objects.filter(ticket_id=ticket.pk).first()
    if existing is not None:
        return existing
    asset = Asset.objects.get(pk=ticket.asset_id)
    try:
        decision = selectors.warranty_decide(asset, on, exclude_ticket_id=ticket.pk)
    except DomainError:
        return None  # resolved on a day before the recorded purchase: nothing to count
    if decision.remedy is not sanbao.Remedy.REPAIR:
        return None
    repair, _ = WarrantyRepair.objects.get_or_create(
        ticket_id=ticket.pk, defaults={"asset_id": asset.pk, "completed_on": on, "remedy": decision.remedy.value}
    )
    return repair


# ------------------------------------------------------------------------------------------------ vendor cases


def _check_time(name: str, value: dt.datetime, *, now: dt.datetime, earliest: dt.datetime) -> None:
    if value.tzinfo is None:
        raise invalid("naive_datetime", "时间必须带时区", "Times must carry a UTC offset")
    if value > now:
        raise invalid("time_in_future", "{field} 不能晚于当前时间", "{field} cannot be in the future", field=name)
    if value < earliest:
        raise invalid(
            "time_before_report",
            "{field} 不能早于请求的报告时间",
            "{field} cannot be before the request was reported",
            field=name,
        )


def _deadlines(case: VendorCase, ticket: Ticket, vendor: Vendor) -> None:
    """Fill the case's deadlines from the vendor's SLA policy (or, without one, the request's own)."""
    values = sla.policy_values(vendor.sla_policy_id) if vendor.sla_policy_id else None
    result = case_policy.vendor_deadlines(
        values.targets if values else None,
        values.calendar if values else None,
        case.severity,
        ticket.zone,
        reported_at=ticket.reported_at,
        opened_at=case.opened_at,
        confirmed_at=case.confirmed_at,
        spare_hours=case_policy.spare_hours_for(vendor.name),
    )
    case.sla_policy_id = values.policy_id if values else None
    # Without a vendor policy, the request's own report-to-vendor deadline (tier 3 of its ladder) applies.
    case.report_by = result.report_by if values else ticket.vendor_by
    case.onsite_by = result.onsite_by
    case.spare_by = result.spare_by
    case.deadline_uncertain = result.uncertain


def _derive(case: VendorCase) -> None:
    case.overdue_at = case_policy.overdue_at(
        case.status,
        onsite_by=case.onsite_by,
        spare_by=case.spare_by,
        vendor_onsite_at=case.vendor_onsite_at,
        received_at=case.received_at,
    )


def _check_reference(vendor: Vendor, reference: str, *, exclude_id: int | None = None) -> None:
    if not reference:
        return
    others = VendorCase.objects.filter(vendor=vendor, vendor_reference=reference)
    if exclude_id is not None:
        others = others.exclude(pk=exclude_id)
    if others.exists():
        raise conflict(
            "duplicate_vendor_reference",
            "{vendor} 工单号 {reference} 已登记",
            "{vendor} case number {reference} is already recorded",
            vendor=vendor.name,
            reference=reference,
        )


def _escalate_to_vendor_tier(ticket: Ticket, actor: User, vendor: Vendor) -> Ticket:
    """Climb the request to the vendor tier (厂商TSC), one recorded `escalate` per tier, when its status allows it.

    A request already at the vendor tier or above stays; one whose status does not allow escalating
    (restored, resolved, waiting for the customer) keeps its tier: the case is still recorded.
    """
    sources = lifecycle.TRANSITIONS[lifecycle.Action.ESCALATE].sources
    note = "已上报厂商：{vendor} / reported to the vendor: {vendor}".format(vendor=vendor.name)
    while ticket.tier < Tier.VENDOR and lifecycle.State(ticket.status) in sources:
        ticket = tickets.ticket_apply_action(ticket_id=ticket.pk, action="escalate", actor=actor, note=note)
    return ticket


@transaction.atomic
def vendor_case_open(
    *,
    ticket_id: int,
    actor: User,
    vendor_reference: str = "",
    note: str = "",
    vendor_id: int | None = None,
    confirmed_at: dt.datetime | None = None,
) -> VendorCase:
    """Open a case with the vendor for a request (SPEC §3; 篇1 1, 3.1, 3.2) and climb the request to tier 3.

    The vendor is the request's asset's vendor unless `vendor_id` names another. `confirmed_at` is when the
    vendor confirmed the fault remotely (Dell's 4-hour on-site clock starts there); it defaults to now.
    """
    ticket = Ticket.objects.select_for_update().filter(pk=ticket_id).first()
    if ticket is None:
        raise not_found("服务请求", "Ticket")
    if ticket.status in FINISHED_TICKET:
        raise conflict(
            "ticket_finished",
            "已关闭或取消的请求不能上报厂商",
            "A closed or cancelled request cannot be reported to a vendor",
        )
    if vendor_id is not None:
        vendor = Vendor.objects.filter(pk=vendor_id).first()
        if vendor is None:
            raise unknown_reference("厂商", "Vendor")
    elif ticket.asset_id is not None:
        vendor = Vendor.objects.get(assets__pk=ticket.asset_id)
    else:
        raise invalid("vendor_required", "请求未关联设备，请选择厂商", "The request has no asset: choose the vendor")
    now = clock.now()
    confirmed_at = confirmed_at or now
    _check_time("confirmed_at", confirmed_at, now=now, earliest=ticket.reported_at)
    vendor_reference = vendor_reference.strip()[:64]
    _check_reference(vendor, vendor_reference)
    case = VendorCase(
        ticket=ticket,
        vendor=vendor,
        vendor_reference=vendor_reference,
        status=VendorCaseStatus.OPENED,
        severity=ticket.severity,
        opened_by=actor if getattr(actor, "pk", None) else None,
        opened_at=now,
        confirmed_at=confirmed_at,
        note=note.strip()[:4000],
    )
    _deadlines(case, ticket, vendor)
    _derive(case)
    case._history_user = case.opened_by  # django-simple-history's documented hooks
    case._history_date = now
    case._change_reason = "opened"
    case.save(force_insert=True)
    _escalate_to_vendor_tier(ticket, actor, vendor)
    return case


def _clean_updates(case: VendorCase, fields: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise invalid(
            "not_editable",
            "不可修改的字段：{fields}",
            "Fields that cannot be edited: {fields}",
            fields=", ".join(sorted(unknown)),
        )
    cleaned: dict[str, Any] = {}
    for key, value in fields.items():
        if key in TEXT_FIELDS:
            value = (value or "").strip()[: TEXT_FIELDS[key]]
        elif key in TIME_FIELDS and value is not None:
            _check_time(key, value, now=now, earliest=case.ticket.reported_at)
        elif key == "status" and value not in VendorCaseStatus.values:
            raise invalid("invalid_status", "未知状态：{status}", "Unknown status: {status}", status=value)
        if key == "confirmed_at" and value is None:
            raise invalid("confirmed_at_required", "厂商远程确认时间不能为空", "confirmed_at cannot be empty")
        cleaned[key] = value
    return cleaned


def _move(case: VendorCase, target: str, now: dt.datetime) -> list[str]:
    """Apply one status move from the table, stamping its time when not given; the fields it changed."""
    if not case_policy.can_move(case.status, target):
        raise conflict(
            "transition_not_allowed",
            "厂商工单状态“{current_zh}”不能变为“{target_zh}”",
            "A vendor case cannot go from '{current}' to '{target}'",
            current_zh=VendorCaseStatus(case.status).label,
            target_zh=VendorCaseStatus(target).label,
            current=case.status,
            target=target,
        )
    if target == VendorCaseStatus.CLOSED and case.shipped_at is not None and case.defective_returned_at is None:
        raise conflict(
            "defective_part_not_returned",
            "备件已更换，坏件返还厂商后才能关闭",
            "A replacement part was shipped: return the defective part before closing",
        )
    changed = ["status"]
    if case.status == VendorCaseStatus.RESOLVED and target == VendorCaseStatus.ACKNOWLEDGED:
        case.resolved_at = None  # the vendor's fix did not hold: it is working on it again
        changed.append("resolved_at")
    stamp = STATUS_STAMPS.get(VendorCaseStatus(target))
    if stamp and getattr(case, stamp) is None:
        setattr(case, stamp, now)
        changed.append(stamp)
    case.status = target
    return changed


@transaction.atomic
def vendor_case_update(*, case_id: int, actor: User, expected_version: int, **fields: Any) -> VendorCase:
    """Change a vendor case: its status (by the table), reference, RMA and times; a stale version is a 409."""
    case = VendorCase.objects.select_for_update().filter(pk=case_id).first()
    if case is None:
        raise not_found("厂商工单", "Vendor case")
    if case.version != expected_version:
        raise stale_version(expected_version, case.version)
    if case.status == VendorCaseStatus.CLOSED:
        raise conflict("vendor_case_closed", "厂商工单已关闭，不能修改", "A closed vendor case cannot be changed")
    now = clock.now()
    updates = _clean_updates(case, fields, now)
    target = updates.pop("status", None)
    changed = [key for key, value in updates.items() if getattr(case, key) != value]
    for key in changed:
        setattr(case, key, updates[key])
    if "vendor_reference" in changed:
        _check_reference(case.vendor, case.vendor_reference, exclude_id=case.pk)
    if case.shipped_at and case.received_at and case.received_at < case.shipped_at:
        raise invalid(
            "received_before_shipped",
            "备件到货时间不能早于发出时间",
            "The part cannot be received before it was shipped",
        )
    if target is not None and target != case.status:
        changed += [name for name in _move(case, target, now) if name not in changed]
    if not changed:
        return case
    if "confirmed_at" in changed:
        _deadlines(case, case.ticket, case.vendor)
    _derive(case)
    case.version += 1
    case._history_user = actor if getattr(actor, "pk", None) else None
    case._history_date = now
    case._change_reason = ",".join(changed)[:100]
    case.save()
    return case
