"""Template filters of the store's pages: translated names of move kinds, statuses and grades."""

from __future__ import annotations

from django import template

from aftersales.parts import labels
from aftersales.web.templatetags.web_tags import label_for

register = template.Library()


@register.filter
def move_kind_label(value):
    return label_for(labels.MOVE_KIND, value)


@register.filter
def location_kind_label(value):
    return label_for(labels.LOCATION_KIND, value)


@register.filter
def count_status_label(value):
    return label_for(labels.COUNT_STATUS, value)


@register.filter
def loaner_status_label(value):
    return label_for(labels.LOANER_STATUS, value)


@register.filter
def loaner_status_colour(value):
    return labels.LOANER_STATUS_COLOUR.get(value, "secondary")


@register.filter
def grade_label(value):
    try:
        return label_for(labels.GRADE, int(value))
    except (TypeError, ValueError):
        return value


@register.filter
def signed(value):
    """+3 / -2 / 0 for ledger deltas."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return value
    return f"+{number}" if number > 0 else str(number)
