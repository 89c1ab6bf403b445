"""Template filters of the complaint pages: translated names of the complaint codes."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from aftersales.complaints import labels
from aftersales.web.templatetags.web_tags import label_filter, label_for

register = template.Library()

register.filter("complaint_status", label_filter(labels.STATUS))
register.filter("complaint_source", label_filter(labels.SOURCE))
register.filter("complaint_against", label_filter(labels.AGAINST))
register.filter("complaint_tier", label_filter(labels.TIER))
register.filter("complaint_severity", label_filter(labels.SEVERITY))
register.filter("complaint_action", label_filter(labels.ACTION))
register.filter("complaint_deadline", label_filter(labels.DEADLINE))


@register.filter
def complaint_status_colour(value):
    return labels.STATUS_COLOUR.get(value, "secondary")


@register.filter
def complaint_action_style(value):
    return labels.ACTION_STYLE.get(value, "secondary")


@register.filter
def complaint_deadlines(values):
    return _("、").join(label_for(labels.DEADLINE, v) for v in values or ())
