"""Template filters of the pages: translated names of codes, deadlines with the time left."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.translation import gettext as _

from aftersales.core import clock
from aftersales.web import labels

register = template.Library()


def label_for(table: dict, value):
    """The translated label of a code in one of the label tables, or the code itself when unknown."""
    try:
        key = int(value) if isinstance(next(iter(table)), int) else value
    except (TypeError, ValueError):
        return value
    label = table.get(key)
    return str(label) if label is not None else value


def label_filter(table: dict):
    """A filter naming the codes of one label table, e.g. register.filter("status_label", label_filter(STATUS))."""

    def label(value):
        return label_for(table, value)

    return label


register.filter("status_label", label_filter(labels.STATUS))
register.filter("channel_label", label_filter(labels.CHANNEL))
register.filter("tier_label", label_filter(labels.TIER))
register.filter("severity_label", label_filter(labels.SEVERITY))
register.filter("severity_short", label_filter(labels.SEVERITY_SHORT))
register.filter("action_label", label_filter(labels.ACTION))
register.filter("deadline_label", label_filter(labels.DEADLINE))
register.filter("zone_label", label_filter(labels.ZONE))
register.filter("role_label", label_filter(labels.ROLE))


@register.filter
def label_in(value, table):
    """The label of a code in a table the page hands over, e.g. {{ e.action|label_in:labels.action }} in the
    shared timeline (web/partials/timeline.html), where each page gives its own tables."""
    return label_for(table, value) if table else value


@register.filter
def status_colour(value):
    return labels.STATUS_COLOUR.get(value, "secondary")


@register.filter
def action_style(value):
    return labels.ACTION_STYLE.get(value, "secondary")


@register.filter
def deadline_labels(values):
    """A list of deadline names as one translated string, e.g. 响应、到场."""
    return _("、").join(label_for(labels.DEADLINE, v) for v in values)


@register.filter
def iso(value):
    """An aware datetime as ISO 8601 with its offset, for data-deadline attributes."""
    return value.isoformat() if isinstance(value, dt.datetime) else ""


@register.filter
def china_time(value, fmt="%Y-%m-%d %H:%M"):
    """An aware datetime in China time, e.g. 2026-11-26 14:30."""
    if not isinstance(value, dt.datetime):
        return ""
    return clock.local(value).strftime(fmt)


@register.filter
def datetime_local(value):
    """A value for <input type="datetime-local">: an aware datetime in China time, or the text typed."""
    if isinstance(value, dt.datetime):
        return clock.local(value).strftime("%Y-%m-%dT%H:%M")
    return value or ""


def duration_text(seconds: float) -> str:
    """A duration the way the countdown shows it: 2天3小时, 1小时05分, 4分12秒."""
    seconds = int(abs(seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return _("{days}天{hours}小时").format(days=days, hours=hours)
    if hours:
        return _("{hours}小时{minutes:02d}分").format(hours=hours, minutes=minutes)
    return _("{minutes}分{seconds:02d}秒").format(minutes=minutes, seconds=secs)


@register.filter
def time_left(value):
    """剩余 … before the deadline, 超时 … after it (the first render; countdown.js keeps it live)."""
    if not isinstance(value, dt.datetime):
        return ""
    seconds = (value - clock.now()).total_seconds()
    if seconds < 0:
        return _("超时 {duration}").format(duration=duration_text(seconds))
    return _("剩余 {duration}").format(duration=duration_text(seconds))


@register.filter
def is_past(value):
    return isinstance(value, dt.datetime) and value < clock.now()


@register.simple_tag
def countdown_strings():
    """The words countdown.js uses, in the page's language."""
    return {
        "left": _("剩余 {duration}"),
        "over": _("超时 {duration}"),
        "days": _("{days}天{hours}小时"),
        "hours": _("{hours}小时{minutes:02d}分"),
        "minutes": _("{minutes}分{seconds:02d}秒"),
    }


@register.simple_tag
def server_now():
    return clock.now().isoformat()


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (None or "" removes them)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else ""
