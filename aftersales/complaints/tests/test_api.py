"""The complaints API: intake, the list with its overdue filter, one complaint, actions (409s), portal isolation,
the assessment."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.complaints import services
from aftersales.complaints.models import Complaint
from aftersales.complaints.tests.conftest import NOW

URL = "/api/v1/complaints"


@pytest.fixture
def hospital_user(make_user, customer):
    return make_user("yiyuan", "customer", customer=customer)


@pytest.fixture
def bureau_user(make_user, province_customer):
    return make_user("guotu", "customer", customer=province_customer)


def test_staff_take_a_complaint(now, api_as, agent, customer, policy_office):
    # given
    api = api_as(agent)
    # when
    response = api.post(
        URL,
        {
            "customer_id": customer.pk,
            "summary": "工程师态度差",
            "details": "电话中语气生硬",
            "policy_id": policy_office.pk,
        },
    )
    # then
    assert response.status_code == 201, response.content
    body = response.json()
    complaint = Complaint.objects.get()
    assert body["id"] == complaint.pk
    assert (body["number"], body["source"], body["status"], body["tier"], body["against"]) == (
        complaint.number,
        "hotline",
        "received",
        1,
        "company",
    )
    assert body["deadlines"]["reply_by"] == "2026-11-26T12:00:00+08:00"
    assert (body["overdue"], body["next_deadline"], body["allowed_actions"], body["version"]) == (
        [],
        "reply",
        ["reply", "escalate"],
        1,
    )


def test_staff_must_name_the_customer(now, api_as, agent):
    # given / when
    response = api_as(agent).post(URL, {"summary": "无客户"})
    # then
    assert (response.status_code, response.json()["code"]) == (400, "customer_required")


def test_unknown_fields_are_refused(now, api_as, agent, customer):
    # given / when
    response = api_as(agent).post(URL, {"customer_id": customer.pk, "summary": "x", "status": "closed"})
    # then
    assert (response.status_code, response.json()["code"]) == (422, "invalid_input")
    assert Complaint.objects.count() == 0


def test_the_overdue_filter_keeps_only_late_complaints(frozen_now, api_as, agent, customer, open_complaint, supervisor):
    # given: one complaint received 20 minutes ago (reply late), one just now
    with frozen_now(NOW - dt.timedelta(minutes=20)):
        late = open_complaint(customer, summary="二十分钟前的投诉")
    with frozen_now(NOW):
        fresh = open_complaint(customer, summary="刚接到的投诉")
        api = api_as(supervisor)
        # when
        everything = api.get(URL).json()
        overdue = api.get(URL, {"overdue": "true"}).json()
        on_time = api.get(URL, {"overdue": "false"}).json()
    # then
    assert [c["id"] for c in everything["items"]] == [fresh.pk, late.pk]
    assert [(c["id"], c["overdue"]) for c in overdue["items"]] == [(late.pk, ["reply"])]
    assert [c["id"] for c in on_time["items"]] == [fresh.pk]


def test_the_list_pages_with_a_cursor(now, api_as, agent, customer, open_complaint):
    # given
    ids = [open_complaint(customer, summary=f"投诉{n}").pk for n in range(3)]
    api = api_as(agent)
    # when
    first = api.get(URL, {"limit": 2}).json()
    second = api.get(URL, {"limit": 2, "cursor": first["next_cursor"]}).json()
    # then
    assert [c["id"] for c in first["items"]] == [ids[2], ids[1]]
    assert [c["id"] for c in second["items"]] == [ids[0]]
    assert second["next_cursor"] is None


def test_one_complaint_with_its_history(now, api_as, supervisor, customer, open_complaint):
    # given
    complaint = open_complaint(customer)
    services.complaint_reply(complaint_id=complaint.pk, actor=supervisor, text="已致歉")
    # when
    response = api_as(supervisor).get(f"{URL}/{complaint.pk}")
    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["reply_text"], body["version"]) == ("replied", "已致歉", 2)
    assert [(e["action"], e["actor"]) for e in body["history"]] == [("create", "agent"), ("reply", "supervisor")]


def test_actions_move_the_complaint(now, api_as, supervisor, customer, open_complaint):
    # given
    complaint = open_complaint(customer)
    api = api_as(supervisor)
    # when
    replied = api.post(f"{URL}/{complaint.pk}/actions", {"action": "reply", "version": 1, "text": "已回复客户"})
    resolved = api.post(
        f"{URL}/{complaint.pk}/actions",
        {
            "action": "resolve",
            "version": 2,
            "root_cause": "备件未及时到货",
            "corrective_action": "增加常用备件库存",
            "upheld": True,
        },
    )
    closed = api.post(f"{URL}/{complaint.pk}/actions", {"action": "close", "version": 3, "satisfaction": 5})
    # then
    assert [r.status_code for r in (replied, resolved, closed)] == [200, 200, 200]
    assert (closed.json()["status"], closed.json()["upheld"], closed.json()["satisfaction"]) == ("closed", True, 5)
    assert closed.json()["allowed_actions"] == []


def test_an_illegal_move_is_409(now, api_as, supervisor, customer, open_complaint):
    # given
    complaint = open_complaint(customer)
    # when
    response = api_as(supervisor).post(f"{URL}/{complaint.pk}/actions", {"action": "close", "version": 1})
    # then
    assert response.status_code == 409
    assert response.json() == {
        "code": "transition_not_allowed",
        "message": "当前状态“已受理”不允许“关闭” / Action 'close' is not allowed in status 'received'",
        "message_zh": "当前状态“已受理”不允许“关闭”",
        "message_en": "Action 'close' is not allowed in status 'received'",
    }
    assert Complaint.objects.get().version == 1


def test_a_stale_version_is_409(now, api_as, supervisor, customer, open_complaint):
    # given
    complaint = open_complaint(customer)
    api = api_as(supervisor)
    api.post(f"{URL}/{complaint.pk}/actions", {"action": "reply", "version": 1, "text": "已回复"})
    # when
    response = api.post(f"{URL}/{complaint.pk}/actions", {"action": "escalate", "version": 1})
    # then
    assert (response.status_code, response.json()["code"]) == (409, "stale_version")
    assert Complaint.objects.values_list("status", "version").get() == ("replied", 2)


# --------------------------------------------------------------------------------------------- portal


def test_a_customer_files_about_its_own_request_through_the_portal(now, api_as, hospital_user, customer, make_ticket):
    # given
    ticket = make_ticket(customer)
    # when
    response = api_as(hospital_user).post(
        URL, {"summary": "报修两天无人上门", "ticket_id": ticket.pk, "source": "hotline"}
    )
    # then
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["customer_id"], body["source"], body["ticket_id"], body["allowed_actions"], body["upheld"]) == (
        customer.pk,
        "portal",
        ticket.pk,
        [],
        None,
    )


def test_a_customer_sees_only_its_own_complaints(
    now, api_as, hospital_user, bureau_user, customer, province_customer, open_complaint
):
    # given
    own = open_complaint(customer, summary="医院的投诉")
    foreign = open_complaint(province_customer, summary="国土局的投诉")
    api = api_as(hospital_user)
    # when
    listed = api.get(URL).json()
    mine = api.get(f"{URL}/{own.pk}")
    theirs = api.get(f"{URL}/{foreign.pk}")
    act = api.post(f"{URL}/{foreign.pk}/actions", {"action": "reply", "text": "x"})
    act_own = api.post(f"{URL}/{own.pk}/actions", {"action": "reply", "text": "x"})
    file_for_them = api.post(URL, {"summary": "x", "customer_id": province_customer.pk})
    # then
    assert [c["id"] for c in listed["items"]] == [own.pk]
    assert mine.status_code == 200
    assert (theirs.status_code, theirs.json()["code"]) == (404, "not_found")
    assert act.status_code == 404
    assert act_own.status_code == 403
    assert file_for_them.status_code == 422
    assert Complaint.objects.filter(customer=province_customer).count() == 1


def test_a_partner_user_sees_no_complaints(now, api_as, make_user, customer, open_complaint, make_partner):
    # given
    partner = make_partner("阜阳云智电脑公司")
    user = make_user("yunzhi", "partner", partner=partner)
    complaint = open_complaint(customer, partner_id=partner.pk)
    api = api_as(user)
    # when / then (the access table grants partners no complaints)
    assert api.get(URL).status_code == 403
    assert api.get(f"{URL}/{complaint.pk}").status_code == 404


# ------------------------------------------------------------------------------------------ assessment


def test_the_assessment_counts_per_engineer_and_partner(
    now, api_as, supervisor, customer, open_complaint, make_engineer, make_partner
):
    # given: two complaints against one of our engineers (one upheld), one against a partner
    engineer = make_engineer("zhang", "张工")
    partner = make_partner("阜阳云智电脑公司")
    upheld = open_complaint(customer, engineer_id=engineer.pk)
    open_complaint(customer, engineer_id=engineer.pk)
    open_complaint(customer, partner_id=partner.pk)
    services.complaint_reply(complaint_id=upheld.pk, actor=supervisor, text="已回复")
    services.complaint_resolve(
        complaint_id=upheld.pk, actor=supervisor, root_cause="迟到", corrective_action="考核", upheld=True
    )
    # when
    response = api_as(supervisor).get(f"{URL}/assessment", {"from": "2026-11-01", "to": "2026-11-30"})
    # then
    assert response.status_code == 200, response.content
    assert response.json() == {
        "period_start": "2026-11-01",
        "period_end": "2026-11-30",
        "engineers": [{"id": engineer.pk, "name": "张工", "total": 2, "upheld": 1, "partner_name": ""}],
        "partners": [{"id": partner.pk, "name": "阜阳云智电脑公司", "total": 1, "upheld": 0}],
    }


def test_the_assessment_is_for_supervisors(now, api_as, agent, hospital_user):
    # given / when
    by_agent = api_as(agent).get(f"{URL}/assessment", {"from": "2026-11-01", "to": "2026-11-30"})
    by_customer = api_as(hospital_user).get(f"{URL}/assessment", {"from": "2026-11-01", "to": "2026-11-30"})
    # then
    assert (by_agent.status_code, by_customer.status_code) == (403, 403)
