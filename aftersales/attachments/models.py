"""Attachments (附件): photos and PDFs on service requests, visits, inspections and complaints.

One model for every area, with a generic owner (`owner_kind` + `owner_id`) rather than one table per area:
the checks (type sniffed from the bytes, size, downscaling) and the guarded download are the same everywhere.
The request and the customer the owner belongs to are copied onto the row when it is written, so the access
table can scope attachments with plain column filters (docs/decisions/020-attachments-portal-labels.md).
The file itself lives in Django's default storage (var/media locally, an S3-compatible bucket when
configured) and is never served from a public URL: only `attachments:file` hands it out.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftersales.attachments.choices import OwnerKind


def attachment_path(instance: Attachment, filename: str) -> str:
    """A storage name that says nothing about the content: attachments/<year>/<month>/<random>.<ext>."""
    return filename  # the service names the file itself (see services._storage_name)


class Attachment(models.Model):
    """One uploaded file (附件) of a request, visit, inspection or complaint."""

    owner_kind = models.CharField(_("所属类型"), max_length=16, choices=OwnerKind.choices)
    owner_id = models.PositiveBigIntegerField(_("所属对象"))
    # Copied from the owner when the file is attached (for scoping; see the module docstring).
    ticket = models.ForeignKey(
        "tickets.Ticket",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("服务请求"),
        db_index=False,
    )
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="+", verbose_name=_("客户"), db_index=False
    )
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=200)
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=64)
    size = models.PositiveIntegerField(_("大小（字节）"))
    width = models.PositiveIntegerField(_("宽度"), null=True, blank=True)
    height = models.PositiveIntegerField(_("高度"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("上传人"),
    )
    uploaded_at = models.DateTimeField(_("上传时间"))

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["owner_kind", "owner_id", "id"]
        indexes = [
            models.Index(fields=["owner_kind", "owner_id"], name="attachment_owner"),
            models.Index(fields=["ticket"], name="attachment_ticket", condition=models.Q(ticket__isnull=False)),
            models.Index(fields=["customer", "owner_kind"], name="attachment_customer_kind"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
