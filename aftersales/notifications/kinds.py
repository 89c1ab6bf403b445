"""Event kinds that users can set channels for (通知事件类型), with their translatable names.

Apps send with any `kind`; these are the ones the preferences page lists by name. A kind not listed here
still follows the user's `*` row (or the defaults) and can be set through the API.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

KINDS = {
    "*": _("全部类型（默认）"),
    "escalation": _("升级提醒"),
    "dispatch": _("派工通知"),
    "planned_visit": _("上门服务预约"),
    "callback_due": _("回访到期"),
    "callback_unresolved": _("回访未解决"),
    "complaint_opened": _("新投诉"),
    "complaint_escalated": _("投诉升级"),
    "complaint_replied": _("投诉答复"),
    "follow_up": _("跟踪回访"),
    "maintenance_reminder": _("保养提醒"),
    "bulletin": _("及时通知"),
    "bulletin_reminder": _("及时通知确认提醒"),
    "request_progress": _("服务请求进展（客户）"),
    "request_reply": _("服务请求留言"),
}
KIND_PATTERN = re.compile(r"^(\*|[a-z][a-z0-9_]{0,31})$")


def kind_label(kind: str) -> str:
    return str(KINDS.get(kind, kind))
