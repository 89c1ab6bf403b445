"""Reads of the warranty app: an asset's 三包 decision on a day, the public lookup, and vendor cases.

`asset_facts` turns an `assets.Asset` into the engine's `AssetFacts`. Its terms (SPEC §1; 篇1 2.1, 2.2, 3.2;
issue 9 defect 11), of which the engine (`policy/sanbao.py`) takes the longest that covers the date:

* the vendor's default terms from the vendor registry (parts, labour, on-site service; 戴尔 3 years of
  parts and labour and on-site, 华为 1 year of warranty and 3 years on-site),
* the asset's own terms: `warranty_months` (parts and labour) and `project_warranty_months` (工程质保),
* the project warranty of an asset under a service contract when the asset names none: 3 years of
  engineering warranty and 3 years of on-site service (篇1 2.2, 篇6: 质保期三年), `PROJECT_WARRANTY_MONTHS`
  and `PROJECT_ONSITE_MONTHS` (settings `AFTERSALES_PROJECT_WARRANTY_MONTHS`, `AFTERSALES_PROJECT_ONSITE_MONTHS`),
* the 三包 statutory year (整机一年, 篇1 2.1).

And the days of its completed warranty repairs (`WarrantyRepair`). Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet

from aftersales.accounts import access
from aftersales.assets import selectors as assets
from aftersales.assets.models import Asset
from aftersales.core import clock
from aftersales.core.errors import DomainError, invalid, not_found
from aftersales.core.pagination import Page, paginate
from aftersales.tickets import selectors as tickets
from aftersales.tickets.models import Ticket
from aftersales.warranty.choices import OPEN, VendorCaseStatus
from aftersales.warranty.models import VendorCase, WarrantyRepair
from aftersales.warranty.policy import sanbao

VENDOR_TERM = "厂商保修"
ONSITE_TERM = "厂商上门服务"
ASSET_TERM = "设备保修"
PROJECT_TERM = "工程质保"
PROJECT_ONSITE_TERM = "项目上门服务"
SANBAO_TERM = "三包整机保修"
PROJECT_WARRANTY_MONTHS = 36
"""Engineering warranty of a project (contract) asset: 三年免费工程质保 (篇1 2.2; 篇6 质保期为三年)."""
PROJECT_ONSITE_MONTHS = 36
"""On-site service of a project (contract) asset: 三年上门服务 (篇1 2.2)."""
"""Who works with vendor cases: the desk, the expert group, supervisors and admins."""


@dataclass(frozen=True)
class WarrantyView:
    """The engine's decision for an asset on a day, with the day and the warranty's first covered day."""

    asset_id: int
    on: dt.date
    warranty_start: dt.date
    decision: sanbao.WarrantyDecision


# ---------------------------------------------------------------------------------------------- 三包


def _months(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def asset_terms(asset: Asset) -> tuple[sanbao.WarrantyTerm, ...]:
    """Every term that may cover the asset (module docstring); the asset's vendor and contract are read."""
    both, onsite = sanbao.Cover.PARTS | sanbao.Cover.LABOUR, sanbao.Cover.ONSITE
    vendor = asset.vendor
    label = f"{VENDOR_TERM}（{vendor.name}）"
    terms = []
    if vendor.parts_months == vendor.labour_months:
        terms.append(sanbao.WarrantyTerm(label, vendor.parts_months, covers=both))
    else:
        for months, cover, what in (
            (vendor.parts_months, sanbao.Cover.PARTS, "配件"),
            (vendor.labour_months, sanbao.Cover.LABOUR, "人工"),
        ):
            if months:
                terms.append(sanbao.WarrantyTerm(f"{label}{what}", months, covers=cover))
    if vendor.onsite_months:
        terms.append(sanbao.WarrantyTerm(f"{ONSITE_TERM}（{vendor.name}）", vendor.onsite_months, covers=onsite))
    if asset.warranty_months:
        terms.append(sanbao.WarrantyTerm(ASSET_TERM, asset.warranty_months, covers=both))
    if asset.project_warranty_months:
        terms.append(sanbao.WarrantyTerm(PROJECT_TERM, asset.project_warranty_months, covers=both))
    elif asset.contract_id is not None:
        terms.append(
            sanbao.WarrantyTerm(
                PROJECT_TERM, _months("AFTERSALES_PROJECT_WARRANTY_MONTHS", PROJECT_WARRANTY_MONTHS), covers=both
            )
        )
    if asset.contract_id is not None:
        terms.append(
            sanbao.WarrantyTerm(
                PROJECT_ONSITE_TERM, _months("AFTERSALES_PROJECT_ONSITE_MONTHS", PROJECT_ONSITE_MONTHS), covers=onsite
            )
        )
    terms.append(sanbao.WarrantyTerm(SANBAO_TERM, sanbao.DEFAULT_TERM_MONTHS, covers=both))
    return tuple(terms)


def asset_facts(asset: Asset, *, exclude_ticket_id: int | None = None) -> sanbao.AssetFacts:
    """What the engine needs about `asset`; the repair of `exclude_ticket_id` (the request asked about) is left out."""
    repairs = WarrantyRepair.objects.filter(asset_id=asset.pk)
    if exclude_ticket_id is not None:
        repairs = repairs.exclude(ticket_id=exclude_ticket_id)
    return sanbao.AssetFacts(
        purchased_on=asset.purchased_on,
        accepted_on=asset.accepted_on,
        terms=asset_terms(asset),
        completed_warranty_repairs=tuple(sorted(repairs.values_list("completed_on", flat=True))),
    )


def warranty_decide(
    asset: Asset, on: dt.date, *, exclude_ticket_id: int | None = None, is_upgrade: bool = False
) -> sanbao.WarrantyDecision:
    """The 三包 remedy and charges for a fault of `asset` reported on `on` (400 when `on` precedes purchase)."""
    return warranty_view(asset, on, exclude_ticket_id=exclude_ticket_id, is_upgrade=is_upgrade).decision


def warranty_view(
    asset: Asset, on: dt.date, *, exclude_ticket_id: int | None = None, is_upgrade: bool = False
) -> WarrantyView:
    facts = asset_facts(asset, exclude_ticket_id=exclude_ticket_id)
    if on < facts.purchased_on:
        raise invalid(
            "before_purchase",
            "日期 {on} 早于购买日期 {purchased_on}",
            "The date {on} is before the purchase date {purchased_on}",
            on=on.isoformat(),
            purchased_on=facts.purchased_on.isoformat(),
        )
    decision = sanbao.sanbao_remedy(facts, on, is_upgrade=is_upgrade)
    return WarrantyView(asset_id=asset.pk, on=on, warranty_start=sanbao.warranty_start(facts), decision=decision)


def asset_warranty(user, asset_id: int, on: dt.date | None = None) -> WarrantyView:
    """The decision for an asset the user may see (404 otherwise) on `on` (today in China by default)."""
    asset = assets.asset_get(user, asset_id)
    return warranty_view(asset, on or clock.today())


def ticket_warranty(user, ticket_id: int) -> WarrantyView:
    """The decision for the request's asset on the day it was reported (404 without an asset).

    The request's own completed repair is left out: a request resolved as a repair does not turn into a
    replacement afterwards because of itself.
    """
    ticket = tickets.ticket_get(user, ticket_id)
    if ticket.asset is None:
        raise not_found("请求关联的设备", "Asset of the request")
    return warranty_view(ticket.asset, clock.local(ticket.reported_at).date(), exclude_ticket_id=ticket.pk)


@dataclass(frozen=True)
class TicketRemedy:
    """What the request page shows: the decision, or why there is none."""

    view: WarrantyView | None
    error: DomainError | None = None


def ticket_remedy(ticket: Ticket) -> TicketRemedy | None:
    """The remedy block of a request page the user already may see; None when the request has no asset."""
    if ticket.asset_id is None:
        return None
    try:
        view = warranty_view(ticket.asset, clock.local(ticket.reported_at).date(), exclude_ticket_id=ticket.pk)
    except DomainError as exc:
        return TicketRemedy(view=None, error=exc)
    return TicketRemedy(view=view)


@dataclass(frozen=True)
class PublicWarranty:
    """The public lookup's answer: product and warranty only, never the customer."""

    serial: str
    model: str
    category: str
    vendor: str
    view: WarrantyView


def _ambiguous(vendors: list[str]) -> DomainError:
    return DomainError(
        "vendor_required",
        "多个厂商的设备使用此序列号，请选择厂商：{vendors}",
        "Several vendors use this serial number; choose the vendor: {vendors}",
        {"vendors": "、".join(vendors)},
        409,
    )


def public_warranty(*, serial: str, vendor: str = "") -> PublicWarranty:
    """Look an asset up by its exact serial number (case-insensitive, trimmed) and, if given, its vendor name.

    404 for an unknown serial; 409 naming the vendors when several share it and none was chosen.
    """
    serial, vendor = serial.strip(), vendor.strip()
    if not serial:
        raise invalid("serial_required", "请输入序列号", "Enter the serial number")
    qs = Asset.objects.select_related("vendor").filter(serial__iexact=serial)
    if vendor:
        # Any name of the vendor in the registry: "Dell", "DELL" and "戴尔" find the same assets.
        vendor_row = assets.vendor_resolve(vendor)
        if vendor_row is None:
            raise not_found("序列号对应的设备", "Device with this serial number")
        qs = qs.filter(vendor=vendor_row)
    rows = list(qs.order_by("id")[:20])
    if not rows:
        raise not_found("序列号对应的设备", "Device with this serial number")
    if len({a.vendor_id for a in rows}) > 1:
        raise _ambiguous(sorted({a.vendor.name for a in rows}))
    # One vendor may have registered the serial in two spellings ("ab12" and "AB12"): prefer the exact one.
    asset = next((a for a in rows if a.serial == serial), rows[0])
    view = warranty_view(asset, max(clock.today(), asset.purchased_on))
    return PublicWarranty(
        serial=asset.serial, model=asset.model, category=asset.category, vendor=asset.vendor.name, view=view
    )


# -------------------------------------------------------------------------------------------- vendor cases


@dataclass(frozen=True)
class VendorCaseFilter:
    status: str | None = None
    overdue: bool | None = None
    ticket_id: int | None = None
    vendor_id: int | None = None


def check_vendor_case_access(user) -> None:
    """Customers and partners never learn that vendor cases exist (404); other staff without the role get 403."""
    access.require(user, "warranty.vendor_cases", unseen=not_found("厂商工单", "Vendor case"))


def vendor_case_visible(user) -> QuerySet[VendorCase]:
    check_vendor_case_access(user)
    return VendorCase.objects.select_related("ticket", "vendor", "opened_by", "sla_policy")


def vendor_case_get(user, case_id: int) -> VendorCase:
    case = vendor_case_visible(user).filter(pk=case_id).first()
    if case is None:
        raise not_found("厂商工单", "Vendor case")
    return case


def vendor_case_list(
    user, filters: VendorCaseFilter, *, cursor: str | None = None, limit: int = 50, at: dt.datetime | None = None
) -> Page:
    """Vendor cases, newest first; `overdue` keeps the open ones past a deadline (or, False, the others)."""
    at = at or clock.now()
    qs = vendor_case_visible(user)
    if filters.status == "open":
        qs = qs.filter(status__in=OPEN)
    elif filters.status:
        if filters.status not in VendorCaseStatus.values:
            raise invalid("invalid_status", "未知状态：{status}", "Unknown status: {status}", status=filters.status)
        qs = qs.filter(status=filters.status)
    if filters.overdue is True:
        qs = qs.filter(overdue_at__lte=at)
    elif filters.overdue is False:
        qs = qs.exclude(overdue_at__lte=at)
    if filters.ticket_id is not None:
        qs = qs.filter(ticket_id=filters.ticket_id)
    if filters.vendor_id is not None:
        qs = qs.filter(vendor_id=filters.vendor_id)
    return paginate(qs, ordering=["-id"], cursor=cursor, limit=limit)


def ticket_vendor_cases(user, ticket: Ticket) -> list[VendorCase] | None:
    """The request's vendor cases for the request page; None when the user does not work with vendor cases."""
    try:
        qs = vendor_case_visible(user)
    except DomainError:
        return None
    return list(qs.filter(ticket_id=ticket.pk).order_by("id"))


def vendor_case_is_overdue(case: VendorCase, at: dt.datetime | None = None) -> bool:
    return case.overdue_at is not None and case.overdue_at <= (at or clock.now())
