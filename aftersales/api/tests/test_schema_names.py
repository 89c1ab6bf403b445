"""Two different schema classes may not publish under one name: the OpenAPI document keeps one of them per
component name, so clients (and schemathesis) would read the other's fields (`DeadlinesOut` once published the
complaint deadlines for requests)."""

from __future__ import annotations

import typing

from django.urls import get_resolver
from pydantic import BaseModel

from aftersales.api.api import api


def _models_in(annotation, found: set[type[BaseModel]]) -> None:
    """Every pydantic model reachable from a type: through unions, containers and model fields."""
    for arg in typing.get_args(annotation):
        _models_in(arg, found)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and annotation not in found:
        found.add(annotation)
        for field in annotation.model_fields.values():
            _models_in(field.annotation, found)


def api_models() -> set[type[BaseModel]]:
    # The routers' operations are complete once the URLconf has been loaded (paginated endpoints get their
    # response schema then): load it, so the test sees the same operations alone as after other tests.
    get_resolver().url_patterns  # noqa: B018
    found: set[type[BaseModel]] = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for params in operation.models:  # ninja's per-operation wrappers of path/query/body parameters
                    for field in params.model_fields.values():
                        _models_in(field.annotation, found)
                for response in operation.response_models.values():
                    _models_in(response, found)
    return found


def test_no_two_schema_classes_share_a_name():
    by_name: dict[str, set[str]] = {}
    for model in api_models():
        if model.__module__.startswith("ninja."):
            continue  # ninja's own wrappers (parameter models, the response envelope), never components
        by_name.setdefault(model.__name__, set()).add(f"{model.__module__}.{model.__qualname__}")
    assert {name: sorted(paths) for name, paths in by_name.items() if len(paths) > 1} == {}


def test_every_component_of_the_document_is_one_of_those_classes():
    """The check above sees what the document publishes: each component name belongs to one class."""
    names = {model.__name__ for model in api_models()}
    components = set(api.get_openapi_schema()["components"]["schemas"])
    assert components - names == set()
    assert {"TicketDeadlinesOut", "ComplaintDeadlinesOut"} <= components
