"""Inspection pages: start from "my day", the checklist with htmx rows, a finding turned into a request, signing,
completion, the new-inspection form, and the PDF."""

from __future__ import annotations

import pytest

from aftersales.inspections.models import Finding, Inspection
from aftersales.plans.models import WorkItem
from aftersales.tickets.models import Ticket

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def test_from_my_day_to_a_completed_inspection(client, planned, engineer, server, signature_url):
    client.force_login(engineer)
    # when: started from the planned work item
    started = client.post(f"/inspections/start/{planned.pk}/")
    inspection = Inspection.objects.get()
    page = client.get(f"/inspections/{inspection.pk}/")
    # then
    assert (started.status_code, started["Location"]) == (302, f"/inspections/{inspection.pk}/")
    assert html(page).count('class="finding-row') == 18
    assert 'id="signature-pad"' in html(page)
    # when: each row saved with htmx, one issue turned into a request
    for finding in Finding.objects.all():
        result = "issue" if finding.item_title == "备份检查" else "ok"
        row = client.post(
            f"/inspections/findings/{finding.pk}/", {"result": result, "note": ""}, HTTP_HX_REQUEST="true"
        )
        assert f'data-result="{result}"' in html(row)
    hot = Finding.objects.get(item_title="备份检查")
    converted = client.post(f"/inspections/findings/{hot.pk}/ticket/", {"severity": "3"}, HTTP_HX_REQUEST="true")
    ticket = Ticket.objects.get()
    assert f'data-finding-ticket="{hot.pk}"' in html(converted)
    assert ticket.number in html(converted)
    # and: the customer signs, the engineer completes
    client.post(
        f"/inspections/{inspection.pk}/sign/",
        {"signer_name": "王主任", "signature": signature_url, "satisfaction": "5"},
    )
    client.post(f"/inspections/{inspection.pk}/actions/", {"action": "complete", "summary": ""})
    # then
    stored = Inspection.objects.get()
    assert (stored.status, stored.signer_name) == ("completed", "王主任")
    assert WorkItem.objects.get(pk=planned.pk).done_at is not None
    final = html(client.get(f"/inspections/{inspection.pk}/"))
    assert 'id="inspection-signature"' in final
    assert "巡检完成：17项正常，1项异常，0项不适用" in final


def test_a_finding_without_a_result_is_refused_in_the_row(client, planned, engineer):
    client.force_login(engineer)
    client.post(f"/inspections/start/{planned.pk}/")
    finding = Finding.objects.first()
    row = client.post(f"/inspections/findings/{finding.pk}/", {"note": "x"}, HTTP_HX_REQUEST="true")
    assert "请选择检查结果" in html(row)
    assert Finding.objects.get(pk=finding.pk).result == "pending"


def test_starting_by_hand_for_a_customer(client, now, engineer, customer, contract, server, switch):
    client.force_login(engineer)
    # when: the customer is found, then only the server is chosen
    found = client.get("/inspections/new/", {"q": "第一人民"})
    form = client.get("/inspections/new/", {"customer": customer.pk})
    created = client.post(
        "/inspections/new/",
        {"customer": customer.pk, "contract": contract.pk, "inspected_on": "2026-11-27", "assets": [server.pk]},
    )
    # then
    inspection = Inspection.objects.get()
    assert f'data-customer-id="{customer.pk}"' in html(found)
    assert html(form).count('name="assets"') == 2
    assert (created.status_code, created["Location"]) == (302, f"/inspections/{inspection.pk}/")
    assert (inspection.contract_id, str(inspection.inspected_on), inspection.work_item_id) == (
        contract.pk,
        "2026-11-27",
        None,
    )
    assert list(inspection.assets.values_list("asset_id", flat=True)) == [server.pk]


def test_the_list_and_the_pdf(client, planned, engineer, agent):
    client.force_login(engineer)
    client.post(f"/inspections/start/{planned.pk}/")
    inspection = Inspection.objects.get()
    listing = client.get("/inspections/")
    pdf = client.get(f"/inspections/{inspection.pk}/feedback.pdf", {"download": "1"})
    assert f'data-inspection="{inspection.pk}"' in html(listing)
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    assert pdf["Content-Disposition"] == f'attachment; filename="inspection-{inspection.number}.pdf"'
    client.force_login(agent)
    assert client.post(f"/inspections/findings/{Finding.objects.first().pk}/", {"result": "ok"}).status_code == 404
