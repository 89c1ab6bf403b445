"""One browser journey against the live server: a supervisor opens the overdue complaints, replies to one, and it
leaves the overdue list."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from aftersales.core.testing.browser import sign_in


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_supervisor_replies_and_the_complaint_leaves_the_overdue_list(
    page, live_server, customer, supervisor, open_complaint
):
    # given: a hotline complaint received 20 minutes ago (7×24: reply within 10 minutes), not yet replied
    from aftersales.complaints.models import Complaint
    from aftersales.core import clock

    complaint = open_complaint(
        customer, summary="工程师未按约定时间到场", received_at=clock.now() - dt.timedelta(minutes=20)
    )
    sign_in(page, live_server, "supervisor")
    page.goto(f"{live_server.url}/complaints/?overdue=true")
    row = page.locator(f'tr.complaint-row[data-complaint-id="{complaint.pk}"]')
    assert row.locator(".overdue-badge").inner_text() == "回复"
    assert re.match(r"超时 \d+分\d{2}秒", row.locator(".countdown").inner_text())

    # when: the supervisor opens it and replies
    row.locator("a").click()
    page.wait_for_url(re.compile(rf"/complaints/{complaint.pk}/$"))
    assert page.inner_text("#complaint-status") == "已受理"
    page.fill("#reply-text", "已致电客户致歉，下午两点前安排高级工程师上门")
    page.click('#reply-form button[data-action="reply"]')
    page.wait_for_selector("#complaint-reply")

    # then: replied (late), and no longer on the overdue list
    assert page.inner_text("#complaint-status") == "已回复"
    assert page.locator('[data-deadline-name="reply"]').inner_text().count("超时达成") == 1
    page.click("#back-to-list")
    page.wait_for_url(re.compile(r"/complaints/$"))
    page.click("#overdue-link")
    page.wait_for_url(re.compile(r"/complaints/\?overdue=true$"))
    assert page.locator(f'tr.complaint-row[data-complaint-id="{complaint.pk}"]').count() == 0
    assert page.locator("#complaints-empty").is_visible()
    stored = Complaint.objects.get(pk=complaint.pk)
    assert (stored.status, stored.reply_text, stored.handler.username) == (
        "replied",
        "已致电客户致歉，下午两点前安排高级工程师上门",
        "supervisor",
    )
