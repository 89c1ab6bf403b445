"""The field-service API: candidates, dispatches, engineers, visits and the PDF; role checks; partner isolation
through the ticket API."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.dispatch import services
from aftersales.dispatch.models import Dispatch, Visit
from aftersales.tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def fuyang_ticket(now, make_ticket, province_customer, fuyang_asset):
    return make_ticket(province_customer, asset_id=fuyang_asset.pk)


def test_candidates_list_the_best_first_with_the_arrival_deadline(
    fuyang_ticket, supervisor, api_as, make_engineer, fuyang_partner
):
    # given
    make_engineer("hefei", "合肥市", name="合肥工程师")
    # when
    response = api_as(supervisor).get(f"/api/v1/tickets/{fuyang_ticket.pk}/dispatch-candidates")
    # then
    assert response.status_code == 200
    body = response.json()
    assert [(c["kind"], c["name"], c["same_region"], c["travel_minutes"], c["meets_arrive_by"]) for c in body] == [
        ("partner", "阜阳云智电脑公司", True, 30, True),
        ("engineer", "合肥工程师", False, 232, True),
    ]
    assert body[0]["arrive_by"] == "2026-11-26T16:00:00+08:00"
    assert body[0]["eta"] == "2026-11-26T10:30:00+08:00"
    assert body[1]["distance_km"] == 231.7


def test_an_engineer_may_not_list_candidates(fuyang_ticket, api_as, make_engineer):
    engineer = make_engineer("li", "阜阳市")
    response = api_as(engineer.user).get(f"/api/v1/tickets/{fuyang_ticket.pk}/dispatch-candidates")
    assert (response.status_code, response.json()["code"]) == (403, "forbidden")


def test_dispatching_through_the_api_answers_201_and_keeps_the_history(
    fuyang_ticket, supervisor, api_as, make_engineer, fuyang_partner
):
    # given
    engineer = make_engineer("li", "合肥市", name="李强")
    api = api_as(supervisor)
    # when
    first = api.post(f"/api/v1/tickets/{fuyang_ticket.pk}/dispatches", {"engineer_id": engineer.pk, "note": "尽快"})
    second = api.post(f"/api/v1/tickets/{fuyang_ticket.pk}/dispatches", {"partner_id": fuyang_partner.pk})
    history = api.get(f"/api/v1/tickets/{fuyang_ticket.pk}/dispatches")
    # then
    assert first.status_code == 201, first.content
    assert (first.json()["assignee"], first.json()["status"], first.json()["dispatched_by"]) == (
        "李强",
        "active",
        "supervisor",
    )
    assert second.status_code == 201
    assert [(d["assignee"], d["status"]) for d in history.json()] == [
        ("李强", "replaced"),
        ("阜阳云智电脑公司", "active"),
    ]
    assert Ticket.objects.get(pk=fuyang_ticket.pk).status == "dispatched"


def test_a_bad_dispatch_gets_a_bilingual_error(fuyang_ticket, supervisor, api_as):
    response = api_as(supervisor).post(f"/api/v1/tickets/{fuyang_ticket.pk}/dispatches", {"note": "谁去？"})
    assert response.status_code == 400
    assert response.json() == {
        "code": "dispatch_target",
        "message": "请指定一名工程师或一个合作伙伴（二者选一） / Name either an engineer or a partner (exactly one)",
        "message_zh": "请指定一名工程师或一个合作伙伴（二者选一）",
        "message_en": "Name either an engineer or a partner (exactly one)",
    }
    assert Dispatch.objects.count() == 0


def test_unknown_fields_are_rejected(fuyang_ticket, supervisor, api_as, fuyang_partner):
    response = api_as(supervisor).post(
        f"/api/v1/tickets/{fuyang_ticket.pk}/dispatches", {"partner_id": fuyang_partner.pk, "priority": "high"}
    )
    assert (response.status_code, response.json()["code"]) == (422, "invalid_input")


def test_the_engineer_list_shows_skills_certifications_and_duty(now, supervisor, api_as, make_engineer):
    # given
    engineer = make_engineer("li", "阜阳市", name="李强")
    engineer.certifications.create(name="戴尔服务器认证", issuer="Dell", valid_until=dt.date(2027, 6, 30))
    make_engineer("off", "合肥市", on_duty=False)
    # when
    response = api_as(supervisor).get("/api/v1/engineers", {"limit": 1})
    # then
    assert response.status_code == 200
    body = response.json()
    assert body["items"] == [
        {
            "id": engineer.pk,
            "user_id": engineer.user_id,
            "name": "李强",
            "phone": "",
            "role": "engineer",
            "home_region_id": engineer.home_region_id,
            "home_region": "阜阳市",
            "partner_id": None,
            "partner_name": None,
            "vendor_ids": [engineer.vendors.get().pk],
            "vendors": ["戴尔"],
            "categories": ["服务器"],
            "certifications": [{"name": "戴尔服务器认证", "issuer": "Dell", "valid_until": "2027-06-30"}],
            "is_active": True,
            "on_duty": True,
        }
    ]
    rest = api_as(supervisor).get("/api/v1/engineers", {"cursor": body["next_cursor"]}).json()
    assert [(e["name"], e["on_duty"]) for e in rest["items"]] == [("off", False)]


def test_the_visit_api_records_arrival_then_the_report_then_serves_the_pdf(
    now, frozen_now, fuyang_ticket, supervisor, api_as, make_engineer, signature_url
):
    # given
    engineer = make_engineer("li", "阜阳市", name="李强")
    services.dispatch_assign(ticket_id=fuyang_ticket.pk, actor=supervisor, engineer_id=engineer.pk)
    api = api_as(engineer.user)
    # when: arrival at 11:55 recorded at 12:00, the report finished at 13:00
    with frozen_now(now + dt.timedelta(hours=2)):
        arrived = api.post("/api/v1/visits", {"ticket_id": fuyang_ticket.pk, "arrived_at": "2026-11-26T11:55:00+08:00"})
    visit_id = arrived.json()["id"]
    with frozen_now(now + dt.timedelta(hours=3)):
        patched = api.patch(
            f"/api/v1/visits/{visit_id}",
            {
                "version": 1,
                "departed_at": "2026-11-26T12:50:00+08:00",
                "work_done": "更换主板",
                "fault_cause": "主板故障",
                "parts": [{"part_number": "0K9VC4", "description": "主板", "quantity": 1}],
                "signer_name": "王主任",
                "signature": signature_url,
                "satisfaction": 5,
                "customer_remarks": None,
            },
        )
    pdf = api.get(f"/api/v1/visits/{visit_id}/report.pdf")
    # then
    assert arrived.status_code == 201, arrived.content
    assert arrived.json()["arrived_at"] == "2026-11-26T11:55:00+08:00"
    assert Ticket.objects.get(pk=fuyang_ticket.pk).arrived_at == dt.datetime(2026, 11, 26, 3, 55, tzinfo=dt.UTC)
    assert patched.status_code == 200, patched.content
    body = patched.json()
    assert (body["signed"], body["signer_name"], body["version"], body["parts"]) == (
        True,
        "王主任",
        2,
        [{"part_number": "0K9VC4", "description": "主板", "quantity": 1}],
    )
    assert body["report_url"] == f"/api/v1/visits/{visit_id}/report.pdf"
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    assert pdf.content.startswith(b"%PDF-")


def test_a_bad_signature_through_the_api_is_a_400_and_stores_nothing(
    now, fuyang_ticket, supervisor, api_as, make_engineer
):
    engineer = make_engineer("li", "阜阳市")
    services.dispatch_assign(ticket_id=fuyang_ticket.pk, actor=supervisor, engineer_id=engineer.pk)
    api = api_as(engineer.user)
    visit_id = api.post("/api/v1/visits", {"ticket_id": fuyang_ticket.pk}).json()["id"]
    response = api.patch(
        f"/api/v1/visits/{visit_id}",
        {"work_done": "x", "signer_name": "王", "signature": "data:image/gif;base64,R0lGOD"},
    )
    assert (response.status_code, response.json()["code"]) == (400, "signature_not_png")
    assert Visit.objects.get(pk=visit_id).work_done == ""


def test_a_customer_may_not_record_visits(
    now, fuyang_ticket, supervisor, api_as, make_user, province_customer, fuyang_partner
):
    services.dispatch_assign(ticket_id=fuyang_ticket.pk, actor=supervisor, partner_id=fuyang_partner.pk)
    user = make_user("fy.user", "customer", customer=province_customer)
    response = api_as(user).post("/api/v1/visits", {"ticket_id": fuyang_ticket.pk})
    assert response.status_code == 403
    assert Visit.objects.count() == 0


# -------------------------------------------------------------------------------------- partner isolation


def test_a_partner_user_sees_only_the_requests_dispatched_to_its_partner(
    now, supervisor, api_as, make_ticket, province_customer, customer, partner_user, fuyang_partner, make_partner
):
    # given: one request dispatched to the partner, one to another partner, one not dispatched
    mine = make_ticket(province_customer, title="派给云智的")
    theirs = make_ticket(province_customer, title="派给别家的")
    nobody = make_ticket(customer, title="未派工的")
    services.dispatch_assign(ticket_id=mine.pk, actor=supervisor, partner_id=fuyang_partner.pk)
    services.dispatch_assign(
        ticket_id=theirs.pk,
        actor=supervisor,
        partner_id=make_partner("阜阳宏达科技有限公司", "阜阳市", kind="service").pk,
    )
    api = api_as(partner_user)
    # when
    listed = api.get("/api/v1/tickets")
    # then
    assert [t["title"] for t in listed.json()["items"]] == ["派给云智的"]
    assert api.get(f"/api/v1/tickets/{mine.pk}").status_code == 200
    for other in (theirs, nobody):
        assert api.get(f"/api/v1/tickets/{other.pk}").status_code == 404
        assert api.get(f"/api/v1/tickets/{other.pk}/dispatches").status_code == 404
        assert api.post("/api/v1/visits", {"ticket_id": other.pk}).status_code == 422  # unknown reference
    assert Visit.objects.count() == 0


def test_a_partner_loses_sight_of_a_cancelled_dispatch_but_keeps_a_replaced_one(
    now, supervisor, api_as, make_ticket, province_customer, partner_user, fuyang_partner, make_engineer
):
    replaced = make_ticket(province_customer, title="改派走的")
    cancelled = make_ticket(province_customer, title="取消的")
    services.dispatch_assign(ticket_id=replaced.pk, actor=supervisor, partner_id=fuyang_partner.pk)
    services.dispatch_assign(ticket_id=replaced.pk, actor=supervisor, engineer_id=make_engineer("li", "阜阳市").pk)
    d = services.dispatch_assign(ticket_id=cancelled.pk, actor=supervisor, partner_id=fuyang_partner.pk)
    services.dispatch_cancel(dispatch_id=d.pk, actor=supervisor)
    api = api_as(partner_user)
    assert api.get(f"/api/v1/tickets/{replaced.pk}").status_code == 200
    assert api.get(f"/api/v1/tickets/{cancelled.pk}").status_code == 404
    # and it may no longer record a visit on the replaced one
    assert api.post("/api/v1/visits", {"ticket_id": replaced.pk}).status_code == 403


def test_a_partner_user_records_a_visit_on_its_work(
    now, supervisor, api_as, make_ticket, province_customer, partner_user, fuyang_partner
):
    ticket = make_ticket(province_customer)
    services.dispatch_assign(ticket_id=ticket.pk, actor=supervisor, partner_id=fuyang_partner.pk)
    response = api_as(partner_user).post("/api/v1/visits", {"ticket_id": ticket.pk})
    assert response.status_code == 201, response.content
    assert response.json()["partner_id"] == fuyang_partner.pk
    assert Ticket.objects.get(pk=ticket.pk).status == "on_site"


def test_a_partner_user_lists_only_its_partners_engineers(now, api_as, make_engineer, partner_user, fuyang_partner):
    make_engineer("ours", "合肥市")
    theirs = make_engineer("fy.eng", "阜阳市", role="partner", partner=fuyang_partner)
    response = api_as(partner_user).get("/api/v1/engineers")
    assert [(e["id"], e["partner_name"]) for e in response.json()["items"]] == [(theirs.pk, "阜阳云智电脑公司")]


def test_a_customer_may_not_list_engineers(now, api_as, make_user, province_customer):
    response = api_as(make_user("fy.user", "customer", customer=province_customer)).get("/api/v1/engineers")
    assert response.status_code == 403


# ------------------------------------------------------------------------------ engineers and rota (issue 10)


def test_a_supervisor_registers_an_engineer_and_writes_the_rota_through_the_api(
    now, supervisor, api_as, make_user, regions, dell
):
    # given
    api = api_as(supervisor)
    user = make_user("new.engineer", "engineer", first_name="新")
    # when
    created = api.post(
        "/api/v1/engineers",
        {
            "user_id": user.pk,
            "home_region_id": regions["合肥市"].pk,
            "vendor_ids": [dell.pk],
            "categories": ["服务器"],
            "certifications": [{"name": "HCIP", "issuer": "华为"}],
        },
    )
    # then
    assert created.status_code == 201, created.content
    engineer = created.json()
    assert (engineer["user_id"], engineer["vendors"], engineer["on_duty"]) == (user.pk, ["戴尔"], False)
    rota = api.post("/api/v1/engineers/rota", {"engineer_ids": [engineer["id"]], "week_start": "2026-11-23"})
    assert rota.json() == {"shifts": 14}
    listed = api.get("/api/v1/engineers").json()["items"]
    assert [(e["id"], e["on_duty"]) for e in listed] == [(engineer["id"], True)]
    patched = api.patch(f"/api/v1/engineers/{engineer['id']}", {"categories": ["服务器", "存储"], "is_active": False})
    assert (patched.json()["categories"], patched.json()["is_active"]) == (["存储", "服务器"], False)


def test_engineer_api_refusals(now, supervisor, api_as, make_user, regions, make_engineer):
    agent = make_user("desk.agent", "agent")
    customer_user = make_user("not.engineer", "agent")
    body = {"user_id": customer_user.pk, "home_region_id": regions["合肥市"].pk}
    assert api_as(agent).post("/api/v1/engineers", body).status_code == 403
    assert api_as(supervisor).post("/api/v1/engineers", body).status_code == 400  # not an engineer's role
    unknown = {"user_id": 999_999, "home_region_id": regions["合肥市"].pk}
    assert api_as(supervisor).post("/api/v1/engineers", unknown).status_code == 422
    existing = make_engineer("dup")
    again = {"user_id": existing.user_id, "home_region_id": regions["合肥市"].pk}
    assert api_as(supervisor).post("/api/v1/engineers", again).status_code == 409
    assert api_as(supervisor).patch("/api/v1/engineers/999999", {"is_active": False}).status_code == 404


def test_dispatch_needs_a_person_and_an_unknown_one_is_422_not_500(
    fuyang_ticket, supervisor, api_as, make_engineer, fuyang_partner
):
    api = api_as(supervisor)
    url = f"/api/v1/tickets/{fuyang_ticket.pk}/dispatches"
    assert api.post(url, {}).status_code == 400  # nobody named
    assert api.post(url, {"assignee_id": 999_999}).status_code == 422
    assert api.post(url, {"partner_id": 999_999}).status_code == 422
    engineer = make_engineer("li", "合肥市", name="李强")
    done = api.post(url, {"assignee_id": engineer.user_id})
    assert done.status_code == 201
    assert Ticket.objects.get(pk=fuyang_ticket.pk).assignee_id == engineer.user_id
    api.post(url, {"partner_id": fuyang_partner.pk})
    assert Ticket.objects.get(pk=fuyang_ticket.pk).assignee_id != engineer.user_id
