"""The access table on every page: one middleware that checks the resolved URL name before the view runs.

Each page's URL name (``"tickets:detail"``) names its action in `access_table.PAGES`; the targets are the URL's
parameters and, on a POST, the form fields whose names the table knows (``customer_id``, ``asset_id``…).
A refusal: anonymous → the sign-in page; a customer user opening a page that is not theirs (a plain GET) → the
portal, and staff opening a portal-only page → their workspace (each has one home); otherwise 404 (a page or an
object outside the caller's role or scope looks missing). Views no longer check roles themselves.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import redirect

from aftersales.accounts import access, access_table
from aftersales.accounts.choices import Role

# URL namespaces the middleware leaves to their own gate: Django's admin (is_staff) and the API (the API guard).
SKIPPED_NAMESPACES = frozenset({"admin", "api"})


def page_name(request: HttpRequest) -> str | None:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    return match.view_name


def _form_targets(request: HttpRequest, view_kwargs: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = dict(view_kwargs)
    if request.method != "POST":
        return found  # a GET's query only filters what the page's selectors already scope
    data = request.POST
    for name in access_table.PARAMS:
        if name in found or name not in data:
            continue
        values = [v for v in data.getlist(name) if str(v).strip()]
        if not values:
            continue
        found[name] = values if len(values) > 1 else values[0]
    for entry in access_table.PAGES.values():
        for one in entry.values() if isinstance(entry, dict) else [entry]:
            if isinstance(one, access.ByField) and one.field in data and one.field not in found:
                found[one.field] = data.get(one.field)
    return found


def page_entry(name: str | None, method: str):
    """The table's entry for a page and an HTTP method (HEAD reads as GET)."""
    entry = access_table.PAGES.get(name) if name else None
    if isinstance(entry, dict):
        entry = entry.get("GET" if method == "HEAD" else method, entry.get("GET"))
    return entry


def _portal_only(action: str) -> bool:
    rule = access_table.RULES.get(action)
    return rule is not None and set(rule.grants) == {Role.CUSTOMER}


class AccessMiddleware:
    """Check `access_table.PAGES` for every page (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        if match is None or SKIPPED_NAMESPACES.intersection(match.namespaces):
            return None
        name = match.view_name
        entry = page_entry(name, request.method)
        verdict = access.decide(request.user, entry, lambda: _form_targets(request, view_kwargs))
        if verdict.allowed:
            return None
        if verdict.decision is access.Decision.NO_ENTRY:
            raise PermissionDenied(f"no access rule for page {name}")
        if verdict.decision is access.Decision.SIGN_IN:
            return redirect_to_login(request.get_full_path())
        user = request.user
        if verdict.decision is access.Decision.ROLE and request.method == "GET" and not getattr(request, "htmx", False):
            if getattr(user, "is_customer_user", False):
                return redirect("portal:home")
            if _portal_only(verdict.action):
                return redirect("tickets:queue")
        raise Http404("not found")


def page_names() -> list[str]:
    """Every named page of the site (URL names outside the admin and the API)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    names: list[str] = []

    def walk(patterns, namespace: str | None) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace in SKIPPED_NAMESPACES:
                    continue
                ns = namespace
                if p.namespace:
                    ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
                walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern):
                names.append(f"{namespace}:{p.name}" if namespace else str(p.name))

    walk(get_resolver().url_patterns, None)
    return names
