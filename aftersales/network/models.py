"""Regional partner companies (服务联盟 and 服务合作伙伴, SPEC §3; 篇1 4.3, 4.4)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from simple_history.models import HistoricalRecords


class PartnerKind(models.TextChoices):
    ALLIANCE = "alliance", gettext_noop("服务联盟")
    SERVICE = "service", gettext_noop("服务合作伙伴")


class Partner(models.Model):
    """A partner company that takes on-site work in its region."""

    kind = models.CharField(_("类型"), max_length=16, choices=PartnerKind.choices)
    name = models.CharField(_("名称"), max_length=128)
    address = models.CharField(_("地址"), max_length=256, blank=True)
    contact = models.CharField(_("联系人"), max_length=64, blank=True)
    phone = models.CharField(_("热线电话"), max_length=32, blank=True)
    service_area = models.CharField(_("服务区域"), max_length=64, blank=True)
    region = models.ForeignKey(
        "customers.Region",
        verbose_name=_("所在地区"),
        on_delete=models.PROTECT,
        related_name="partners",
    )
    county = models.CharField(_("区县"), max_length=32, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("合作伙伴")
        verbose_name_plural = _("合作伙伴")
        ordering = ["kind", "region__adcode", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="partner_kind_name_unique")]

    def __str__(self) -> str:
        return self.name


class Supplier(models.Model):
    """A brand supplier (汽车供应商, 篇10 第三条): a maker or general distributor that authorises dealers and lays
    out its network."""

    name = models.CharField(_("名称"), max_length=128)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    phone = models.CharField(_("电话"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("供应商")
        verbose_name_plural = _("供应商")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Brand(models.Model):
    """A brand a supplier authorises dealers for (品牌)."""

    supplier = models.ForeignKey(
        Supplier, verbose_name=_("供应商"), null=True, blank=True, on_delete=models.PROTECT, related_name="brands"
    )
    name = models.CharField(_("品牌"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("品牌")
        verbose_name_plural = _("品牌")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Dealer(models.Model):
    """A brand dealer (汽车品牌经销商, 篇10 第九条): an enterprise legal person authorised by a supplier, with its
    licence and registration (第三十四条), its brand authorisations and its outlets."""

    name = models.CharField(_("名称"), max_length=128)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    supplier = models.ForeignKey(
        Supplier,
        verbose_name=_("授权供应商"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dealers",
    )
    shop_name = models.CharField(_("店铺名称"), max_length=128, blank=True)
    address = models.CharField(_("注册地址"), max_length=256, blank=True)
    contact = models.CharField(_("联系人"), max_length=64, blank=True)
    phone = models.CharField(_("电话"), max_length=32, blank=True)
    licence_on = models.DateField(_("营业执照日期"), null=True, blank=True)
    registered_on = models.DateField(_("备案日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True, null=True)

    class Meta:
        verbose_name = _("经销商")
        verbose_name_plural = _("经销商")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Authorisation(models.Model):
    """A supplier's authorisation of a dealer for one brand (品牌授权, 第二十一条 授权经营合同): territory, term,
    contract; withdrawn (取消授权) from a day on, which stops new sales of the brand at the dealer's outlets."""

    dealer = models.ForeignKey(
        Dealer, verbose_name=_("经销商"), on_delete=models.CASCADE, related_name="authorisations"
    )
    brand = models.ForeignKey(Brand, verbose_name=_("品牌"), on_delete=models.PROTECT, related_name="authorisations")
    territory = models.CharField(_("授权区域"), max_length=128, blank=True)
    valid_from = models.DateField(_("授权起始日"))
    valid_to = models.DateField(_("授权截止日"), null=True, blank=True)
    contract_no = models.CharField(_("授权经营合同编号"), max_length=64, blank=True)
    contract_signed_on = models.DateField(_("合同签订日期"), null=True, blank=True)
    withdrawn_on = models.DateField(_("取消授权日期"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("取消原因"), max_length=256, blank=True)
    withdrawn_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("取消人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("品牌授权")
        verbose_name_plural = _("品牌授权")
        ordering = ["dealer__name", "brand__name", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["dealer", "brand"],
                condition=models.Q(withdrawn_on__isnull=True),
                name="network_authorisation_one_open_per_brand",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="network_authorisation_term_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dealer} · {self.brand}"


class OutletKind(models.TextChoices):
    SALES = "sales", _("销售网点")
    PARTS = "parts", _("配件供应网点")
    SERVICE = "service", _("售后服务网点")


class Outlet(models.Model):
    """One outlet of a dealer for one brand: a sales, parts or service point (网点), at a place with coordinates
    (county-level centroid of its address unless entered by hand). Closed outlets stay, with their day."""

    dealer = models.ForeignKey(Dealer, verbose_name=_("经销商"), on_delete=models.CASCADE, related_name="outlets")
    brand = models.ForeignKey(Brand, verbose_name=_("品牌"), on_delete=models.PROTECT, related_name="outlets")
    kind = models.CharField(_("网点类型"), max_length=16, choices=OutletKind.choices)
    name = models.CharField(_("网点名称"), max_length=128)
    address = models.CharField(_("地址"), max_length=256)
    phone = models.CharField(_("电话"), max_length=32, blank=True)
    city = models.CharField(_("所在城市"), max_length=32, blank=True)
    county = models.CharField(_("所在区县"), max_length=32, blank=True)
    adcode = models.CharField(_("行政区划代码"), max_length=6, blank=True)
    lat = models.FloatField(_("纬度"))
    lng = models.FloatField(_("经度"))
    located_by_hand = models.BooleanField(_("手工坐标"), default=False)
    closed_on = models.DateField(_("撤销日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("经销网点")
        verbose_name_plural = _("经销网点")
        ordering = ["dealer__name", "kind", "name"]
        indexes = [models.Index(fields=["brand", "kind"], name="network_outlet_brand_kind")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lat__gte=-90, lat__lte=90, lng__gte=-180, lng__lte=180),
                name="network_outlet_coordinates_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Sale(models.Model):
    """A sale recorded at a sales outlet (销售登记, 第三十二条 销售业务信息): one unit of the outlet's brand sold to an
    end user (第二十八条). Refused while the dealer is not authorised for the brand (第二十七条)."""

    outlet = models.ForeignKey(Outlet, verbose_name=_("销售网点"), on_delete=models.PROTECT, related_name="sales")
    brand = models.ForeignKey(Brand, verbose_name=_("品牌"), on_delete=models.PROTECT, related_name="sales")
    sold_on = models.DateField(_("销售日期"))
    buyer = models.CharField(_("购买人"), max_length=128)
    product = models.CharField(_("车型/产品"), max_length=128)
    serial = models.CharField(_("车架号/序列号"), max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", verbose_name=_("登记人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("销售登记")
        verbose_name_plural = _("销售登记")
        ordering = ["-sold_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.outlet} · {self.product}"
