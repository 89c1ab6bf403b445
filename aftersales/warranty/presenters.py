"""Warranty decisions and vendor cases as plain data for the API and the pages (times in China time)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import FieldDoesNotExist

from aftersales.core import clock
from aftersales.warranty.models import VendorCase
from aftersales.warranty.policy import vendor_case as case_policy
from aftersales.warranty.selectors import PublicWarranty, WarrantyView, vendor_case_is_overdue


def _local(at: dt.datetime | None) -> dt.datetime | None:
    return clock.local(at) if at is not None else None


def warranty_data(view: WarrantyView) -> dict[str, Any]:
    decision = view.decision
    return {
        "asset_id": view.asset_id,
        "on": view.on,
        "remedy": decision.remedy.value,
        "labour_fee": decision.labour_fee.value,
        "parts_fee": decision.parts_fee.value,
        "covered_until": decision.covered_until,
        "covered_by": decision.covered_by,
        "onsite_until": decision.onsite_until,
        "in_warranty": decision.in_warranty,
        "day_number": decision.day_number,
        "warranty_start": view.warranty_start,
        "reasons": [{"code": r.code, "zh": r.zh, "en": r.en} for r in decision.reasons],
    }


def public_warranty_data(found: PublicWarranty) -> dict[str, Any]:
    """Only what the nameplate and the warranty say: never the customer, its site or the purchase details."""
    data = warranty_data(found.view)
    return {
        "serial": found.serial,
        "model": found.model,
        "category": found.category,
        "vendor": found.vendor,
        **{
            key: data[key]
            for key in (
                "on",
                "warranty_start",
                "covered_until",
                "covered_by",
                "in_warranty",
                "remedy",
                "labour_fee",
                "parts_fee",
                "reasons",
            )
        },
    }


def vendor_case_data(case: VendorCase, *, at: dt.datetime | None = None) -> dict[str, Any]:
    return {
        "id": case.pk,
        "ticket_id": case.ticket_id,
        "ticket_number": case.ticket.number,
        "vendor_id": case.vendor_id,
        "vendor": case.vendor.name,
        "vendor_reference": case.vendor_reference,
        "status": case.status,
        "severity": case.severity,
        "sla_policy": case.sla_policy.name if case.sla_policy_id else None,
        "opened_by_id": case.opened_by_id,
        "opened_at": _local(case.opened_at),
        "confirmed_at": _local(case.confirmed_at),
        "report_by": _local(case.report_by),
        "onsite_by": _local(case.onsite_by),
        "spare_by": _local(case.spare_by),
        "deadline_uncertain": case.deadline_uncertain,
        "reported_late": case.is_reported_late,
        "overdue": vendor_case_is_overdue(case, at),
        "overdue_at": _local(case.overdue_at),
        "acknowledged_at": _local(case.acknowledged_at),
        "vendor_onsite_at": _local(case.vendor_onsite_at),
        "resolved_at": _local(case.resolved_at),
        "closed_at": _local(case.closed_at),
        "rma_number": case.rma_number,
        "part_description": case.part_description,
        "shipped_at": _local(case.shipped_at),
        "received_at": _local(case.received_at),
        "defective_returned_at": _local(case.defective_returned_at),
        "note": case.note,
        "allowed_statuses": sorted(s.value for s in case_policy.TRANSITIONS[case_policy.CaseStatus(case.status)]),
        "version": case.version,
    }


def _change_zh(change: str) -> str:
    """The recorded change (`opened`, or the changed field names) in Chinese: 上报厂商, 状态、RMA编号…"""
    if change == "opened":
        return "上报厂商"
    labels = []
    for name in filter(None, change.split(",")):
        try:
            labels.append(str(VendorCase._meta.get_field(name.strip()).verbose_name))
        except FieldDoesNotExist:
            labels.append(name.strip())
    return "、".join(labels)


def vendor_case_history(case: VendorCase) -> list[dict[str, Any]]:
    """Every saved version of the case, oldest first: who, when, what changed (codes and Chinese), the status then."""
    rows = case.history.select_related("history_user").order_by("history_id")
    return [
        {
            "at": _local(row.history_date),
            "user_id": row.history_user_id,
            "user": (row.history_user.get_full_name() or row.history_user.username) if row.history_user else "",
            "change": row.history_change_reason or "",
            "change_zh": _change_zh(row.history_change_reason or ""),
            "status": row.status,
            "version": row.version,
        }
        for row in rows
    ]
