"""Dispatch states, satisfaction scores and who may do what (SPEC §3)."""

from django.db import models

from aftersales.accounts.choices import Role


class DispatchStatus(models.TextChoices):
    """A dispatch is active until it is replaced by a re-dispatch or cancelled; both are kept as history."""

    ACTIVE = "active", "有效"
    REPLACED = "replaced", "已改派"
    CANCELLED = "cancelled", "已取消"


class Satisfaction(models.IntegerChoices):
    VERY_UNHAPPY = 1, "很不满意"
    UNHAPPY = 2, "不满意"
    NEUTRAL = 3, "一般"
    HAPPY = 4, "满意"
    VERY_HAPPY = 5, "很满意"


# Who dispatches and who records visits is the access table's (accounts/access_table.py: dispatch.*, visits.*).
# Who can be an engineer (a field worker): our own engineers and partner companies' engineers.
ENGINEER_ROLES = frozenset({Role.ENGINEER, Role.PARTNER})
