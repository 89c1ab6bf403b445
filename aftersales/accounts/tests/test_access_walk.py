"""The authorization walk: every API operation of /api/v1/openapi.json and every page × every role (and
anonymous) × objects outside the caller's scope. Any 2xx the access table does not allow fails, and so does an
operation or page without an entry in the table.

The oracle reads `access_table.RULES` directly: a role not granted the action (and not public / signed-in) may
not succeed; a role granted it with a scope other than ANY may not succeed when the call names a target
(`PARAMS`) — every target the walk sends is outside that role's scope (another customer's, another partner's,
someone else's; `world.build`). The world is built once per test; each walk is one test so it stays fast.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter

import pytest
from django.test import Client
from django.urls import reverse

from aftersales.accounts import access, access_table
from aftersales.accounts.tests import world as walk_world

pytestmark = pytest.mark.django_db(transaction=False)

ACTORS = (*walk_world.ROLES, None)  # None: anonymous
OTHER_VALUES = {"name": "vehicles", "token": "not-a-token", "channel": "sms", "on": "2026-11-10"}
SKIPPED_PAGES = {"web:login", "web:logout"}  # public; signing in or out mid-walk would change the walker


def _allowed_by_table(role: str | None, action: str, targets: dict) -> bool:
    """What the table allows for a call whose every named target lies outside the caller's scope."""
    rule = access_table.RULES.get(action)
    if rule is None:
        return False
    if rule.public:
        return True
    if role is None:
        return False
    scope = rule.grants.get(role)
    if scope is None:
        return rule.signed_in
    if scope == access.ANY:
        return True
    return not any(name in access_table.PARAMS and value not in (None, "", []) for name, value in targets.items())


# ------------------------------------------------------------------------------------------ request bodies


def _resolve(schema: dict, components: dict) -> dict:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _example(name: str, schema: dict, components: dict, foreign: dict):
    schema = _resolve(schema, components)
    if name in foreign:
        return foreign[name]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [s for s in schema[key] if _resolve(s, components).get("type") != "null"]
            return _example(name, options[0], components, foreign) if options else None
    if "allOf" in schema:
        return _example(name, schema["allOf"][0], components, foreign)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return _body(schema, components, foreign)
    if kind == "array":
        item = _example(name, schema.get("items", {}), components, foreign)
        return [item] * max(1, schema.get("minItems", 0))
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    fmt = schema.get("format", "")
    if fmt == "date":
        return "2026-11-10"
    if fmt == "date-time":
        return "2026-11-10T10:00:00+08:00"
    if fmt == "email":
        return "walk@example.com"
    return "walk" + "x" * max(0, schema.get("minLength", 0) - 4)


def _body(schema: dict, components: dict, foreign: dict) -> dict:
    schema = _resolve(schema, components)
    required = set(schema.get("required", ()))
    body = {}
    for name, prop in schema.get("properties", {}).items():
        if name in required or name in foreign:
            body[name] = _example(name, prop, components, foreign)
    return body


def _variants(operation_id: str, body: dict, schema: dict, components: dict) -> list[dict]:
    """One body, or for an operation whose action is chosen by a field, one per value of that field."""
    entry = access_table.OPERATIONS.get(operation_id)
    if not isinstance(entry, access.ByField):
        return [body]
    prop = _resolve(_resolve(schema, components)["properties"][entry.field], components)
    return [body | {entry.field: value} for value in prop.get("enum", [body.get(entry.field)])]


# -------------------------------------------------------------------------------------------------- walks


@pytest.fixture
def world(db):
    return walk_world.build()


def test_every_operation_and_page_has_an_entry_and_every_named_action_exists():
    from aftersales.api.access import operation_ids
    from aftersales.api.api import api
    from aftersales.web.access import page_names

    assert access.missing_operations(operation_ids(api)) == []
    assert access.missing_pages(page_names()) == []
    assert access.dangling_actions() == []


def test_the_system_check_reports_a_missing_entry(monkeypatch):
    from aftersales.web.checks import access_table_complete

    assert access_table_complete(None) == []
    monkeypatch.delitem(access_table.OPERATIONS, "create_ticket")
    monkeypatch.delitem(access_table.PAGES, "tickets:create")
    errors = access_table_complete(None)
    assert {e.id for e in errors} == {"aftersales.E101", "aftersales.E102"}
    assert "create_ticket" in errors[0].msg + errors[1].msg


def test_the_api_walk_finds_no_success_the_table_does_not_allow(world, record_property):
    client = Client()
    started = time.monotonic()
    spec = client.get("/api/v1/openapi.json").json()
    components = spec.get("components", {}).get("schemas", {})
    failures, calls, no_entry, statuses = [], 0, [], Counter()
    every = [
        (template, method, op) for template, operations in spec["paths"].items() for method, op in operations.items()
    ]
    # signing out and revoking tokens last: they end the walkers' own tokens
    every.sort(key=lambda t: access_table.OPERATIONS.get(t[2]["operationId"]) == "accounts.own_tokens")
    for template, method, op in every:
        operation_id = op["operationId"]
        entry = access_table.OPERATIONS.get(operation_id)
        if entry is None:
            no_entry.append(operation_id)
            continue
        path_names = re.findall(r"{(\w+)}", template)
        path = template
        for name in path_names:
            path = path.replace("{" + name + "}", str(world.foreign.get(name, OTHER_VALUES.get(name, 1))))
        query = {
            p["name"]: OTHER_VALUES.get(p["name"], _example(p["name"], p.get("schema", {}), components, {}))
            for p in op.get("parameters", [])
            if p["in"] == "query" and p.get("required")
        }
        content = op.get("requestBody", {}).get("content", {})
        schema = content.get("application/json", {}).get("schema")
        bodies = [None]
        if schema is not None:
            bodies = _variants(operation_id, _body(schema, components, world.foreign), schema, components)
        for body in bodies:
            targets = {n: world.foreign[n] for n in path_names if n in world.foreign} | {
                k: v for k, v in (body or {}).items() if k in world.foreign
            }
            action = access.action_of(entry, body or {})
            for role in ACTORS:
                # one address per actor: the anonymous calls' 401s must not throttle the others' address
                headers = {"REMOTE_ADDR": f"10.9.0.{ACTORS.index(role) + 1}"}
                if role:
                    headers["HTTP_AUTHORIZATION"] = f"Bearer {world.tokens[role]}"
                url = path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
                if body is None:
                    response = client.generic(method.upper(), url, **headers)
                else:
                    response = client.generic(
                        method.upper(), url, json.dumps(body), content_type="application/json", **headers
                    )
                calls += 1
                statuses[response.status_code] += 1
                if 200 <= response.status_code < 300 and not _allowed_by_table(role, action, targets):
                    failures.append((operation_id, action, role or "anonymous", response.status_code))
    elapsed = time.monotonic() - started
    record_property("api_walk", f"{calls} calls in {elapsed:.1f}s, {dict(sorted(statuses.items()))}")
    assert no_entry == []
    assert failures == []
    assert calls >= len(access_table.OPERATIONS) * len(ACTORS)
    # the walk reaches the operations: the granted callers get through (it is not a wall of 401s or 422s)
    assert sum(n for status, n in statuses.items() if 200 <= status < 300) >= len(access_table.OPERATIONS)


def _page_routes():
    from django.urls import URLPattern, URLResolver, get_resolver

    from aftersales.web.access import SKIPPED_NAMESPACES

    found = []

    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace in SKIPPED_NAMESPACES:
                    continue
                ns = f"{namespace}:{p.namespace}" if namespace and p.namespace else (p.namespace or namespace)
                walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern):
                name = f"{namespace}:{p.name}" if namespace else p.name
                found.append((name, list(getattr(p.pattern, "converters", {}).keys())))

    walk(get_resolver().url_patterns, None)
    return found


def test_the_page_walk_finds_no_success_the_table_does_not_allow(world, record_property):
    from aftersales.web.access import page_entry

    clients = {}
    for role in ACTORS:
        clients[role] = Client()
        if role:
            clients[role].force_login(world.users[role])
    started = time.monotonic()
    failures, calls, no_entry, statuses = [], 0, [], Counter()
    verbs = ("respond", "dispatch", "arrive", "resolve", "close", "reopen", "cancel")
    for name, params in _page_routes():
        if name in SKIPPED_PAGES:
            continue
        if name not in access_table.PAGES:
            no_entry.append(name)
            continue
        kwargs = {p: world.foreign.get(p, OTHER_VALUES.get(p, 1)) for p in params}
        url = reverse(name, kwargs=kwargs)
        form = {k: v for k, v in world.foreign.items() if not isinstance(v, list)}
        for method in ("GET", "POST"):
            entry = page_entry(name, method)
            forms = [form]
            if isinstance(entry, access.ByField):
                forms = [form | {entry.field: verb, "version": 1} for verb in verbs]
            for data in forms:
                targets = dict(kwargs) | (data if method == "POST" else {})
                action = access.action_of(entry, data)
                for role in ACTORS:
                    client = clients[role]
                    response = client.get(url) if method == "GET" else client.post(url, data)
                    calls += 1
                    statuses[response.status_code] += 1
                    if 200 <= response.status_code < 300 and not _allowed_by_table(role, action, targets):
                        failures.append((name, method, action, role or "anonymous", response.status_code))
    elapsed = time.monotonic() - started
    record_property("page_walk", f"{calls} calls in {elapsed:.1f}s, {dict(sorted(statuses.items()))}")
    assert no_entry == []
    assert failures == []
    assert sum(n for status, n in statuses.items() if 200 <= status < 300) >= len(access_table.PAGES)
