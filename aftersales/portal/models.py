"""Replies (留言) between a customer and the service desk on one request.

A reply is part of the conversation the customer sees; the desk's own notes stay on the request's timeline.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Reply(models.Model):
    """One message on a request's conversation, from the customer or from our side (客户留言 / 回复)."""

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="replies", verbose_name=_("服务请求"), db_index=False
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("留言人"),
    )
    from_customer = models.BooleanField(_("客户留言"), default=False)
    body = models.TextField(_("内容"))
    created_at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("留言")
        verbose_name_plural = _("留言")
        ordering = ["ticket", "id"]
        indexes = [models.Index(fields=["ticket", "id"], name="reply_ticket_id")]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.body[:30]}"
