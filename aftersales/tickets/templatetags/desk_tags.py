"""The desk's template tags: the live-update poll interval for a page that the queue's view does not render."""

from __future__ import annotations

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def live_poll() -> str:
    """Seconds between live-update polls (settings.AFTERSALES_LIVE_POLL_SECONDS), for a data-poll attribute."""
    return f"{settings.AFTERSALES_LIVE_POLL_SECONDS:g}"
