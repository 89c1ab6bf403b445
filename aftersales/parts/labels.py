"""Translatable names of the store's codes (Chinese msgids, English in the `en` catalogue), keyed by stored value."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

MOVE_KIND = {
    "receive": _("入库"),
    "reserve": _("预留"),
    "release": _("取消预留"),
    "issue": _("领用出库"),
    "return": _("退回入库"),
    "scrap": _("报废"),
    "transfer": _("调拨"),
    "transfer_out": _("调拨出库"),
    "transfer_in": _("调拨入库"),
    "count_adjust": _("盘点调整"),
}
LOCATION_KIND = {"warehouse": _("仓库"), "van": _("工程师随车库"), "partner_store": _("合作伙伴库房")}
COUNT_STATUS = {"open": _("盘点中"), "closed": _("已完成"), "cancelled": _("已取消")}
LOANER_STATUS = {"available": _("可借"), "lent": _("已借出"), "repair": _("维修中"), "retired": _("已报废")}
LOANER_STATUS_COLOUR = {"available": "success", "lent": "primary", "repair": "warning", "retired": "secondary"}
GRADE = {1: _("入门级"), 2: _("标准级"), 3: _("高端级"), 4: _("关键级")}
