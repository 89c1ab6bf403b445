"""Callbacks after every resolved request (回访) and satisfaction survey campaigns (满意度调查).

SPEC §4; 篇1 2.9 (对每一个报修请求，都将有回访专员进行电话回访); 篇7 (每年两个月集中进行满意度回访、统计).
Rows change only through `followups.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aftersales.core.models import TimeStampedModel
from aftersales.followups.choices import (
    DEFAULT_LINK_DAYS,
    CallbackStatus,
    InvitationChannel,
    QuestionKind,
    ResponseChannel,
    Score,
    SurveyStatus,
)


class Callback(TimeStampedModel):
    """The phone call (回访) after one resolution of a request: was it solved, how satisfied, how courteous.

    One per resolution: `resolved_at` is the resolution it follows, so a request reopened and resolved again
    gets a new one. Scores are integers 1–5 for the assessment reports.
    """

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="callbacks", verbose_name=_("服务请求")
    )
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="callbacks", verbose_name=_("客户")
    )
    resolved_at = models.DateTimeField(_("解决时间"))
    due_on = models.DateField(_("应回访日期"), db_index=True)
    status = models.CharField(_("状态"), max_length=16, choices=CallbackStatus.choices, default=CallbackStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("未接通次数"), default=0)
    answered_by = models.CharField(_("接听人"), max_length=64, blank=True)
    resolved = models.BooleanField(_("问题是否解决"), null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(_("满意度"), choices=Score.choices, null=True, blank=True)
    courtesy = models.PositiveSmallIntegerField(_("服务态度"), choices=Score.choices, null=True, blank=True)
    remarks = models.TextField(_("备注"), blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("回访人"),
    )
    done_at = models.DateTimeField(_("回访时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("回访")
        verbose_name_plural = _("回访")
        constraints = [
            models.UniqueConstraint(fields=["ticket", "resolved_at"], name="callback_one_per_resolution"),
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True) | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="callback_satisfaction_1_5",
            ),
            models.CheckConstraint(
                condition=Q(courtesy__isnull=True) | Q(courtesy__gte=1, courtesy__lte=5), name="callback_courtesy_1_5"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_on", "id"], name="callback_status_due"),
            # the scores given since the management view's rollup ran (reports.selectors.rated_days)
            models.Index(fields=["done_at"], name="callback_rated_done_at", condition=Q(satisfaction__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"回访 {self.ticket_id} {self.due_on}"

    @property
    def source_key(self) -> str:
        """The key of its work item (待办) in `plans`."""
        return f"callback:{self.pk}"


class CallbackAttempt(models.Model):
    """One call made for a callback: who called, when, and whether anyone answered (the audit of 回访)."""

    callback = models.ForeignKey(Callback, on_delete=models.CASCADE, related_name="calls", verbose_name=_("回访"))
    at = models.DateTimeField(_("呼叫时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("回访人")
    )
    reached = models.BooleanField(_("已接通"))
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("回访呼叫")
        verbose_name_plural = _("回访呼叫")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.callback_id} {self.at:%Y-%m-%d %H:%M}"


class Survey(TimeStampedModel):
    """A survey campaign (满意度调查), e.g. the annual July–August survey of 篇7, with its target filter.

    The filter (regions, key accounts only, assets of a category / vendor, a request reported between two dates)
    is resolved at launch into one invitation per contact of each matching customer.
    """

    name = models.CharField(_("名称"), max_length=128)
    description = models.TextField(_("说明"), blank=True, help_text=_("显示在问卷开头"))
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    status = models.CharField(_("状态"), max_length=16, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT)
    link_days = models.PositiveSmallIntegerField(_("链接有效天数"), default=DEFAULT_LINK_DAYS)
    # target filter
    regions = models.ManyToManyField("customers.Region", blank=True, related_name="+", verbose_name=_("地区"))
    key_accounts_only = models.BooleanField(_("仅重点客户"), default=False)
    asset_category = models.CharField(_("设备类别"), max_length=32, blank=True)
    asset_vendor = models.ForeignKey(
        "assets.Vendor", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("设备厂商")
    )
    requests_from = models.DateField(_("报修起始日期"), null=True, blank=True)
    requests_to = models.DateField(_("报修截止日期"), null=True, blank=True)
    # launch
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("创建人")
    )
    launched_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    launched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("发布人"),
    )
    link_base = models.CharField(_("链接地址前缀"), max_length=200, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("满意度调查")
        verbose_name_plural = _("满意度调查")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="survey_period_ordered")
        ]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    """One question of a survey, in order: a 1–5 rating, yes/no, one choice among `options`, or free text."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("调查"))
    position = models.PositiveSmallIntegerField(_("序号"))
    kind = models.CharField(_("题型"), max_length=16, choices=QuestionKind.choices)
    text = models.CharField(_("题目"), max_length=300)
    options = models.JSONField(_("选项"), default=list, blank=True)
    is_required = models.BooleanField(_("必答"), default=True)

    class Meta:
        verbose_name = _("调查题目")
        verbose_name_plural = _("调查题目")
        ordering = ["survey", "position"]
        constraints = [models.UniqueConstraint(fields=["survey", "position"], name="question_position_unique")]

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"


class SurveyInvitation(models.Model):
    """One invited person: a contact of a target customer (or the customer itself when it has no contacts).

    With an e-mail address the link is mailed; without, a callback specialist calls and enters the answers.
    The link carries a signed token of (id, nonce); it works once, until `expires_at`.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("调查"))
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="survey_invitations", verbose_name=_("客户")
    )
    contact = models.ForeignKey(
        "customers.Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("联系人"),
    )
    name = models.CharField(_("受访人"), max_length=128)
    email = models.EmailField(_("电子邮件"), blank=True)
    phone = models.CharField(_("电话"), max_length=32, blank=True)
    channel = models.CharField(_("邀请方式"), max_length=8, choices=InvitationChannel.choices)
    nonce = models.CharField(max_length=32)
    expires_at = models.DateTimeField(_("链接失效时间"))
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("提醒时间"), null=True, blank=True)
    responded_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    response_channel = models.CharField(_("答复方式"), max_length=8, choices=ResponseChannel.choices, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("录入人"),
    )

    class Meta:
        verbose_name = _("调查邀请")
        verbose_name_plural = _("调查邀请")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "customer", "contact"],
                condition=Q(contact__isnull=False),
                name="invitation_one_per_contact",
            ),
            models.UniqueConstraint(
                fields=["survey", "customer"],
                condition=Q(contact__isnull=True),
                name="invitation_one_per_customer_without_contact",
            ),
        ]
        indexes = [
            models.Index(fields=["survey", "responded_at"], name="invitation_survey_responded"),
            # the answers since the management view's rollup ran, of every survey (reports.selectors.rated_days)
            models.Index(
                fields=["responded_at"], name="invitation_responded_at", condition=Q(responded_at__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id} {self.name}"

    @property
    def source_key(self) -> str:
        """The key of its phone follow-up work item (待办) in `plans`."""
        return f"survey:{self.survey_id}:invitation:{self.pk}"


class SurveyAnswer(models.Model):
    """The answer of one invitation to one question; exactly the column of the question's kind is filled."""

    invitation = models.ForeignKey(
        SurveyInvitation, on_delete=models.CASCADE, related_name="answers", verbose_name=_("调查邀请")
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("题目"))
    rating = models.PositiveSmallIntegerField(_("评分"), null=True, blank=True)
    yes = models.BooleanField(_("是/否"), null=True, blank=True)
    choice = models.CharField(_("选项"), max_length=100, blank=True)
    text = models.TextField(_("文字"), blank=True)

    class Meta:
        verbose_name = _("调查答案")
        verbose_name_plural = _("调查答案")
        constraints = [
            models.UniqueConstraint(fields=["invitation", "question"], name="answer_one_per_question"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="answer_rating_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invitation_id}/{self.question_id}"
