"""References to users (see `core.references`): the rule of who may hold work lives with the roles."""

from __future__ import annotations

from django.db.models import Q

from aftersales.accounts.choices import STAFF_ROLES
from aftersales.core.references import Reference


def _active_staff() -> Q:
    return Q(is_active=True, role__in=STAFF_ROLES)


STAFF_USER = Reference("accounts.User", "处理人", "Assignee", condition=_active_staff)
"""A user who can hold a request (assignee, handler): active and of a staff role."""
