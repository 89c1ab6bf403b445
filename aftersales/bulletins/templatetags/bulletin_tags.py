"""Template filters of the bulletin pages: names of kinds, acknowledgement ways and channels."""

from __future__ import annotations

from django import template

from aftersales.bulletins import labels

register = template.Library()


@register.filter
def bulletin_kind_label(value):
    return labels.KIND.get(value, value)


@register.filter
def ack_label(value):
    return labels.ACK.get(value, value)


@register.filter
def channel_labels(values):
    return "、".join(str(labels.CHANNEL.get(v, v)) for v in values or [])
