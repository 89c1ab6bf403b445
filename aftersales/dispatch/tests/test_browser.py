"""One browser journey against the live server: a supervisor dispatches from the candidates page; the engineer, on
a phone-sized screen, records arrival and the work, the customer signs on the canvas, and the PDF service report
downloads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from aftersales.core.testing.browser import PHONE, draw_signature, sign_in


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_dispatch_then_a_signed_report_from_a_phone(
    new_page, live_server, supervisor, make_engineer, make_ticket, province_customer, fuyang_asset, make_partner
):
    # given: a Dell server fault in 阜阳; a Dell engineer on duty in 阜阳 and one in 合肥
    from aftersales.dispatch.models import Dispatch, Visit
    from aftersales.tickets.models import Ticket

    engineer = make_engineer("li.qiang", "阜阳市", name="李强")
    make_engineer("hefei.eng", "合肥市", name="合肥工程师")
    make_partner("黄山新世纪电脑公司", "黄山市", kind="service")
    ticket = make_ticket(province_customer, asset_id=fuyang_asset.pk, contact_name="王主任")

    # when: the supervisor dispatches the nearest engineer with one click
    desk = new_page()
    sign_in(desk, live_server, "supervisor")
    desk.goto(f"{live_server.url}/dispatch/tickets/{ticket.pk}/")
    rows = desk.locator("#candidates tbody tr")
    assert rows.first.get_attribute("data-candidate") == f"engineer:{engineer.pk}"
    assert desk.locator("[data-meets]").first.inner_text() == "可按时到场"
    desk.click(f'[data-dispatch="engineer:{engineer.pk}"]')
    desk.wait_for_selector('[data-dispatch-status="active"]')
    assert "已派工给 李强" in desk.content()

    # and: the engineer, on a phone, opens the day's work and records arrival
    phone = new_page(**PHONE, accept_downloads=True)
    sign_in(phone, live_server, "li.qiang")
    phone.goto(f"{live_server.url}/dispatch/my-day/")
    phone.click(f'[data-visit-link="{ticket.pk}"]')
    phone.click("#arrive-button")
    phone.wait_for_selector("#signature-pad")
    # the report: work, cause, a part, departure, the customer's remarks and signature
    phone.fill("#id_work_done", "更换主板，开机自检通过，业务系统恢复。")
    phone.fill("#id_fault_cause", "主板供电电容老化")
    phone.fill("input[name=part_number]", "0K9VC4")
    phone.fill("input[name=part_description]", "PowerEdge R740 主板")
    phone.click("#add-part")
    assert phone.locator(".part-line").count() == 2
    phone.click("#depart-now")
    phone.select_option("#id_satisfaction", "5")
    phone.fill("#id_customer_remarks", "处理及时")
    assert phone.input_value("#id_signer_name") == "王主任"
    draw_signature(phone)
    assert phone.eval_on_selector("input[name=signature]", "e => e.value.slice(0, 22)") == "data:image/png;base64,"
    phone.click("#visit-save")
    phone.wait_for_selector("#visit-signature img")
    # the PDF downloads
    with phone.expect_download() as download_info:
        phone.click("#report-download")
    download = download_info.value
    pdf_path = download.path()
    fetched = phone.context.request.get(f"{live_server.url}{phone.get_attribute('#report-pdf', 'href')}")

    # then
    assert Path(pdf_path).read_bytes().startswith(b"%PDF-")
    assert download.suggested_filename.startswith("service-report-FW-")
    assert (fetched.status, fetched.headers["content-type"]) == (200, "application/pdf")
    visit = Visit.objects.get()
    assert (visit.engineer_id, visit.signer_name, visit.satisfaction, visit.is_signed) == (
        engineer.pk,
        "王主任",
        5,
        True,
    )
    assert bytes(visit.signature_png).startswith(b"\x89PNG")
    assert list(visit.parts.values_list("part_number", "quantity")) == [("0K9VC4", 1)]
    stored = Ticket.objects.get(pk=ticket.pk)
    assert (stored.status, stored.arrived_at) == ("on_site", visit.arrived_at)
    assert visit.departed_at >= visit.arrived_at
    assert visit.arrived_at - stored.dispatched_at < dt.timedelta(minutes=5)
    assert Dispatch.objects.get().status == "active"
