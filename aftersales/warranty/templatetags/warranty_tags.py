"""Template helpers of the warranty pages: the request's 三包 remedy and labels in the page's language."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from aftersales.warranty import selectors
from aftersales.warranty.choices import CHARGE_LABELS, REMEDY_LABELS, VendorCaseStatus

register = template.Library()

REMEDY_COLOURS = {
    "return": "info",
    "exchange_or_repair": "info",
    "repair": "success",
    "replace": "primary",
    "paid_repair": "warning",
}


def _english() -> bool:
    return (get_language() or "").startswith("en")


def _pick(table: dict, value) -> str:
    pair = table.get(str(value))
    if pair is None:
        return str(value)
    return pair[1] if _english() else pair[0]


@register.simple_tag
def ticket_remedy(ticket):
    """`{% ticket_remedy ticket as remedy %}`: the request's remedy (None when it has no asset)."""
    return selectors.ticket_remedy(ticket)


@register.simple_tag
def ticket_vendor_cases(ticket, user):
    """`{% ticket_vendor_cases ticket user as cases %}`: the request's vendor cases, None without the role."""
    return selectors.ticket_vendor_cases(user, ticket)


@register.filter
def remedy_label(value) -> str:
    return _pick(REMEDY_LABELS, value)


@register.filter
def remedy_colour(value) -> str:
    return REMEDY_COLOURS.get(str(value), "secondary")


@register.filter
def charge_label(value) -> str:
    return _pick(CHARGE_LABELS, value)


@register.filter
def reason_text(reason) -> str:
    """A reason's sentence in the page's language (a Reason, or its {code, zh, en} dict)."""
    if isinstance(reason, dict):
        return reason["en"] if _english() else reason["zh"]
    return reason.en if _english() else reason.zh


@register.filter
def error_text(error) -> str:
    return error.message_en if _english() else error.message_zh


@register.filter
def case_status_label(value) -> str:
    try:
        return str(VendorCaseStatus(value).label)
    except ValueError:
        return str(value)
