"""Base models: creation and update stamps with the optimistic-concurrency version; a timeline line."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Every domain row knows when it was created and last changed, and which version it is.

    `version` starts at 1 and is bumped by the one service that writes the row; an update based on an
    older version is refused (409) instead of overwriting what someone else saved in between.
    """

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        abstract = True


class TimelineEvent(models.Model):
    """One line of a timeline (a request's, a complaint's): who did what, when, from which status to which
    tier, and why. `at` is when it happened, `recorded_at` when it was written down (calls logged later)."""

    action = models.CharField(_("动作"), max_length=24)
    from_status = models.CharField(_("原状态"), max_length=20, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20, blank=True)
    tier = models.PositiveSmallIntegerField(_("层级"), default=1)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("操作人"),
    )
    at = models.DateTimeField(_("发生时间"))
    recorded_at = models.DateTimeField(_("记录时间"))
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        abstract = True


class IdempotencyRecord(models.Model):
    """The first answer to a POST that carried an Idempotency-Key, replayed for retries of the same key and
    body (`request_hash`, SHA-256) for 24 hours; `core.idempotency.idempotency_purge` deletes older ones."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=128)
    scope = models.CharField(max_length=64)
    request_hash = models.CharField(max_length=64, default="")
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "scope", "key"], name="idempotency_unique")]
        indexes = [models.Index(fields=["created_at"], name="idempotency_created_at")]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key}"
