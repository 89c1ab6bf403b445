"""The live-update poll (tickets:changes) stays cheap: an unchanged queue costs the session, the user and two
index look-ups (the newest request, the newest timeline line); a request page adds its version."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aftersales.tickets import selectors, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, agent):
    client.force_login(agent)
    return client


def test_an_unchanged_queue_poll_is_four_queries(signed_in, agent, customer, django_assert_num_queries):
    services.ticket_create(actor=agent, customer_id=customer.pk, channel="phone", severity=3, title="打印机卡纸")
    stamp = selectors.queue_stamp()
    with django_assert_num_queries(4):  # session, user, newest request, newest timeline line
        body = signed_in.get(reverse("tickets:changes"), {"since": stamp}).json()
    assert body == {"stamp": stamp, "changed": False, "critical": []}


def test_a_request_page_poll_adds_its_version(signed_in, agent, customer, django_assert_num_queries):
    ticket = services.ticket_create(
        actor=agent, customer_id=customer.pk, channel="phone", severity=3, title="打印机卡纸"
    ).ticket
    stamp = selectors.queue_stamp()
    with django_assert_num_queries(5):
        body = signed_in.get(reverse("tickets:changes"), {"since": stamp, "ticket": ticket.pk}).json()
    assert body["version"] == ticket.version
    assert body["changed"] is False


def test_a_new_class_1_request_is_named_once(signed_in, agent, customer):
    stamp = selectors.queue_stamp()
    ticket = services.ticket_create(
        actor=agent, customer_id=customer.pk, channel="phone", severity=1, title="核心交换机宕机"
    ).ticket
    body = signed_in.get(reverse("tickets:changes"), {"since": stamp}).json()
    assert body["changed"] is True
    assert [c["id"] for c in body["critical"]] == [ticket.pk]
    again = signed_in.get(reverse("tickets:changes"), {"since": body["stamp"]}).json()
    assert again["critical"] == []
