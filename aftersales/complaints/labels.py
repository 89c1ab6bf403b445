"""Translatable names of the complaint codes the pages show (Chinese msgids, English in the `en` catalogue)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

STATUS = {
    "received": pgettext_lazy("complaint", "已受理"),
    "replied": _("已回复"),
    "escalated_senior": _("已升级高级工程师"),
    "escalated_manager": _("领导到场"),
    "resolved": pgettext_lazy("complaint", "已解决"),
    "closed": pgettext_lazy("complaint", "已关闭"),
}

STATUS_COLOUR = {
    "received": "danger",
    "replied": "info",
    "escalated_senior": "warning",
    "escalated_manager": "warning",
    "resolved": "success",
    "closed": "secondary",
}

SOURCE = {
    "hotline": _("监督电话"),
    "callback": pgettext_lazy("complaint source", "回访"),
    "portal": _("客户门户"),
    "email": pgettext_lazy("complaint source", "电子邮件"),
    "walk_in": pgettext_lazy("complaint source", "来访"),
}

AGAINST = {
    "engineer": pgettext_lazy("complaint against", "工程师"),
    "partner": pgettext_lazy("complaint against", "合作伙伴"),
    "company": pgettext_lazy("complaint against", "公司"),
}

TIER = {
    1: _("客服/值班"),
    2: _("高级工程师"),
    3: _("公司领导到场"),
}

SEVERITY = {
    1: pgettext_lazy("complaint severity", "严重"),
    2: pgettext_lazy("complaint severity", "一般"),
    3: pgettext_lazy("complaint severity", "轻微"),
}

ACTION = {
    "create": pgettext_lazy("complaint", "受理投诉"),
    "reply": pgettext_lazy("complaint", "回复"),
    "escalate": pgettext_lazy("complaint", "升级"),
    "auto_escalate": pgettext_lazy("complaint", "超时自动升级"),
    "resolve": pgettext_lazy("complaint", "解决"),
    "close": pgettext_lazy("complaint", "关闭"),
    "update": pgettext_lazy("complaint", "修改"),
}

ACTION_STYLE = {
    "reply": "primary",
    "escalate": "warning",
    "resolve": "success",
    "close": "secondary",
}

DEADLINE = {
    "reply": pgettext_lazy("complaint deadline", "回复"),
    "senior": pgettext_lazy("complaint deadline", "高级工程师介入"),
    "manager": pgettext_lazy("complaint deadline", "领导到场"),
}
