"""Machine checks of the layering rules (STYLE §3): policy modules are pure, domain code ignores interfaces."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
POLICY_MODULES = sorted(p for p in ROOT.glob("*/policy/*.py") if p.name != "__init__.py")
DOMAIN_MODULES = sorted(
    p
    for p in ROOT.glob("*/*.py")
    if p.name in {"models.py", "services.py", "selectors.py", "querysets.py", "choices.py"}
)
INTERFACE_SUFFIXES = (".api", ".views", ".schemas", "aftersales.web", "aftersales.api")


def imports_of(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


@pytest.mark.parametrize("path", POLICY_MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_policy_modules_import_neither_django_nor_the_rest_of_the_app(path):
    """A policy module may use other policy modules (pure too), nothing else of the app."""
    bad = [
        name
        for name in imports_of(path)
        if name.split(".")[0] == "django" or (name.startswith("aftersales.") and ".policy" not in name)
    ]
    assert bad == []


@pytest.mark.parametrize("path", DOMAIN_MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_domain_modules_do_not_import_interfaces(path):
    bad = [name for name in imports_of(path) if name.startswith("aftersales") and name.endswith(INTERFACE_SUFFIXES)]
    assert bad == []


def test_there_are_policy_modules_to_check():
    assert len(POLICY_MODULES) >= 4
