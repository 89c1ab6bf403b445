"""The archive's admin screens check input like the services, derive the region and bump versions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aftersales.accounts.models import User
from aftersales.assets import services as asset_services
from aftersales.customers import services as customer_services
from aftersales.customers.models import Customer
from aftersales.sla.tests.test_admin import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def add_customer(admin_client, **fields):
    data = form_data(admin_client.get("/admin/customers/customer/add/")) | {"kind": "organisation"} | fields
    return admin_client.post("/admin/customers/customer/add/", data)


def test_a_customer_added_without_a_region_gets_it_from_the_address(admin_client):
    # when
    response = add_customer(
        admin_client, name="合肥市档案馆", address="合肥市蜀山区长江西路100号", phone="0551-62799596"
    )
    # then
    assert response.status_code == 302
    customer = Customer.objects.get()
    assert (customer.region.name, customer.province, customer.district, customer.version) == (
        "合肥市",
        "安徽省",
        "蜀山区",
        1,
    )


def test_a_customer_with_an_invalid_phone_is_refused_in_both_languages(admin_client):
    # when
    response = add_customer(admin_client, name="合肥市档案馆", address="合肥市蜀山区长江西路100号", phone="123")
    # then
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "电话号码无效：123（座机请带区号，如 0551-62799596） / "
        "Invalid phone number: 123 (landlines need the area code, e.g. 0551-62799596)"
    ]
    assert Customer.objects.count() == 0


def test_a_new_address_in_the_admin_derives_the_region_again_and_bumps_the_version(admin_client, customer):
    # given
    url = f"/admin/customers/customer/{customer.pk}/change/"
    data = form_data(admin_client.get(url)) | {"address": "芜湖市镜湖区中山路1号"}
    # when
    response = admin_client.post(url, data)
    # then
    assert response.status_code == 302
    customer.refresh_from_db()
    assert (customer.region.name, customer.district, customer.version) == ("芜湖市", "镜湖区", 2)
    assert customer.history.count() == 2


def test_an_asset_accepted_before_its_purchase_is_refused(admin_client, asset):
    # given
    url = f"/admin/assets/asset/{asset.pk}/change/"
    data = form_data(admin_client.get(url)) | {"accepted_on": "2026-02-01"}
    # when
    response = admin_client.post(url, data)
    # then
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "验收日期不能早于购买日期 / The acceptance date cannot be before the purchase date"
    ]
    asset.refresh_from_db()
    assert (asset.accepted_on, asset.version) == (None, 1)


def test_an_asset_changed_in_the_admin_gets_a_new_version(admin_client, asset):
    # given
    url = f"/admin/assets/asset/{asset.pk}/change/"
    data = form_data(admin_client.get(url)) | {"accepted_on": "2026-03-10"}
    # when
    response = admin_client.post(url, data)
    # then
    assert response.status_code == 302
    asset.refresh_from_db()
    assert (asset.accepted_on, asset.version) == (dt.date(2026, 3, 10), 2)


@pytest.mark.parametrize(
    ("role", "with_customer", "field", "error"),
    [
        pytest.param(
            "customer",
            False,
            "customer",
            "客户用户必须指定所属客户 / A customer user needs its customer",
            id="customer-alone",
        ),
        pytest.param(
            "agent",
            True,
            "customer",
            "只有客户用户属于某个客户 / Only customer users belong to a customer",
            id="agent-bound",
        ),
        pytest.param(
            "partner",
            False,
            "partner",
            "合作伙伴工程师必须指定所属合作伙伴 / A partner user needs its partner",
            id="partner-alone",
        ),
    ],
)
def test_a_user_role_and_what_it_is_bound_to_must_agree(admin_client, customer, role, with_customer, field, error):
    # given
    data = form_data(admin_client.get("/admin/accounts/user/add/")) | {
        "username": "hospital",
        "password1": "pw-Secret-123",
        "password2": "pw-Secret-123",
        "role": role,
        "usable_password": "true",
        "customer": customer.pk if with_customer else "",
    }
    # when
    response = admin_client.post("/admin/accounts/user/add/", data)
    # then
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {field: [error]}
    assert not User.objects.filter(username="hospital").exists()


def test_a_customer_user_is_added_with_its_customer(admin_client, customer):
    # given
    data = form_data(admin_client.get("/admin/accounts/user/add/")) | {
        "username": "hospital",
        "password1": "pw-Secret-123",
        "password2": "pw-Secret-123",
        "role": "customer",
        "usable_password": "true",
        "customer": customer.pk,
    }
    # when
    response = admin_client.post("/admin/accounts/user/add/", data)
    # then
    assert response.status_code == 302
    user = User.objects.get(username="hospital")
    assert (user.role, user.customer_id, user.check_password("pw-Secret-123")) == ("customer", customer.pk, True)


@pytest.mark.parametrize("path", ["/admin/assets/asset/", "/admin/customers/customer/"])
def test_the_archive_lists_cost_the_same_queries_for_one_or_many_rows(admin_client, agent, customer, asset, path):
    # given
    with CaptureQueriesContext(connection) as one:
        assert admin_client.get(path).status_code == 200
    for n in range(20):
        owner = customer_services.customer_create(actor=agent, name=f"单位{n}", address=f"芜湖市镜湖区中山路{n}号")
        asset_services.asset_create(
            actor=agent,
            customer_id=owner.pk,
            vendor=f"厂商{n}",
            model="S5735",
            serial=f"SN{n:03d}",
            purchased_on=dt.date(2026, 1, 5),
        )
    # when
    with CaptureQueriesContext(connection) as many:
        assert admin_client.get(path).status_code == 200
    # then: related rows come with the page's query
    assert len(many) == len(one)
