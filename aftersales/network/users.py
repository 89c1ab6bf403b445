"""The dealer network's fields of a new user (POST /api/v1/users): a supplier user is bound to its supplier
(`supplier_id`), a dealer user to its dealer (`dealer_id`). A missing binding is a 400, an unknown supplier or
dealer a 422, and a binding given to a role that does not take it a 400 (as for customer and partner users)."""

from __future__ import annotations

from typing import Any

from aftersales.core.errors import invalid, unknown_reference
from aftersales.network.models import Dealer, Supplier

BINDINGS = (
    ("supplier", "supplier_id", Supplier, "供应商", "Supplier"),
    ("dealer", "dealer_id", Dealer, "经销商", "Dealer"),
)


def network_user_fields(role: str, *, supplier_id: int | None = None, dealer_id: int | None = None) -> dict[str, Any]:
    """The User fields for `role` (supplier_id, dealer_id), checked."""
    given = {"supplier_id": supplier_id, "dealer_id": dealer_id}
    for bound_role, field, model, zh, en in BINDINGS:
        value = given[field]
        if role == bound_role:
            if value is None:
                raise invalid(
                    f"{bound_role}_required", f"{zh}用户必须指定所属{zh}", f"A {bound_role} user needs {field}"
                )
            if not model.objects.filter(pk=value).exists():
                raise unknown_reference(zh, en)
        elif value is not None:
            raise invalid(
                f"{bound_role}_not_allowed", f"只有{zh}用户可以绑定{zh}", f"Only {bound_role} users are bound to a {en}"
            )
    return given
