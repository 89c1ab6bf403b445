"""Template context shared by every page: the user's unread notifications count."""

from __future__ import annotations


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from aftersales.notifications.models import Notification

    return {"unread_count": Notification.objects.filter(user=user, read_at__isnull=True).count()}
