"""The published inspection API: a whole inspection through the API, isolation between customers, refusals."""

from __future__ import annotations

import pytest

from aftersales.inspections.models import Finding, Inspection
from aftersales.plans.models import WorkItem
from aftersales.tickets.models import Ticket

pytestmark = pytest.mark.django_db


def test_an_inspection_through_the_api(api_as, planned, engineer, server, signature_url):
    client = api_as(engineer)
    # when: started from the planned work item
    started = client.post("/api/v1/inspections", {"work_item_id": planned.pk})
    again = client.post("/api/v1/inspections", {"work_item_id": planned.pk})
    body = started.json()
    # then
    assert (started.status_code, again.status_code, again.json()["id"]) == (201, 200, body["id"])
    assert (body["status"], body["counts"], body["work_item_id"]) == (
        "in_progress",
        {"ok": 0, "issue": 0, "na": 0, "pending": 18},
        planned.pk,
    )
    assert [(a["category"], a["checklist"], len(a["findings"])) for a in body["assets"]] == [
        ("交换机", "交换机巡检表", 9),
        ("服务器", "服务器巡检表", 9),
    ]
    # when: every item recorded, one an issue that becomes a request
    for row in body["assets"]:
        for finding in row["findings"]:
            result = "issue" if finding["item_title"] == "风扇运转" else "ok"
            note = "2号风扇异响" if result == "issue" else ""
            response = client.patch(f"/api/v1/inspection-findings/{finding['id']}", {"result": result, "note": note})
            assert response.status_code == 200
    fan = Finding.objects.get(item_title="风扇运转")
    ticket = client.post(f"/api/v1/inspection-findings/{fan.pk}/ticket", {"severity": 3})
    signed = client.post(
        f"/api/v1/inspections/{body['id']}/sign",
        {"signer_name": "王主任", "signature": signature_url, "satisfaction": 4},
    )
    done = client.post(f"/api/v1/inspections/{body['id']}/actions", {"action": "complete", "summary": "运行良好"})
    pdf = client.get(f"/api/v1/inspections/{body['id']}/feedback.pdf")
    # then
    stored = Ticket.objects.get()
    assert ticket.status_code == 201
    assert ticket.json()["ticket_number"] == stored.number
    assert ticket.json()["finding"]["ticket_id"] == stored.pk
    assert (signed.status_code, signed.json()["signed"], signed.json()["signer_name"]) == (200, True, "王主任")
    assert (done.status_code, done.json()["status"], done.json()["summary"]) == (200, "completed", "运行良好")
    assert done.json()["counts"] == {"ok": 17, "issue": 1, "na": 0, "pending": 0}
    assert WorkItem.objects.get(pk=planned.pk).result == f"{done.json()['number']}：运行良好"
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")


def test_another_customers_user_gets_404_and_the_own_customer_reads(
    api_as, planned, engineer, make_user, customer, province_customer
):
    inspection = api_as(engineer).post("/api/v1/inspections", {"work_item_id": planned.pk}).json()
    outsider = make_user("fuyang", "customer", customer=province_customer)
    insider = make_user("hospital", "customer", customer=customer)
    finding_id = inspection["assets"][0]["findings"][0]["id"]
    # then
    assert api_as(outsider).get(f"/api/v1/inspections/{inspection['id']}").status_code == 404
    assert api_as(outsider).patch(f"/api/v1/inspection-findings/{finding_id}", {"result": "ok"}).status_code == 404
    assert api_as(insider).get(f"/api/v1/inspections/{inspection['id']}").status_code == 200
    assert api_as(insider).patch(f"/api/v1/inspection-findings/{finding_id}", {"result": "ok"}).status_code == 403
    assert api_as(outsider).get("/api/v1/inspections").json()["items"] == []
    assert Finding.objects.get(pk=finding_id).result == "pending"


def test_completing_with_open_items_is_a_conflict(api_as, planned, engineer):
    client = api_as(engineer)
    inspection = client.post("/api/v1/inspections", {"work_item_id": planned.pk}).json()
    response = client.post(f"/api/v1/inspections/{inspection['id']}/actions", {"action": "complete"})
    assert (response.status_code, response.json()["code"]) == (409, "inspection_items_pending")
    assert response.json()["message_en"] == "18 checklist items have no result"
    assert Inspection.objects.get().status == "in_progress"


def test_the_checklists(api_as, engineer):
    body = api_as(engineer).get("/api/v1/checklists").json()
    server = next(c for c in body if c["category"] == "服务器")
    assert server["items"][3] == {
        "position": 4,
        "title": "硬盘状态(RAID)",
        "guidance": "阵列状态正常（Optimal），无降级、无预警盘",
    }
    assert len(body) == 10


def test_the_list_shows_issue_and_pending_counts(api_as, planned, engineer):
    client = api_as(engineer)
    inspection = client.post("/api/v1/inspections", {"work_item_id": planned.pk}).json()
    first = inspection["assets"][0]["findings"][0]["id"]
    client.patch(f"/api/v1/inspection-findings/{first}", {"result": "issue"})
    items = client.get("/api/v1/inspections").json()["items"]
    assert [(i["number"], i["issue_count"], i["pending_count"]) for i in items] == [(inspection["number"], 1, 17)]
