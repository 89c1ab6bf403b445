"""Callback and survey states, question kinds, and who may do what (SPEC §4; 篇1 2.9, 篇7)."""

from django.db import models


class CallbackStatus(models.TextChoices):
    PENDING = "pending", "待回访"
    DONE = "done", "已回访"
    UNREACHABLE = "unreachable", "无法联系"
    CANCELLED = "cancelled", "已取消"


class Score(models.IntegerChoices):
    """A 1–5 answer (满意度, 服务态度, rating questions)."""

    VERY_UNHAPPY = 1, "很不满意"
    UNHAPPY = 2, "不满意"
    NEUTRAL = 3, "一般"
    HAPPY = 4, "满意"
    VERY_HAPPY = 5, "很满意"


class QuestionKind(models.TextChoices):
    RATING = "rating", "评分（1–5）"
    YES_NO = "yes_no", "是/否"
    CHOICE = "choice", "单选"
    TEXT = "text", "文字"


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    LAUNCHED = "launched", "进行中"
    CLOSED = "closed", "已结束"


class InvitationChannel(models.TextChoices):
    """How the invitation reaches the customer: an e-mailed link, or a call by a callback specialist."""

    EMAIL = "email", "电子邮件"
    PHONE = "phone", "电话"


class ResponseChannel(models.TextChoices):
    LINK = "link", "链接"
    PHONE = "phone", "电话录入"


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
