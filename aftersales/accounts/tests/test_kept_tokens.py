"""What a worker keeps of the tokens it has looked up (api.auth) is never more current than the database says.

The accounts generation is rewritten by the database's triggers (migration accounts 0006) on any change of a
user or a token, whatever makes it; a worker uses a kept token only under the generation it was read under.
Each case looks the token up once first, so that the worker holds it when the change is made.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from aftersales.accounts import sql
from aftersales.accounts.models import AccountsGeneration, ApiToken, User
from aftersales.api import auth
from aftersales.core import clock
from aftersales.core.testing.processes import Worker, shared_database

pytestmark = pytest.mark.django_db

PASSWORD = "pw-Secret-123"


def issue(client, username="agent"):
    answer = client.post(
        "/api/v1/auth/token", {"username": username, "password": PASSWORD}, content_type="application/json"
    )
    assert answer.status_code == 200, answer.content
    return answer.json()["token"]


def me(client, tok):
    return client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {tok}")


def generation() -> int:
    return AccountsGeneration.objects.get().value


def test_a_held_token_costs_one_query_that_reads_only_the_generation(client, agent, django_assert_num_queries):
    tok = issue(client)
    assert me(client, tok).status_code == 200  # looked up: now held
    with django_assert_num_queries(1) as captured:
        assert auth.token_for(tok) is not None
    assert "accounts_accountsgeneration" in captured[0]["sql"]
    assert "accounts_apitoken" not in captured[0]["sql"]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param("UPDATE accounts_user SET is_active = %s", id="deactivated-by-hand"),
        pytest.param("UPDATE accounts_apitoken SET revoked_at = CURRENT_TIMESTAMP WHERE %s", id="revoked-by-hand"),
        pytest.param("DELETE FROM accounts_apitoken WHERE %s", id="deleted-by-hand"),
    ],
)
def test_a_change_written_by_hand_reaches_a_held_token(client, agent, change):
    tok = issue(client)
    assert me(client, tok).status_code == 200
    before = generation()
    # when: SQL that no Django signal or service sees
    with connection.cursor() as cursor:
        cursor.execute(change, [False] if "is_active" in change else [True])
    # then
    assert generation() != before
    assert me(client, tok).status_code == 401


def test_a_role_changed_by_a_bulk_update_is_the_role_of_the_next_request(client, agent):
    tok = issue(client)
    assert me(client, tok).json()["role"] == "agent"
    User.objects.filter(pk=agent.pk).update(role="supervisor")
    assert me(client, tok).json()["role"] == "supervisor"


def test_a_held_token_expires_by_the_clock_without_any_change(client, agent, frozen_now):
    tok = issue(client)
    expires = ApiToken.objects.get().expires_at
    with frozen_now(expires - dt.timedelta(seconds=1)):
        assert me(client, tok).status_code == 200
    with frozen_now(expires):
        assert me(client, tok).status_code == 401


def test_writing_last_used_does_not_change_the_generation(client, agent, frozen_now):
    start = dt.datetime(2026, 11, 26, 9, tzinfo=dt.UTC)
    with frozen_now(start):
        tok = issue(client)
        me(client, tok)
    before = generation()
    with frozen_now(start + dt.timedelta(minutes=5)):
        assert me(client, tok).status_code == 200
    assert ApiToken.objects.get().last_used_at == start + dt.timedelta(minutes=5)
    assert generation() == before


def test_issuing_a_token_changes_the_generation(client, agent):
    before = generation()
    issue(client)
    assert generation() != before


def test_each_request_gets_its_own_user_and_token(client, agent):
    tok = issue(client)
    first = auth.token_for(tok)
    first.user.role = "admin"  # a view changing its request.user must not change the next request's
    first.user.customer_id = 99
    second = auth.token_for(tok)
    assert second is not first
    assert second.user is not first.user
    assert (second.user.role, second.user.customer_id) == ("agent", None)
    assert (second.user._state.adding, second.user._state.db) == (False, "default")


def test_without_the_generations_row_nothing_is_held(client, agent, django_assert_num_queries):
    tok = issue(client)
    AccountsGeneration.objects.all().delete()
    assert me(client, tok).status_code == 200
    assert sql.generation() is None
    with django_assert_num_queries(1) as captured:  # the join again, not a held copy
        assert auth.token_for(tok) is not None
    assert "accounts_apitoken" in captured[0]["sql"]
    # and a deactivation still stops it at once (no trigger can write the missing row)
    User.objects.filter(pk=agent.pk).update(is_active=False)
    assert me(client, tok).status_code == 401


def test_a_revocation_rolled_back_leaves_no_stale_generation(client, agent):
    """The generation is random: a rolled-back change's value is never written again, so what a worker read
    inside that change cannot be taken for the state after it."""
    from django.db import transaction

    tok = issue(client)
    assert me(client, tok).status_code == 200
    before = generation()
    inside = []

    def revoke_then_fail():
        with transaction.atomic():
            ApiToken.objects.update(revoked_at=clock.now())
            inside.append(me(client, tok).status_code)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        revoke_then_fail()
    assert inside == [401]  # inside: revoked
    assert generation() == before
    assert me(client, tok).status_code == 200  # after: as it was


# --------------------------------------------------------------------------------- two real processes

WORKER = r"""
import datetime as dt, json, secrets, sys
import django
django.setup()
from django.db import connection
from django.test.utils import CaptureQueriesContext
from aftersales.accounts.models import ApiToken, User
from aftersales.api import auth
from aftersales.core import clock

for line in sys.stdin:
    command, *args = line.split()
    if command == "setup":
        user = User.objects.create_user(username="agent", password="pw-Secret-123", role="agent")
        raw = secrets.token_urlsafe(32)
        expires = clock.now() + dt.timedelta(days=1)
        ApiToken.objects.create(user=user, digest=ApiToken.digest_of(raw), expires_at=expires)
        answer = {"user": user.pk, "token": raw}
    elif command == "check":
        with CaptureQueriesContext(connection) as queries:
            row = auth.token_for(args[0])
        answer = {"role": row.user.role if row else None, "queries": len(queries)}
    elif command == "role":
        User.objects.filter(pk=int(args[0])).update(role=args[1])
        answer = {}
    elif command == "deactivate":
        user = User.objects.get(pk=int(args[0]))
        user.is_active = False
        user.save()
        answer = {}
    print(json.dumps(answer), flush=True)
"""


def test_two_worker_processes_a_change_in_one_reaches_the_token_the_other_holds(tmp_path):
    """Worker B holds the token; worker A changes the user's role, then deactivates the user: B's very next
    request sees each change, and in between B's checks read only the generation (one query)."""
    env = shared_database(tmp_path)
    a, b = Worker(WORKER, env), Worker(WORKER, env)
    try:
        ids = a("setup")
        assert b("check", ids["token"]) == {"role": "agent", "queries": 2}  # the join; first use written
        assert b("check", ids["token"]) == {"role": "agent", "queries": 1}  # held: the generation only
        a("role", ids["user"], "supervisor")
        assert b("check", ids["token"]) == {"role": "supervisor", "queries": 2}  # the generation, the join
        assert b("check", ids["token"]) == {"role": "supervisor", "queries": 1}
        a("deactivate", ids["user"])
        assert b("check", ids["token"]) == {"role": None, "queries": 2}
    finally:
        a.close()
        b.close()
