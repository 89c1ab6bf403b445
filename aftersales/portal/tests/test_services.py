from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail, signing
from django.urls import reverse

from aftersales.core.errors import DomainError
from aftersales.notifications.models import SmsMessage
from aftersales.portal import links, services
from aftersales.portal.models import Reply
from aftersales.tickets.models import Ticket

pytestmark = pytest.mark.django_db


def test_a_scanned_label_files_a_request_by_the_qr_channel_in_the_customers_words(asset):
    # given the token printed on the asset's label
    token = links.label_token(asset.pk, asset.customer_id)
    # when someone without an account reports from it
    intake = services.qr_report(
        token=token,
        urgency_key="stopped",
        title="服务器无法开机",
        contact_name="张工",
        contact_phone="13800000000",
    )
    # then the request is the asset's, class 1, by the QR channel
    ticket = Ticket.objects.get(pk=intake.ticket.pk)
    assert (ticket.channel, ticket.severity, ticket.asset_id, ticket.customer_id) == (
        "qr",
        1,
        asset.pk,
        asset.customer_id,
    )
    assert (ticket.contact_name, ticket.contact_phone, ticket.created_by_id) == ("张工", "13800000000", None)


def test_a_tampered_or_expired_label_files_nothing(asset):
    token = links.label_token(asset.pk, asset.customer_id)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    with pytest.raises(DomainError) as refused:
        services.qr_report(token=tampered, urgency_key="partial", title="x", contact_name="a", contact_phone="1")
    assert refused.value.code == "label_invalid"
    assert links.label_token_read(token, max_age=dt.timedelta(seconds=-1)) is None
    assert Ticket.objects.count() == 0


def test_a_label_stops_working_when_the_asset_changes_customer(asset, agent):
    other_token = signing.TimestampSigner(salt=links.SALT).sign_object({"a": asset.pk, "c": asset.customer_id + 999})
    with pytest.raises(DomainError):
        services.label_target(other_token)


def test_the_qr_form_needs_a_contact_and_an_answer_we_offer(asset):
    token = links.label_token(asset.pk, asset.customer_id)
    with pytest.raises(DomainError) as no_contact:
        services.qr_report(token=token, urgency_key="partial", title="x", contact_name="", contact_phone="")
    with pytest.raises(DomainError) as bad_urgency:
        services.qr_report(token=token, urgency_key="1", title="x", contact_name="a", contact_phone="1")
    assert (no_contact.value.code, bad_urgency.value.code) == ("contact_required", "urgency_invalid")
    assert Ticket.objects.count() == 0


def test_the_portal_maps_the_customers_words_to_the_class(customer_user, asset):
    intake = services.portal_report(
        actor=customer_user, urgency_key="question", title="如何导出日志", asset_id=asset.pk
    )
    assert (intake.ticket.channel, intake.ticket.severity) == ("web", 4)


def test_the_reporting_contact_is_told_by_sms_and_email_of_each_step(
    customer, asset, agent, django_capture_on_commit_callbacks
):
    from aftersales.customers.models import Contact
    from aftersales.tickets import services as tickets

    # given a contact without an account, with an e-mail address on file
    Contact.objects.create(customer=customer, name="李主任", phone="13811112222", email="li@example.com")
    ticket = tickets.ticket_create(
        actor=agent,
        customer_id=customer.pk,
        asset_id=asset.pk,
        channel="phone",
        severity=3,
        title="打印机卡纸",
        contact_name="李主任",
        contact_phone="13811112222",
    ).ticket
    mail.outbox.clear()
    # when the desk responds and then resolves it
    with django_capture_on_commit_callbacks(execute=True):
        tickets.ticket_apply_action(ticket_id=ticket.pk, action="respond", actor=agent)
        tickets.ticket_apply_action(ticket_id=ticket.pk, action="resolve", actor=agent)
    # then two texts and two e-mails went to the contact
    assert [m.to for m in mail.outbox] == [["li@example.com"], ["li@example.com"]]
    texts = list(SmsMessage.objects.order_by("id").values_list("phone", "text"))
    assert texts == [
        ("13811112222", f"【售后服务】您的服务请求 {ticket.number} 已受理并响应"),
        ("13811112222", f"【售后服务】您的服务请求 {ticket.number} 已解决"),
    ]


def test_a_customer_reply_reaches_the_handler_and_ours_reaches_the_customer(customer_user, asset, agent):
    from aftersales.notifications.models import Notification

    intake = services.portal_report(actor=customer_user, urgency_key="partial", title="网络时断时续")
    ticket = intake.ticket
    Ticket.objects.filter(pk=ticket.pk).update(assignee=agent)
    services.reply_add(actor=customer_user, ticket_id=ticket.pk, body="今天上午又断了两次")
    services.reply_add(actor=agent, ticket_id=ticket.pk, body="工程师下午到")
    assert list(Reply.objects.values_list("from_customer", "body")) == [
        (True, "今天上午又断了两次"),
        (False, "工程师下午到"),
    ]
    told = list(Notification.objects.order_by("id").values_list("user_id", "link"))
    assert told == [
        (agent.pk, reverse("tickets:detail", kwargs={"ticket_id": ticket.pk})),
        (customer_user.pk, reverse("customer:ticket", kwargs={"ticket_id": ticket.pk})),
    ]


def test_another_customer_cannot_reply(customer_user, asset, agent, make_user):
    from aftersales.customers import services as customers

    ticket = services.portal_report(actor=customer_user, urgency_key="partial", title="网络时断时续").ticket
    other = customers.customer_create(actor=agent, name="芜湖市中医院", address="芜湖市镜湖区九华山路")
    with pytest.raises(DomainError) as refused:
        services.reply_add(actor=make_user("wairen", "customer", customer=other), ticket_id=ticket.pk, body="hi")
    assert refused.value.status == 404
    assert Reply.objects.count() == 0


INTERNAL = {"tier", "deadlines", "due_at", "breached", "duplicate_of", "duplicates", "assignee_id", "zone", "region"}


def test_a_customer_users_api_answers_carry_no_internal_fields(api_as, customer_user, asset, agent):
    # given a request of the customer that the desk marked as a duplicate and escalated
    api = api_as(customer_user)
    created = api.post(
        "/api/v1/tickets",
        {"customer_id": asset.customer_id, "asset_id": asset.pk, "channel": "web", "severity": 1, "title": "宕机"},
    )
    assert created.status_code == 201
    ticket_id = created.json()["id"]
    # when the customer reads it back (list, one, after an action)
    listed = api.get("/api/v1/tickets").json()["items"]
    one = api.get(f"/api/v1/tickets/{ticket_id}").json()
    # then no internal field is there, in any answer
    for body in [created.json(), *listed, one]:
        assert INTERNAL.isdisjoint(body), sorted(INTERNAL & set(body))
    assert [step["action"] for step in one["history"]] == ["create"]
    # while our staff see them
    staff = api_as(agent).get(f"/api/v1/tickets/{ticket_id}").json()
    assert {"tier", "deadlines", "duplicate_of"} <= set(staff)
