"""One browser journey against the live server: a callback specialist opens the callback list, follows the call
script and records an unhappy answer; the request reopens and a complaint is opened."""

from __future__ import annotations

import re

import pytest

from aftersales.core.testing.browser import sign_in


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_callback_specialist_records_an_unhappy_answer(page, live_server, specialist, agent, customer):
    # given: a request resolved just now, its callback pending
    from aftersales.complaints.models import Complaint
    from aftersales.followups.models import Callback
    from aftersales.tickets import services as tickets
    from aftersales.tickets.models import Ticket

    ticket = tickets.ticket_create(
        actor=agent,
        customer_id=customer.pk,
        channel="phone",
        severity=3,
        title="打印服务器无法连接",
        contact_name="王主任",
    ).ticket
    tickets.ticket_apply_action(ticket_id=ticket.pk, action="resolve", actor=agent)
    callback = Callback.objects.get(ticket=ticket)

    # when: the specialist signs in, opens 回访与调查 and the callback
    sign_in(page, live_server, specialist.username)
    page.click("#nav-group-service")  # the menu groups it (base.html)
    page.click("#nav-followups")
    page.wait_for_url(re.compile(r"/followups/callbacks/$"))
    page.click(f'[data-callback-link="{callback.pk}"]')
    page.wait_for_selector("#callback-form")
    assert "打印服务器无法连接" in page.inner_text("#callback-script")
    assert page.input_value("#id_answered_by") == "王主任"
    # and answers the script: not solved, satisfaction 2, courtesy 3, a remark
    page.click('label[for="id_resolved_1"]')
    page.click('label[for="id_satisfaction_1"]')
    page.click('label[for="id_courtesy_2"]')
    page.fill("#id_remarks", "打印仍然时断时续")
    page.click("#callback-save")
    page.wait_for_url(re.compile(r"/followups/callbacks/$"))

    # then: the list says what happened; the callback is done, the request reopened, a complaint opened
    text = page.inner_text("main")
    assert "回访结果已保存" in text
    assert "客户反馈问题未解决，请求已重新打开" in text
    assert "客户不满意，已自动生成投诉" in text
    assert page.locator(f'#callbacks-done [data-callback-id="{callback.pk}"]').count() == 1
    stored = Callback.objects.get(pk=callback.pk)
    assert (
        stored.status,
        stored.resolved,
        stored.satisfaction,
        stored.courtesy,
        stored.remarks,
        stored.done_by_id,
    ) == ("done", False, 2, 3, "打印仍然时断时续", specialist.pk)
    assert Ticket.objects.get(pk=ticket.pk).status == "reopened"
    assert list(Complaint.objects.values_list("callback_id", "ticket_id")) == [(callback.pk, ticket.pk)]
