"""Template filters of the complaint pages: translated names of the complaint codes."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from aftersales.complaints import labels

register = template.Library()


def _lookup(table: dict, value):
    try:
        key = int(value) if isinstance(next(iter(table)), int) else value
    except (TypeError, ValueError):
        return value
    label = table.get(key)
    return str(label) if label is not None else value


@register.filter
def complaint_status(value):
    return _lookup(labels.STATUS, value)


@register.filter
def complaint_status_colour(value):
    return labels.STATUS_COLOUR.get(value, "secondary")


@register.filter
def complaint_source(value):
    return _lookup(labels.SOURCE, value)


@register.filter
def complaint_against(value):
    return _lookup(labels.AGAINST, value)


@register.filter
def complaint_tier(value):
    return _lookup(labels.TIER, value)


@register.filter
def complaint_severity(value):
    return _lookup(labels.SEVERITY, value)


@register.filter
def complaint_action(value):
    return _lookup(labels.ACTION, value)


@register.filter
def complaint_action_style(value):
    return labels.ACTION_STYLE.get(value, "secondary")


@register.filter
def complaint_deadline(value):
    return _lookup(labels.DEADLINE, value)


@register.filter
def complaint_deadlines(values):
    return _("、").join(_lookup(labels.DEADLINE, v) for v in values or ())
