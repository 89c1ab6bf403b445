"""Reads of attachments: the files of one owner a user may see, and one file by id (404 when not visible)."""

from __future__ import annotations

from django.db.models import QuerySet

from aftersales.accounts import access
from aftersales.attachments.models import Attachment
from aftersales.core.errors import not_found


def attachment_visible(user) -> QuerySet[Attachment]:
    """Every attachment the user may open (the access table's ``attachments.read`` and its scope)."""
    condition = access.visible(user, "attachments.read", "attachment")
    if condition is None:
        return Attachment.objects.none()
    return Attachment.objects.filter(condition)


def attachment_list(user, owner_kind: str, owner_id: int) -> list[Attachment]:
    """The files of one request, visit, inspection or complaint that the user may open, oldest first."""
    return list(
        attachment_visible(user)
        .filter(owner_kind=owner_kind, owner_id=owner_id)
        .select_related("uploaded_by")
        .order_by("id")
    )


def attachment_get(user, attachment_id: int) -> Attachment:
    found = attachment_visible(user).filter(pk=attachment_id).first()
    if found is None:
        raise not_found("附件", "Attachment")
    return found
