"""Vendor case states and the warranty vocabulary shown to people (SPEC §3)."""

from django.db import models
from django.utils.translation import gettext_noop


class VendorCaseStatus(models.TextChoices):
    """Where a case with the vendor (厂商工单) stands; the allowed moves are in `policy/vendor_case.py`."""

    OPENED = "opened", gettext_noop("已上报厂商")
    ACKNOWLEDGED = "acknowledged", gettext_noop("厂商已受理")
    PART_SHIPPED = "part_shipped", gettext_noop("备件已发出")
    RESOLVED = "resolved", gettext_noop("厂商已解决")
    CLOSED = "closed", gettext_noop("已关闭")


# The vendor still owes something: its deadlines run and the case may be overdue.
OPEN = frozenset({VendorCaseStatus.OPENED, VendorCaseStatus.ACKNOWLEDGED, VendorCaseStatus.PART_SHIPPED})
DONE = frozenset({VendorCaseStatus.RESOLVED, VendorCaseStatus.CLOSED})

REMEDY_LABELS = {
    "return": ("退货", "Return"),
    "exchange_or_repair": ("换货或修理", "Exchange or repair"),
    "repair": ("免费维修", "Free repair"),
    "replace": ("免费更换", "Free replacement"),
    "paid_repair": ("保修期外维修", "Out-of-warranty repair"),
}
CHARGE_LABELS = {
    "free": ("免费", "Free"),
    "at_cost": ("按成本价收费", "At cost"),
    "charged": ("按价目表收费", "Charged at list price"),
}
