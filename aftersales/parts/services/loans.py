"""Loaner devices (备机, 篇1 2.6): the pool, lending against a service request of equal or higher grade, returns."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from aftersales.accounts.models import User
from aftersales.assets.models import Vendor
from aftersales.core import clock
from aftersales.core.errors import conflict, invalid, not_found, unknown_reference
from aftersales.parts.choices import LoanerStatus
from aftersales.parts.models import Loan, Loaner
from aftersales.parts.policy import loaners
from aftersales.parts.services._common import _location, ensure_can_keep_store, ensure_can_lend
from aftersales.tickets.choices import OPEN
from aftersales.tickets.models import Ticket


@transaction.atomic
def loaner_create(
    *,
    actor: User,
    serial: str,
    model: str,
    grade: int,
    vendor_id: int | None = None,
    category: str = "",
    location_id: int | None = None,
    notes: str = "",
) -> Loaner:
    """Add a loaner device (备机) to the pool, available for lending."""
    ensure_can_keep_store(actor)
    serial, model = serial.strip(), model.strip()
    if not serial:
        raise invalid("loaner_serial_required", "序列号不能为空", "The serial number is required")
    if not model:
        raise invalid("loaner_model_required", "型号不能为空", "The model is required")
    if not loaners.MIN_GRADE <= grade <= loaners.MAX_GRADE:
        raise invalid(
            "loaner_grade_invalid",
            "等级必须在 {low} 到 {high} 之间",
            "The grade must be {low} to {high}",
            low=loaners.MIN_GRADE,
            high=loaners.MAX_GRADE,
        )
    if vendor_id is not None and not Vendor.objects.filter(pk=vendor_id).exists():
        raise unknown_reference("厂商", "Vendor")
    location = _location(location_id) if location_id is not None else None
    if Loaner.objects.filter(serial=serial).exists():
        raise conflict(
            "loaner_serial_taken", "序列号 {serial} 的备机已存在", "A loaner with serial {serial} exists", serial=serial
        )
    return Loaner.objects.create(
        serial=serial,
        model=model,
        grade=grade,
        vendor_id=vendor_id,
        category=category.strip()[:32],
        location=location,
        notes=notes,
    )


def _loaner_for_update(loaner_id: int) -> Loaner:
    loaner = Loaner.objects.select_for_update().filter(pk=loaner_id).first()
    if loaner is None:
        raise unknown_reference("备机", "Loaner")
    return loaner


@transaction.atomic
def loaner_set_status(*, actor: User, loaner_id: int, status: str, note: str = "") -> Loaner:
    """Send a loaner to repair, retire it, or make it available again; lending and returns go through loans."""
    ensure_can_keep_store(actor)
    if status not in (LoanerStatus.AVAILABLE, LoanerStatus.REPAIR, LoanerStatus.RETIRED):
        raise invalid("loaner_status_invalid", "只能设为可借、维修中或已报废", "Only available, repair or retired")
    loaner = _loaner_for_update(loaner_id)
    if loaner.status == LoanerStatus.LENT:
        raise conflict(
            "loaner_is_lent",
            "备机 {serial} 已借出，请先办理归还",
            "Loaner {serial} is lent; return it first",
            serial=loaner.serial,
        )
    loaner.status = status
    if note:
        loaner.notes = f"{loaner.notes}\n{note}".strip()
    loaner.version += 1
    loaner.save(update_fields=["status", "notes", "version", "updated_at"])
    return loaner


def _required_grade(ticket: Ticket, required_grade: int | None) -> int:
    if required_grade is not None:
        if not loaners.MIN_GRADE <= required_grade <= loaners.MAX_GRADE:
            raise invalid(
                "loaner_grade_invalid",
                "等级必须在 {low} 到 {high} 之间",
                "The grade must be {low} to {high}",
                low=loaners.MIN_GRADE,
                high=loaners.MAX_GRADE,
            )
        return required_grade
    if ticket.asset_id is None:
        raise invalid(
            "loan_grade_required",
            "该服务请求没有关联设备，请指定备机所需等级",
            "The request has no device; give the grade the loaner needs",
        )
    return loaners.required_grade_for(ticket.asset.category)


@transaction.atomic
def loan_create(
    *,
    actor: User,
    loaner_id: int,
    ticket_id: int,
    due_back_on: dt.date,
    required_grade: int | None = None,
    condition_out: str = "",
) -> Loan:
    """Lend a loaner (借出备机) to the customer of a service request until its repair is done (篇1 2.6).

    The loaner must be available and of equal or higher grade than the customer's device: the grade given,
    or the one its category needs. The loaner row is locked, so one loaner is never lent twice.
    """
    ensure_can_lend(actor)
    # The request first (lock order: request → loaner), see parts.services._common._ticket.
    ticket = (
        Ticket.objects.select_for_update(no_key=True, of=("self",)).select_related("asset").filter(pk=ticket_id).first()
    )
    if ticket is None:
        raise unknown_reference("服务请求", "Ticket")
    if ticket.status not in OPEN:
        raise conflict(
            "loan_ticket_not_open",
            "服务请求 {number} 已解决、关闭或取消，不再借出备机",
            "Request {number} is resolved, closed or cancelled; no loaner is lent for it",
            number=ticket.number,
        )
    grade_needed = _required_grade(ticket, required_grade)
    if due_back_on < clock.today():
        raise invalid("loan_due_in_past", "应还日期不能早于今天", "The due-back date cannot be before today")
    loaner = _loaner_for_update(loaner_id)
    if loaner.status != LoanerStatus.AVAILABLE:
        raise conflict(
            "loaner_not_available",
            "备机 {serial} 当前{status}，不能借出",
            "Loaner {serial} is {status_en} and cannot be lent",
            serial=loaner.serial,
            status=loaner.get_status_display(),
            status_en=loaner.status,
        )
    if not loaners.grade_is_sufficient(loaner_grade=loaner.grade, required_grade=grade_needed):
        raise invalid(
            "loaner_grade_too_low",
            "备机 {serial} 等级为 {grade}，低于客户设备所需的 {required} 级，请选择同档次或更高档次的备机",
            "Loaner {serial} is grade {grade}, below the grade {required} the customer's device needs; "
            "choose one of equal or higher grade",
            serial=loaner.serial,
            grade=loaner.grade,
            required=grade_needed,
        )
    loan = Loan.objects.create(
        loaner=loaner,
        ticket=ticket,
        customer_id=ticket.customer_id,
        required_grade=grade_needed,
        lent_by=actor,
        lent_at=clock.now(),
        due_back_on=due_back_on,
        condition_out=condition_out[:500],
    )
    loaner.status = LoanerStatus.LENT
    loaner.version += 1
    loaner.save(update_fields=["status", "version", "updated_at"])
    return loan


@transaction.atomic
def loan_return(*, actor: User, loan_id: int, condition_back: str = "", needs_repair: bool = False) -> Loan:
    """Take a loaner back (归还备机): the loan is closed and the loaner is available again (or goes to repair)."""
    ensure_can_lend(actor)
    loaner_id = Loan.objects.filter(pk=loan_id).values_list("loaner_id", flat=True).first()
    if loaner_id is None:
        raise not_found("备机借用", "Loan")
    loaner = _loaner_for_update(loaner_id)
    loan = Loan.objects.select_for_update().get(pk=loan_id)
    if loan.returned_at is not None:
        raise conflict(
            "loan_already_returned",
            "该备机已于 {at} 归还",
            "This loaner was returned on {at}",
            at=f"{clock.local(loan.returned_at):%Y-%m-%d %H:%M}",
        )
    loan.returned_at = clock.now()
    loan.returned_by = actor
    loan.condition_back = condition_back[:500]
    loan.version += 1
    loan.save(update_fields=["returned_at", "returned_by", "condition_back", "version", "updated_at"])
    loaner.status = LoanerStatus.REPAIR if needs_repair else LoanerStatus.AVAILABLE
    loaner.version += 1
    loaner.save(update_fields=["status", "version", "updated_at"])
    return loan
