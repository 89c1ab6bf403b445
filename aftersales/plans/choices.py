"""Kinds of service-plan rules and what each one generates (SPEC §4; 篇1 2.11, 2.12; 篇6; 篇7)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_noop

from aftersales.accounts.choices import Role
from aftersales.plans.policy.schedule import Cadence


class WorkItemKind(models.TextChoices):
    """What a work item (待办) is; every app that puts work on someone's day picks one."""

    CALLBACK = "callback", gettext_noop("回访")
    PHONE_CALL = "phone_call", gettext_noop("电话回访")
    INSPECTION = "inspection", gettext_noop("巡检")
    LEADERSHIP_VISIT = "leadership_visit", gettext_noop("领导走访")
    TRAINING = "training", gettext_noop("培训")
    SURVEY = "survey", gettext_noop("满意度调查")
    FOLLOW_UP = "follow_up", gettext_noop("跟踪回访")
    MAINTENANCE_REMINDER = "maintenance_reminder", gettext_noop("保养提醒")
    EVENT_PHONE = "event_phone", gettext_noop("活动电话通知")
    EVENT_LETTER = "event_letter", gettext_noop("活动信函通知")
    COMPLAINT = "complaint", gettext_noop("投诉处理")
    BULLETIN = "bulletin", gettext_noop("通知确认")
    OTHER = "other", gettext_noop("其他")


class PlanRuleKind(models.TextChoices):
    MONTHLY_CALL = "monthly_call", gettext_noop("每月电话回访")
    QUARTERLY_INSPECTION = "quarterly_inspection", gettext_noop("每季度上门巡检")
    MONTHLY_INSPECTION = "monthly_inspection", gettext_noop("验收后每月巡检")
    LEADERSHIP_VISIT = "leadership_visit", gettext_noop("每季度领导走访")
    TRAINING = "training", gettext_noop("培训（每年5月、10月）")
    SATISFACTION_SURVEY = "satisfaction_survey", gettext_noop("年度满意度调查（7–8月）")


CADENCE = {
    PlanRuleKind.MONTHLY_CALL: Cadence.MONTHLY,
    PlanRuleKind.QUARTERLY_INSPECTION: Cadence.QUARTERLY,
    PlanRuleKind.MONTHLY_INSPECTION: Cadence.MONTHLY,
    PlanRuleKind.LEADERSHIP_VISIT: Cadence.QUARTERLY,
    PlanRuleKind.TRAINING: Cadence.TRAINING,
    PlanRuleKind.SATISFACTION_SURVEY: Cadence.SURVEY,
}
"""How often each kind repeats."""

WORK_ITEM_KIND = {
    PlanRuleKind.MONTHLY_CALL: WorkItemKind.PHONE_CALL,
    PlanRuleKind.QUARTERLY_INSPECTION: WorkItemKind.INSPECTION,
    PlanRuleKind.MONTHLY_INSPECTION: WorkItemKind.INSPECTION,
    PlanRuleKind.LEADERSHIP_VISIT: WorkItemKind.LEADERSHIP_VISIT,
    PlanRuleKind.TRAINING: WorkItemKind.TRAINING,
    PlanRuleKind.SATISFACTION_SURVEY: WorkItemKind.SURVEY,
}
"""The kind of work item each rule puts on someone's day."""

DEFAULT_ROLE = {
    PlanRuleKind.MONTHLY_CALL: Role.CALLBACK,
    PlanRuleKind.QUARTERLY_INSPECTION: Role.ENGINEER,
    PlanRuleKind.MONTHLY_INSPECTION: Role.ENGINEER,
    PlanRuleKind.LEADERSHIP_VISIT: Role.SUPERVISOR,
    PlanRuleKind.TRAINING: Role.ENGINEER,
    PlanRuleKind.SATISFACTION_SURVEY: Role.CALLBACK,
}
"""Whose pool gets the work when a rule names no person (回访专员, 工程师, 主管)."""

MONTHS_IN_PERIOD = {Cadence.MONTHLY: 1, Cadence.QUARTERLY: 3, Cadence.TRAINING: 1, Cadence.SURVEY: 2}

# Who may see the overdue report and hand an absent person's work to someone else.
SUPERVISING_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})
# Who may configure service plans.
PLAN_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})
