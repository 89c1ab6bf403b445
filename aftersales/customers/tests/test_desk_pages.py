"""The workspace's customer pages (issue 10): a new caller with a duplicate warning, edits of the customer,
contacts and assets, and the intake page's contact choices."""

from __future__ import annotations

import pytest

from aftersales.assets.models import Asset
from aftersales.customers.models import Contact, Customer

pytestmark = pytest.mark.django_db

NEW = {
    "name": "肥东县人民医院信息科",
    "kind": "organisation",
    "address": "合肥市肥东县店埠镇东风路1号",
    "phone": "0551-67712345",
    "contact_name": "王芳",
    "contact_phone": "13905511234",
    "contact_title": "工程师",
}


@pytest.fixture
def desk(client, agent):
    client.force_login(agent)
    return client


def test_an_agent_registers_a_new_caller_and_goes_on_to_intake(desk):
    response = desk.post("/customers/new/", {**NEW, "next": "intake"})
    customer = Customer.objects.get(name=NEW["name"])
    assert response.status_code == 302
    assert response["Location"] == f"/tickets/new/?customer={customer.pk}"
    assert customer.region.name == "合肥市"
    assert customer.district == "肥东县"
    assert list(customer.contacts.values_list("name", "phone", "is_primary")) == [("王芳", "13905511234", True)]
    picked = desk.get(f"/customers/{customer.pk}/pick/").content.decode()
    assert 'data-name="王芳"' in picked
    assert 'data-phone="13905511234"' in picked


def test_same_name_phone_or_credit_code_warns_and_needs_a_confirmation(desk, customer):
    same_phone = {**NEW, "name": "另一家单位", "phone": "0551-62799596"}
    refused = desk.post("/customers/new/", same_phone)
    assert refused.status_code == 409
    assert "可能重复的客户" in refused.content.decode()
    assert customer.name in refused.content.decode()
    assert not Customer.objects.filter(name="另一家单位").exists()
    confirmed = desk.post("/customers/new/", {**same_phone, "confirm_duplicate": "on"})
    assert confirmed.status_code == 302
    live = desk.get("/customers/duplicates/", {"name": customer.name}).content.decode()
    assert "同名" in live


def test_edit_customer_contact_and_asset(desk, customer):
    page = desk.get(f"/customers/{customer.pk}/edit/")
    assert page.status_code == 200
    response = desk.post(
        f"/customers/{customer.pk}/edit/",
        {
            "name": customer.name,
            "kind": "organisation",
            "address": customer.address,
            "phone": "0551-62799597",
            "version": customer.version,
        },
    )
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.phone == "0551-62799597"
    desk.post(f"/customers/{customer.pk}/contacts/new/", {"name": "赵六", "phone": "13812345678"})
    contact = Contact.objects.get(name="赵六")
    desk.post(f"/customers/{customer.pk}/contacts/{contact.pk}/edit/", {"name": "赵六", "phone": "13812345679"})
    contact.refresh_from_db()
    assert contact.phone == "13812345679"
    desk.post(
        f"/customers/{customer.pk}/assets/new/",
        {"vendor": "华为", "model": "S5735", "serial": "HW2026X1", "category": "交换机", "purchased_on": "2026-01-05"},
    )
    asset = Asset.objects.get(serial="HW2026X1")
    desk.post(
        f"/customers/{customer.pk}/assets/{asset.pk}/edit/",
        {
            "vendor": "华为",
            "model": "S5735-L",
            "serial": "HW2026X1",
            "purchased_on": "2026-01-05",
            "version": asset.version,
        },
    )
    asset.refresh_from_db()
    assert asset.model == "S5735-L"
    bad = desk.post(f"/customers/{customer.pk}/contacts/new/", {"name": "钱七", "phone": "12"})
    assert bad.status_code == 400


def test_the_archive_pages_are_the_archive_roles(client, customer, make_user):
    client.force_login(make_user("eng", "engineer"))
    assert client.get("/customers/new/").status_code in (403, 404)
    assert client.get(f"/customers/{customer.pk}/edit/").status_code in (403, 404)
