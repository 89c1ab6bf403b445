"""Template filters of the callback and survey pages."""

from __future__ import annotations

from django import template

from aftersales.followups import labels

register = template.Library()


def _label(table: dict, value) -> str:
    label = table.get(value)
    return str(label) if label is not None else str(value)


@register.filter
def callback_status_label(value) -> str:
    return _label(labels.CALLBACK_STATUS, value)


@register.filter
def survey_status_label(value) -> str:
    return _label(labels.SURVEY_STATUS, value)


@register.filter
def question_kind_label(value) -> str:
    return _label(labels.QUESTION_KIND, value)


@register.filter
def channel_label(value) -> str:
    return _label(labels.CHANNEL, value)


@register.filter
def percent(value) -> str:
    """A rate 0..1 (Decimal) as a percentage with one decimal, e.g. 0.3333 → 33.3%; — when there is none."""
    if value is None:
        return "—"
    return f"{float(value) * 100:.1f}%"


@register.filter
def share(count: int, total: int) -> int:
    """`count` as a whole percentage of `total` (for bar widths)."""
    return round(count * 100 / total) if total else 0
