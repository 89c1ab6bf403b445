"""States and kinds of the 家电下乡 subsidy ledger (篇3, 篇4, 篇9)."""

from django.db import models


class OutletKind(models.TextChoices):
    DIRECT = "direct", "直营"
    FRANCHISE = "franchise", "加盟"
    AUTHORISED = "authorised", "授权"


class OutletLevel(models.TextChoices):
    COUNTY = "county", "县城"
    TOWNSHIP = "township", "乡镇"


class OutletStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已备案"
    REJECTED = "rejected", "未通过"
    SUSPENDED = "suspended", "已暂停"


class ClaimStatus(models.TextChoices):
    FILED = "filed", "已申报"
    VERIFIED = "verified", "核查通过"
    FAILED = "failed", "核查不通过"
    PAID = "paid", "已拨付"
    CANCELLED = "cancelled", "已撤销（退货）"
    REFUNDED = "refunded", "补贴已退回"


# A claim in one of these states holds its household's category (篇4 二(三)1(4)).
HOLDING_STATES = (ClaimStatus.FILED, ClaimStatus.VERIFIED, ClaimStatus.PAID)
UNPAID_STATES = (ClaimStatus.FILED, ClaimStatus.VERIFIED)


class ReturnStatus(models.TextChoices):
    RETURNED = "returned", "已退货"
    PRE_RETURN = "pre_return", "预退货（待拨付）"
    AWAITING_REFUND = "awaiting_refund", "待退回补贴"


class ItemStatus(models.TextChoices):
    SOLD = "sold", "已售"
    RETURNING = "returning", "退货中"
    RETURNED = "returned", "已退货"


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
