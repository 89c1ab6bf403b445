"""Translatable labels of callback and survey values for the pages (the model choices hold the Chinese)."""

from django.utils.translation import gettext_lazy as _

CALLBACK_STATUS = {
    "pending": _("待回访"),
    "done": _("已回访"),
    "unreachable": _("无法联系"),
    "cancelled": _("已取消"),
}
SURVEY_STATUS = {
    "draft": _("草稿"),
    "launched": _("进行中"),
    "closed": _("已结束"),
}
QUESTION_KIND = {
    "rating": _("评分（1–5）"),
    "yes_no": _("是/否"),
    "choice": _("单选"),
    "text": _("文字"),
}
CHANNEL = {
    "email": _("电子邮件"),
    "phone": _("电话"),
    "link": _("链接"),
}
