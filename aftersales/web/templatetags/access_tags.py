"""Template filters over the access table, for which links and buttons a page shows.

{% load access_tags %}
{% if user|may:"knowledge.write" %}…{% endif %}          an action (its role part; the scope is the page's)
{% if user|may_open:"inspections:list" %}…{% endif %}    a page, by its URL name (what a GET of it needs)
"""

from __future__ import annotations

from django import template

from aftersales.accounts import access
from aftersales.web.access import page_entry

register = template.Library()


@register.filter
def may(user, action: str) -> bool:
    return access.may(user, action)


@register.filter
def may_open(user, page: str) -> bool:
    entry = page_entry(page, "GET")
    return isinstance(entry, str) and access.may(user, entry)
