"""Lean writes (`core.bulk`): rows stored exactly as the ORM stores them, and `save()` used when it must be."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.models import signals
from django.test.utils import CaptureQueriesContext

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


def test_rows_insert_stores_what_the_objects_hold(make_user):
    # given
    user = make_user("agent")
    rows = [
        IdempotencyRecord(
            user=user, key=f"k{n}", scope="s", status_code=200, body={}, created_at=AT + dt.timedelta(minutes=n)
        )
        for n in range(3)
    ]
    # when
    bulk.rows_insert(IdempotencyRecord, rows)
    # then
    assert [(r.key, r.user_id, r.created_at) for r in IdempotencyRecord.objects.order_by("key")] == [
        ("k0", user.pk, AT),
        ("k1", user.pk, AT + dt.timedelta(minutes=1)),
        ("k2", user.pk, AT + dt.timedelta(minutes=2)),
    ]
    assert IdempotencyRecord.objects.filter(created_at__lt=AT + dt.timedelta(seconds=90)).count() == 2


def test_query_counts_see_every_statement(make_user):
    # given
    user = make_user("agent")
    record = IdempotencyRecord(user=user, key="k4", scope="s", status_code=201, body={}, created_at=AT)
    more = [
        IdempotencyRecord(user=user, key=f"k{n}", scope="s", status_code=200, body={}, created_at=AT) for n in (5, 6)
    ]
    last = IdempotencyRecord(user=user, key="k7", scope="s", status_code=200, body={}, created_at=AT)
    names = [f.attname for f in IdempotencyRecord._meta.concrete_fields if not f.primary_key]
    # when
    with CaptureQueriesContext(connection) as queries:
        bulk.row_create(record)
        bulk.rows_insert(IdempotencyRecord, more)
        bulk.values_insert(IdempotencyRecord, names, [[getattr(last, name) for name in names]])
    # then each statement is logged as the ORM's are (on SQLite too: they run on Django's cursor)
    assert len(queries) == 3
    table = connection.ops.quote_name(IdempotencyRecord._meta.db_table)
    assert all(f"INSERT INTO {table}" in query["sql"] for query in queries)
    assert IdempotencyRecord.objects.count() == 4


def test_row_prepare_converts_datetimes_and_json_and_keeps_nulls(make_user):
    # given
    record = IdempotencyRecord(user=make_user("agent"), key="k3", scope="s", status_code=201, body=None, created_at=AT)
    fields = [f for f in IdempotencyRecord._meta.concrete_fields if not f.primary_key]
    place = {f.attname: i for i, f in enumerate(fields)}
    # when
    row = bulk.row_prepare(record)
    # then every value is what the field itself prepares for the database; a NULL stays NULL
    assert row.values[place["body"]] is None
    assert row.values[place["created_at"]] == fields[place["created_at"]].get_db_prep_save(AT, connection)
    record.body = {"a": [1, "二"]}
    body = bulk.row_prepare(record).values[place["body"]]
    if connection.vendor == "sqlite":
        assert row.values[place["created_at"]] == "2026-11-26 01:30:15.123456"
        assert body == '{"a": [1, "\\u4e8c"]}'
    else:
        assert body.obj == {"a": [1, "二"]}
