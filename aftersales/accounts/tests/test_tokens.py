"""Bearer tokens (issue 9, defect 7): they expire, can be listed and revoked, and die with their user."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from aftersales.accounts.models import ApiToken
from aftersales.core import clock

pytestmark = pytest.mark.django_db

PASSWORD = "pw-Secret-123"
UTC = dt.UTC


def issue(client, username="agent"):
    answer = client.post(
        "/api/v1/auth/token", {"username": username, "password": PASSWORD}, content_type="application/json"
    )
    assert answer.status_code == 200, answer.content
    return answer.json()


def call(client, method, path, tok):
    return getattr(client, method)(path, HTTP_AUTHORIZATION=f"Bearer {tok}")


def test_a_token_expires_after_the_configured_days(client, agent, frozen_now):
    start = dt.datetime(2026, 11, 26, 9, tzinfo=UTC)
    with override_settings(AFTERSALES_TOKEN_DAYS=7), frozen_now(start):
        issued = issue(client)
    assert dt.datetime.fromisoformat(issued["expires_at"]) == start + dt.timedelta(days=7)
    with frozen_now(start + dt.timedelta(days=7) - dt.timedelta(seconds=1)):
        assert call(client, "get", "/api/v1/me", issued["token"]).status_code == 200
    with frozen_now(start + dt.timedelta(days=7)):
        assert call(client, "get", "/api/v1/me", issued["token"]).status_code == 401


def test_the_default_lifetime_is_thirty_days(client, agent):
    issued = issue(client)
    row = ApiToken.objects.get()
    assert row.expires_at - row.created_at == pytest.approx(dt.timedelta(days=30), abs=dt.timedelta(seconds=5))
    assert abs(dt.datetime.fromisoformat(issued["expires_at"]) - row.expires_at) < dt.timedelta(milliseconds=1)


def test_logout_revokes_the_presented_token_only(client, agent):
    first, second = issue(client)["token"], issue(client)["token"]
    assert call(client, "post", "/api/v1/auth/logout", first).status_code == 204
    assert call(client, "get", "/api/v1/me", first).status_code == 401
    assert call(client, "get", "/api/v1/me", second).status_code == 200


def test_the_user_lists_own_tokens_without_secrets_and_revokes_one(client, agent, make_user, frozen_now):
    make_user("other", "agent")
    with frozen_now(dt.datetime(2026, 11, 26, 9, tzinfo=UTC)):
        old = issue(client)["token"]
    with frozen_now(dt.datetime(2026, 11, 26, 10, tzinfo=UTC)):
        new = issue(client)["token"]
        issue(client, "other")
        listed = call(client, "get", "/api/v1/auth/tokens", new)
    rows = listed.json()
    assert listed.status_code == 200
    assert [r["current"] for r in rows] == [True, False]
    assert set(rows[0]) == {"id", "created_at", "last_used_at", "expires_at", "current"}
    assert old not in listed.content.decode()
    assert new not in listed.content.decode()
    assert rows[0]["last_used_at"] is not None  # this very call used it
    # when: the old one is revoked from the new one
    old_id = rows[1]["id"]
    with frozen_now(dt.datetime(2026, 11, 26, 10, 1, tzinfo=UTC)):
        assert call(client, "delete", f"/api/v1/auth/tokens/{old_id}", new).status_code == 204
        assert call(client, "get", "/api/v1/me", old).status_code == 401
        assert [r["id"] for r in call(client, "get", "/api/v1/auth/tokens", new).json()] == [rows[0]["id"]]


def test_another_users_token_cannot_be_revoked(client, agent, make_user):
    make_user("other", "agent")
    mine = issue(client)["token"]
    theirs = issue(client, "other")["token"]
    their_id = ApiToken.objects.get(user__username="other").pk
    answer = call(client, "delete", f"/api/v1/auth/tokens/{their_id}", mine)
    assert answer.status_code == 404
    assert call(client, "get", "/api/v1/me", theirs).status_code == 200


def test_deactivating_a_user_stops_the_token_at_once(client, agent):
    tok = issue(client)["token"]
    assert call(client, "get", "/api/v1/me", tok).status_code == 200  # (was cached per worker for 30 s before)
    agent.is_active = False
    agent.save(update_fields=["is_active"])
    assert call(client, "get", "/api/v1/me", tok).status_code == 401


def test_revocation_is_seen_at_once_by_a_token_used_just_before(client, agent):
    tok = issue(client)["token"]
    assert call(client, "get", "/api/v1/me", tok).status_code == 200
    ApiToken.objects.update(revoked_at=clock.now())  # e.g. revoked by another worker or an admin
    assert call(client, "get", "/api/v1/me", tok).status_code == 401


def test_last_used_is_written_at_most_once_a_minute(client, agent, frozen_now):
    start = dt.datetime(2026, 11, 26, 9, tzinfo=UTC)
    with frozen_now(start):
        tok = issue(client)["token"]
        call(client, "get", "/api/v1/me", tok)
    with frozen_now(start + dt.timedelta(seconds=30)):
        call(client, "get", "/api/v1/me", tok)
    assert ApiToken.objects.get().last_used_at == start
    with frozen_now(start + dt.timedelta(seconds=61)):
        call(client, "get", "/api/v1/me", tok)
    assert ApiToken.objects.get().last_used_at == start + dt.timedelta(seconds=61)
