"""The token lookup written by hand returns what the ORM query returns, and refuses what it refuses."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.accounts import sql
from aftersales.accounts.models import AccountsGeneration, ApiToken, User

NOW = dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def token(db):
    user = User.objects.create_user("sql.agent", password="x-Secret-2026", role="agent", phone="13905510000")
    return ApiToken.objects.create(user=user, digest="a" * 64, expires_at=NOW + dt.timedelta(days=1))


def orm_row(digest: str, now: dt.datetime) -> ApiToken | None:
    return (
        ApiToken.objects.select_related("user")
        .filter(digest=digest, revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)
        .first()
    )


def fields_of(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_the_live_token_and_its_user_equal_what_the_orm_reads(token, django_assert_num_queries):
    # when
    with django_assert_num_queries(1):
        generation, row = sql.live_token("a" * 64, NOW)
    expected = orm_row("a" * 64, NOW)
    assert generation == AccountsGeneration.objects.get().value == sql.generation()
    # then
    assert fields_of(row) == fields_of(expected)
    assert fields_of(row.user) == fields_of(expected.user)
    assert row.user.is_active is True
    assert row.expires_at.tzinfo is not None


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"revoked_at": NOW - dt.timedelta(minutes=1)}, id="revoked"),
        pytest.param({"expires_at": NOW}, id="expired-at-the-instant"),
    ],
)
def test_a_revoked_or_expired_token_is_not_live(token, change):
    ApiToken.objects.filter(pk=token.pk).update(**change)
    assert sql.live_token("a" * 64, NOW) == (None, None)
    assert orm_row("a" * 64, NOW) is None


def test_a_deactivated_users_token_is_not_live(token):
    User.objects.filter(pk=token.user_id).update(is_active=False)
    assert sql.live_token("a" * 64, NOW) == (None, None)


def test_an_unknown_digest_is_not_live(token):
    assert sql.live_token("b" * 64, NOW) == (None, None)
