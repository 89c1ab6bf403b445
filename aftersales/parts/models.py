"""Spare parts store (备件库) and loaner devices (备机), SPEC §3; 篇1 2.6, 2.7.

`Stock` holds what one location has of one part; `StockMove` is the ledger (库存流水) of every change, with
the signed deltas and the balance after it, so the stock always equals the sum of its moves. Stock counts
(盘点) snapshot a location and record what was found. Loaners are lent against a service request.
Rows change only through `parts.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from aftersales.core.models import TimeStampedModel
from aftersales.parts.choices import CountStatus, Grade, LoanerStatus, LocationKind, MoveKind
from aftersales.parts.querysets import LoanQuerySet, StockQuerySet


class Part(TimeStampedModel):
    """A spare part in the catalogue (备件目录): part number, the device models it fits, its unit cost."""

    part_number = models.CharField(_("备件编号"), max_length=64, unique=True)
    name = models.CharField(_("名称"), max_length=128)
    vendor = models.ForeignKey(
        "assets.Vendor", verbose_name=_("厂商"), null=True, blank=True, on_delete=models.PROTECT, related_name="parts"
    )
    compatible_models = models.JSONField(_("适用型号"), default=list, blank=True)
    unit = models.CharField(_("单位"), max_length=8, default="个")
    unit_cost_amount = models.DecimalField(_("单价（元）"), max_digits=12, decimal_places=2, default=0)
    grade = models.CharField(_("等级"), max_length=32, blank=True, help_text=_("如：原厂、兼容、翻新"))
    notes = models.TextField(_("备注"), blank=True)
    is_active = models.BooleanField(_("在用"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("备件")
        verbose_name_plural = _("备件")
        constraints = [models.CheckConstraint(condition=Q(unit_cost_amount__gte=0), name="part_cost_not_negative")]

    def __str__(self) -> str:
        return f"{self.part_number} {self.name}"


class Location(models.Model):
    """Where parts are kept: a warehouse, an engineer's van (随车库) or a partner's store."""

    name = models.CharField(_("名称"), max_length=64, unique=True)
    kind = models.CharField(_("类型"), max_length=16, choices=LocationKind.choices, default=LocationKind.WAREHOUSE)
    region = models.ForeignKey(
        "customers.Region",
        verbose_name=_("地区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="part_locations",
    )
    partner = models.ForeignKey(
        "network.Partner",
        verbose_name=_("合作伙伴"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="part_locations",
    )
    keeper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("保管人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="part_locations",
    )
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("库位")
        verbose_name_plural = _("库位")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Stock(models.Model):
    """What one location holds of one part: on hand, of which reserved for requests; and its reorder rule."""

    part = models.ForeignKey(Part, verbose_name=_("备件"), on_delete=models.PROTECT, related_name="stock")
    location = models.ForeignKey(Location, verbose_name=_("库位"), on_delete=models.PROTECT, related_name="stock")
    on_hand = models.IntegerField(_("在库数量"), default=0)
    reserved = models.IntegerField(_("预留数量"), default=0)
    reorder_point = models.IntegerField(
        _("补货点"), null=True, blank=True, help_text=_("可用数量（在库−预留）降到此数或以下时提示补货；为空则不提示")
    )
    reorder_quantity = models.IntegerField(_("补货批量"), default=0)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = StockQuerySet.as_manager()

    class Meta:
        verbose_name = _("库存")
        verbose_name_plural = _("库存")
        constraints = [
            models.UniqueConstraint(fields=["part", "location"], name="stock_part_location_unique"),
            models.CheckConstraint(condition=Q(on_hand__gte=0), name="stock_on_hand_not_negative"),
            models.CheckConstraint(condition=Q(reserved__gte=0), name="stock_reserved_not_negative"),
            models.CheckConstraint(condition=Q(reserved__lte=F("on_hand")), name="stock_reserved_within_on_hand"),
            models.CheckConstraint(
                condition=Q(reorder_point__isnull=True) | Q(reorder_point__gte=0),
                name="stock_reorder_point_not_negative",
            ),
            models.CheckConstraint(condition=Q(reorder_quantity__gte=0), name="stock_reorder_quantity_not_negative"),
        ]
        indexes = [models.Index(fields=["location", "part"])]

    def __str__(self) -> str:
        return f"{self.part} @ {self.location}: {self.on_hand}"

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


class StockCount(TimeStampedModel):
    """A stock count (盘点) of one location: expected quantities snapshot at opening, counted ones at closing."""

    location = models.ForeignKey(Location, verbose_name=_("库位"), on_delete=models.PROTECT, related_name="counts")
    status = models.CharField(_("状态"), max_length=16, choices=CountStatus.choices, default=CountStatus.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(_("开始时间"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("完成人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("盘点")
        verbose_name_plural = _("盘点")
        constraints = [
            models.UniqueConstraint(
                fields=["location"], condition=Q(status="open"), name="one_open_count_per_location"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.location} {self.opened_at:%Y-%m-%d}"


class StockCountLine(models.Model):
    """One part of a stock count: expected at opening, counted, book quantity at closing and the discrepancy."""

    count = models.ForeignKey(StockCount, verbose_name=_("盘点"), on_delete=models.CASCADE, related_name="lines")
    part = models.ForeignKey(Part, verbose_name=_("备件"), on_delete=models.PROTECT, related_name="+")
    expected = models.IntegerField(_("账面数量（开始时）"))
    counted = models.IntegerField(_("实盘数量"), null=True, blank=True)
    book_at_close = models.IntegerField(_("账面数量（完成时）"), null=True, blank=True)
    discrepancy = models.IntegerField(_("差异（实盘−账面）"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("盘点明细")
        verbose_name_plural = _("盘点明细")
        constraints = [
            models.UniqueConstraint(fields=["count", "part"], name="count_line_part_unique"),
            models.CheckConstraint(condition=Q(counted__isnull=True) | Q(counted__gte=0), name="count_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.part_id}: {self.expected} → {self.counted}"


class StockMove(models.Model):
    """One line of the stock ledger (库存流水): what changed where, for which request, by whom, and the balance after.

    `location` is the place whose stock the move changes; `from_location`/`to_location` say where the goods
    came from and went to (for a transfer, the two moves point at each other through `related_move`).
    `on_hand_delta`/`reserved_delta` are signed, so a location's stock is the sum of its moves.
    """

    part = models.ForeignKey(Part, verbose_name=_("备件"), on_delete=models.PROTECT, related_name="moves")
    location = models.ForeignKey(Location, verbose_name=_("库位"), on_delete=models.PROTECT, related_name="moves")
    kind = models.CharField(_("类型"), max_length=16, choices=MoveKind.choices)
    quantity = models.PositiveIntegerField(_("数量"))
    on_hand_delta = models.IntegerField(_("在库变化"))
    reserved_delta = models.IntegerField(_("预留变化"))
    on_hand_after = models.IntegerField(_("变动后在库"))
    reserved_after = models.IntegerField(_("变动后预留"))
    from_location = models.ForeignKey(
        Location, verbose_name=_("来源库位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_location = models.ForeignKey(
        Location, verbose_name=_("目的库位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ticket = models.ForeignKey(
        "tickets.Ticket",
        verbose_name=_("服务请求"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="part_moves",
    )
    stock_count = models.ForeignKey(
        StockCount, verbose_name=_("盘点"), null=True, blank=True, on_delete=models.PROTECT, related_name="moves"
    )
    related_move = models.OneToOneField(
        "self", verbose_name=_("对应调拨"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("时间"))
    note = models.CharField(_("备注"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("库存流水")
        verbose_name_plural = _("库存流水")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="move_quantity_positive"),
            models.CheckConstraint(
                condition=Q(on_hand_after__gte=0)
                & Q(reserved_after__gte=0)
                & Q(reserved_after__lte=F("on_hand_after")),
                name="move_balance_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["part", "location", "id"]),
            models.Index(fields=["location", "id"]),
            models.Index(fields=["ticket", "part"]),
            # the parts issued since the management view's rollup ran (reports.selectors.consumed_days)
            models.Index(fields=["at"], name="stockmove_issue_at", condition=Q(kind="issue")),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.part} ×{self.quantity} @ {self.location}"


class Loaner(TimeStampedModel):
    """A loaner device (备机) of the company, lent to customers while their own device is repaired."""

    serial = models.CharField(_("序列号"), max_length=64, unique=True)
    model = models.CharField(_("型号"), max_length=64)
    vendor = models.ForeignKey(
        "assets.Vendor", verbose_name=_("厂商"), null=True, blank=True, on_delete=models.PROTECT, related_name="loaners"
    )
    category = models.CharField(_("类别"), max_length=32, blank=True)
    grade = models.PositiveSmallIntegerField(_("等级"), choices=Grade.choices, default=Grade.STANDARD)
    location = models.ForeignKey(
        Location, verbose_name=_("存放库位"), null=True, blank=True, on_delete=models.PROTECT, related_name="loaners"
    )
    status = models.CharField(_("状态"), max_length=16, choices=LoanerStatus.choices, default=LoanerStatus.AVAILABLE)
    notes = models.TextField(_("备注"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("备机")
        verbose_name_plural = _("备机")
        indexes = [models.Index(fields=["status", "grade"])]

    def __str__(self) -> str:
        return f"{self.model} ({self.serial})"


class Loan(TimeStampedModel):
    """A loaner lent to a customer for a service request (备机借用), until it comes back."""

    loaner = models.ForeignKey(Loaner, verbose_name=_("备机"), on_delete=models.PROTECT, related_name="loans")
    ticket = models.ForeignKey(
        "tickets.Ticket", verbose_name=_("服务请求"), on_delete=models.PROTECT, related_name="loans"
    )
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("客户"), on_delete=models.PROTECT, related_name="loans"
    )
    required_grade = models.PositiveSmallIntegerField(_("所需等级"), choices=Grade.choices)
    lent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("借出人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    lent_at = models.DateTimeField(_("借出时间"))
    due_back_on = models.DateField(_("应还日期"))
    condition_out = models.CharField(_("借出时状况"), max_length=500, blank=True)
    returned_at = models.DateTimeField(_("归还时间"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    condition_back = models.CharField(_("归还时状况"), max_length=500, blank=True)

    objects = LoanQuerySet.as_manager()

    class Meta:
        verbose_name = _("备机借用")
        verbose_name_plural = _("备机借用")
        constraints = [
            # The row lock in loan_create decides; this is the backstop: one open loan per loaner.
            models.UniqueConstraint(
                fields=["loaner"], condition=Q(returned_at__isnull=True), name="one_open_loan_per_loaner"
            ),
        ]
        indexes = [models.Index(fields=["returned_at", "due_back_on"])]

    def __str__(self) -> str:
        return f"{self.loaner} → {self.customer}"
