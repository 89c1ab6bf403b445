"""A bearer API call skips the page middleware (web.middleware.bearer_api); nothing else does.

The skip is what makes an API call cheap (decision 022); what must not follow from it: a page reached without
its session, access or sign-in checks, or the sign-in endpoints without the lockout's middleware.
"""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from aftersales.web.middleware import bearer_api

PASSWORD = "pw-Secret-123"


@pytest.mark.parametrize(
    ("path", "headers", "skips"),
    [
        pytest.param("/api/v1/tickets", {"HTTP_AUTHORIZATION": "Bearer x"}, True, id="api-with-bearer"),
        pytest.param("/api/v1/tickets", {}, False, id="api-with-the-session"),
        pytest.param("/tickets/", {"HTTP_AUTHORIZATION": "Bearer x"}, False, id="page-with-bearer"),
        pytest.param("/api/v1/auth/token", {"HTTP_AUTHORIZATION": "Bearer x"}, False, id="sign-in"),
        pytest.param("/admin/", {"HTTP_AUTHORIZATION": "Bearer x"}, False, id="admin-with-bearer"),
    ],
)
def test_only_a_bearer_api_call_skips_the_page_middleware(path, headers, skips):
    assert bearer_api(RequestFactory().get(path, **headers)) is skips


@pytest.mark.django_db
def test_a_page_asked_with_a_bearer_header_still_wants_a_signed_in_session(client, agent):
    token = client.post(
        "/api/v1/auth/token", {"username": "agent", "password": PASSWORD}, content_type="application/json"
    ).json()["token"]
    answer = client.get("/tickets/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert answer.status_code == 302
    assert answer["Location"].startswith("/login/")


@pytest.mark.django_db
def test_an_api_read_with_the_browsers_session_still_has_it(client, agent):
    client.force_login(agent)
    answer = client.get("/api/v1/me")
    assert answer.status_code == 200
    assert answer.json()["username"] == "agent"


@pytest.mark.django_db
def test_a_bearer_api_answer_keeps_the_security_headers_and_sets_no_cookie(client, agent):
    token = client.post(
        "/api/v1/auth/token", {"username": "agent", "password": PASSWORD}, content_type="application/json"
    ).json()["token"]
    client.cookies.clear()
    answer = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert answer.status_code == 200
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert answer["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in answer
    assert answer["Content-Language"] == "zh-hans"
    assert not answer.cookies  # no session, no CSRF cookie
    assert int(answer["Content-Length"]) == len(answer.content)  # not chunked


@pytest.mark.django_db
def test_a_bearer_api_call_with_a_host_not_allowed_is_refused(client, agent):
    token = client.post(
        "/api/v1/auth/token", {"username": "agent", "password": PASSWORD}, content_type="application/json"
    ).json()["token"]
    answer = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_HOST="evil.example.com")
    assert answer.status_code == 400
