"""Callback and survey states, question kinds, and who may do what (SPEC §4; 篇1 2.9, 篇7)."""

from django.db import models
from django.utils.translation import gettext_noop


class CallbackStatus(models.TextChoices):
    PENDING = "pending", gettext_noop("待回访")
    DONE = "done", gettext_noop("已回访")
    UNREACHABLE = "unreachable", gettext_noop("无法联系")
    CANCELLED = "cancelled", gettext_noop("已取消")


class Score(models.IntegerChoices):
    """A 1–5 answer (满意度, 服务态度, rating questions)."""

    VERY_UNHAPPY = 1, gettext_noop("很不满意")
    UNHAPPY = 2, gettext_noop("不满意")
    NEUTRAL = 3, gettext_noop("一般")
    HAPPY = 4, gettext_noop("满意")
    VERY_HAPPY = 5, gettext_noop("很满意")


class QuestionKind(models.TextChoices):
    RATING = "rating", gettext_noop("评分（1–5）")
    YES_NO = "yes_no", gettext_noop("是/否")
    CHOICE = "choice", gettext_noop("单选")
    TEXT = "text", gettext_noop("文字")


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", gettext_noop("草稿")
    LAUNCHED = "launched", gettext_noop("进行中")
    CLOSED = "closed", gettext_noop("已结束")


class InvitationChannel(models.TextChoices):
    """How the invitation reaches the customer: an e-mailed link, or a call by a callback specialist."""

    EMAIL = "email", gettext_noop("电子邮件")
    PHONE = "phone", gettext_noop("电话")


class ResponseChannel(models.TextChoices):
    LINK = "link", gettext_noop("链接")
    PHONE = "phone", gettext_noop("电话录入")


FINISHED_CALLBACK = frozenset({CallbackStatus.DONE, CallbackStatus.UNREACHABLE, CallbackStatus.CANCELLED})
# After this many unanswered calls the callback is closed as unreachable.
MAX_UNREACHABLE_ATTEMPTS = 3
# Satisfaction at or below this opens a complaint (SPEC §4: an unhappy answer opens a complaint).
COMPLAINT_AT_OR_BELOW = 2
# A survey link is valid this many days after launch unless the survey says otherwise.
DEFAULT_LINK_DAYS = 30
# An e-mailed invitation not answered after this many days gets one reminder.
REMINDER_AFTER_DAYS = 7

# Who records callbacks and runs surveys (and who reads them) is the access table's: followups.write / .read.
