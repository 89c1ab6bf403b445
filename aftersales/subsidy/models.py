"""The 家电下乡 subsidy ledger (篇3, 篇4, 篇9): a county programme, the winning enterprises and their outlets,
sales entered by the outlets, claims taken by the township finance offices and paid by the county, returns.

Money is Decimal (yuan, two places). Counties and townships are their Chinese names. A sale and a claim carry
the county and township of the buyer's household and the claim its household and category, so the four checks
and every role's scope are one indexed lookup each (bench/bench_subsidy.py, docs/decisions/015).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aftersales.subsidy.choices import (
    HOLDING_STATES,
    ClaimStatus,
    ItemStatus,
    OutletKind,
    OutletLevel,
    OutletStatus,
    ReturnStatus,
)

MONEY = {"max_digits": 12, "decimal_places": 2}


class Programme(models.Model):
    """One county's programme for one period: the rate, the central share and the categories with caps."""

    name = models.CharField(_("名称"), max_length=128)
    county = models.CharField(_("区县"), max_length=32, db_index=True)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    rate = models.DecimalField(_("补贴比例"), max_digits=5, decimal_places=4, default="0.1300")
    central_share = models.DecimalField(_("中央财政负担比例"), max_digits=5, decimal_places=4, default="0.8000")
    townships = models.JSONField(_("辖区乡镇"), default=list, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("家电下乡实施方案")
        verbose_name_plural = _("家电下乡实施方案")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return self.name

    def caps(self) -> dict[str, object]:
        return {c.code: c.cap for c in self.categories.all()}


class Category(models.Model):
    """A subsidised category of a programme and its price cap (最高限价); data, "supplemented and adjusted"."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="categories")
    code = models.SlugField(_("代码"), max_length=32)
    name = models.CharField(_("名称"), max_length=64)
    cap = models.DecimalField(_("最高限价"), **MONEY)

    class Meta:
        verbose_name = _("补贴品类")
        verbose_name_plural = _("补贴品类")
        constraints = [models.UniqueConstraint(fields=["programme", "code"], name="subsidy_category_once")]
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Enterprise(models.Model):
    """A winning sales enterprise (中标销售企业)."""

    name = models.CharField(_("名称"), max_length=128)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)

    class Meta:
        verbose_name = _("中标销售企业")
        verbose_name_plural = _("中标销售企业")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Outlet(models.Model):
    """A sales outlet (销售网点) filed by one enterprise with the county commerce bureau (备案)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("实施方案"), on_delete=models.PROTECT, related_name="outlets"
    )
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="outlets")
    name = models.CharField(_("名称"), max_length=128)
    address = models.CharField(_("地址"), max_length=256)
    # the same outlet (name and address, normalised) may be filed once per programme (不得多头备案)
    identity = models.CharField(_("网点标识"), max_length=400, editable=False)
    county = models.CharField(_("区县"), max_length=32, db_index=True)
    township = models.CharField(_("乡镇"), max_length=32, blank=True)
    kind = models.CharField(_("网点类型"), max_length=16, choices=OutletKind.choices)
    level = models.CharField(_("网点级别"), max_length=16, choices=OutletLevel.choices)
    licence_no = models.CharField(_("营业执照注册号"), max_length=64, blank=True)
    area_m2 = models.DecimalField(_("营业面积（平方米）"), max_digits=8, decimal_places=1)
    operators = models.PositiveIntegerField(_("操作人员数"))
    can_invoice = models.BooleanField(_("可开具税务发票"))
    has_terminal = models.BooleanField(_("配备联网设备"))
    area_exception = models.CharField(_("偏远地区面积例外说明"), max_length=256, blank=True)
    filed_on = models.DateField(_("备案申请日期"))
    review_by = models.DateField(_("审核期限"))
    status = models.CharField(_("状态"), max_length=16, choices=OutletStatus.choices, default=OutletStatus.PENDING)
    decided_on = models.DateField(_("审核日期"), null=True, blank=True)
    decision_reason = models.CharField(_("审核意见"), max_length=256, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("销售网点")
        verbose_name_plural = _("销售网点")
        constraints = [models.UniqueConstraint(fields=["programme", "identity"], name="subsidy_outlet_filed_once")]
        indexes = [models.Index(fields=["county", "status"], name="subsidy_outlet_county_status")]

    def __str__(self) -> str:
        return self.name


class OutletPeriod(models.Model):
    """A span in which an outlet was approved: from `starts_on` up to (not including) `ends_on`."""

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="periods")
    starts_on = models.DateField(_("起始日期"))
    ends_on = models.DateField(_("截止日期（不含）"), null=True, blank=True)

    class Meta:
        verbose_name = _("网点备案有效期")
        verbose_name_plural = _("网点备案有效期")
        ordering = ["starts_on"]

    def __str__(self) -> str:
        return f"{self.starts_on}–{self.ends_on or ''}"


class Sale(models.Model):
    """A sale entered by an outlet (销售登记): one invoice for one household, one or more items."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="sales")
    outlet = models.ForeignKey(Outlet, verbose_name=_("销售网点"), on_delete=models.PROTECT, related_name="sales")
    invoice_no = models.CharField(_("发票号"), max_length=64)
    sold_on = models.DateField(_("销售日期"))
    entered_on = models.DateField(_("录入日期"))
    entry_deadline = models.DateField(_("录入期限"))
    entered_late = models.BooleanField(_("逾期录入"), default=False)
    buyer_name = models.CharField(_("购买人"), max_length=64)
    buyer_id_number = models.CharField(_("身份证号"), max_length=18)
    household_no = models.CharField(_("户口簿户号"), max_length=32)
    county = models.CharField(_("区县"), max_length=32)
    township = models.CharField(_("乡镇"), max_length=32)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("销售登记")
        verbose_name_plural = _("销售登记")
        indexes = [
            models.Index(fields=["outlet", "-sold_on"], name="subsidy_sale_outlet"),
            models.Index(fields=["county", "township", "-sold_on"], name="subsidy_sale_area"),
            models.Index(fields=["outlet", "entered_late"], name="subsidy_sale_late"),
        ]

    def __str__(self) -> str:
        return f"{self.invoice_no} {self.buyer_name}"


class SaleItem(models.Model):
    """One appliance of a sale, with its product label card (产品标识卡, unique) and serial number."""

    sale = models.ForeignKey(Sale, on_delete=models.CASCADE, related_name="items")
    category = models.CharField(_("品类"), max_length=32)
    model = models.CharField(_("型号"), max_length=64)
    price = models.DecimalField(_("销售价格"), **MONEY)
    label_card_no = models.CharField(_("产品标识卡号"), max_length=32, unique=True)
    serial_no = models.CharField(_("出厂编号"), max_length=64)
    status = models.CharField(_("状态"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.SOLD)

    class Meta:
        verbose_name = _("销售商品")
        verbose_name_plural = _("销售商品")

    def __str__(self) -> str:
        return f"{self.category} {self.model} {self.label_card_no}"


class Claim(models.Model):
    """A subsidy claim (补贴申报) taken by the township finance office of the buyer's household."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="claims")
    sale_item = models.ForeignKey(SaleItem, on_delete=models.PROTECT, related_name="claims")
    county = models.CharField(_("区县"), max_length=32)
    township = models.CharField(_("乡镇"), max_length=32)
    household_no = models.CharField(_("户口簿户号"), max_length=32)
    category = models.CharField(_("品类"), max_length=32)
    filed_on = models.DateField(_("申报日期"))
    id_number = models.CharField(_("申报人身份证号"), max_length=18)
    bank_account = models.CharField(_("储蓄账户"), max_length=64)
    amount = models.DecimalField(_("补贴金额"), **MONEY)
    central_amount = models.DecimalField(_("中央财政负担"), **MONEY)
    provincial_amount = models.DecimalField(_("省级财政负担"), **MONEY)
    pay_by = models.DateField(_("拨付期限"))
    status = models.CharField(_("状态"), max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.FILED)
    verified_on = models.DateField(_("核查日期"), null=True, blank=True)
    verify_reason = models.CharField(_("核查意见"), max_length=256, blank=True)
    paid_on = models.DateField(_("拨付日期"), null=True, blank=True)
    paid_late = models.BooleanField(_("逾期拨付"), default=False)
    refunded_on = models.DateField(_("补贴退回日期"), null=True, blank=True)
    cancelled_on = models.DateField(_("撤销日期"), null=True, blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("补贴申报")
        verbose_name_plural = _("补贴申报")
        constraints = [
            # one subsidised item per household and category within a programme (the fourth check, and the
            # guard against two offices filing at once)
            models.UniqueConstraint(
                fields=["programme", "household_no", "category"],
                condition=Q(status__in=[s.value for s in HOLDING_STATES]),
                name="subsidy_claim_household_category_once",
            ),
            models.UniqueConstraint(
                fields=["sale_item"],
                condition=Q(status__in=[s.value for s in HOLDING_STATES]),
                name="subsidy_claim_item_once",
            ),
        ]
        indexes = [
            # the fourth check: does the household hold the category (a plain index, usable whatever the
            # database makes of the partial unique constraint's predicate with bound parameters)
            models.Index(fields=["household_no", "category"], name="subsidy_claim_household"),
            models.Index(fields=["county", "status", "pay_by"], name="subsidy_claim_queue"),
            models.Index(fields=["county", "township", "status"], name="subsidy_claim_township"),
            # the ledger month reads only this index (covering: no row is fetched for the sums)
            models.Index(
                fields=["paid_on", "county", "status", "category", "amount", "central_amount", "provincial_amount"],
                name="subsidy_claim_ledger",
            ),
            models.Index(fields=["refunded_on", "county"], name="subsidy_claim_refunded"),
        ]

    def __str__(self) -> str:
        return f"{self.pk} {self.household_no} {self.category}"


class Return(models.Model):
    """A return under 三包 (退货) of one item, handled by the claim's state (篇4 二(一)6, 篇9 六(四))."""

    sale_item = models.ForeignKey(SaleItem, on_delete=models.PROTECT, related_name="returns")
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, null=True, blank=True, related_name="returns")
    requested_on = models.DateField(_("申请日期"))
    status = models.CharField(_("状态"), max_length=16, choices=ReturnStatus.choices)
    completed_on = models.DateField(_("退货完成日期"), null=True, blank=True)
    refunded_on = models.DateField(_("补贴退回日期"), null=True, blank=True)
    card_recovered = models.BooleanField(_("已收回标识卡"), default=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("退货")
        verbose_name_plural = _("退货")
        constraints = [
            models.UniqueConstraint(fields=["sale_item"], name="subsidy_return_item_once")  # an item is returned once
        ]

    def __str__(self) -> str:
        return f"{self.sale_item_id} {self.status}"


class GroupOrder(models.Model):
    """A group purchase (团购) of ≥ 10 units within 50 km: delivered free within 48 hours (篇3 五(八)2)."""

    outlet = models.ForeignKey(
        Outlet, verbose_name=_("销售网点"), on_delete=models.PROTECT, related_name="group_orders"
    )
    buyer = models.CharField(_("团购单位/联系人"), max_length=128)
    units = models.PositiveIntegerField(_("台数"))
    distance_km = models.DecimalField(_("送货里程（公里）"), max_digits=7, decimal_places=1)
    ordered_at = models.DateTimeField(_("下单时间"))
    deliver_by = models.DateTimeField(_("送达期限"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    delivered_late = models.BooleanField(_("逾期送达"), default=False)

    class Meta:
        verbose_name = _("团购订单")
        verbose_name_plural = _("团购订单")

    def __str__(self) -> str:
        return f"{self.buyer} × {self.units}"
