"""Template context shared by every page: the user's unread notifications count.

The count is lazy: it costs a query only when a template shows it (full pages do; htmx partials don't).
"""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from aftersales.notifications.models import Notification

    return {
        "unread_count": SimpleLazyObject(lambda: Notification.objects.filter(user=user, read_at__isnull=True).count())
    }
