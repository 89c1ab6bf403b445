"""``{% attachments_panel "ticket" ticket.id %}``: an owner's files and, when the user may, the upload form.

`phone=True` adds a camera button (``<input type=file accept="image/*" capture="environment">``) for the
engineer's phone pages.
"""

from __future__ import annotations

from django import template
from django.urls import reverse

from aftersales.accounts import access
from aftersales.attachments import selectors, services
from aftersales.attachments.choices import OWNER_PARAM, OwnerKind

register = template.Library()


@register.inclusion_tag("attachments/panel.html", takes_context=True)
def attachments_panel(context, owner_kind: str, owner_id: int, phone: bool = False):
    request = context["request"]
    user = request.user
    kind = OwnerKind(owner_kind)
    param = OWNER_PARAM[kind]
    may_add = access.allowed(user, f"attachments.{kind.value}", **{param: owner_id})
    return {
        "files": selectors.attachment_list(user, kind.value, owner_id),
        "may_add": may_add,
        "action": reverse(f"attachments:add_{kind.value}", kwargs={param: owner_id}) if may_add else "",
        "next": request.get_full_path(),
        "phone": phone,
        "owner_kind": kind.value,
        "max_mb": services.MAX_UPLOAD_BYTES // (1024 * 1024),
        "csrf_token": context.get("csrf_token"),
    }
