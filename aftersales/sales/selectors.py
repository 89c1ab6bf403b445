"""Reads of the sale-to-service area, filtered by the access table (a salesperson: own opportunities)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Prefetch, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth

from aftersales.accounts import access
from aftersales.core.errors import not_found
from aftersales.customers.models import Contact, Customer
from aftersales.sales.choices import LineKind, Stage, Status
from aftersales.sales.models import (
    DeliveryLine,
    Installation,
    Opportunity,
    Proposal,
    ProposalVersion,
    Training,
)
from aftersales.sales.policy import schedule


def _scoped(queryset: QuerySet, user, action: str, kind: str) -> QuerySet:
    condition = access.visible(user, action, kind)
    if condition is None:
        return queryset.none()
    return queryset.filter(condition)


def opportunity_visible(user) -> QuerySet[Opportunity]:
    return _scoped(Opportunity.objects.all(), user, "sales.read", "opportunity")


def opportunity_list(
    user, *, status: str | None = None, stage: str | None = None, customer: int | None = None, query: str = ""
) -> QuerySet[Opportunity]:
    rows = opportunity_visible(user).select_related("customer", "owner")
    if status:
        rows = rows.filter(status=status)
    if stage:
        rows = rows.filter(stage=stage)
    if customer:
        rows = rows.filter(customer_id=customer)
    if query:
        rows = rows.filter(name__icontains=query) | rows.filter(customer__name__icontains=query)
    return rows


def opportunity_get(user, opportunity_id: int) -> Opportunity:
    opportunity = (
        opportunity_visible(user)
        .select_related("customer", "owner", "contract", "contract__sla_policy")
        .prefetch_related(
            "buying_centre__contact",
            Prefetch("proposals", queryset=Proposal.objects.prefetch_related("versions").order_by("id")),
            "events__actor",
            "installations",
        )
        .filter(pk=opportunity_id)
        .first()
    )
    if opportunity is None:
        raise not_found("商机", "Opportunity")
    return opportunity


@dataclass(frozen=True)
class BoardColumn:
    stage: str
    label: str
    items: list[Opportunity]
    amount: Decimal
    count: int


def opportunity_board(user, *, limit_per_stage: int = 100) -> list[BoardColumn]:
    """Open opportunities by stage (篇5's five stages): each column's first `limit_per_stage` by expected close,
    and its count and value over all of them (one aggregate query and one query per column)."""
    rows = opportunity_list(user, status=Status.OPEN)
    totals = {
        row["stage"]: row for row in rows.order_by().values("stage").annotate(count=Count("id"), value=Sum("amount"))
    }
    columns = []
    for stage in Stage:
        items = list(
            rows.filter(stage=stage.value)
            .order_by(F("expected_close_on").asc(nulls_last=True), "id")
            .only(
                "id",
                "number",
                "name",
                "stage",
                "amount",
                "expected_close_on",
                "next_step",
                "next_step_on",
                "customer__name",
                "owner__username",
                "owner__first_name",
                "owner__last_name",
            )[:limit_per_stage]
        )
        total = totals.get(stage.value, {})
        columns.append(
            BoardColumn(stage.value, str(stage.label), items, total.get("value") or Decimal(0), total.get("count", 0))
        )
    return columns


def forecast(user) -> tuple[schedule.MonthForecast, ...]:
    """The forecast by month (open deals by expected close, weighted by stage; deals won by month), from one
    aggregate query per kind (the policy weighs and adds the groups)."""
    visible = opportunity_visible(user)
    groups = [
        schedule.Deal(
            stage=schedule.Stage(row["stage"]),
            status=Status.OPEN,
            amount=row["value"] or Decimal(0),
            expected_close_on=row["month"],
            count=row["count"],
        )
        for row in visible.filter(status=Status.OPEN, expected_close_on__isnull=False)
        .annotate(month=TruncMonth("expected_close_on"))
        .values("stage", "month")
        .annotate(value=Sum("amount"), count=Count("id"))
        .order_by()
    ]
    groups += [
        schedule.Deal(
            stage=schedule.Stage.CLOSE,
            status=Status.WON,
            amount=row["value"] or Decimal(0),
            expected_close_on=None,
            closed_on=row["month"],
            count=row["count"],
        )
        for row in visible.filter(status=Status.WON, closed_on__isnull=False)
        .annotate(month=TruncMonth("closed_on"), won_amount=Coalesce("agreed_amount", "amount"))
        .values("month")
        .annotate(value=Sum("won_amount"), count=Count("id"))
        .order_by()
    ]
    return schedule.forecast_by_month(groups)


def customer_choices(user, *, limit: int = 500) -> list[Customer]:
    """Customers an opportunity may be opened for (whoever may open one sees the archive's names)."""
    if not access.may(user, "sales.create"):
        return []
    return list(Customer.objects.order_by("name").only("id", "name")[:limit])


def customer_contacts(customer_id: int) -> list[Contact]:
    return list(Contact.objects.filter(customer_id=customer_id).order_by("-is_primary", "name"))


def proposal_version_get(user, proposal_id: int, number: int) -> ProposalVersion:
    version = (
        ProposalVersion.objects.filter(
            proposal_id=proposal_id, number=number, proposal__opportunity__in=opportunity_visible(user)
        )
        .select_related("proposal__opportunity__customer")
        .first()
    )
    if version is None:
        raise not_found("方案版本", "Proposal version")
    return version


# ------------------------------------------------------------------------------------------- installations


def installation_visible(user) -> QuerySet[Installation]:
    return _scoped(Installation.objects.all(), user, "installations.read", "installation")


def installation_list(user, *, status: str | None = None) -> QuerySet[Installation]:
    rows = installation_visible(user).select_related("customer", "contract", "engineer")
    if status:
        rows = rows.filter(status=status)
    return rows.annotate(line_count=Count("lines", distinct=True)).order_by("-id")


def installation_get(user, installation_id: int) -> Installation:
    installation = (
        installation_visible(user)
        .select_related("customer", "contract", "contract__sla_policy", "opportunity", "engineer")
        .prefetch_related(
            Prefetch("lines", queryset=DeliveryLine.objects.prefetch_related("tests").select_related("asset")),
            "tasks__engineer",
            "trainings__attendees",
        )
        .filter(pk=installation_id)
        .first()
    )
    if installation is None:
        raise not_found("安装项目", "Installation project")
    return installation


def installation_devices(installation: Installation) -> list[DeliveryLine]:
    return [line for line in installation.lines.all() if line.kind == LineKind.DEVICE]


def training_get(user, training_id: int) -> Training:
    training = (
        Training.objects.filter(installation__in=installation_visible(user))
        .select_related("installation__customer", "installation__contract", "trainer")
        .prefetch_related("attendees")
        .filter(pk=training_id)
        .first()
    )
    if training is None:
        raise not_found("培训", "Training")
    return training


def topic_labels(codes: list[str], language: str = "zh") -> list[str]:
    names = {code: (zh, en) for code, zh, en in schedule.TRAINING_TOPICS}
    return [names[c][1 if language.startswith("en") else 0] for c in codes if c in names]


@dataclass(frozen=True)
class AssetWarranty:
    """An accepted device and its warranty today (the 三包 engine's answer)."""

    asset_id: int
    label: str
    serial: str
    accepted_on: dt.date | None
    warranty_start: dt.date | None
    covered_until: dt.date | None
    in_warranty: bool


def installation_warranties(installation: Installation) -> list[AssetWarranty]:
    """The installation's assets with their warranty as the warranty engine decides it today."""
    from aftersales.core import clock
    from aftersales.warranty import selectors as warranty

    today = clock.today()
    out = []
    for line in installation.lines.all():
        asset = line.asset
        if asset is None:
            continue
        view = warranty.warranty_view(asset, max(today, asset.purchased_on))
        out.append(
            AssetWarranty(
                asset_id=asset.pk,
                label=f"{line.vendor} {asset.model}",
                serial=asset.serial,
                accepted_on=asset.accepted_on,
                warranty_start=view.warranty_start,
                covered_until=view.decision.covered_until,
                in_warranty=view.decision.in_warranty,
            )
        )
    return out
