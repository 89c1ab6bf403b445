"""Equipment archive writes: serials unique per vendor, checked dates, versioned updates (SPEC §1)."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.assets import services
from aftersales.assets.models import Asset, Vendor
from aftersales.core.errors import DomainError

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC)  # 10:00 on 26 November in China


def new_asset(agent, customer, **extra):
    fields = {"vendor": "戴尔", "model": "OptiPlex 7090", "serial": "CN0ABC123", "purchased_on": dt.date(2026, 1, 5)}
    return services.asset_create(actor=agent, customer_id=customer.pk, **(fields | extra))


def test_an_asset_resolves_its_vendor_and_keeps_no_copy_of_its_default_warranty(agent, customer):
    # when
    asset = new_asset(agent, customer, vendor=" 华为 ", serial=" 2102351234 ")
    # then: the registry's 华为 entry, whose default terms apply while the asset names none of its own
    asset.refresh_from_db()
    assert (asset.vendor.name, asset.serial, asset.warranty_months, asset.version) == ("华为", "2102351234", None, 1)


def test_a_serial_already_registered_for_the_vendor_is_refused(agent, customer, province_customer):
    # given
    new_asset(agent, customer)
    # when
    with pytest.raises(DomainError) as refused:
        new_asset(agent, province_customer, model="OptiPlex 5090")
    # then
    assert (refused.value.code, refused.value.message_zh, refused.value.message_en) == (
        "duplicate_serial",
        "戴尔 序列号 CN0ABC123 已登记",
        "戴尔 serial CN0ABC123 is already registered",
    )
    assert Asset.objects.count() == 1


def test_the_same_serial_under_another_vendor_is_allowed(agent, customer):
    # given
    new_asset(agent, customer)
    # when
    other = new_asset(agent, customer, vendor="联想")
    # then
    assert sorted(Asset.objects.values_list("vendor__name", "serial")) == [("戴尔", "CN0ABC123"), ("联想", "CN0ABC123")]
    assert other.pk is not None


def test_a_purchase_date_in_the_future_is_refused(agent, customer, frozen_now):
    vendors = Vendor.objects.count()
    # when
    with frozen_now(NOW), pytest.raises(DomainError) as refused:
        new_asset(agent, customer, purchased_on=dt.date(2026, 11, 27))
    # then
    assert (refused.value.code, refused.value.message_zh, refused.value.message_en) == (
        "purchase_in_future",
        "购买日期不能晚于今天",
        "The purchase date cannot be in the future",
    )
    assert Asset.objects.count() == 0
    assert Vendor.objects.count() == vendors


def test_a_purchase_today_in_china_is_accepted(agent, customer, frozen_now):
    with frozen_now(dt.datetime(2026, 11, 25, 16, 30, tzinfo=dt.UTC)):  # already the 26th in China
        asset = new_asset(agent, customer, purchased_on=dt.date(2026, 11, 26))
    assert asset.purchased_on == dt.date(2026, 11, 26)


def test_an_acceptance_before_the_purchase_is_refused(agent, customer):
    # when
    with pytest.raises(DomainError) as refused:
        new_asset(agent, customer, purchased_on=dt.date(2026, 3, 1), accepted_on=dt.date(2026, 2, 28))
    # then
    assert (refused.value.code, refused.value.message_zh, refused.value.message_en) == (
        "accepted_before_purchase",
        "验收日期不能早于购买日期",
        "The acceptance date cannot be before the purchase date",
    )
    assert Asset.objects.count() == 0


def test_an_unknown_customer_is_refused(agent):
    with pytest.raises(DomainError) as refused:
        services.asset_create(
            actor=agent, customer_id=999999, vendor="戴尔", model="R750", serial="X", purchased_on=dt.date(2026, 1, 5)
        )
    assert (refused.value.code, refused.value.status) == ("unknown_reference", 422)
    assert Asset.objects.count() == 0


def test_an_update_bumps_the_version(agent, customer):
    # given
    asset = new_asset(agent, customer)
    # when
    services.asset_update(actor=agent, asset_id=asset.pk, expected_version=1, site="三楼机房")
    # then
    asset.refresh_from_db()
    assert (asset.site, asset.version) == ("三楼机房", 2)


def test_a_stale_update_is_refused_and_changes_nothing(agent, customer):
    # given
    asset = new_asset(agent, customer)
    services.asset_update(actor=agent, asset_id=asset.pk, expected_version=1, site="三楼机房")
    # when
    with pytest.raises(DomainError) as refused:
        services.asset_update(actor=agent, asset_id=asset.pk, expected_version=1, site="地下室")
    # then
    assert (refused.value.code, refused.value.status) == ("stale_version", 409)
    assert refused.value.message_en == (
        "The record changed since you loaded it (you had version 1, it is now 2); reload and retry"
    )
    asset.refresh_from_db()
    assert (asset.site, asset.version) == ("三楼机房", 2)
    assert asset.history.count() == 2


def test_an_update_to_a_serial_taken_by_another_asset_is_refused(agent, customer):
    # given
    new_asset(agent, customer)
    other = new_asset(agent, customer, serial="CN0XYZ789")
    # when
    with pytest.raises(DomainError) as refused:
        services.asset_update(actor=agent, asset_id=other.pk, expected_version=1, serial="CN0ABC123")
    # then
    assert refused.value.code == "duplicate_serial"
    other.refresh_from_db()
    assert (other.serial, other.version) == ("CN0XYZ789", 1)
