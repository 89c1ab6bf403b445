"""States and kinds of the 家电下乡 subsidy ledger (篇3, 篇4, 篇9)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutletKind(models.TextChoices):
    DIRECT = "direct", _("直营")
    FRANCHISE = "franchise", _("加盟")
    AUTHORISED = "authorised", _("授权")


class OutletLevel(models.TextChoices):
    COUNTY = "county", _("县城")
    TOWNSHIP = "township", _("乡镇")


class OutletStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已备案")
    REJECTED = "rejected", _("未通过")
    SUSPENDED = "suspended", _("已暂停")


class ClaimStatus(models.TextChoices):
    FILED = "filed", _("已申报")
    VERIFIED = "verified", _("核查通过")
    FAILED = "failed", _("核查不通过")
    PAID = "paid", _("已拨付")
    CANCELLED = "cancelled", _("已撤销（退货）")
    REFUNDED = "refunded", _("补贴已退回")


# A claim in one of these states holds its household's category (篇4 二(三)1(4)).
HOLDING_STATES = (ClaimStatus.FILED, ClaimStatus.VERIFIED, ClaimStatus.PAID)
UNPAID_STATES = (ClaimStatus.FILED, ClaimStatus.VERIFIED)


class ReturnStatus(models.TextChoices):
    RETURNED = "returned", _("已退货")
    PRE_RETURN = "pre_return", _("预退货（待拨付）")
    AWAITING_REFUND = "awaiting_refund", _("待退回补贴")


class ItemStatus(models.TextChoices):
    SOLD = "sold", _("已售")
    RETURNING = "returning", _("退货中")
    RETURNED = "returned", _("已退货")


DEFAULT_CATEGORIES = (
    # code, name, cap (yuan) — 篇4 一(一), 篇9 二
    ("tv", "彩电", "2000.00"),
    ("fridge", "冰箱（含冰柜）", "2500.00"),
    ("mobile", "手机", "1000.00"),
    ("washer", "洗衣机", "2000.00"),
)
CATEGORY_NAMES_EN = {
    "tv": "Colour TV",
    "fridge": "Fridge (incl. freezer)",
    "mobile": "Mobile phone",
    "washer": "Washer",
}
