"""The notification preferences page (通知设置): each user picks the channels per event kind and a language."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from aftersales.core.errors import DomainError
from aftersales.notifications import selectors, services
from aftersales.notifications.models import Language, NotificationPreference

CHANNELS = ("in_app", "email", "sms", "webhook")


@login_required
def preference_page(request: HttpRequest) -> HttpResponse:
    """GET: the table of kinds × channels. POST: save every row shown (what is ticked is what is sent)."""
    rows = selectors.preference_list(request.user)
    if request.method == "POST":
        language = request.POST.get("language", "")
        items = []
        for row in rows:
            item = {channel: f"{row.kind}:{channel}" in request.POST for channel in CHANNELS}
            item["kind"] = row.kind
            item["language"] = language if row.kind == NotificationPreference.ALL_KINDS else ""
            items.append(item)
        try:
            services.preferences_update(user=request.user, items=items)
        except DomainError as exc:
            messages.error(request, exc.message(request.LANGUAGE_CODE))
        else:
            messages.success(request, _("通知设置已保存"))
        return redirect("notifications:preferences")
    default = next(row for row in rows if row.kind == NotificationPreference.ALL_KINDS)
    return render(
        request,
        "notifications/preferences.html",
        {
            "rows": rows,
            "channels": CHANNELS,
            "language": default.language or Language.ZH_HANS,
            "nav": "preferences",
        },
    )
