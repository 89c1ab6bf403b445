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

    context = {
        "unread_count": SimpleLazyObject(lambda: Notification.objects.filter(user=user, read_at__isnull=True).count())
    }
    if user.has_role("supervisor", "admin"):
        # Issue 9 defect 12: from December on, next year's holidays must be entered before deadlines run into it.
        from aftersales.core import clock
        from aftersales.sla.selectors import missing_holiday_year

        context["holidays_missing_year"] = SimpleLazyObject(lambda: missing_holiday_year(clock.today()) or "")
    return context
