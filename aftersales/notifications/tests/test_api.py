"""API: notification preferences (every user, their own) and webhooks (administrators only)."""

from __future__ import annotations

import pytest

from aftersales.notifications import services
from aftersales.notifications.models import NotificationPreference

pytestmark = pytest.mark.django_db


def test_preferences_show_the_defaults_until_set(api_as, agent):
    # when
    response = api_as(agent).get("/api/v1/notification-preferences")
    # then
    assert response.status_code == 200
    rows = {row["kind"]: row for row in response.json()["items"]}
    assert rows["*"] == {
        "kind": "*",
        "label": "全部类型（默认）",
        "in_app": True,
        "email": True,
        "sms": False,
        "webhook": False,
        "language": "",
        "is_set": False,
    }
    assert (rows["bulletin"]["email"], rows["bulletin"]["label"]) == (True, "及时通知")


def test_a_user_sets_channels_per_kind(api_as, agent, make_user):
    # given
    other = make_user("other", "agent")
    client = api_as(agent)
    # when
    response = client.client.put(
        "/api/v1/notification-preferences",
        data={"items": [{"kind": "bulletin", "email": False, "sms": True}, {"kind": "*", "language": "en"}]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {client.token}",
    )
    # then
    assert response.status_code == 200
    rows = {row["kind"]: row for row in response.json()["items"]}
    assert (rows["bulletin"]["email"], rows["bulletin"]["sms"], rows["bulletin"]["is_set"]) == (False, True, True)
    assert rows["*"]["language"] == "en"
    assert NotificationPreference.objects.filter(user=other).count() == 0


def test_an_unknown_field_or_bad_kind_is_refused(api_as, agent):
    client = api_as(agent)
    bad_field = client.client.put(
        "/api/v1/notification-preferences",
        data={"items": [{"kind": "x", "fax": True}]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {client.token}",
    )
    bad_kind = client.client.put(
        "/api/v1/notification-preferences",
        data={"items": [{"kind": "坏"}]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {client.token}",
    )
    assert (bad_field.status_code, bad_kind.status_code, bad_kind.json()["code"]) == (422, 400, "invalid_kind")


def test_only_administrators_manage_webhooks(api_as, agent, make_user):
    supervisor = make_user("boss", "supervisor")
    for user in (agent, supervisor):
        client = api_as(user)
        assert client.get("/api/v1/webhooks").status_code == 403
        assert client.post("/api/v1/webhooks", {"name": "x", "url": "http://127.0.0.1:9/x"}).status_code == 403


def test_an_administrator_creates_a_webhook_and_sees_the_secret_once(api_as, admin_user):
    client = api_as(admin_user)
    # when
    created = client.post(
        "/api/v1/webhooks",
        {"name": "运维平台", "url": "https://ops.example.cn/hooks", "kinds": ["bulletin_published", "escalation"]},
    )
    listed = client.get("/api/v1/webhooks")
    # then
    assert created.status_code == 201
    body = created.json()
    assert (body["name"], body["kinds"], len(body["secret"]) >= 32) == (
        "运维平台",
        ["bulletin_published", "escalation"],
        True,
    )
    assert listed.json()["items"] == [{k: v for k, v in body.items() if k != "secret"}]


def test_the_delivery_log_of_a_webhook(api_as, admin_user):
    # given
    hook = services.webhook_create(actor=admin_user, name="x", url="http://127.0.0.1:9/x", kinds=[])
    services.webhook_emit(kind="bulletin_published", data={"a": 1})
    services.webhook_emit(kind="bulletin_acknowledged", data={"b": 2})
    client = api_as(admin_user)
    # when
    page = client.get(f"/api/v1/webhooks/{hook.pk}/deliveries", {"limit": 1})
    rest = client.get(f"/api/v1/webhooks/{hook.pk}/deliveries", {"cursor": page.json()["next_cursor"]})
    missing = client.get("/api/v1/webhooks/999999/deliveries")
    # then
    assert [d["kind"] for d in page.json()["items"]] == ["bulletin_acknowledged"]
    assert [(d["kind"], d["status"], d["attempts"]) for d in rest.json()["items"]] == [
        ("bulletin_published", "pending", 0)
    ]
    assert missing.status_code == 404
