"""The access table on every API operation: one decorator that Ninja applies to all of them.

`api.add_decorator(guard, mode="operation")` wraps each operation's function after authentication and input
validation; the operation is found by its ``operation_id`` in `access_table.OPERATIONS`. Targets are the path
parameters and the fields of the body (never query filters, which only narrow what a selector already scopes).
A refusal answers in the API's error shape: 401 without sign-in; 403 for a role that may not take the action
(404 when the path names an object the caller does not even see);
a body reference outside the caller's scope is answered as an unknown one (422, as the services do); a path
object outside it is a 404 (a foreign object looks missing, as the selectors answer).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from ninja.errors import AuthenticationError
from pydantic import BaseModel

from aftersales.accounts import access, access_table
from aftersales.core.errors import DomainError, forbidden, unknown_reference

_CHECKED_SOURCES = frozenset({"path", "body", "form"})


def _not_found() -> DomainError:
    return DomainError("not_found", "对象不存在", "Not found", {}, 404)


def _no_entry(operation_id: str | None) -> DomainError:
    return DomainError(
        "no_access_rule",
        "该操作没有访问规则（{operation}）",
        "No access rule for this operation ({operation})",
        {"operation": operation_id or "?"},
        403,
    )


def guard(func: Callable) -> Callable:
    """Check the table before the operation runs (Ninja "operation" decorator)."""
    operation = getattr(func, "_ninja_operation", None)
    operation_id = getattr(operation, "operation_id", None)
    entry = access_table.OPERATIONS.get(operation_id) if operation_id else None
    sources: dict[str, str] = {}
    if operation is not None:
        for param in operation.signature.params:
            sources[param.name] = type(param.source)._param_source()
    path_names = {name for name, source in sources.items() if source == "path"}

    @wraps(func)
    def wrapped(request, *args: Any, **values: Any):
        def targets() -> dict[str, Any]:
            found: dict[str, Any] = {}
            for name, value in values.items():
                if sources.get(name, "path") not in _CHECKED_SOURCES:
                    continue
                if isinstance(value, BaseModel):
                    found.update({k: getattr(value, k, None) for k in type(value).model_fields})
                else:
                    found[name] = value
            return found

        verdict = access.decide(getattr(request, "user", None), entry, targets)
        if not verdict.allowed:
            if verdict.decision is access.Decision.SIGN_IN:
                raise AuthenticationError()
            if verdict.decision is access.Decision.NO_ENTRY:
                raise _no_entry(operation_id)
            if verdict.decision is access.Decision.SCOPE:
                if verdict.target in path_names:
                    raise _not_found()
                kind = access.kind_of(verdict.target)
                raise unknown_reference(kind.zh, kind.en) if kind else forbidden()
            if verdict.decision is access.Decision.ROLE and not access.sees_targets(
                request.user, {k: v for k, v in targets().items() if k in path_names}
            ):
                raise _not_found()  # a foreign object looks missing, whatever the action
            raise forbidden()
        return func(request, *args, **values)

    wrapped.access_entry = entry  # for the walk test and the completeness check
    return wrapped


def operation_ids(api) -> list[str]:
    """Every operation id the API publishes."""
    schema = api.get_openapi_schema()
    return [op["operationId"] for ops in schema["paths"].values() for op in ops.values()]
