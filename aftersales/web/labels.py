"""Translatable names of the codes the pages show: statuses, channels, tiers, classes, actions, deadlines.

The models' choice labels are plain Chinese strings; these are the same words marked for gettext (Chinese
msgids, English in the `en` catalogue), so a page in English shows English names. Keys are the stored
values.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

STATUS = {
    "received": _("已受理"),
    "responded": _("已响应"),
    "escalated": _("已升级"),
    "dispatched": _("已派工"),
    "on_site": _("已到场"),
    "restored": _("已恢复"),
    "resolved": _("已解决"),
    "closed": _("已关闭"),
    "waiting_customer": _("等待客户"),
    "reopened": _("已重开"),
    "cancelled": _("已取消"),
}

# Bootstrap colour of each status badge.
STATUS_COLOUR = {
    "received": "primary",
    "responded": "info",
    "escalated": "warning",
    "dispatched": "info",
    "on_site": "info",
    "restored": "success",
    "resolved": "success",
    "closed": "secondary",
    "waiting_customer": "light",
    "reopened": "primary",
    "cancelled": "secondary",
}

CHANNEL = {
    "phone": _("电话"),
    "fax": _("传真"),
    "letter": _("信函"),
    "email": _("电子邮件"),
    "walk_in": _("来访"),
    "web": _("网站"),
    "api": _("API"),
    "qr": _("设备二维码"),
}

TIER = {
    1: _("服务台"),
    2: _("专家组"),
    3: _("厂商TSC"),
    4: _("领导到场"),
}

SEVERITY = {
    1: _("一类 严重故障"),
    2: _("二类 主要故障"),
    3: _("三类 一般故障"),
    4: _("四类 非故障"),
}

SEVERITY_SHORT = {
    1: _("一类"),
    2: _("二类"),
    3: _("三类"),
    4: _("四类"),
}

# What each class means and its default targets (SPEC §2; 篇1 4.9, 故障响应时间表).
SEVERITY_HELP = {
    1: _("系统瘫痪，业务中断。默认：5分钟响应，立即提交专家组，4小时恢复；合肥市40分钟、省内5小时到场。"),
    2: _("严重影响系统运行。默认：10分钟响应，0.5小时未解决即提交，4小时恢复；合肥市1小时、省内6小时到场。"),
    3: _("部分功能受限。默认：10分钟响应，1小时未解决即提交，4小时恢复；合肥市1小时、省内8小时到场。"),
    4: _("非我方原因的问题，仍协助处理。默认：10分钟响应，1小时未解决即提交；合肥市2小时、省内10小时到场。"),
}

ACTION = {
    "create": pgettext_lazy("timeline", "受理"),
    "auto_escalate": _("自动升级"),
    "update": _("修改"),
    "respond": _("响应"),
    "escalate": _("升级"),
    "dispatch": _("派工"),
    "arrive": _("到场"),
    "restore": _("恢复系统"),
    "resolve": _("解决"),
    "close": _("关闭"),
    "wait_customer": _("等待客户"),
    "resume": _("继续处理"),
    "reopen": _("重新打开"),
    "cancel": _("取消"),
    "redispatch": _("改派"),
    "dispatch_record": _("派工"),
    "dispatch_cancel": _("取消派工"),
    "visit_signed": _("服务报告签字"),
    "callback": _("回访"),
}

# Bootstrap button style of each action on the request page.
ACTION_STYLE = {
    "respond": "primary",
    "escalate": "warning",
    "dispatch": "primary",
    "arrive": "primary",
    "restore": "success",
    "resolve": "success",
    "close": "secondary",
    "wait_customer": "outline-secondary",
    "resume": "primary",
    "reopen": "outline-primary",
    "cancel": "outline-danger",
}

DEADLINE = {
    "respond": _("响应"),
    "escalate": pgettext_lazy("deadline", "提交"),
    "arrive": _("到场"),
    "restore": _("恢复"),
    "resolve": _("解决"),
}

ZONE = {
    "local": _("合肥市"),
    "province": _("安徽省内"),
    "elsewhere": _("省外"),
}

ROLE = {
    "agent": _("客服坐席"),
    "engineer": _("工程师"),
    "expert": _("专家组"),
    "supervisor": _("主管"),
    "customer": _("客户用户"),
    "admin": _("管理员"),
    "partner": _("合作伙伴工程师"),
    "warehouse": _("备件库管理员"),
    "callback": _("回访专员"),
}
