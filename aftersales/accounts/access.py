"""Who may do what: one declarative table, role × action × scope, read by the API and the pages alike.

The table itself is `aftersales.accounts.access_table` (one section per area). This module holds its vocabulary
and the one function that decides:

- an **action** is a name such as ``"tickets.create"``; a `Rule` grants it to roles, each with a **scope**:
  ``ANY`` (every object), ``OWN_CUSTOMER`` (the customer user's organisation), ``OWN_PARTNER`` (work dispatched to
  the partner user's company) or ``MINE`` (assigned to, kept or recorded by the user). A role not in the rule may
  not take the action at all; `PUBLIC` rules need no sign-in, `SIGNED_IN` ones any signed-in user (their data is
  the user's own by construction: "me", my notifications).
- every API operation (by ``operation_id``) and every page (by its URL name) names its action in
  ``OPERATIONS`` / ``PAGES``; a missing entry is refused at run time (fail closed), by ``manage.py check`` and by
  the walk test.
- a scoped grant is checked against the **targets** of the call: every path parameter and body field whose name
  is in ``PARAMS`` (``ticket_id``, ``customer_id``, ``asset_id``…) must name an object of that kind inside the
  caller's scope (``KINDS`` says, per kind and scope, which rows are in it). ``ANY`` costs no query.

No Django import at module level beyond what the decision needs; models are resolved lazily by label so the
table can be imported anywhere (also by templates' `may` filter).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

ANY = "any"
OWN_CUSTOMER = "own_customer"
OWN_PARTNER = "own_partner"
MINE = "mine"
# The subsidy programme's users (aftersales.subsidy): their enterprise, their outlet, their county or township.
OWN_ENTERPRISE = "own_enterprise"
OWN_OUTLET = "own_outlet"
OWN_COUNTY = "own_county"
OWN_TOWNSHIP = "own_township"
# The dealer network's users (aftersales.network): their supplier's network, their dealer's outlets.
OWN_SUPPLIER = "own_supplier"
OWN_DEALER = "own_dealer"
SCOPES = frozenset(
    {
        ANY,
        OWN_CUSTOMER,
        OWN_PARTNER,
        MINE,
        OWN_ENTERPRISE,
        OWN_OUTLET,
        OWN_COUNTY,
        OWN_TOWNSHIP,
        OWN_SUPPLIER,
        OWN_DEALER,
    }
)


@dataclass(frozen=True)
class Rule:
    """Who may take one action: role → scope. `public`: anonymous callers too; `signed_in`: every signed-in
    user (for actions on the caller's own data only)."""

    grants: Mapping[str, str] = field(default_factory=dict)
    public: bool = False
    signed_in: bool = False

    def __post_init__(self) -> None:
        bad = {s for s in self.grants.values() if s not in SCOPES}
        if bad:
            raise ValueError(f"unknown scope(s) {bad}")


def grant(scope: str, *roles: Iterable[str] | str) -> dict[str, str]:
    """`{role: scope}` for each role (roles may be given as sets)."""
    out: dict[str, str] = {}
    for r in roles:
        for role in [r] if isinstance(r, str) else r:
            out[str(role)] = scope
    return out


def rule(*grants: Mapping[str, str], public: bool = False, signed_in: bool = False) -> Rule:
    merged: dict[str, str] = {}
    for g in grants:
        merged.update(g)
    return Rule(grants=merged, public=public, signed_in=signed_in)


@dataclass(frozen=True)
class ByField:
    """An operation or page whose action depends on one input field, e.g. a request's lifecycle verb:
    ``ByField("action", "tickets.{}")`` → ``tickets.cancel`` for ``{"action": "cancel"}``."""

    field: str
    pattern: str

    def action(self, value: Any) -> str:
        return self.pattern.format(value.value if isinstance(value, Enum) else value)


@dataclass(frozen=True)
class Kind:
    """One kind of object a parameter can name: its model and, per scope, the rows in the caller's scope."""

    model: str  # "app_label.Model"
    scopes: Mapping[str, Callable[[Any], Any]]  # scope → user → Q
    zh: str = "对象"  # its name in messages (an out-of-scope body reference is answered like an unknown one)
    en: str = "Object"
    # scope → user → the one id in that scope, when the user row holds it (a customer user's customer): the
    # check is then made in memory, without a query (intake's hot path).
    known: Mapping[str, Callable[[Any], Any]] = field(default_factory=dict)


class Decision(Enum):
    ALLOW = "allow"
    SIGN_IN = "sign_in"  # anonymous, and the action needs a signed-in user
    NO_ENTRY = "no_entry"  # the operation or page is not in the table (refused: fail closed)
    ROLE = "role"  # the caller's role may not take this action
    SCOPE = "scope"  # a target lies outside the caller's scope


@dataclass(frozen=True)
class Verdict:
    decision: Decision
    action: str = ""
    target: str = ""  # the parameter that was out of scope

    @property
    def allowed(self) -> bool:
        return self.decision is Decision.ALLOW


_access_table = None


def _table():
    """The table module, imported on first use (it imports the areas' choices, which import this module)."""
    global _access_table
    if _access_table is None:
        from aftersales.accounts import access_table

        _access_table = access_table
    return _access_table


def kind_of(param: str) -> Kind | None:
    name = _table().PARAMS.get(param)
    return _table().KINDS[name] if name else None


def role_of(user: Any) -> str | None:
    """The role the table knows the user by: a superuser counts as an administrator."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if getattr(user, "is_superuser", False):
        return "admin"
    return getattr(user, "role", None)


def rule_for(action: str) -> Rule:
    return _table().RULES[action]


def scope_of(user: Any, action: str) -> str | None:
    """The scope the user's role has for `action`, or None when it may not take it."""
    r = _table().RULES.get(action)
    if r is None:
        return None
    role = role_of(user)
    if role is None:
        return ANY if r.public else None
    if role in r.grants:
        return r.grants[role]
    if r.public or r.signed_in:
        return ANY
    return None


# What a role sees at all, whatever the action: our staff everything, a customer user its organisation's, a
# partner user the work dispatched to its partner (or run by the user).
HOME_SCOPES = {
    "customer": OWN_CUSTOMER,
    "partner": OWN_PARTNER,
    "enterprise": OWN_ENTERPRISE,
    "outlet_clerk": OWN_OUTLET,
    "commerce": OWN_COUNTY,
    "county_finance": OWN_COUNTY,
    "township_finance": OWN_TOWNSHIP,
    "supplier": OWN_SUPPLIER,
    "dealer": OWN_DEALER,
}


def sees_targets(user: Any, targets: Mapping[str, Any]) -> bool:
    """Whether the user sees every object these targets name (its role's home scope): a refused caller who does
    not is told "not found", as the selectors answer for a foreign object."""
    scope = HOME_SCOPES.get(role_of(user) or "", ANY)
    if scope == ANY:
        return True
    params = _table().PARAMS
    for name, value in targets.items():
        kind = params.get(name)
        if kind is None:
            continue
        if not (in_scope(user, scope, kind, value) or (scope == OWN_PARTNER and in_scope(user, MINE, kind, value))):
            return False
    return True


def visible(user: Any, action: str, kind_name: str) -> Any:
    """The rows of `kind_name` the user may take `action` on, as a ``Q`` a selector filters by (empty for
    ``ANY``), or None when the user's role may not take the action at all."""
    from django.db.models import Q

    scope = scope_of(user, action)
    if scope is None:
        return None
    if scope == ANY:
        return Q()
    condition = _table().KINDS[kind_name].scopes.get(scope)
    return condition(user) if condition is not None else Q(pk__in=[])


def may(user: Any, action: str) -> bool:
    """Whether the user's role may take `action` on something (buttons, menus): the scope is not checked."""
    return scope_of(user, action) is not None


def in_scope(user: Any, scope: str, kind_name: str, value: Any) -> bool:
    """Whether the object(s) `value` names (an id or a list of ids) lie in the user's `scope`."""
    if scope == ANY or value is None:
        return True
    kind: Kind = _table().KINDS[kind_name]
    condition = kind.scopes.get(scope)
    if condition is None:
        return False
    ids = list(value) if isinstance(value, list | tuple | set | frozenset) else [value]
    if not ids:
        return True
    try:
        ids = sorted({int(i) for i in ids})
    except (TypeError, ValueError):
        return False
    if scope in kind.known:
        own = kind.known[scope](user)
        return own is not None and ids == [own]
    from django.apps import apps

    model = apps.get_model(kind.model)
    found = model.objects.filter(condition(user), pk__in=ids).values("pk").distinct().count()
    return found == len(ids)


def action_of(entry: str | ByField, fields: Mapping[str, Any]) -> str:
    if isinstance(entry, ByField):
        return entry.action(fields.get(entry.field))
    return entry


def decide(
    user: Any, entry: str | ByField | None, targets: Mapping[str, Any] | Callable[[], Mapping[str, Any]]
) -> Verdict:
    """The verdict for `user` taking the operation/page `entry` with these parameters (path and body).

    `targets` may be a function giving them: it is called only when the verdict needs them (a verb chosen by
    field, or a scoped grant), so an unscoped caller pays nothing for it."""
    if entry is None:
        return Verdict(Decision.NO_ENTRY)
    if callable(targets) and (isinstance(entry, ByField) or scope_of(user, entry) not in (ANY,)):
        targets = targets()
    action = action_of(entry, targets) if isinstance(entry, ByField) else entry
    r = _table().RULES.get(action)
    if r is None:
        return Verdict(Decision.ROLE if isinstance(entry, ByField) else Decision.NO_ENTRY, action)
    if role_of(user) is None and not r.public:
        return Verdict(Decision.SIGN_IN, action)
    scope = scope_of(user, action)
    if scope is None:
        return Verdict(Decision.ROLE, action)
    if scope != ANY:
        if callable(targets):
            targets = targets()
        params = _table().PARAMS
        for name, value in targets.items():
            kind = params.get(name)
            if kind is not None and not in_scope(user, scope, kind, value):
                return Verdict(Decision.SCOPE, action, name)
    return Verdict(Decision.ALLOW, action)


# ------------------------------------------------------------------------------------------- completeness


def missing_operations(operation_ids: Iterable[str]) -> list[str]:
    ops = _table().OPERATIONS
    return sorted(o for o in operation_ids if o not in ops)


def missing_pages(url_names: Iterable[str]) -> list[str]:
    pages = _table().PAGES
    return sorted(n for n in url_names if n not in pages)


def dangling_actions() -> list[str]:
    """Actions named by an operation or page (not by field) that the table does not define."""
    t = _table()
    named = [e for e in [*t.OPERATIONS.values(), *t.PAGES.values()] if isinstance(e, str)]
    return sorted({a for a in named if a not in t.RULES})


def allowed(user: Any, action: str, **targets: Any) -> bool:
    """Whether the user may take `action` on these targets (``ticket_id=…``): what a page asks to show a button
    for one object."""
    return decide(user, action, targets).allowed


def require(
    user: Any,
    action: str,
    *,
    out_of_scope: Exception | None = None,
    unseen: Exception | None = None,
    **targets: Any,
) -> None:
    """The services' second line: refuse unless the table lets `user` take `action` on these targets.

    A service called directly (a job, the shell, another service) asks the same table as the API guard and the
    pages, so the rule is written once. A role not granted the action (or no user) gets `forbidden()` (403); a
    target outside the role's scope gets `out_of_scope` if given, else "not found" for its kind (404: a foreign
    object looks missing, as the selectors answer). Targets are the table's parameter names (``ticket_id=…``);
    ``ANY`` costs no query, a scoped grant one ``COUNT`` per target. `unseen`, if given, is raised instead of
    `forbidden()` to a refused caller outside our staff (anonymous, customer and partner users: an area whose
    existence they never learn, e.g. "vehicle not found")."""
    verdict = decide(user, action, targets)
    if verdict.allowed:
        return
    from aftersales.core.errors import forbidden, not_found

    if verdict.decision is Decision.SCOPE:
        if out_of_scope is not None:
            raise out_of_scope
        kind = kind_of(verdict.target)
        raise not_found(kind.zh, kind.en) if kind else forbidden()
    if unseen is not None and (role_of(user) is None or role_of(user) in HOME_SCOPES):
        raise unseen
    raise forbidden()
