"""Routing by preferences: channels per user and kind, languages, SMS through the provider, webhooks."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import override_settings

from aftersales.notifications import services
from aftersales.notifications.models import Notification, NotificationPreference, SmsMessage, WebhookDelivery
from aftersales.notifications.services import Message

pytestmark = pytest.mark.django_db


class FailingProvider:
    name = "failing"

    def send(self, phone, text):
        raise RuntimeError("gateway down")


@pytest.fixture
def user(make_user):
    return make_user("zhang", "agent", phone="13912345678")


def message(user, kind="escalation", **extra):
    return Message(
        user_id=user.pk,
        email=user.email,
        kind=kind,
        title="SR-2026-000001 已升级",
        body="请处理",
        link="/tickets/1/",
        **extra,
    )


def test_by_default_a_message_goes_in_app_and_by_email(user, django_capture_on_commit_callbacks):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        [routed] = services.notifications_deliver([message(user)])
    # then
    assert routed.channels == ("in_app", "email")
    assert Notification.objects.filter(user=user).count() == 1
    [email] = mail.outbox
    assert (email.to, email.subject) == (["zhang@example.com"], "SR-2026-000001 已升级")
    assert "查看详情：http://127.0.0.1:8000/tickets/1/" in email.body
    assert SmsMessage.objects.count() == 0


def test_links_point_at_the_served_address_unless_a_base_url_is_configured(
    user, monkeypatch, settings, django_capture_on_commit_callbacks
):
    # given: `aftersales serve --port 8123` exported where it listens, and no AFTERSALES_BASE_URL
    monkeypatch.setenv("AFTERSALES_SERVED_URL", "http://127.0.0.1:8123")
    settings.AFTERSALES_BASE_URL = ""
    # when
    with django_capture_on_commit_callbacks(execute=True):
        services.notifications_send([message(user)])
    settings.AFTERSALES_BASE_URL = "https://service.example.cn/"
    with django_capture_on_commit_callbacks(execute=True):
        services.notifications_send([message(user)])
    # then: the served port, until a configured address wins
    served, configured = mail.outbox
    assert "查看详情：http://127.0.0.1:8123/tickets/1/" in served.body
    assert "查看详情：https://service.example.cn/tickets/1/" in configured.body


def test_email_off_for_a_kind_means_no_email_for_that_kind_only(user, django_capture_on_commit_callbacks):
    # given
    NotificationPreference.objects.create(user=user, kind="escalation", email=False)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        routed = services.notifications_deliver([message(user), message(user, kind="dispatch")])
    # then
    assert [r.channels for r in routed] == [("in_app",), ("in_app", "email")]
    assert [m.to for m in mail.outbox] == [["zhang@example.com"]]
    assert Notification.objects.filter(user=user).count() == 2


def test_the_star_row_is_the_default_for_kinds_without_their_own(user, django_capture_on_commit_callbacks):
    # given: everything by SMS only, except escalations in-app
    NotificationPreference.objects.create(user=user, kind="*", in_app=False, email=False, sms=True)
    NotificationPreference.objects.create(user=user, kind="escalation", in_app=True, email=False)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        routed = services.notifications_deliver([message(user), message(user, kind="bulletin")])
    # then: the SMS went to the account's phone through the logging provider
    assert [r.channels for r in routed] == [("in_app",), ("sms",)]
    sms = SmsMessage.objects.get()
    assert (sms.phone, sms.kind, sms.status, sms.provider, sms.text) == (
        "13912345678",
        "bulletin",
        "sent",
        "logging",
        "【售后服务】SR-2026-000001 已升级",
    )
    assert mail.outbox == []


@override_settings(AFTERSALES_SMS_PROVIDER="aftersales.notifications.tests.test_services.FailingProvider")
def test_a_failing_sms_provider_is_recorded_not_raised(user, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=user, kind="*", sms=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.notifications_send([message(user)])
    sms = SmsMessage.objects.get()
    assert (sms.status, sms.provider, sms.error) == ("failed", "failing", "gateway down")


def test_pending_sms_are_sent_once_by_the_job(user):
    # given: a row left pending (the process stopped before its commit hook ran)
    NotificationPreference.objects.create(user=user, kind="*", sms=True)
    services.notifications_send([message(user)])
    # when
    from aftersales.notifications import tasks

    first, second = tasks.sms_send_job(), tasks.sms_send_job()
    # then
    assert (first, second) == ({"sent": 1}, {"sent": 0})
    assert SmsMessage.objects.get().status == "sent"


def test_english_is_used_when_the_user_chose_it(user, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=user, kind="*", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.notifications_send([message(user)])
    assert "Details: http://127.0.0.1:8000/tickets/1/" in mail.outbox[0].body


def test_a_contact_without_an_account_gets_email_and_sms_only(db, django_capture_on_commit_callbacks):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        [routed] = services.notifications_deliver(
            [
                Message(
                    user_id=None,
                    email="wang@hospital.example.cn",
                    phone="13905510001",
                    kind="bulletin",
                    title="固件升级通知",
                )
            ]
        )
    # then
    assert routed.channels == ("email", "sms")
    assert Notification.objects.count() == 0
    assert [m.to for m in mail.outbox] == [["wang@hospital.example.cn"]]
    assert SmsMessage.objects.get().phone == "13905510001"


def test_webhooks_get_a_users_messages_only_when_the_user_turned_that_on(user, admin_user):
    # given
    services.webhook_create(
        actor=admin_user, name="企业微信机器人", url="http://127.0.0.1:9/hook", kinds=["escalation"]
    )
    services.notifications_send([message(user)])
    assert WebhookDelivery.objects.count() == 0
    # when
    NotificationPreference.objects.create(user=user, kind="escalation", webhook=True)
    services.notifications_send([message(user), message(user, kind="dispatch")])
    # then: only the subscribed kind is queued
    delivery = WebhookDelivery.objects.get()
    assert (delivery.kind, delivery.status, delivery.attempts) == ("escalation", "pending", 0)


def test_preferences_update_refuses_bad_kinds_and_languages_and_stores_nothing(user):
    from aftersales.core.errors import DomainError

    with pytest.raises(DomainError) as bad_kind:
        services.preferences_update(user=user, items=[{"kind": "bulletin"}, {"kind": "Bad Kind"}])
    with pytest.raises(DomainError) as bad_language:
        services.preferences_update(user=user, items=[{"kind": "bulletin", "language": "fr"}])
    assert (bad_kind.value.code, bad_language.value.code) == ("invalid_kind", "invalid_language")
    assert NotificationPreference.objects.count() == 0
