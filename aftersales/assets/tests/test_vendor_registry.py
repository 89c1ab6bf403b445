"""The vendor registry (issue 9 defect 11): one vendor per name in any case or alias, merged old spellings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from aftersales.assets import services
from aftersales.assets.models import Asset, Vendor, VendorAlias
from aftersales.assets.registry import register_vendors

pytestmark = pytest.mark.django_db


def register(agent, customer, vendor: str, serial: str) -> Asset:
    return services.asset_create(
        actor=agent,
        customer_id=customer.pk,
        vendor=vendor,
        model="PowerEdge R750",
        serial=serial,
        purchased_on=dt.date(2026, 1, 5),
    )


def test_dell_in_any_case_and_in_chinese_is_one_vendor_with_its_default_terms(agent, customer):
    assets = [register(agent, customer, name, f"SN{n}") for n, name in enumerate(("Dell", "DELL", "戴尔", " dell "))]

    vendors = {asset.vendor for asset in assets}

    assert len(vendors) == 1
    dell = vendors.pop()
    assert (dell.name, dell.parts_months, dell.labour_months, dell.onsite_months) == ("戴尔", 36, 36, 36)


def test_an_unknown_vendor_is_created_once_whatever_its_case(agent, customer):
    first = register(agent, customer, "Hikvision", "SN-1")
    second = register(agent, customer, "HIKVISION", "SN-2")

    assert first.vendor_id == second.vendor_id
    assert (first.vendor.name, first.vendor.parts_months, first.vendor.onsite_months) == ("Hikvision", 12, 0)


def test_a_serial_is_unique_per_vendor_under_any_of_its_names(agent, customer):
    register(agent, customer, "戴尔", "CN0ABC")

    with pytest.raises(Exception) as refused:
        register(agent, customer, "DELL", "CN0ABC")

    assert getattr(refused.value, "code", "") == "duplicate_serial"


def test_an_alias_taken_by_another_vendor_is_refused_by_the_admin_checks():
    alias = VendorAlias(vendor=Vendor.objects.get(name="华为"), name="DELL")
    vendor = Vendor(name="dell")

    with pytest.raises(ValidationError):
        alias.clean()
    with pytest.raises(ValidationError):
        vendor.clean()


def _legacy(name: str, **terms) -> Vendor:
    """A vendor row as stored before the registry: no key computed from its name (bypasses save())."""
    vendor = Vendor(name=name, key=f"legacy-{name}", **terms)
    Vendor.objects.bulk_create([vendor])
    return Vendor.objects.get(name=name)


def test_the_data_migration_merges_old_spellings_and_moves_their_assets(agent, customer, make_user):
    # given: the registry as the migration left it, then rows typed before it existed
    from aftersales.dispatch.models import Engineer

    Vendor.objects.filter(name="戴尔").delete()
    chinese, upper, title = _legacy("戴尔"), _legacy("DELL"), _legacy("Dell", parts_months=24, labour_months=24)
    foo, foo_upper = _legacy("Foo"), _legacy("FOO")
    rows = [(chinese, "A1"), (upper, "A2"), (title, "A3"), (foo, "F1"), (foo_upper, "F2")]
    for vendor, serial in rows:
        Asset.objects.create(
            customer=customer, vendor=vendor, model="X", serial=serial, purchased_on=dt.date(2025, 1, 1)
        )
    engineer = Engineer.objects.create(user=make_user("eng1", "engineer"), home_region=customer.region)
    engineer.vendors.set([upper, title])

    # when
    report = register_vendors(Vendor, VendorAlias)
    register_vendors(Vendor, VendorAlias)  # idempotent

    # then
    dell = Vendor.objects.get(key="戴尔")
    assert sorted(Asset.objects.filter(vendor=dell).values_list("serial", flat=True)) == ["A1", "A2", "A3"]
    assert not Vendor.objects.filter(name__in=["DELL", "Dell", "FOO"]).exists()
    assert list(engineer.vendors.all()) == [dell]
    assert (dell.parts_months, dell.onsite_response_hours) == (36, 4)
    assert services.vendor_get_or_create(name="dell") == dell
    assert sorted(Asset.objects.filter(vendor__name="Foo").values_list("serial", flat=True)) == ["F1", "F2"]
    assert report.merged["戴尔"] == ["DELL", "Dell"]
    assert Vendor.objects.filter(key="foo").count() == 1


def test_the_data_migration_keeps_apart_a_duplicate_whose_serial_would_clash(customer):
    Vendor.objects.filter(name="戴尔").delete()
    chinese, upper = _legacy("戴尔"), _legacy("DELL")
    for vendor in (chinese, upper):
        Asset.objects.create(
            customer=customer, vendor=vendor, model="X", serial="SAME", purchased_on=dt.date(2025, 1, 1)
        )

    report = register_vendors(Vendor, VendorAlias)

    assert report.kept_apart == [f"DELL（待合并 #{upper.pk}）"]
    assert Asset.objects.filter(serial="SAME").count() == 2
    assert len(set(Vendor.objects.values_list("key", flat=True))) == Vendor.objects.count()
