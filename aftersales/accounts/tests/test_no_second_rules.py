"""Who may act is written once, in the access table (accounts/access_table.py): the services and selectors ask it
(`access.require` / `access.may`) and keep no role list of their own (issue 9, defect 2: "one rule stored or
checked in two places" is what made the rules drift).

The walk reads every app's services and selectors and fails on a permission decided by role outside
accounts/access*.py: a `has_role(...)` call, a `raise forbidden()` (the table's refusal; `access.require` raises
it), or an `if` on a role (`.role`, `is_partner_user`, `is_customer_user`, `is_staff_member`, a `*_ROLES` set,
`Role.X`) whose branch raises. A role used as data (whom to notify, who may be an assignee) is not flagged.
"""

from __future__ import annotations

import ast
from pathlib import Path

import aftersales
from aftersales.accounts import access_table

ROOT = Path(aftersales.__file__).parent

# Still deciding by role themselves: (path, function) → why. Each entry is a known second copy to move to the table;
# none may be added without a reason, and a fixed one must be taken out (the test fails on a stale entry).
ALLOWED: dict[tuple[str, str], str] = {
    # an engineer's own stock moves: the table says the scope, the pure policy which kinds a scoped mover makes
    ("parts/services/_common.py", "ensure_can_move"): "field-move kinds for a scoped mover (policy.access)",
    # roles as data or visibility, not who may act
    ("dispatch/services.py", "engineer_create"): "the user registered must be an engineer / partner's own partner",
    ("dispatch/selectors.py", "visit_get"): "visibility: a partner sees its own partner's visits (404)",
    ("plans/services.py", "_check_rule"): "input check: a plan's responsible role must be a staff role",
    ("sales/services.py", "buying_member_add"): "input check: `role` is a buying-centre role (决策人…), not a user's",
}

ROLE_NAMES = {"role", "is_partner_user", "is_customer_user", "is_staff_member", "Role"}


def _modules() -> list[Path]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if "/tests/" in rel or rel.startswith(("accounts/access", "demo/", "config/")):
            continue
        parts = rel.split("/")
        if any(p in ("services", "selectors") or p in ("services.py", "selectors.py") for p in parts[1:]):
            found.append(path)
    return found


def _mentions_role(node: ast.AST) -> bool:
    for n in ast.walk(node):
        if isinstance(n, ast.Attribute) and n.attr in ROLE_NAMES:
            return True
        if isinstance(n, ast.Name) and (n.id.endswith("_ROLES") or n.id in ROLE_NAMES or n.id in _TABLE_SETS):
            return True
    return False


_TABLE_SETS = {name for name, value in vars(access_table).items() if name.isupper() and isinstance(value, frozenset)}


def _raises_forbidden(node: ast.AST) -> bool:
    return any(
        isinstance(n, ast.Raise)
        and isinstance(n.exc, ast.Call)
        and isinstance(n.exc.func, ast.Name)
        and n.exc.func.id == "forbidden"
        for n in ast.walk(node)
    )


def _findings(path: Path) -> list[tuple[str, int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: list[tuple[str, int, str]] = []

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            name = child.name if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else function
            if isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute) and child.func.attr == "has_role":
                out.append((name, child.lineno, "has_role(...)"))
            elif isinstance(child, ast.Raise) and _raises_forbidden(child):
                out.append((name, child.lineno, "raise forbidden()"))
            elif (
                isinstance(child, ast.If)
                and _mentions_role(child.test)
                and any(isinstance(n, ast.Raise) for stmt in child.body for n in ast.walk(stmt))
            ):
                out.append((name, child.lineno, "if <role>: raise"))
            visit(child, name)

    visit(tree, "<module>")
    return out


def test_no_service_or_selector_decides_by_role_outside_the_access_table():
    offences = []
    used = set()
    for path in _modules():
        rel = path.relative_to(ROOT).as_posix()
        for function, line, what in _findings(path):
            key = (rel, function) if (rel, function) in ALLOWED else (rel, "*")
            if key in ALLOWED:
                used.add(key)
                continue
            offences.append(f"aftersales/{rel}:{line} in {function}: {what} (ask access.require / access.may)")
    assert offences == []
    assert sorted(set(ALLOWED) - used) == [], "allow-list entries that no longer match anything: take them out"


def test_every_action_a_service_asks_for_is_in_the_table():
    """`access.require(actor, "x.y")` with an action the table does not define would refuse everyone."""
    missing = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("require", "may", "allowed")
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "access"
                and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
                and node.args[1].value not in access_table.RULES
            ):
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.args[1].value}")  # noqa: PERF401
    assert missing == []


def test_the_walk_finds_a_role_check():
    """The detector itself: a second copy of a rule is found (so the test above cannot pass by seeing nothing)."""
    source = (
        "def s(actor):\n"
        "    if not actor.has_role(*X_ROLES):\n"
        "        raise forbidden()\n"
        "    if actor.is_partner_user and a != b:\n"
        "        raise not_found('x', 'y')\n"
    )
    path = ROOT.parent / ".tmp_probe_services.py"
    try:
        path.write_text(source, encoding="utf-8")
        kinds = sorted(what for _, _, what in _findings(path))
    finally:
        path.unlink(missing_ok=True)
    assert kinds == ["has_role(...)", "if <role>: raise", "if <role>: raise", "raise forbidden()"]
