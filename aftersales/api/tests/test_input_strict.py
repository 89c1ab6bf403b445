"""Loose input is refused (issue 9, defect 4): every input schema is strict, the same on SQLite and PostgreSQL.

A walk over every operation of the API fails when an input schema does not derive from the shared strict bases
(aftersales/core/schemas.py) or a plain path/query parameter of text or date type does not use the shared
parameter types; then the repros of the issue, each answered with the API's bilingual 422 and nothing stored.
"""

from __future__ import annotations

import datetime as dt
import typing

import pytest
from pydantic import BaseModel

from aftersales.api.api import api
from aftersales.core.schemas import BAD_TEXT, InputChecks, ParamDate, ParamText, _scalar_kinds

pytestmark = pytest.mark.django_db


def _operations():
    for _prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for method in operation.methods:
                    yield f"{method} {path}", operation


def _models(annotation) -> list[type[BaseModel]]:
    found = [a for a in typing.get_args(annotation) for a in _models(a)]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found.append(annotation)
    return found


def _input_fields():
    """(operation, where, name, annotation) of every input field: schema classes and plain parameters."""
    for label, operation in _operations():
        for params in operation.models:  # ninja's wrapper per source: PathParams, QueryParams, BodyParams …
            for name, field in params.model_fields.items():
                yield label, params.__name__, name, field


def test_every_input_schema_derives_from_the_strict_bases():
    loose = sorted(
        {
            f"{label}: {model.__module__}.{model.__qualname__}"
            for label, _where, _name, field in _input_fields()
            for model in _models(field.annotation)
            if not issubclass(model, InputChecks)
        }
    )
    assert loose == []


def _uses(annotation, shared) -> bool:
    return any(a == shared or _uses(a, shared) for a in typing.get_args(annotation)) or annotation == shared


def _carries(field, shared) -> bool:
    """The field is of the shared type: pydantic keeps its validator in the field's metadata, or (inside an
    Optional) in the annotation itself."""
    return typing.get_args(shared)[1] in field.metadata or _uses(field.annotation, shared)


def test_every_plain_text_or_date_parameter_uses_the_shared_types():
    loose = []
    for label, where, name, field in _input_fields():
        if _models(field.annotation) or where.startswith(("FileParams", "BodyParams")):
            continue
        kinds = _scalar_kinds(field.annotation)
        loose_date = kinds & {dt.date, dt.datetime} and not _carries(field, ParamDate)
        loose_text = str in kinds and not kinds & {dt.date, dt.datetime} and not _carries(field, ParamText)
        if loose_date or loose_text:
            loose.append(f"{label} {name}: {field.annotation}")
    assert loose == []


def test_the_strict_bases_cover_fields_added_by_subclasses():
    """The check is the base's, not a field list's: a subclass's new field is covered without a word."""
    from aftersales.core.schemas import StrictIn

    class Extra(StrictIn):
        count: int = 0

    with pytest.raises(Exception, match="bool_not_allowed"):
        Extra.model_validate({"count": True})


# ------------------------------------------------------------------------------------------------ repros


def _invalid(response, field: str) -> None:
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "invalid_input"
    assert field in body["message_en"]
    assert field in body["message_zh"]


def test_severity_true_is_not_class_one(api_as, agent, customer):
    from aftersales.tickets.models import Ticket

    api = api_as(agent)
    response = api.post(
        "/api/v1/tickets", {"customer_id": customer.pk, "channel": "phone", "severity": True, "title": "整机宕机"}
    )
    _invalid(response, "severity")
    assert Ticket.objects.count() == 0


@pytest.mark.parametrize("purchased_on", [0, "0", 1700000000, True])
def test_a_number_is_not_a_purchase_date(api_as, agent, customer, purchased_on):
    from aftersales.assets.models import Asset

    api = api_as(agent)
    body = {
        "customer_id": customer.pk,
        "vendor": "戴尔",
        "model": "PowerEdge R750",
        "serial": "7XK2M93",
        "category": "服务器",
        "purchased_on": purchased_on,
    }
    _invalid(api.post("/api/v1/assets", body), "purchased_on")
    assert Asset.objects.count() == 0
    assert api.post("/api/v1/assets", body | {"purchased_on": "2026-03-01"}).status_code == 201


def test_an_email_address_is_validated(api_as, admin_user):
    from aftersales.customers.models import Customer

    api = api_as(admin_user)
    body = {"name": "芜湖市中医医院", "address": "芜湖市镜湖区九华中路127号", "email": "not-an-email"}
    _invalid(api.post("/api/v1/customers", body), "email")
    user = {"username": "new.agent", "password": "pw-Secret-123", "role": "agent", "email": "not-an-email"}
    _invalid(api.post("/api/v1/users", user), "email")
    assert Customer.objects.count() == 0
    assert api.post("/api/v1/customers", body | {"email": "xinxi@whzyy.cn"}).status_code == 201


@pytest.mark.parametrize("title", ["主板\x00故障", "主板\x0b故障", "主板\ud800故障"])
def test_control_characters_in_text_are_refused_on_every_database(api_as, agent, customer, title):
    from aftersales.tickets.models import Ticket

    api = api_as(agent)
    response = api.post(
        "/api/v1/tickets", {"customer_id": customer.pk, "channel": "phone", "severity": 3, "title": title}
    )
    _invalid(response, "title")
    assert Ticket.objects.count() == 0
    assert BAD_TEXT.search(title)


def test_tab_and_newline_stay_allowed_in_text(api_as, agent, customer):
    api = api_as(agent)
    body = {
        "customer_id": customer.pk,
        "channel": "phone",
        "severity": 3,
        "title": "主板\t故障",
        "description": "一\n二",
    }
    assert api.post("/api/v1/tickets", body).status_code == 201


def test_a_date_query_parameter_must_be_iso_text(api_as, agent, asset):
    api = api_as(agent)
    _invalid(api.get(f"/api/v1/assets/{asset.pk}/warranty", {"on": "0"}), "on")
    assert api.get(f"/api/v1/assets/{asset.pk}/warranty", {"on": "2026-06-01"}).status_code == 200


def test_dispatch_to_an_unknown_assignee_is_a_422_not_a_500(api_as, agent, customer, make_user):
    from aftersales.tickets.models import Ticket

    api = api_as(agent)
    ticket = api.post(
        "/api/v1/tickets", {"customer_id": customer.pk, "channel": "phone", "severity": 3, "title": "打印机卡纸"}
    ).json()
    patient = make_user("patient", "customer", customer=customer)
    for assignee_id in (99999999, patient.pk):
        response = api.post(
            f"/api/v1/tickets/{ticket['id']}/transitions", {"action": "dispatch", "assignee_id": assignee_id}
        )
        assert response.status_code == 422, response.content
        assert response.json()["code"] == "unknown_reference"
    stored = Ticket.objects.get()
    assert (stored.status, stored.assignee_id, stored.version) == ("received", None, 1)
    engineer = make_user("li.qiang", "engineer")
    # a user without a field engineer's profile is not someone a request can be dispatched to (issue 10)
    unregistered = api.post(
        f"/api/v1/tickets/{ticket['id']}/transitions", {"action": "dispatch", "assignee_id": engineer.pk}
    )
    assert unregistered.status_code == 422, unregistered.content
    from aftersales.dispatch.models import Engineer

    Engineer.objects.create(user=engineer, home_region=customer.region)
    moved = api.post(f"/api/v1/tickets/{ticket['id']}/transitions", {"action": "dispatch", "assignee_id": engineer.pk})
    assert moved.status_code == 200, moved.content
    assert moved.json()["assignee_id"] == engineer.pk
