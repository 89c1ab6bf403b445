"""Lean writes (`core.bulk`): rows stored exactly as the ORM stores them, and `save()` used when it must be."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
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


def test_new_sets_the_given_fields_and_every_other_at_its_default():
    from aftersales.tickets.models import Ticket

    # when
    one = bulk.new(Ticket, customer_id=7, title="打印机卡纸", severity=2)
    two = bulk.new(Ticket, customer_id=8, title="交换机掉线", severity=3)
    # then the same instance as the keyword constructor makes
    made = Ticket(customer_id=7, title="打印机卡纸", severity=2)
    fields = [f.attname for f in Ticket._meta.concrete_fields]
    assert [getattr(one, name) for name in fields] == [getattr(made, name) for name in fields]
    assert (one._state.adding, one.pk) == (True, None)
    assert (one.status, one.tier, one.version, one.pauses) == ("received", 1, 1, [])
    # callable defaults are made anew for each instance
    assert one.pauses is not two.pauses
    with pytest.raises(TypeError, match="no field 'customer'"):
        bulk.new(Ticket, customer=None)


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
