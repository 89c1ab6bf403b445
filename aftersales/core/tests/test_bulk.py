"""Lean writes (`core.bulk`): rows stored exactly as the ORM stores them, and `save()` used when it must be."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import signals

from aftersales.accounts.models import LoginFailure
from aftersales.core import bulk
from aftersales.core.models import IdempotencyRecord

pytestmark = pytest.mark.django_db

AT = dt.datetime(2026, 11, 26, 9, 30, 15, 123456, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def test_row_create_sets_the_id_and_stores_values_as_save_does(make_user):
    # given
    user = make_user("agent")
    record = IdempotencyRecord(user=user, key="k1", scope="s", status_code=201, body={"时间": "09:30"}, created_at=AT)
    # when
    bulk.row_create(record)
    # then
    assert record.pk is not None
    assert record._state.adding is False
    stored = IdempotencyRecord.objects.get(pk=record.pk)
    assert (stored.user_id, stored.body, stored.created_at) == (user.pk, {"时间": "09:30"}, AT)
    assert IdempotencyRecord.objects.filter(created_at=AT).count() == 1


def test_row_create_falls_back_to_save_when_something_listens(make_user):
    # given
    seen = []

    def listener(sender, instance, created, **kwargs):
        seen.append((instance.key, created))

    signals.post_save.connect(listener, sender=IdempotencyRecord)
    try:
        # when
        bulk.row_create(
            IdempotencyRecord(user=make_user("agent"), key="k2", scope="s", status_code=200, body={}, created_at=AT)
        )
    finally:
        signals.post_save.disconnect(listener, sender=IdempotencyRecord)
    # then
    assert seen == [("k2", True)]


def test_rows_insert_stores_what_the_objects_hold():
    # given
    rows = [LoginFailure(username=f"user{n}", address="127.0.0.1", at=AT + dt.timedelta(minutes=n)) for n in range(3)]
    # when
    bulk.rows_insert(LoginFailure, rows)
    # then
    assert [(r.username, r.address, r.at) for r in LoginFailure.objects.order_by("username")] == [
        ("user0", "127.0.0.1", AT),
        ("user1", "127.0.0.1", AT + dt.timedelta(minutes=1)),
        ("user2", "127.0.0.1", AT + dt.timedelta(minutes=2)),
    ]
    assert LoginFailure.objects.filter(at__lt=AT + dt.timedelta(seconds=90)).count() == 2
