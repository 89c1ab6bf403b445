"""The store's pages: they render in Chinese, highlight low stock, and pass input to the services."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from aftersales.core import clock
from aftersales.parts import services
from aftersales.parts.models import Loan, Stock, StockCount, StockMove

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, keeper):
    client.force_login(keeper)
    return client


def test_the_stock_page_highlights_low_stock(signed_in, keeper, part, make_part, warehouse, stocked):
    # given one low and one well stocked part
    stocked(1)
    services.stock_set_reorder(
        actor=keeper, part_id=part.pk, location_id=warehouse.pk, reorder_point=2, reorder_quantity=5
    )
    disk = make_part(part_number="DELL-0X8K", name="硬盘")
    services.part_receive(actor=keeper, part_id=disk.pk, location_id=warehouse.pk, quantity=8)
    # when
    response = signed_in.get("/parts/")
    low_only = signed_in.get("/parts/", {"low": "on"})
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "备件库存" in html
    assert html.count('class="table-danger is-low"') == 1
    assert "1 项需要补货" in html
    assert "DELL-0X8K" not in low_only.content.decode()


def test_a_move_from_the_form_is_booked_and_shown_in_the_ledger(signed_in, part, warehouse, ticket, stocked):
    stocked(2)
    response = signed_in.post(
        "/parts/moves/new/",
        {
            "kind": "reserve",
            "part": part.pk,
            "location": warehouse.pk,
            "quantity": 1,
            "ticket": ticket.number,
            "note": "主板待换",
        },
    )
    ledger = signed_in.get(f"/parts/{part.pk}/ledger/")
    assert response.status_code == 302
    assert response["Location"] == f"/parts/{part.pk}/ledger/"
    assert StockMove.objects.filter(kind="reserve", ticket=ticket).count() == 1
    html = ledger.content.decode()
    assert "主板待换" in html
    assert ticket.number in html


def test_a_refused_move_shows_the_reason_and_keeps_the_input(signed_in, part, warehouse, stocked):
    stocked(1)
    response = signed_in.post(
        "/parts/moves/new/", {"kind": "scrap", "part": part.pk, "location": warehouse.pk, "quantity": 3, "note": "受潮"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "库存不足：02310XYZ 电源模块 PAC600S12 在「合肥中心库」可用 1，需要 3" in html
    assert 'value="受潮"' in html
    assert StockMove.objects.count() == 1


def test_a_count_is_entered_and_closed_on_the_page(signed_in, part, warehouse, stocked):
    stocked(5)
    opened = signed_in.post("/parts/counts/", {"location": warehouse.pk, "note": "月度盘点"})
    count = StockCount.objects.get()
    saved = signed_in.post(f"/parts/counts/{count.pk}/", {"action": "save", f"counted-{part.pk}": "4"})
    closed = signed_in.post(f"/parts/counts/{count.pk}/", {"action": "close"})
    page = signed_in.get(f"/parts/counts/{count.pk}/")
    assert (opened.status_code, saved.status_code, closed.status_code) == (302, 302, 302)
    assert StockCount.objects.get().status == "closed"
    assert Stock.objects.get().on_hand == 4
    assert "已完成" in page.content.decode()


def test_the_reorder_page_and_its_excel_export(signed_in, keeper, part, warehouse, stocked):
    stocked(1)
    services.stock_set_reorder(
        actor=keeper, part_id=part.pk, location_id=warehouse.pk, reorder_point=3, reorder_quantity=6
    )
    page = signed_in.get("/parts/reorder/")
    export = signed_in.get("/parts/reorder/export.xlsx")
    assert page.status_code == 200
    assert "5280.00" in page.content.decode()
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows[0][:3] == ("库位", "备件编号", "名称")
    assert rows[1][:2] == ("合肥中心库", "02310XYZ")
    assert rows[1][10] == 6
    assert rows[2][0] == "合计"


def test_lending_and_returning_on_the_loaner_page(signed_in, keeper, warehouse, ticket):
    loaner = services.loaner_create(
        actor=keeper, serial="LN-R740", model="PowerEdge R740", grade=3, category="服务器", location_id=warehouse.pk
    )
    due = clock.today() + dt.timedelta(days=7)
    lent = signed_in.post(
        "/parts/loaners/", {"loaner": loaner.pk, "ticket": ticket.number, "due_back_on": due.isoformat()}
    )
    page = signed_in.get("/parts/loaners/")
    loan = Loan.objects.get()
    returned = signed_in.post(f"/parts/loans/{loan.pk}/return/", {"condition_back": "完好"})
    assert lent.status_code == 302
    assert "合肥市第一人民医院信息科" in page.content.decode()
    assert returned.status_code == 302
    assert Loan.objects.get().returned_at is not None


def test_a_loaner_of_too_low_grade_is_refused_on_the_page(signed_in, keeper, ticket):
    loaner = services.loaner_create(actor=keeper, serial="LN-T140", model="T140", grade=1)
    response = signed_in.post(
        "/parts/loaners/",
        {
            "loaner": loaner.pk,
            "ticket": str(ticket.pk),
            "due_back_on": (clock.today() + dt.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "低于客户设备所需的 3 级" in response.content.decode()
    assert Loan.objects.count() == 0


def test_customers_do_not_see_the_store(client, make_user, customer):
    client.force_login(make_user("hospital", "customer", customer=customer))
    assert client.get("/parts/").status_code == 302
    assert client.get("/parts/loaners/", HTTP_HX_REQUEST="true").status_code == 404


def test_the_store_pages_are_in_english_when_english_is_chosen(signed_in, part, warehouse, stocked):
    stocked(1)
    signed_in.cookies["django_language"] = "en"
    html = "".join(signed_in.get(path).content.decode() for path in ("/parts/", "/parts/loaners/", "/parts/counts/"))
    assert "Spare parts stock" in html
    assert "Loaner register" in html
    assert "Start a stock check" in html
