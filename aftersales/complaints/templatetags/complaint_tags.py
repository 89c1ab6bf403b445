"""Template filters of the complaint pages: translated names of the complaint codes."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from aftersales.complaints import labels
from aftersales.web.templatetags.web_tags import label_for

register = template.Library()


@register.filter
def complaint_status(value):
    return label_for(labels.STATUS, value)


@register.filter
def complaint_status_colour(value):
    return labels.STATUS_COLOUR.get(value, "secondary")


@register.filter
def complaint_source(value):
    return label_for(labels.SOURCE, value)


@register.filter
def complaint_against(value):
    return label_for(labels.AGAINST, value)


@register.filter
def complaint_tier(value):
    return label_for(labels.TIER, value)


@register.filter
def complaint_severity(value):
    return label_for(labels.SEVERITY, value)


@register.filter
def complaint_action(value):
    return label_for(labels.ACTION, value)


@register.filter
def complaint_action_style(value):
    return labels.ACTION_STYLE.get(value, "secondary")


@register.filter
def complaint_deadline(value):
    return label_for(labels.DEADLINE, value)


@register.filter
def complaint_deadlines(values):
    return _("、").join(label_for(labels.DEADLINE, v) for v in values or ())
