"""Template filters of the 4S follow-up pages."""

from __future__ import annotations

import datetime as dt

from django import template

from aftersales.vehicles import selectors

register = template.Library()


@register.filter
def person(user) -> str:
    """A user's name as the registers show it (姓名, or the username)."""
    return selectors.person_label(user)


@register.filter
def cell(value) -> str:
    """A register cell on the page: dates as YYYY-MM-DD, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    return str(value)


@register.filter
def percent(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"
