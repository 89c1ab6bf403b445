"""Bulletins: targeting by vendor and model, one delivery per customer, channels, acknowledgement, reminders."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail

from aftersales.bulletins import links, selectors, services
from aftersales.bulletins.models import BulletinDelivery
from aftersales.bulletins.tests.conftest import NOW, add_asset, at
from aftersales.core.errors import DomainError
from aftersales.notifications.models import Notification, NotificationPreference, SmsMessage

pytestmark = pytest.mark.django_db


def delivered_names(bulletin) -> list[str]:
    return sorted(BulletinDelivery.objects.filter(bulletin=bulletin).values_list("customer__name", flat=True))


# ------------------------------------------------------------------------------------------------ targeting


@pytest.mark.parametrize(
    ("vendor_names", "patterns", "expected"),
    [
        pytest.param(("戴尔",), "", {"合肥市第一人民医院": 2, "阜阳市国土资源局": 1}, id="vendor-only"),
        pytest.param(("戴尔",), "PowerEdge R75*", {"合肥市第一人民医院": 2}, id="vendor-and-prefix"),
        pytest.param((), "poweredge r740", {"阜阳市国土资源局": 1}, id="model-only-any-case"),
        pytest.param(("华为",), "S5735-*", {"合肥市第一人民医院": 1, "芜湖市第一中学": 1}, id="switch-series"),
        pytest.param(
            ("华为", "联想"),
            "S12700E\nThinkSystem SR6?0",
            {"芜湖市第一中学": 1, "六安市人民医院": 1},
            id="two-vendors-two-patterns",
        ),
        pytest.param(("联想",), "PowerEdge*", {}, id="model-of-another-vendor"),
        pytest.param(("惠普",), "LaserJet*\nPowerEdge R750", {"阜阳市国土资源局": 1}, id="vendor-limits-patterns"),
    ],
)
def test_targets_are_exactly_the_customers_with_matching_assets(
    installed_base, make_bulletin, vendor_names, patterns, expected
):
    # given
    bulletin = make_bulletin(vendor_names, patterns)
    # when
    targets = selectors.bulletin_targets(bulletin)
    # then
    names = {installed_base[key].pk: installed_base[key].name for key in ("hospital", "bureau", "school", "clinic")}
    assert {names[cid]: n for cid, n in targets.items()} == expected


def test_a_bulletin_without_vendors_or_models_is_refused(make_bulletin):
    with pytest.raises(DomainError) as raised:
        make_bulletin((), "  \n ")
    assert raised.value.code == "no_target"


def test_only_supervisors_experts_and_admins_write_bulletins(installed_base, agent, vendors):
    with pytest.raises(DomainError) as raised:
        services.bulletin_create(actor=agent, kind="patch", title="补丁", body="内容", vendor_ids=[vendors["戴尔"].pk])
    assert raised.value.status == 403


# ------------------------------------------------------------------------------------------------ publishing


def test_publish_creates_one_delivery_per_matching_customer(now, installed_base, make_bulletin, supervisor):
    # given: two matching Dell servers at the hospital, one at the bureau
    bulletin = make_bulletin(("戴尔",), "PowerEdge R7*")
    # when
    result = services.bulletin_publish(bulletin_id=bulletin.pk, actor=supervisor)
    # then
    assert (result.matched, result.created) == (2, 2)
    assert delivered_names(bulletin) == ["合肥市第一人民医院", "阜阳市国土资源局"]
    hospital = BulletinDelivery.objects.get(bulletin=bulletin, customer=installed_base["hospital"])
    assert hospital.asset_count == 2
    assert hospital.delivered_at == NOW
    bulletin.refresh_from_db()
    assert (bulletin.published_at, bulletin.published_by) == (NOW, supervisor)


def test_publishing_twice_sends_nothing_twice_and_reaches_new_owners_only(
    now, installed_base, make_bulletin, supervisor, agent
):
    # given: published once
    bulletin = make_bulletin(("戴尔",), "PowerEdge R7*")
    services.bulletin_publish(bulletin_id=bulletin.pk, actor=supervisor)
    mails_before = len(mail.outbox)
    # when: published again at once
    again = services.bulletin_publish(bulletin_id=bulletin.pk, actor=supervisor)
    # then: nothing new
    assert (again.matched, again.created, again.messages) == (2, 0, 0)
    assert BulletinDelivery.objects.filter(bulletin=bulletin).count() == 2
    assert len(mail.outbox) == mails_before
    # when: the clinic buys an affected server, and the bulletin is published again
    add_asset(agent, installed_base["clinic"], "戴尔", "PowerEdge R760", "D760-9")
    third = services.bulletin_publish(bulletin_id=bulletin.pk, actor=supervisor, at=at(days=1))
    # then: only the clinic gets it; the first publication time stays
    assert (third.matched, third.created) == (3, 1)
    assert delivered_names(bulletin) == ["六安市人民医院", "合肥市第一人民医院", "阜阳市国土资源局"]
    bulletin.refresh_from_db()
    assert bulletin.published_at == NOW


def test_publish_tells_users_in_app_contacts_by_email_and_the_primary_mobile_by_sms(
    now, installed_base, make_bulletin, supervisor, django_capture_on_commit_callbacks
):
    # given
    bulletin = make_bulletin(("戴尔",), "PowerEdge R7*")
    # when
    with django_capture_on_commit_callbacks(execute=True):
        services.bulletin_publish(bulletin_id=bulletin.pk, actor=supervisor)
    # then: the hospital's customer user has it in the portal inbox, linked to the delivery
    hospital = BulletinDelivery.objects.get(bulletin=bulletin, customer=installed_base["hospital"])
    note = Notification.objects.get(user=installed_base["hospital_user"])
    assert (note.kind, note.title, note.link) == (
        "bulletin",
        "缺陷通告：PowerEdge 电源固件缺陷",
        f"/bulletins/portal/{hospital.pk}/",
    )
    # and: e-mails to the user and both contacts of the hospital; the bureau's contact has no e-mail
    assert sorted(m.to[0] for m in mail.outbox) == [
        "chen@hospital.example.cn",
        "it@hospital.example.cn",
        "wang@hospital.example.cn",
    ]
    # and: SMS to each customer's mobile contact (the landline gets none)
    assert sorted(SmsMessage.objects.values_list("phone", "status")) == [
        ("13805580002", "sent"),
        ("13905510001", "sent"),
    ]
    # and: the channels used are recorded per delivery
    bureau = BulletinDelivery.objects.get(bulletin=bulletin, customer=installed_base["bureau"])
    assert (hospital.channels, bureau.channels) == (["email", "in_app", "sms"], ["sms"])


def test_the_email_carries_the_signed_acknowledgement_link(
    now, installed_base, make_bulletin, supervisor, django_capture_on_commit_callbacks
):
    # given
    bulletin = make_bulletin(("戴尔",), "PowerEdge R75*")
    # when
    with django_capture_on_commit_callbacks(execute=True):
        services.bulletin_publish(bulletin_id=bulletin.pk, actor=supervisor)
    # then
    delivery = BulletinDelivery.objects.get(bulletin=bulletin)
    body = next(m.body for m in mail.outbox if m.to == ["wang@hospital.example.cn"])
    # the token carries the second it was signed in: read it back rather than sign again (a second may have passed)
    (token,) = re.findall(r"/bulletins/ack/([^/\s]+)/", body)
    assert links.ack_delivery_id(token) == delivery.pk
    assert "缺陷通告：PowerEdge 电源固件缺陷" in body
    assert "涉及设备：poweredge r75*" in body


def test_a_user_who_turned_email_off_gets_the_bulletin_in_app_only(
    now, installed_base, make_bulletin, supervisor, django_capture_on_commit_callbacks
):
    # given
    NotificationPreference.objects.create(user=installed_base["hospital_user"], kind="bulletin", email=False)
    bulletin = make_bulletin(("戴尔",), "PowerEdge R75*")
    # when
    with django_capture_on_commit_callbacks(execute=True):
        services.bulletin_publish(bulletin_id=bulletin.pk, actor=supervisor)
    # then
    assert sorted(m.to[0] for m in mail.outbox) == ["chen@hospital.example.cn", "wang@hospital.example.cn"]
    assert Notification.objects.filter(user=installed_base["hospital_user"], kind="bulletin").count() == 1


# ---------------------------------------------------------------------------------------------- acknowledging


@pytest.fixture
def published(now, installed_base, make_bulletin, supervisor):
    bulletin = make_bulletin(("戴尔", "华为"), "PowerEdge R7*\nS5735-*")
    services.bulletin_publish(bulletin_id=bulletin.pk, actor=supervisor)
    return {
        c: BulletinDelivery.objects.get(bulletin=bulletin, customer=installed_base[c])
        for c in ("hospital", "bureau", "school")
    }


def test_a_customer_user_acknowledges_its_own_delivery_in_the_portal(published, installed_base):
    # when
    delivery = services.bulletin_acknowledge(
        delivery_id=published["hospital"].pk, actor=installed_base["hospital_user"], via="portal", note="已安排升级"
    )
    # then
    assert (
        delivery.acknowledged_at,
        delivery.acknowledged_by,
        delivery.acknowledged_via,
        delivery.acknowledgement_note,
    ) == (NOW, installed_base["hospital_user"], "portal", "已安排升级")


def test_another_customers_delivery_is_not_found_and_stays_unacknowledged(published, installed_base):
    with pytest.raises(DomainError) as raised:
        services.bulletin_acknowledge(
            delivery_id=published["school"].pk, actor=installed_base["hospital_user"], via="portal"
        )
    assert raised.value.status == 404
    published["school"].refresh_from_db()
    assert published["school"].acknowledged_at is None


def test_staff_record_a_phone_acknowledgement_with_whom_they_spoke_to(published, callback_user):
    # when
    delivery = services.bulletin_acknowledge(
        delivery_id=published["bureau"].pk, actor=callback_user, via="phone", name="刘科长", note="电话告知，已知悉"
    )
    # then
    assert (delivery.acknowledged_via, delivery.acknowledged_name, delivery.acknowledged_by) == (
        "phone",
        "刘科长",
        callback_user,
    )


def test_a_phone_acknowledgement_needs_a_name_and_a_calling_role(published, callback_user, make_user):
    engineer = make_user("eng", "engineer")
    with pytest.raises(DomainError) as no_name:
        services.bulletin_acknowledge(delivery_id=published["bureau"].pk, actor=callback_user, via="phone")
    with pytest.raises(DomainError) as no_role:
        services.bulletin_acknowledge(delivery_id=published["bureau"].pk, actor=engineer, via="phone", name="刘科长")
    assert (no_name.value.code, no_role.value.status) == ("name_required", 403)
    published["bureau"].refresh_from_db()
    assert published["bureau"].acknowledged_at is None


def test_the_first_acknowledgement_stands(published, installed_base, callback_user):
    # given
    services.bulletin_acknowledge(
        delivery_id=published["hospital"].pk, actor=None, via="link", name="王工", at=at(hours=1)
    )
    # when
    again = services.bulletin_acknowledge(
        delivery_id=published["hospital"].pk, actor=callback_user, via="phone", name="陈主任", at=at(hours=2)
    )
    # then
    assert (again.acknowledged_at, again.acknowledged_via, again.acknowledged_name, again.acknowledged_by) == (
        at(hours=1),
        "link",
        "王工",
        None,
    )


def test_signed_links_name_their_delivery_and_cannot_be_forged(published):
    token = links.ack_token(published["bureau"].pk)
    assert links.ack_delivery_id(token) == published["bureau"].pk
    assert links.ack_delivery_id(token[:-2] + "xx") is None
    assert links.ack_delivery_id("not-a-token") is None


# ---------------------------------------------------------------------------------------------------- reminders


def test_reminders_go_to_those_who_did_not_acknowledge_once_per_round(
    published, installed_base, django_capture_on_commit_callbacks
):
    # given: the hospital acknowledged; the bureau and the school did not (every 3 days, at most 2 reminders)
    services.bulletin_acknowledge(
        delivery_id=published["hospital"].pk, actor=installed_base["hospital_user"], via="portal"
    )
    # when: before the first round, then at round 1 twice, then round 2
    early = services.bulletins_remind(at=at(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        first = services.bulletins_remind(at=at(days=3))
    repeat = services.bulletins_remind(at=at(days=3, hours=1))
    second = services.bulletins_remind(at=at(days=6))
    after = services.bulletins_remind(at=at(days=30))
    # then
    assert (early.reminded, first.reminded, repeat.reminded, second.reminded, after.reminded) == (0, 2, 0, 2, 0)
    assert sorted(BulletinDelivery.objects.values_list("customer__name", "reminders_sent")) == [
        ("合肥市第一人民医院", 0),
        ("芜湖市第一中学", 2),
        ("阜阳市国土资源局", 2),
    ]
    reminder_notes = Notification.objects.filter(kind="bulletin_reminder", user=installed_base["school_user"])
    assert reminder_notes.count() == 2
    assert reminder_notes.first().title == "请确认：缺陷通告：PowerEdge 电源固件缺陷"
    assert sorted(SmsMessage.objects.filter(kind="bulletin_reminder").values_list("phone", flat=True)) == [
        "13805580002",
        "13805580002",
    ]


def test_after_the_last_reminder_a_phone_call_is_listed_and_closed_by_the_acknowledgement(
    published, callback_user, frozen_now
):
    from aftersales.plans.models import WorkItem

    # given: both rounds sent
    services.bulletins_remind(at=at(days=3))
    services.bulletins_remind(at=at(days=6))
    services.bulletins_remind(at=at(days=7))
    items = WorkItem.objects.filter(kind="bulletin").order_by("customer__name")
    assert [(i.role, i.due_on, i.done_at) for i in items] == [("callback", dt.date(2026, 12, 2), None)] * 3
    # when: the bureau acknowledges on the phone a day later
    with frozen_now(at(days=7)):
        services.bulletin_acknowledge(
            delivery_id=published["bureau"].pk, actor=callback_user, via="phone", name="刘科长"
        )
    # then
    item = WorkItem.objects.get(source_key=f"bulletin-ack:{published['bureau'].pk}")
    assert (item.done_at, item.done_by, item.result) == (at(days=7), callback_user, "已确认（电话确认）")


def test_the_portal_and_the_phone_are_each_their_own_rule_in_the_access_table(published, installed_base, supervisor):
    """Issue 9 defect 2: bulletins.portal (a customer user, its own delivery) and bulletins.phone_ack (staff who
    call) are the table's, not the service's; a supervisor acknowledging "in the portal" is refused as before, a
    customer user recording a phone call too."""
    with pytest.raises(DomainError) as staff_portal:
        services.bulletin_acknowledge(delivery_id=published["hospital"].pk, actor=supervisor, via="portal")
    with pytest.raises(DomainError) as customer_phone:
        services.bulletin_acknowledge(
            delivery_id=published["hospital"].pk, actor=installed_base["hospital_user"], via="phone", name="王工"
        )
    assert (staff_portal.value.status, customer_phone.value.status) == (404, 403)
    published["hospital"].refresh_from_db()
    assert published["hospital"].acknowledged_at is None
