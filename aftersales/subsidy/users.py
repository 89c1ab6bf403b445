"""The subsidy programme's fields of a new user (POST /api/v1/users): each new role is bound to what it works
for — an enterprise (`enterprise_id`), an outlet (`outlet_id`), a county, a township and its county. A missing
binding or an unknown enterprise or outlet is a 422; a binding given to a role that does not take it, too."""

from __future__ import annotations

from typing import Any

from aftersales.subsidy.models import Enterprise, Outlet
from aftersales.subsidy.services import _error

SUBSIDY_USER_ROLES = ("enterprise", "outlet_clerk", "commerce", "township_finance", "county_finance")
# role → the fields it needs
NEEDS = {
    "enterprise": ("enterprise_id",),
    "outlet_clerk": ("outlet_id",),
    "commerce": ("county",),
    "county_finance": ("county",),
    "township_finance": ("county", "township"),
}


def subsidy_user_fields(role: str, *, enterprise_id=None, outlet_id=None, county="", township="") -> dict[str, Any]:
    """The User fields for `role` (subsidy_enterprise_id, subsidy_outlet_id, county, township), checked."""
    given = {"enterprise_id": enterprise_id, "outlet_id": outlet_id, "county": county or "", "township": township or ""}
    needed = NEEDS.get(role, ())
    for name in needed:
        if given[name] in (None, ""):
            raise _error(f"{name}_required", f"该角色必须指定 {name}", f"The role {role} needs {name}")
    for name, value in given.items():
        if name not in needed and value not in (None, ""):
            raise _error(f"{name}_not_allowed", f"该角色不能指定 {name}", f"The role {role} does not take {name}")
    if enterprise_id is not None and not Enterprise.objects.filter(pk=enterprise_id).exists():
        raise _error("unknown_reference", "销售企业不存在", "Enterprise not found")
    if outlet_id is not None and not Outlet.objects.filter(pk=outlet_id).exists():
        raise _error("unknown_reference", "销售网点不存在", "Outlet not found")
    return {
        "subsidy_enterprise_id": enterprise_id,
        "subsidy_outlet_id": outlet_id,
        "county": given["county"].strip(),
        "township": given["township"].strip(),
    }
