"""Complaint pages: the list with countdowns, hotline entry, the portal form, actions, isolation, assessment."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from aftersales.complaints.models import Complaint
from aftersales.complaints.tests.conftest import NOW


@pytest.fixture
def hospital_user(make_user, customer):
    return make_user("yiyuan", "customer", customer=customer)


def _login(client, user):
    client.force_login(user)
    return client


def _timeline(response) -> list[str]:
    """The lines of the page's timeline (处理记录) as text, tags dropped and spaces collapsed."""
    entries = re.search(r'<ol class="timeline" id="timeline">(.*?)</ol>', response.content.decode(), re.S).group(1)
    return [" ".join(re.sub(r"<[^>]+>", " ", li).split()) for li in re.findall(r"<li[^>]*>(.*?)</li>", entries, re.S)]


def test_the_list_shows_the_reply_countdown(now, client, supervisor, customer, open_complaint):
    # given
    complaint = open_complaint(customer)
    # when
    response = _login(client, supervisor).get("/complaints/")
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert complaint.number in html
    assert 'data-deadline="2026-11-26T10:10:00+08:00"' in html
    assert "剩余 10分00秒" in html


def test_the_overdue_list_keeps_late_complaints_only(frozen_now, client, supervisor, customer, open_complaint):
    # given
    with frozen_now(NOW - dt.timedelta(minutes=20)):
        late = open_complaint(customer, summary="迟迟没有回复")
    with frozen_now(NOW):
        fresh = open_complaint(customer, summary="刚刚收到")
        # when
        html = _login(client, supervisor).get("/complaints/?overdue=true").content.decode()
    # then
    assert late.number in html
    assert fresh.number not in html
    assert "超时 10分00秒" in html


def test_staff_take_a_hotline_complaint_about_a_request(now, client, agent, customer, make_ticket):
    # given
    ticket = make_ticket(customer)
    # when: only the request number is given; the customer comes from it
    response = _login(client, agent).post(
        "/complaints/new/",
        {
            "source": "hotline",
            "ticket": ticket.number,
            "summary": "维修后再次故障",
            "details": "",
            "severity": "1",
            "received_at": "",
            "policy_id": "",
        },
    )
    # then
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/complaints/{complaint.pk}/"
    assert (complaint.customer_id, complaint.ticket_id, complaint.severity, complaint.source, complaint.version) == (
        customer.pk,
        ticket.pk,
        1,
        "hotline",
        2,
    )


def test_hotline_entry_needs_a_customer_or_request(now, client, agent):
    # given / when
    response = _login(client, agent).post("/complaints/new/", {"source": "hotline", "summary": "x", "severity": "2"})
    # then
    assert response.status_code == 400
    assert "请选择客户或填写服务请求编号" in response.content.decode()
    assert Complaint.objects.count() == 0


def test_a_customer_files_through_the_portal_form(now, client, hospital_user, customer, make_ticket):
    # given
    ticket = make_ticket(customer)
    page = _login(client, hospital_user).get("/complaints/new/")
    # when
    response = client.post(
        "/complaints/new/", {"ticket_id": str(ticket.pk), "summary": "报修后无人联系", "details": "已等两天"}
    )
    # then
    complaint = Complaint.objects.get()
    assert page.status_code == 200
    assert 'id="portal-complaint-form"' in page.content.decode()
    assert response.status_code == 302
    assert (complaint.source, complaint.customer_id, complaint.ticket_id, complaint.created_by_id) == (
        "portal",
        customer.pk,
        ticket.pk,
        hospital_user.pk,
    )


def test_a_customer_cannot_open_another_organisations_complaint(
    now, client, hospital_user, province_customer, customer, open_complaint
):
    # given
    own = open_complaint(customer, summary="本单位投诉")
    foreign = open_complaint(province_customer, summary="他单位投诉")
    _login(client, hospital_user)
    # when
    listed = client.get("/complaints/").content.decode()
    own_page = client.get(f"/complaints/{own.pk}/")
    foreign_page = client.get(f"/complaints/{foreign.pk}/")
    # then
    assert own.number in listed
    assert foreign.number not in listed
    assert own_page.status_code == 200
    assert 'id="complaint-actions"' not in own_page.content.decode()
    assert foreign_page.status_code == 404


def test_a_supervisor_replies_from_the_page(now, client, supervisor, customer, open_complaint):
    # given
    complaint = open_complaint(customer)
    _login(client, supervisor)
    # when
    response = client.post(
        f"/complaints/{complaint.pk}/actions/", {"action": "reply", "version": "1", "text": "已电话致歉"}
    )
    page = client.get(f"/complaints/{complaint.pk}/").content.decode()
    # then
    assert response.status_code == 302
    assert Complaint.objects.values_list("status", "reply_text").get() == ("replied", "已电话致歉")
    assert re.search(r'id="complaint-status">已回复<', page)


def test_the_timeline_hides_who_and_the_notes_from_the_customer(
    now, frozen_now, client, supervisor, expert, hospital_user, customer, open_complaint
):
    # given: a complaint replied to and escalated
    from aftersales.complaints import services

    complaint = open_complaint(customer)
    with frozen_now(NOW + dt.timedelta(minutes=5)):
        services.complaint_reply(complaint_id=complaint.pk, actor=supervisor, text="已电话致歉", expected_version=1)
        services.complaint_escalate(
            complaint_id=complaint.pk, actor=supervisor, expected_version=2, handler_id=expert.pk, note="客户要求"
        )
    # when
    staff_page = _login(client, supervisor).get(f"/complaints/{complaint.pk}/")
    customer_page = _login(client, hospital_user).get(f"/complaints/{complaint.pk}/")
    # then
    assert _timeline(staff_page) == [
        "受理投诉 → 已受理 2026-11-26 10:00 · agent 监督电话",
        "回复 已受理 → 已回复 2026-11-26 10:05 · 静 赵 已电话致歉",
        "升级 已回复 → 已升级高级工程师 2026-11-26 10:05 · 静 赵 客户要求",
    ]
    assert _timeline(customer_page) == [
        "受理投诉 → 已受理 2026-11-26 10:00",
        "回复 已受理 → 已回复 2026-11-26 10:05",
        "升级 已回复 → 已升级高级工程师 2026-11-26 10:05",
    ]


def test_a_stale_page_shows_the_conflict(now, client, supervisor, customer, open_complaint):
    # given: the page showed version 1, then someone replied
    complaint = open_complaint(customer)
    _login(client, supervisor)
    client.post(f"/complaints/{complaint.pk}/actions/", {"action": "reply", "version": "1", "text": "已回复"})
    # when
    response = client.post(f"/complaints/{complaint.pk}/actions/", {"action": "escalate", "version": "1"})
    # then
    assert response.status_code == 409
    assert "数据已被他人修改" in response.content.decode()
    assert Complaint.objects.get().status == "replied"


def test_the_assessment_page_lists_engineers(now, client, supervisor, customer, open_complaint, make_engineer):
    # given
    engineer = make_engineer("zhang", "张工")
    open_complaint(customer, engineer_id=engineer.pk)
    # when
    response = _login(client, supervisor).get("/complaints/assessment/?date_from=2026-11-01&date_to=2026-11-30")
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(
        rf'data-engineer-id="{engineer.pk}"><td>张工</td><td>—</td><td class="text-end">1</td>'
        r'<td class="text-end">0</td>',
        html,
    )


def test_the_assessment_page_is_not_for_agents(now, client, agent):
    assert _login(client, agent).get("/complaints/assessment/").status_code == 404
