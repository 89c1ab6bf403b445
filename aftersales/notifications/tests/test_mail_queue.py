"""E-mail handed to a Celery worker at commit (`AFTERSALES_MAIL_VIA=celery`, the scaled-out mode)."""

from __future__ import annotations

import json
import logging

import pytest
from django.core import mail
from kombu.exceptions import OperationalError

from aftersales.notifications import services, tasks
from aftersales.notifications.models import Notification
from aftersales.notifications.tests.test_services import message

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(make_user):
    return make_user("zhang", "agent")


@pytest.fixture
def queued(monkeypatch):
    """What was handed to the worker's queue, as the broker would carry it (JSON)."""
    sent: list = []
    monkeypatch.setattr(tasks.mail_send_task, "delay", lambda mails: sent.append(json.loads(json.dumps(mails))))
    return sent


def test_the_commit_hands_the_mail_to_a_worker_which_sends_it(
    user, settings, queued, django_capture_on_commit_callbacks
):
    settings.AFTERSALES_MAIL_VIA = "celery"
    # when a message is delivered and its transaction commits
    with django_capture_on_commit_callbacks(execute=True):
        services.notifications_deliver([message(user)])
    # then nothing was sent by the committing thread: the mail went to the queue
    assert Notification.objects.filter(user=user).count() == 1
    assert mail.outbox == []
    [mails] = queued
    assert [(subject, to) for subject, _body, _sender, to in mails] == [("SR-2026-000001 已升级", ["zhang@example.com"])]
    # and the worker's task sends what it was given
    tasks.mail_send_task(mails)
    [email] = mail.outbox
    assert (email.to, email.subject) == (["zhang@example.com"], "SR-2026-000001 已升级")
    assert "查看详情：" in email.body


def test_a_queue_that_cannot_be_reached_does_not_lose_the_mail(
    user, settings, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    settings.AFTERSALES_MAIL_VIA = "celery"

    def broker_down(mails):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.mail_send_task, "delay", broker_down)
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        services.notifications_deliver([message(user)])
    assert [m.to for m in mail.outbox] == [["zhang@example.com"]]
    assert "mail queue down" in caplog.text


def test_inline_mail_is_sent_by_the_committing_thread(user, settings, queued, django_capture_on_commit_callbacks):
    settings.AFTERSALES_MAIL_VIA = "inline"
    with django_capture_on_commit_callbacks(execute=True):
        services.notifications_deliver([message(user)])
    assert queued == []
    assert [m.to for m in mail.outbox] == [["zhang@example.com"]]
