"""Dispatch states, satisfaction scores and who may do what (SPEC §3)."""

from django.db import models
from django.utils.translation import gettext_noop

from aftersales.accounts.choices import Role


class DispatchStatus(models.TextChoices):
    """A dispatch is active until it is replaced by a re-dispatch or cancelled; both are kept as history."""

    ACTIVE = "active", gettext_noop("有效")
    REPLACED = "replaced", gettext_noop("已改派")
    CANCELLED = "cancelled", gettext_noop("已取消")


class Satisfaction(models.IntegerChoices):
    VERY_UNHAPPY = 1, gettext_noop("很不满意")
    UNHAPPY = 2, gettext_noop("不满意")
    NEUTRAL = 3, gettext_noop("一般")
    HAPPY = 4, gettext_noop("满意")
    VERY_HAPPY = 5, gettext_noop("很满意")


# Who dispatches and who records visits is the access table's (accounts/access_table.py: dispatch.*, visits.*).
# Who can be an engineer (a field worker): our own engineers and partner companies' engineers.
ENGINEER_ROLES = frozenset({Role.ENGINEER, Role.PARTNER})
