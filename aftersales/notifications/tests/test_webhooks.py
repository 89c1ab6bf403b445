"""Outbound webhooks: signatures, delivery to a local receiver, the retry schedule and the delivery log."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest

from aftersales.notifications import services, tasks, webhooks
from aftersales.notifications.models import WebhookDelivery

SECRET = "whsec-0123456789abcdef"
BODY = b'{"id":"d1","event":"bulletin","data":{"title":"\xe9\x80\x9a\xe7\x9f\xa5"}}'
T0 = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC)


def headers_at(timestamp: int, body: bytes = BODY, secret: str = SECRET) -> dict[str, str]:
    return webhooks.signed_headers(secret=secret, body=body, kind="bulletin", delivery_id="d1", timestamp=timestamp)


# ---------------------------------------------------------------------------------------------- signatures


def test_a_signed_request_verifies():
    now = 1_790_000_000
    assert webhooks.verify_signature(SECRET, BODY, headers_at(now), now=now) is True


def test_header_names_are_matched_in_any_case():
    now = 1_790_000_000
    lowered = {k.lower(): v for k, v in headers_at(now).items()}
    assert webhooks.verify_signature(SECRET, BODY, lowered, now=now) is True


def test_the_signature_covers_timestamp_and_raw_body():
    assert webhooks.signature("k" * 16, b"{}", 1700000000) == (
        "sha256=" + __import__("hmac").new(b"k" * 16, b"1700000000.{}", "sha256").hexdigest()
    )


def test_a_tampered_body_is_rejected():
    now = 1_790_000_000
    assert webhooks.verify_signature(SECRET, BODY.replace(b"bulletin", b"bulletiN"), headers_at(now), now=now) is False


def test_a_wrong_secret_is_rejected():
    now = 1_790_000_000
    assert webhooks.verify_signature("another-secret-xyz", BODY, headers_at(now), now=now) is False


def test_an_old_timestamp_is_rejected_even_with_a_valid_signature():
    signed_at = 1_790_000_000
    assert webhooks.verify_signature(SECRET, BODY, headers_at(signed_at), now=signed_at + 300) is True
    assert webhooks.verify_signature(SECRET, BODY, headers_at(signed_at), now=signed_at + 301) is False


def test_a_replayed_signature_with_a_fresh_timestamp_is_rejected():
    # given: an attacker keeps the old signature but sends a current timestamp
    old, now = 1_790_000_000, 1_790_003_600
    headers = headers_at(old)
    headers[webhooks.TIMESTAMP_HEADER] = str(now)
    # then
    assert webhooks.verify_signature(SECRET, BODY, headers, now=now) is False


@pytest.mark.parametrize("missing", [webhooks.SIGNATURE_HEADER, webhooks.TIMESTAMP_HEADER])
def test_missing_headers_are_rejected(missing):
    now = 1_790_000_000
    headers = headers_at(now)
    del headers[missing]
    assert webhooks.verify_signature(SECRET, BODY, headers, now=now) is False


# ------------------------------------------------------------------------------------------------ delivery


@pytest.fixture
def hook(db, receiver, admin_user):
    return services.webhook_create(
        actor=admin_user, name="工单系统", url=receiver.url, secret=SECRET, kinds=["bulletin_published"]
    )


def test_an_event_is_posted_signed_to_the_receiver_and_logged(hook, receiver):
    # given
    data = {"bulletin_id": 7, "title": "电源固件缺陷"}
    assert services.webhook_emit(kind="bulletin_published", data=data, at=T0) == 1
    delivery = WebhookDelivery.objects.get()
    # when
    result = tasks.webhooks_deliver_job(at=T0)
    # then: one signed POST with the event, delivery id and timestamp headers
    assert result == {"attempted": 1, "succeeded": 1, "retrying": 0, "given_up": 0}
    [request] = receiver.requests
    assert request.path == "/hooks/aftersales"
    assert request.headers["X-Aftersales-Event"] == "bulletin_published"
    assert request.headers["X-Aftersales-Delivery"] == str(delivery.delivery_id)
    assert webhooks.verify_signature(SECRET, request.body, request.headers, now=time.time()) is True
    payload = json.loads(request.body)
    assert (payload["id"], payload["event"], payload["data"]) == (
        str(delivery.delivery_id),
        "bulletin_published",
        {"bulletin_id": 7, "title": "电源固件缺陷"},
    )
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code, delivery.next_attempt_at) == (
        "succeeded",
        1,
        200,
        None,
    )
    # and: a second run sends nothing again
    assert tasks.webhooks_deliver_job(at=T0 + dt.timedelta(minutes=5))["attempted"] == 0
    assert len(receiver.requests) == 1


def test_events_of_other_kinds_and_inactive_webhooks_are_not_queued(hook, admin_user, receiver):
    services.webhook_create(actor=admin_user, name="停用", url=receiver.url, kinds=[], is_active=False)
    assert services.webhook_emit(kind="escalation", data={}, at=T0) == 0
    assert WebhookDelivery.objects.count() == 0


def test_failures_are_retried_after_1_2_4_8_minutes_and_given_up_after_5_attempts(hook, receiver):
    # given: a receiver that answers 500 every time
    receiver.answers = [500] * 10
    services.webhook_emit(kind="bulletin_published", data={"n": 1}, at=T0)
    delivery = WebhookDelivery.objects.get()
    schedule, at = [], T0
    # when: the job runs whenever the next attempt is due (and once 30 s too early)
    for _ in range(5):
        tasks.webhooks_deliver_job(at=at)
        assert tasks.webhooks_deliver_job(at=at + dt.timedelta(seconds=30))["attempted"] == 0
        delivery.refresh_from_db()
        schedule.append(None if delivery.next_attempt_at is None else delivery.next_attempt_at - at)
        at = delivery.next_attempt_at or at
    # then
    assert schedule == [
        dt.timedelta(minutes=1),
        dt.timedelta(minutes=2),
        dt.timedelta(minutes=4),
        dt.timedelta(minutes=8),
        None,
    ]
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("failed", 5, 500)
    assert len(receiver.requests) == 5
    # and: every attempt carried the same delivery id and body
    assert {r.headers["X-Aftersales-Delivery"] for r in receiver.requests} == {str(delivery.delivery_id)}
    assert {r.body for r in receiver.requests} == {delivery.body.encode()}


def test_a_receiver_that_recovers_gets_the_retry(hook, receiver):
    receiver.answers = [503, 204]
    services.webhook_emit(kind="bulletin_published", data={}, at=T0)
    first = tasks.webhooks_deliver_job(at=T0)
    second = tasks.webhooks_deliver_job(at=T0 + dt.timedelta(minutes=1))
    delivery = WebhookDelivery.objects.get()
    assert (first["retrying"], second["succeeded"]) == (1, 1)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("succeeded", 2, 204)


def test_redirects_are_not_followed(hook, receiver):
    receiver.answers = [302]
    services.webhook_emit(kind="bulletin_published", data={}, at=T0)
    tasks.webhooks_deliver_job(at=T0)
    delivery = WebhookDelivery.objects.get()
    assert [r.path for r in receiver.requests] == ["/hooks/aftersales"]
    assert (delivery.status, delivery.last_status_code, delivery.next_attempt_at) == (
        "pending",
        302,
        T0 + dt.timedelta(minutes=1),
    )


def test_an_unreachable_receiver_is_recorded_and_retried(db, admin_user):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    services.webhook_create(actor=admin_user, name="离线", url=f"http://127.0.0.1:{port}/x", kinds=[])
    services.webhook_emit(kind="bulletin_published", data={}, at=T0)
    tasks.webhooks_deliver_job(at=T0)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, None)
    assert "refused" in delivery.last_error.lower()


@pytest.mark.parametrize(("url", "code"), [("ftp://example.cn/x", "invalid_url"), ("", "invalid_url")])
def test_only_http_urls_are_accepted(db, admin_user, url, code):
    from aftersales.core.errors import DomainError

    with pytest.raises(DomainError) as raised:
        services.webhook_create(actor=admin_user, name="x", url=url)
    assert raised.value.code == code


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["agent", "supervisor", "callback"])
def test_only_administrators_register_webhooks_also_when_the_service_is_called_directly(make_user, role):
    """Issue 9 defect 2: the table's notifications.webhooks, asked by the service too (it asked no one)."""
    from aftersales.core.errors import DomainError
    from aftersales.notifications.models import Webhook

    with pytest.raises(DomainError) as refused:
        services.webhook_create(actor=make_user(f"u-{role}", role), name="x", url="http://127.0.0.1:9/x")
    assert refused.value.status == 403
    assert not Webhook.objects.exists()
