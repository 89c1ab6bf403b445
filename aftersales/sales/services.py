"""Writes of the sale-to-service area (SPEC §7; 篇5, 篇6).

Opportunities move through the five stages only in `opportunity_advance` (gates: `policy.gates`), which at
销售成交 registers the contract (customers.Contract, with its SLA policy; the warranty term goes to the devices);
`opportunity_lose` ends one. The installation project of a won contract counts its delivery with the customer,
schedules site tasks with 7 days' notice (篇6 (三) 2), records device tests, and `acceptance_sign` records the
acceptance certificate signed by both sides: it creates or updates the installed assets with `accepted_on`
(their warranty starts the next day: warranty engine), starts the monthly inspection plan after acceptance
(plans.service_plan_create + plans_generate) and schedules the trainings (after acceptance, May, October).

Every service asks the access table as its second line; every write is one transaction.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.files.base import File
from django.db import transaction

from aftersales.accounts import access
from aftersales.accounts.choices import Role
from aftersales.accounts.models import User
from aftersales.assets import services as assets
from aftersales.assets.models import Asset
from aftersales.assets.selectors import vendor_resolve
from aftersales.core import clock
from aftersales.core.errors import DomainError, conflict, invalid, not_found, stale_version, unknown_reference
from aftersales.customers import services as customers
from aftersales.customers.models import Contact, Contract, Customer
from aftersales.dispatch.services import display_name, signature_from_data_url
from aftersales.notifications import services as notifications
from aftersales.plans import services as plans
from aftersales.plans.choices import PlanRuleKind, WorkItemKind
from aftersales.sales.choices import (
    BuyingRole,
    CheckResult,
    InstallationStatus,
    LineKind,
    ProposalStatus,
    Stage,
    Status,
    TaskKind,
    TrainingKind,
    TrainingStatus,
)
from aftersales.sales.models import (
    Acceptance,
    BuyingCentreMember,
    DeliveryLine,
    Installation,
    Opportunity,
    OpportunityEvent,
    Proposal,
    ProposalVersion,
    SiteTask,
    TestRecord,
    Training,
    TrainingAttendee,
)
from aftersales.sales.policy import gates, schedule
from aftersales.sla.models import SlaPolicy

SELLER_ROLES = (Role.SALESPERSON, Role.SALES_MANAGER, Role.ADMIN)
ENGINEER_ROLES = (Role.ENGINEER, Role.SUPERVISOR, Role.ADMIN)


class GateError(DomainError):
    """409: the stage (or the step) needs what is listed in `missing` (code, zh, en of each item)."""

    def __init__(self, code: str, zh: str, en: str, missing: Sequence[gates.GateItem]) -> None:
        self.missing = tuple(missing)
        items_zh = "；".join(i.zh for i in self.missing)
        items_en = "; ".join(i.en for i in self.missing)
        super().__init__(
            code, zh + "：{items_zh}", en + ": {items_en}", {"items_zh": items_zh, "items_en": items_en}, 409
        )

    def as_json(self) -> dict[str, Any]:
        return {**super().as_json(), "missing": [{"code": i.code, "zh": i.zh, "en": i.en} for i in self.missing]}


# ------------------------------------------------------------------------------------------- opportunities

OPPORTUNITY_FIELDS = frozenset(
    {
        "name",
        "amount",
        "expected_close_on",
        "competitors",
        "need",
        "benefit_analysis",
        "difference_assessment",
        "agreed_amount",
        "terms",
        "next_step",
        "next_step_on",
        "warranty_months",
    }
)


def _clean_competitors(values: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for value in values:
        name = " ".join(str(value).split())[:64]
        if name and name not in seen:
            seen.append(name)
    return seen[:20]


def _check_opportunity_fields(fields: dict[str, Any]) -> None:
    if "name" in fields and not str(fields["name"]).strip():
        raise invalid("name_required", "项目名称不能为空", "The project name is required")
    for key in ("amount", "agreed_amount"):
        value = fields.get(key)
        if value is not None and Decimal(value) < 0:
            raise invalid("negative_amount", "金额不能为负数", "An amount cannot be negative")
    months = fields.get("warranty_months")
    if months is not None and not 1 <= int(months) <= 240:
        raise invalid("invalid_warranty_months", "质保月数必须在 1–240 之间", "Warranty months must be 1–240")


def _event(opportunity: Opportunity, *, action: str, actor: Any, from_stage: str, note: str = "") -> None:
    OpportunityEvent.objects.create(
        opportunity=opportunity,
        action=action,
        from_stage=from_stage,
        to_stage=opportunity.stage,
        actor=actor if getattr(actor, "pk", None) else None,
        at=clock.now(),
        note=note,
    )


@transaction.atomic
def opportunity_create(
    *,
    actor: Any,
    customer_id: int,
    name: str,
    amount: Decimal | int | str = 0,
    expected_close_on: dt.date | None = None,
    competitors: Iterable[str] = (),
    need: str = "",
    next_step: str = "",
    next_step_on: dt.date | None = None,
    owner_id: int | None = None,
    warranty_months: int = 36,
) -> Opportunity:
    """Open an opportunity (确认商机) at a customer; a salesperson owns what they open, a manager may name the owner."""
    access.require(actor, "sales.create")
    if not Customer.objects.filter(pk=customer_id).exists():
        raise unknown_reference("客户", "Customer")
    fields = {"name": name, "amount": amount, "warranty_months": warranty_months}
    _check_opportunity_fields(fields)
    owner = actor
    if owner_id is not None and owner_id != getattr(actor, "pk", None):
        if access.scope_of(actor, "sales.write") != access.ANY:
            raise invalid("owner_not_allowed", "只能为自己创建商机", "You can only open opportunities for yourself")
        owner = User.objects.filter(pk=owner_id, is_active=True, role__in=SELLER_ROLES).first()
        if owner is None:
            raise unknown_reference("销售人员", "Salesperson")
    opportunity = Opportunity.objects.create(
        number=uuid.uuid4().hex[:20],
        customer_id=customer_id,
        name=name.strip()[:128],
        owner=owner,
        amount=Decimal(amount),
        expected_close_on=expected_close_on,
        competitors=_clean_competitors(competitors),
        need=need.strip(),
        next_step=next_step.strip()[:200],
        next_step_on=next_step_on,
        warranty_months=warranty_months,
    )
    opportunity.number = f"SJ{clock.today():%Y}{opportunity.pk:05d}"
    opportunity.save(update_fields=["number"])
    _event(opportunity, action="create", actor=actor, from_stage="")
    return opportunity


def _locked(opportunity_id: int) -> Opportunity:
    opportunity = Opportunity.objects.select_for_update(of=("self",)).filter(pk=opportunity_id).first()
    if opportunity is None:
        raise not_found("商机", "Opportunity")
    return opportunity


@transaction.atomic
def opportunity_update(
    *, actor: Any, opportunity_id: int, expected_version: int | None = None, **fields: Any
) -> Opportunity:
    """Change what is known of an open opportunity (need, analyses, terms, next step, value…)."""
    access.require(actor, "sales.write", opportunity_id=opportunity_id)
    unknown = set(fields) - OPPORTUNITY_FIELDS
    if unknown:
        raise invalid("unknown_fields", "无法修改：{names}", "Cannot change: {names}", names=", ".join(sorted(unknown)))
    opportunity = _locked(opportunity_id)
    if expected_version is not None and opportunity.version != expected_version:
        raise stale_version(expected_version, opportunity.version)
    if opportunity.status != Status.OPEN:
        raise conflict("opportunity_closed", "商机已结束，不能修改", "The opportunity is closed and cannot change")
    _check_opportunity_fields(fields)
    for key, value in fields.items():
        if key == "competitors":
            value = _clean_competitors(value or ())
        elif isinstance(value, str):
            value = value.strip()
        setattr(opportunity, key, value)
    opportunity.version += 1
    opportunity.save()
    return opportunity


def _facts(
    opportunity: Opportunity,
    *,
    contract_number: str = "",
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    reason: str = "",
) -> gates.OpportunityFacts:
    return gates.OpportunityFacts(
        stage=gates.Stage(opportunity.stage),
        is_open=opportunity.status == Status.OPEN,
        has_need=bool(opportunity.need.strip()),
        # .all(): the prefetched rows when a list prefetched them (no query per opportunity), else one query
        has_decision_maker=any(m.role == BuyingRole.DECISION_MAKER for m in opportunity.buying_centre.all()),
        has_benefit_analysis=bool(opportunity.benefit_analysis.strip()),
        has_difference_assessment=bool(opportunity.difference_assessment.strip()),
        has_approved_proposal=any(p.status == ProposalStatus.APPROVED for p in opportunity.proposals.all()),
        has_agreed_terms=opportunity.agreed_amount is not None and bool(opportunity.terms.strip()),
        has_contract_number=bool(contract_number.strip()),
        has_contract_term=starts_on is not None and ends_on is not None,
        has_won_reason=bool(reason.strip()),
    )


def opportunity_gates(opportunity: Opportunity) -> dict[str, tuple[gates.GateItem, ...]]:
    """What each stage still needs (for the page's checklist); 销售成交 without the contract's own fields."""
    facts = _facts(opportunity, contract_number="-", starts_on=dt.date.min, ends_on=dt.date.min, reason="-")
    return {stage.value: gates.gate(facts, stage) for stage in gates.ORDER}


@transaction.atomic
def opportunity_advance(
    *,
    actor: Any,
    opportunity_id: int,
    to: str,
    note: str = "",
    contract_number: str = "",
    contract_name: str = "",
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    sla_policy_id: int | None = None,
    reason: str = "",
) -> Opportunity:
    """Move the opportunity to stage `to` (篇5 §3): forward through the gates of every stage it enters (409 with
    the missing items), back without any. Reaching 销售成交 wins it: the contract is registered with its number,
    term and SLA policy (customers.contract_create), and the reason is kept."""
    access.require(actor, "sales.write", opportunity_id=opportunity_id)
    if to not in Stage.values:
        raise invalid("invalid_stage", "阶段无效：{to}", "Unknown stage: {to}", to=to)
    opportunity = _locked(opportunity_id)
    target = gates.Stage(to)
    facts = _facts(opportunity, contract_number=contract_number, starts_on=starts_on, ends_on=ends_on, reason=reason)
    move = gates.stage_move(facts, target)
    if move.outcome is gates.MoveOutcome.CLOSED:
        raise conflict("opportunity_closed", "商机已结束（赢单或丢单）", "The opportunity is already won or lost")
    if move.outcome is gates.MoveOutcome.SAME:
        raise conflict("same_stage", "商机已处于该阶段", "The opportunity is already at this stage")
    if move.outcome is gates.MoveOutcome.REFUSED:
        raise GateError("stage_gate", "进入该阶段前还需要", "Before this stage the opportunity needs", move.missing)
    from_stage = opportunity.stage
    opportunity.stage = target.value
    if target is gates.Stage.CLOSE:
        if sla_policy_id is not None and not SlaPolicy.objects.filter(pk=sla_policy_id).exists():
            raise unknown_reference("服务级别", "SLA policy")
        contract = customers.contract_create(
            actor=actor,
            customer_id=opportunity.customer_id,
            number=contract_number,
            name=contract_name or opportunity.name,
            starts_on=starts_on,
            ends_on=ends_on,
            sla_policy_id=sla_policy_id,
        )
        opportunity.contract = contract
        opportunity.status = Status.WON
        opportunity.outcome_reason = reason.strip()
        opportunity.closed_on = clock.today()
    opportunity.version += 1
    opportunity.save()
    _event(
        opportunity,
        action="won" if target is gates.Stage.CLOSE else "advance",
        actor=actor,
        from_stage=from_stage,
        note=(reason if target is gates.Stage.CLOSE else note).strip(),
    )
    return opportunity


@transaction.atomic
def opportunity_lose(*, actor: Any, opportunity_id: int, reason: str, competitor: str = "") -> Opportunity:
    """Record a lost deal with its reason (and to whom, when known)."""
    access.require(actor, "sales.write", opportunity_id=opportunity_id)
    if not reason.strip():
        raise invalid("reason_required", "请填写丢单原因", "The reason is required")
    opportunity = _locked(opportunity_id)
    if opportunity.status != Status.OPEN:
        raise conflict("opportunity_closed", "商机已结束（赢单或丢单）", "The opportunity is already won or lost")
    opportunity.status = Status.LOST
    opportunity.outcome_reason = reason.strip() + (f"（{competitor.strip()}）" if competitor.strip() else "")
    opportunity.closed_on = clock.today()
    opportunity.version += 1
    opportunity.save()
    _event(opportunity, action="lost", actor=actor, from_stage=opportunity.stage, note=opportunity.outcome_reason)
    return opportunity


@transaction.atomic
def buying_member_add(
    *,
    actor: Any,
    opportunity_id: int,
    role: str,
    contact_id: int | None = None,
    contact_name: str = "",
    contact_phone: str = "",
    contact_title: str = "",
    note: str = "",
) -> BuyingCentreMember:
    """Name a person of the buying centre (决策人, 技术评估人, 使用者, 采购经理): one of the customer's contacts, or a
    new contact added to the customer's archive."""
    access.require(actor, "sales.write", opportunity_id=opportunity_id)
    if role not in BuyingRole.values:
        raise invalid(
            "invalid_buying_role", "采购中心角色无效：{role}", "Unknown buying-centre role: {role}", role=role
        )
    opportunity = _locked(opportunity_id)
    if contact_id is not None:
        contact = Contact.objects.filter(pk=contact_id, customer_id=opportunity.customer_id).first()
        if contact is None:
            raise unknown_reference("联系人", "Contact")
    elif contact_name.strip():
        contact = customers.contact_create(
            actor=actor,
            customer_id=opportunity.customer_id,
            name=contact_name,
            phone=contact_phone,
            title=contact_title,
        )
    else:
        raise invalid("contact_required", "请选择或填写联系人", "Choose or enter a contact")
    member, _created = BuyingCentreMember.objects.get_or_create(
        opportunity=opportunity, role=role, contact=contact, defaults={"note": note.strip()[:200]}
    )
    return member


# ----------------------------------------------------------------------------------------------- proposals


def _locked_proposal(proposal_id: int) -> Proposal:
    proposal = (
        Proposal.objects.select_for_update(of=("self",)).select_related("opportunity").filter(pk=proposal_id).first()
    )
    if proposal is None:
        raise not_found("方案书", "Proposal")
    if proposal.opportunity.status != Status.OPEN:
        raise conflict("opportunity_closed", "商机已结束（赢单或丢单）", "The opportunity is already won or lost")
    return proposal


def _version(proposal: Proposal, *, actor: Any, body: str, file: File | None, note: str) -> ProposalVersion:
    if not body.strip() and file is None:
        raise invalid("proposal_empty", "请填写方案内容或上传文件", "Write the proposal or upload its document")
    number = (proposal.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = ProposalVersion(
        proposal=proposal,
        number=number,
        body=body.strip(),
        note=note.strip()[:200],
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    if file is not None:
        version.file.save(getattr(file, "name", "proposal") or "proposal", file, save=False)
    version.save()
    return version


@transaction.atomic
def proposal_create(
    *, actor: Any, opportunity_id: int, title: str, body: str = "", file: File | None = None, note: str = ""
) -> Proposal:
    """Start a proposal (方案书) of the opportunity with its first version."""
    access.require(actor, "sales.write", opportunity_id=opportunity_id)
    if not title.strip():
        raise invalid("title_required", "方案名称不能为空", "The proposal title is required")
    opportunity = _locked(opportunity_id)
    if opportunity.status != Status.OPEN:
        raise conflict("opportunity_closed", "商机已结束（赢单或丢单）", "The opportunity is already won or lost")
    proposal = Proposal.objects.create(opportunity=opportunity, title=title.strip()[:128])
    _version(proposal, actor=actor, body=body, file=file, note=note or "初稿")
    return proposal


@transaction.atomic
def proposal_version_add(
    *, actor: Any, proposal_id: int, body: str = "", file: File | None = None, note: str = ""
) -> ProposalVersion:
    """A new version of the proposal (after the customer's remarks): it is a draft again until sent and approved."""
    access.require(actor, "sales.write", proposal_id=proposal_id)
    proposal = _locked_proposal(proposal_id)
    version = _version(proposal, actor=actor, body=body, file=file, note=note)
    proposal.status = ProposalStatus.DRAFT
    proposal.sent_at = None
    proposal.reviewed_on = None
    proposal.reviewed_by = ""
    proposal.version += 1
    proposal.save()
    return version


@transaction.atomic
def proposal_send(*, actor: Any, proposal_id: int) -> Proposal:
    """Send the latest version to the customer for review; the benefit analysis and the difference assessment
    must be written first (篇5 3.3)."""
    access.require(actor, "sales.write", proposal_id=proposal_id)
    proposal = _locked_proposal(proposal_id)
    if proposal.status == ProposalStatus.SENT:
        raise conflict("proposal_already_sent", "方案已提交客户", "The proposal is already with the customer")
    if proposal.status == ProposalStatus.APPROVED:
        raise conflict("proposal_approved", "方案已经客户审核通过", "The proposal is already approved")
    missing = gates.proposal_send_missing(_facts(proposal.opportunity), has_version=proposal.versions.exists())
    if missing:
        raise GateError("proposal_gate", "提交方案前还需要", "Before the proposal goes out it needs", missing)
    proposal.status = ProposalStatus.SENT
    proposal.sent_at = clock.now()
    proposal.version += 1
    proposal.save()
    return proposal


@transaction.atomic
def proposal_review(
    *,
    actor: Any,
    proposal_id: int,
    approved: bool,
    reviewed_by: str,
    reviewed_on: dt.date | None = None,
    note: str = "",
) -> Proposal:
    """Record the customer's review of the sent proposal: approved (达成共识), or sent back for changes."""
    access.require(actor, "sales.write", proposal_id=proposal_id)
    proposal = _locked_proposal(proposal_id)
    if proposal.status != ProposalStatus.SENT:
        raise conflict(
            "proposal_not_sent", "方案尚未提交客户，不能记录审核", "The proposal has not been sent to the customer"
        )
    if not reviewed_by.strip():
        raise invalid("reviewer_required", "请填写客户审核人", "The customer's reviewer is required")
    reviewed_on = reviewed_on or clock.today()
    if reviewed_on > clock.today():
        raise invalid("review_in_future", "审核日期不能晚于今天", "The review date cannot be in the future")
    proposal.status = ProposalStatus.APPROVED if approved else ProposalStatus.REJECTED
    proposal.reviewed_by = reviewed_by.strip()[:64]
    proposal.reviewed_on = reviewed_on
    proposal.review_note = note.strip()
    proposal.version += 1
    proposal.save()
    return proposal


# ------------------------------------------------------------------------------------------- installations


def _locked_installation(installation_id: int, *, open_only: bool = True) -> Installation:
    installation = (
        Installation.objects.select_for_update(of=("self",))
        .select_related("contract", "customer")
        .filter(pk=installation_id)
        .first()
    )
    if installation is None:
        raise not_found("安装项目", "Installation project")
    if open_only and installation.status == InstallationStatus.ACCEPTED:
        raise conflict("installation_accepted", "项目已验收，不能再修改", "The project is accepted and cannot change")
    return installation


def _engineer(user_id: int | None) -> User | None:
    if user_id is None:
        return None
    engineer = User.objects.filter(pk=user_id, is_active=True, role__in=ENGINEER_ROLES).first()
    if engineer is None:
        raise unknown_reference("工程师", "Engineer")
    return engineer


@transaction.atomic
def installation_create(
    *,
    actor: Any,
    contract_id: int,
    site: str = "",
    engineer_id: int | None = None,
    warranty_months: int | None = None,
) -> Installation:
    """Open the installation project (安装项目) of a contract; the won opportunity's warranty term is its default."""
    access.require(actor, "installations.plan", contract_id=contract_id)
    contract = Contract.objects.select_related("customer").filter(pk=contract_id).first()
    if contract is None:
        raise unknown_reference("合同", "Contract")
    if Installation.objects.filter(contract=contract).exists():
        raise conflict("installation_exists", "该合同已有安装项目", "This contract already has an installation project")
    opportunity = contract.opportunities.order_by("id").first()
    months = warranty_months or (opportunity.warranty_months if opportunity else 36)
    if not 1 <= months <= 240:
        raise invalid("invalid_warranty_months", "质保月数必须在 1–240 之间", "Warranty months must be 1–240")
    installation = Installation.objects.create(
        number=uuid.uuid4().hex[:20],
        contract=contract,
        opportunity=opportunity,
        customer=contract.customer,
        site=(site.strip() or contract.customer.address)[:200],
        warranty_months=months,
        engineer=_engineer(engineer_id),
    )
    installation.number = f"AZ{clock.today():%Y}{installation.pk:05d}"
    installation.save(update_fields=["number"])
    return installation


@transaction.atomic
def delivery_line_add(
    *,
    actor: Any,
    installation_id: int,
    description: str,
    kind: str = LineKind.DEVICE,
    vendor: str = "",
    model: str = "",
    serial: str = "",
    category: str = "",
    quantity: int = 1,
) -> DeliveryLine:
    """Add a line to the delivery checklist (交货清单): a device (with vendor, model and serial), an accessory or the
    technical documents (说明书、维修保养手册、图纸, 篇6 (三) 1)."""
    access.require(actor, "installations.plan", installation_id=installation_id)
    installation = _locked_installation(installation_id)
    if kind not in LineKind.values:
        raise invalid("invalid_line_kind", "清单类型无效：{kind}", "Unknown line kind: {kind}", kind=kind)
    if quantity < 1:
        raise invalid("invalid_quantity", "数量必须大于0", "Quantity must be at least 1")
    if not description.strip():
        raise invalid("description_required", "名称不能为空", "The description is required")
    if kind == LineKind.DEVICE:
        if not (vendor.strip() and model.strip() and serial.strip()):
            raise invalid(
                "device_identity_required",
                "设备需填写厂商、型号和序列号",
                "A device needs its vendor, model and serial number",
            )
        if installation.lines.filter(kind=LineKind.DEVICE, vendor=vendor.strip(), serial=serial.strip()).exists():
            raise invalid(
                "duplicate_serial", "序列号 {serial} 已在清单中", "Serial {serial} is already listed", serial=serial
            )
    return DeliveryLine.objects.create(
        installation=installation,
        kind=kind,
        description=description.strip()[:128],
        vendor=vendor.strip()[:64],
        model=model.strip()[:64],
        serial=serial.strip()[:64],
        category=category.strip()[:32],
        quantity=quantity,
    )


@transaction.atomic
def delivery_line_count(
    *,
    actor: Any,
    installation_id: int,
    line_id: int,
    counted: int,
    counted_with: str,
    counted_on: dt.date | None = None,
    appearance_ok: bool = True,
    note: str = "",
) -> DeliveryLine:
    """Record the count of a checklist line done with the customer's person (篇6: 由用户人员清点货物，并检查外观)."""
    access.require(actor, "installations.work", installation_id=installation_id)
    installation = _locked_installation(installation_id)
    line = installation.lines.filter(pk=line_id).first()
    if line is None:
        raise not_found("清单行", "Checklist line")
    if counted < 0:
        raise invalid("invalid_quantity", "数量不能为负数", "Quantity cannot be negative")
    if not counted_with.strip():
        raise invalid("counted_with_required", "请填写客户清点人", "The customer's person who counted is required")
    counted_on = counted_on or clock.today()
    if counted_on > clock.today():
        raise invalid("count_in_future", "清点日期不能晚于今天", "The count date cannot be in the future")
    line.counted = counted
    line.counted_with = counted_with.strip()[:64]
    line.counted_on = counted_on
    line.appearance_ok = appearance_ok
    line.note = note.strip()[:200]
    line.save()
    return line


def _customer_recipients(customer: Customer) -> list[tuple[str, str]]:
    """(e-mail, phone) of whom the customer is told by: its contacts with an address, primary first; else the
    customer's own address."""
    found = [(c.email, c.phone) for c in customer.contacts.order_by("-is_primary", "id") if c.email][:3]
    if not found and customer.email:
        found = [(customer.email, customer.phone)]
    return found


def _notify_site_work(
    installation: Installation, *, title: str, body: str, engineer: User | None, on: dt.date, link: str
) -> str:
    """Tell the customer (e-mail and SMS to its contacts) and the engineer (in-app) about site work on `on`."""
    recipients = _customer_recipients(installation.customer)
    messages = [
        notifications.Message(user_id=None, email=email, phone=phone, kind="planned_visit", title=title, body=body)
        for email, phone in recipients
    ]
    if engineer is not None:
        messages.append(
            notifications.Message(
                user_id=engineer.pk, email=engineer.email, kind="planned_visit", title=title, body=body, link=link
            )
        )
    if messages:
        notifications.notifications_send(messages)
    return ", ".join(email for email, _ in recipients)


@transaction.atomic
def site_task_schedule(
    *,
    actor: Any,
    installation_id: int,
    kind: str,
    engineer_id: int,
    scheduled_on: dt.date,
    note: str = "",
    told_on: dt.date | None = None,
) -> SiteTask:
    """Schedule an installation or commissioning task on site for an engineer; the customer is told now, at least
    7 days ahead (篇6 (三) 2: 维修人员会提前7天通知用户方), and the task goes on the engineer's day."""
    access.require(actor, "installations.plan", installation_id=installation_id)
    installation = _locked_installation(installation_id)
    if kind not in TaskKind.values:
        raise invalid("invalid_task_kind", "任务类型无效：{kind}", "Unknown task kind: {kind}", kind=kind)
    engineer = _engineer(engineer_id)
    told_on = told_on or clock.today()
    if not schedule.notice_ok(told_on, scheduled_on):
        raise invalid(
            "notice_too_short",
            "现场工作须提前{days}天通知客户：最早 {earliest}",
            "Site work must be announced {days} days ahead: {earliest} at the earliest",
            days=schedule.NOTICE_DAYS,
            earliest=schedule.earliest_site_day(told_on).isoformat(),
        )
    task = SiteTask.objects.create(
        installation=installation,
        kind=kind,
        engineer=engineer,
        scheduled_on=scheduled_on,
        notified_on=told_on,
        note=note.strip()[:200],
    )
    what = TaskKind(kind).label
    link = f"/sales/installations/{installation.pk}/"
    title = "{what}通知：{site} {on}".format(what=what, site=installation.site, on=scheduled_on.isoformat())
    body = "我方工程师{name}将于{on}到{site}进行{what}（{number}，合同 {contract}）。".format(
        name=display_name(engineer),
        on=scheduled_on.isoformat(),
        site=installation.site,
        what=what,
        number=installation.number,
        contract=installation.contract.number,
    )
    task.notified_to = _notify_site_work(
        installation, title=title, body=body, engineer=engineer, on=scheduled_on, link=link
    )[:200]
    task.save(update_fields=["notified_to"])
    plans.work_item_create(
        source_key=f"sales-task:{task.pk}",
        kind=WorkItemKind.OTHER,
        title="{what}：{customer}（{number}）".format(
            what=what, customer=installation.customer.name, number=installation.number
        )[:200],
        due_on=scheduled_on,
        assignee_id=engineer.pk,
        customer_id=installation.customer_id,
        link=link,
    )
    return task


@transaction.atomic
def site_task_done(*, actor: Any, installation_id: int, task_id: int, done_on: dt.date | None = None) -> SiteTask:
    access.require(actor, "installations.work", installation_id=installation_id)
    installation = _locked_installation(installation_id, open_only=False)
    task = installation.tasks.filter(pk=task_id).first()
    if task is None:
        raise not_found("现场任务", "Site task")
    done_on = done_on or clock.today()
    if done_on > clock.today():
        raise invalid("done_in_future", "完成日期不能晚于今天", "The completion date cannot be in the future")
    task.done_on = done_on
    task.save(update_fields=["done_on"])
    return task


@transaction.atomic
def device_test_record(
    *,
    actor: Any,
    installation_id: int,
    line_id: int,
    item: str,
    result: str,
    measured: str = "",
    at: dt.datetime | None = None,
) -> TestRecord:
    """Record a test of one device (硬件、软件、功能), passed or failed (篇6: 按照合同要求测试所有硬件、软件)."""
    access.require(actor, "installations.work", installation_id=installation_id)
    installation = _locked_installation(installation_id)
    line = installation.lines.filter(pk=line_id, kind=LineKind.DEVICE).first()
    if line is None:
        raise not_found("设备", "Device")
    if result not in CheckResult.values:
        raise invalid("invalid_result", "测试结果无效：{result}", "Unknown test result: {result}", result=result)
    if not item.strip():
        raise invalid("test_item_required", "请填写测试项目", "The test item is required")
    return TestRecord.objects.create(
        line=line,
        item=item.strip()[:128],
        result=result,
        measured=measured.strip()[:200],
        tested_by=actor if getattr(actor, "pk", None) else None,
        tested_at=at or clock.now(),
    )


def checklist_lines(installation: Installation) -> list[gates.ChecklistLine]:
    """The checklist as the acceptance gate reads it (tests in time order per device)."""
    out = []
    for line in installation.lines.prefetch_related("tests"):
        tests = sorted(line.tests.all(), key=lambda t: (t.tested_at, t.pk))
        out.append(
            gates.ChecklistLine(
                is_device=line.kind == LineKind.DEVICE,
                quantity=line.quantity,
                counted=line.counted,
                tests_passed=sum(1 for t in tests if t.result == CheckResult.PASSED),
                tests_failed_last=bool(tests) and tests[-1].result == CheckResult.FAILED,
            )
        )
    return out


def _asset_for(line: DeliveryLine, installation: Installation, *, actor: Any, signed_on: dt.date) -> Asset:
    """Create the device's asset, or update the one already registered (the line's, or the vendor's serial)."""
    contract = installation.contract
    asset = line.asset
    if asset is None:
        vendor = vendor_resolve(line.vendor)
        if vendor is not None:
            asset = Asset.objects.filter(vendor=vendor, serial=line.serial).first()
    if asset is not None:
        if asset.customer_id != installation.customer_id:
            raise invalid(
                "serial_of_other_customer",
                "序列号 {serial} 已登记在其他客户名下",
                "Serial {serial} is registered to another customer",
                serial=line.serial,
            )
        return assets.asset_update(
            actor=actor,
            asset_id=asset.pk,
            expected_version=asset.version,
            accepted_on=signed_on,
            purchased_on=min(asset.purchased_on, signed_on),
            contract_id=contract.pk,
            project_warranty_months=installation.warranty_months,
            site=installation.site[:128],
        )
    return assets.asset_create(
        actor=actor,
        customer_id=installation.customer_id,
        vendor=line.vendor,
        model=line.model,
        serial=line.serial,
        purchased_on=min(contract.starts_on, signed_on),
        accepted_on=signed_on,
        category=line.category,
        site=installation.site[:128],
        quantity=line.counted or line.quantity,
        project_warranty_months=installation.warranty_months,
        contract_id=contract.pk,
    )


def _schedule_trainings(installation: Installation, *, signed_on: dt.date, today: dt.date) -> list[Training]:
    """The first on-site training after acceptance (with the 7 days' notice) and the next May and October ones."""
    dates = list(schedule.training_dates(max(signed_on, today)))
    topics = [code for code, _zh, _en in schedule.TRAINING_TOPICS]
    made = []
    for index, on in enumerate(dates):
        training, created = Training.objects.get_or_create(
            installation=installation,
            scheduled_on=on,
            defaults={
                "kind": TrainingKind.AFTER_ACCEPTANCE if index == 0 else TrainingKind.PERIODIC,
                "place": installation.site,
                "trainer": installation.engineer,
                "topics": topics,
            },
        )
        if created:
            plans.work_item_create(
                source_key=f"sales-training:{training.pk}",
                kind=WorkItemKind.TRAINING,
                title="{what}：{customer}（{number}）".format(
                    what=TrainingKind(training.kind).label,
                    customer=installation.customer.name,
                    number=installation.number,
                )[:200],
                due_on=on,
                assignee_id=installation.engineer_id,
                role="" if installation.engineer_id else Role.ENGINEER,
                customer_id=installation.customer_id,
                link=f"/sales/trainings/{training.pk}/",
            )
        made.append(training)
    first = made[0]
    _notify_site_work(
        installation,
        title="培训通知：{site} {on}".format(site=installation.site, on=first.scheduled_on.isoformat()),
        body="设备已验收。我方将于{on}在{site}进行现场培训：{topics}；此后每年五月和十月各组织一次培训。".format(
            on=first.scheduled_on.isoformat(),
            site=installation.site,
            topics="、".join(zh for _code, zh, _en in schedule.TRAINING_TOPICS),
        ),
        engineer=installation.engineer,
        on=first.scheduled_on,
        link=f"/sales/trainings/{first.pk}/",
    )
    return made


@transaction.atomic
def acceptance_sign(
    *,
    actor: Any,
    installation_id: int,
    signed_on: dt.date,
    customer_signatory: str,
    engineer_signatory: str,
    customer_signature: str = "",
    engineer_signature: str = "",
    remarks: str = "",
) -> Acceptance:
    """Record the acceptance certificate (设备验收合格书) signed by both sides (篇6 (一) 3), once.

    Then, in the same transaction: every device of the checklist becomes (or updates) an asset with
    `accepted_on` = `signed_on` under the contract and its warranty term (the warranty starts the next day);
    the monthly inspection plan after acceptance is attached to the contract and its work generated; the
    trainings are scheduled and announced (the plan's work items are generated after commit). 409 with the missing
    items when the checklist is not counted in full
    or a device has not passed its tests."""
    access.require(actor, "installations.work", installation_id=installation_id)
    installation = _locked_installation(installation_id, open_only=False)
    missing = gates.acceptance_missing(
        checklist_lines(installation), accepted=installation.status == InstallationStatus.ACCEPTED
    )
    if missing:
        raise GateError("acceptance_gate", "签署验收合格书前还需要", "Before the acceptance can be signed", missing)
    today = clock.today()
    if signed_on > today:
        raise invalid("signed_in_future", "验收日期不能晚于今天", "The acceptance date cannot be in the future")
    if signed_on < installation.contract.starts_on:
        raise invalid(
            "signed_before_contract", "验收日期不能早于合同开始日期", "The acceptance cannot precede the contract"
        )
    if not customer_signatory.strip() or not engineer_signatory.strip():
        raise invalid("signatories_required", "请填写双方签字人", "Both signatories are required")
    acceptance = Acceptance(
        installation=installation,
        signed_on=signed_on,
        customer_signatory=customer_signatory.strip()[:64],
        engineer_signatory=engineer_signatory.strip()[:64],
        customer_signature_png=signature_from_data_url(customer_signature) if customer_signature else None,
        engineer_signature_png=signature_from_data_url(engineer_signature) if engineer_signature else None,
        remarks=remarks.strip(),
        recorded_by=actor if getattr(actor, "pk", None) else None,
        recorded_at=clock.now(),
    )
    devices = list(installation.lines.filter(kind=LineKind.DEVICE).order_by("id"))
    accepted_assets = []
    for line in devices:
        asset = _asset_for(line, installation, actor=actor, signed_on=signed_on)
        if line.asset_id != asset.pk:
            line.asset = asset
            line.save(update_fields=["asset"])
        accepted_assets.append(asset)
    plan = plans.service_plan_create(
        actor=actor,
        name="验收后每月巡检 {number}".format(number=installation.number),
        contract_id=installation.contract_id,
        starts_on=signed_on,
        ends_on=max(installation.contract.ends_on, signed_on),
        rules=[
            plans.RuleSpec(
                kind=PlanRuleKind.MONTHLY_INSPECTION, asset_id=asset.pk, assignee_id=installation.engineer_id
            )
            for asset in accepted_assets
        ],
        notes="设备验收合格书 {number} 签署于 {on}".format(number=installation.number, on=signed_on.isoformat()),
    )
    acceptance.service_plan = plan
    acceptance.save()
    installation.status = InstallationStatus.ACCEPTED
    installation.version += 1
    installation.save()
    _schedule_trainings(installation, signed_on=signed_on, today=today)
    # The plan's first work items now rather than at the next daily run; after commit, because the generation
    # reads every active rule (seconds with thousands of plans) and must not hold the signature's transaction.
    # `robust`: a failure is logged and the daily job (plans.tasks) catches up; the signature stands.
    until = today + dt.timedelta(days=plans.HORIZON_DAYS)
    transaction.on_commit(lambda: plans.plans_generate(until=until), robust=True)
    return acceptance


# ----------------------------------------------------------------------------------------------- trainings


def _training(training_id: int) -> Training:
    training = Training.objects.select_for_update(of=("self",)).filter(pk=training_id).first()
    if training is None:
        raise not_found("培训", "Training")
    return training


@transaction.atomic
def training_attendee_add(*, actor: Any, training_id: int, name: str, department: str = "") -> TrainingAttendee:
    """Put a person of the customer on the training's sign-in sheet."""
    access.require(actor, "installations.work", training_id=training_id)
    training = _training(training_id)
    if not name.strip():
        raise invalid("attendee_name_required", "请填写姓名", "The name is required")
    if training.attendees.count() >= 200:
        raise invalid("too_many_attendees", "签到表最多200人", "A sign-in sheet holds 200 people at most")
    return TrainingAttendee.objects.create(
        training=training, name=name.strip()[:64], department=department.strip()[:64]
    )


@transaction.atomic
def training_hold(
    *, actor: Any, training_id: int, held_on: dt.date | None = None, attended_ids: Iterable[int] = ()
) -> Training:
    """Record that the training took place and who signed in."""
    access.require(actor, "installations.work", training_id=training_id)
    training = _training(training_id)
    held_on = held_on or clock.today()
    if held_on > clock.today():
        raise invalid("held_in_future", "培训日期不能晚于今天", "The training date cannot be in the future")
    ids = set(attended_ids)
    for attendee in training.attendees.all():
        attended = attendee.pk in ids
        if attendee.attended != attended:
            attendee.attended = attended
            attendee.save(update_fields=["attended"])
    training.status = TrainingStatus.HELD
    training.held_on = held_on
    training.save(update_fields=["status", "held_on"])
    return training
