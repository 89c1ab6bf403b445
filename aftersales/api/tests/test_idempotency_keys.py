"""Idempotency-Key (issue 9, defect 4): the same key with another body is a 422, as payment APIs answer; keys
expire after 24 hours and the periodic job deletes them."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.core import idempotency
from aftersales.core.models import IdempotencyRecord
from aftersales.tickets.models import Ticket

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC)


def _ticket(api, customer, title: str, key: str = "call-0001"):
    body = {"customer_id": customer.pk, "channel": "phone", "severity": 2, "title": title}
    return api.post("/api/v1/tickets", body, headers={"Idempotency-Key": key})


def test_a_key_reused_with_another_body_is_refused(api_as, agent, customer, frozen_now):
    api = api_as(agent)
    with frozen_now(T0):
        first = _ticket(api, customer, "打印机卡纸")
        # when: the same key, another request
        other = _ticket(api, customer, "核心交换机宕机")
        # then: refused, bilingual, nothing done
        assert first.status_code == 201
        assert other.status_code == 422
        assert other.json()["code"] == "idempotency_key_reused"
        assert other.json()["message_zh"]
        assert other.json()["message_en"]
        assert list(Ticket.objects.values_list("title", flat=True)) == ["打印机卡纸"]
        # and the same body (keys in another order) still replays the first answer
        again = api.post(
            "/api/v1/tickets",
            {"title": "打印机卡纸", "severity": 2, "channel": "phone", "customer_id": customer.pk},
            headers={"Idempotency-Key": "call-0001"},
        )
        assert (again.status_code, again.json()) == (201, first.json())
        assert Ticket.objects.count() == 1


def test_a_key_expires_after_24_hours_and_the_periodic_job_deletes_it(api_as, agent, customer, frozen_now):
    from aftersales.config.periodic import periodic_jobs

    api = api_as(agent)
    with frozen_now(T0):
        first = _ticket(api, customer, "打印机卡纸")
        _ticket(api, customer, "投影仪无信号", key="call-0002")
    with frozen_now(T0 + dt.timedelta(hours=23, minutes=59)):
        assert _ticket(api, customer, "打印机卡纸").json()["id"] == first.json()["id"]
    with frozen_now(T0 + dt.timedelta(hours=24, minutes=1)):
        # when: the key is older than 24 hours, the same request is new work
        later = _ticket(api, customer, "打印机卡纸")
        assert later.status_code == 201
        assert later.json()["id"] != first.json()["id"]
        # when: the purge runs (a periodic job)
        job = next(job for job in periodic_jobs() if job.name == "idempotency_purge")
        purged = job.resolve()()
    # then: only the fresh key is left
    assert purged == 1
    assert list(IdempotencyRecord.objects.values_list("key", "created_at")) == [
        ("call-0001", T0 + dt.timedelta(hours=24, minutes=1))
    ]
    assert Ticket.objects.count() == 3


def test_the_body_hash_ignores_key_order_and_spacing():
    assert idempotency.body_hash(b'{"a": 1, "b": [1, 2]}') == idempotency.body_hash('{"b":[1,2],"a":1}')
    assert idempotency.body_hash(b'{"a": 1}') != idempotency.body_hash(b'{"a": 2}')
    assert idempotency.body_hash(b"not json") != idempotency.body_hash(b"not json!")
