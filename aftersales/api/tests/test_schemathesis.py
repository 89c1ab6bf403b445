"""schemathesis against the published OpenAPI document, on a database full of the demo's data (issue 9).

Every operation of `/api/v1/openapi.json` gets generated requests from an administrator with a token, through
the WSGI app. Each answer must have a documented status code and content type, a body that matches the
documented schema of that status, and never be a server error. With the demo's data loaded the GETs reach
real objects (a request with its timeline, a complaint, a stock count …), which is where a schema that does
not match what is returned shows up.

Bounded and deterministic: a fixed number of examples per operation, hypothesis derandomized, no shrinking,
so CI runs it in under a minute on SQLite (about two on a busy two-core machine). The data the requests create
is kept between operations (one test, one database), so later operations see it too.
"""

from __future__ import annotations

import io

import pytest
import schemathesis
from django.core.management import call_command
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from aftersales.config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES_PER_OPERATION = 20

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def admin_headers(make_user):
    """The headers of an administrator's requests (a bearer token from POST /api/v1/auth/token)."""
    from django.core import signals
    from django.db import close_old_connections
    from django.test import Client

    # An id far from the small ids the requests use, so no generated request deactivates the caller.
    make_user("fuzz.admin", "admin", is_staff=True, is_superuser=True, id=100_000)
    response = Client().post(
        "/api/v1/auth/token",
        {"username": "fuzz.admin", "password": "pw-Secret-123"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    # Calling the WSGI app directly fires request_started/finished, whose handler closes the database connection;
    # the test's transaction lives on that connection (PostgreSQL), so keep it open as Django's test client does
    # (after the client's own request: it connects the handler again when it is done).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield {"Authorization": f"Bearer {response.json()['token']}"}
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# Operations that end the token the run uses go last, so they do not turn the others into 401s.
LAST = ("logout", "revoke_token")


def _small_ids(values, small_id: int, *, every_int: bool = False):
    """`values` with each integer id (every integer, for path parameters) replaced by `small_id`."""
    if isinstance(values, list):
        return [_small_ids(value, small_id) for value in values]
    if not isinstance(values, dict):
        return values
    return {
        name: small_id
        if isinstance(value, int) and not isinstance(value, bool) and (every_int or name.endswith("_id"))
        else _small_ids(value, small_id)
        for name, value in values.items()
    }


def _run_operation(operation, headers: dict[str, str], statuses: list[int]) -> str | None:
    """The first failure of the operation's generated cases, as text; None when every case passed. The status
    of every answer is appended to `statuses`."""

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,  # the same cases on every run
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: report the first failing case as it came
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(), small_id=st.integers(0, 40))
    def run(case, small_id):
        # Generated ids are mostly huge and only ever meet 404s and unknown references; the demo's objects have
        # small ids, so every id (in the path, the query or the body) is one of those: writes then succeed and
        # answers carry real objects, whose shape is what the checks compare.
        case.path_parameters = _small_ids(case.path_parameters, small_id, every_int=True)
        case.query = _small_ids(case.query, small_id)
        if isinstance(case.body, dict):
            case.body = _small_ids(case.body, small_id)
        response = case.call(headers=headers)
        statuses.append(response.status_code)
        case.validate_response(response, checks=CHECKS, headers=headers)

    try:
        run()
    except (Exception, BaseExceptionGroup) as exc:  # schemathesis raises a FailureGroup; collect each operation's
        return f"{operation.label}: {type(exc).__name__}: {str(exc)[:1500]}"
    return None


def test_every_operation_answers_as_documented(admin_headers):
    call_command("demo", stdout=io.StringIO())
    headers = admin_headers
    operations = sorted(
        (result.ok() for result in schema.get_all_operations()),
        # writes first, so the reads meet what they made too; what ends the token last
        key=lambda operation: (operation.definition.raw.get("operationId", "") in LAST, operation.method == "get"),
    )
    assert len(operations) > 100
    answered: dict[str, list[int]] = {}
    failures = [
        failure
        for operation in operations
        if (failure := _run_operation(operation, headers, answered.setdefault(operation.label, [])))
    ]
    assert failures == [], "\n\n".join(failures)
    # The run reached the API's logic, not only its refusals (a broken token would make every answer a documented
    # 401): about half the operations answered 2xx at least once (63 of 117 when this was written).
    succeeded = [label for label, statuses in answered.items() if any(200 <= status < 300 for status in statuses)]
    assert len(succeeded) >= 0.4 * len(operations), sorted(set(answered) - set(succeeded))
