"""The periodic entry point of field service runs the planned-visit notice and reports its counts."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.dispatch import services, tasks

pytestmark = pytest.mark.django_db


def test_the_notice_task_tells_each_customer_once(
    now, frozen_now, supervisor, make_ticket, province_customer, fuyang_partner, make_user
):
    # given
    make_user("fy.user", "customer", customer=province_customer)
    ticket = make_ticket(province_customer, severity=4, title="季度巡检")
    services.dispatch_assign(
        ticket_id=ticket.pk, actor=supervisor, partner_id=fuyang_partner.pk, planned_for=now + dt.timedelta(days=6)
    )
    # when
    with frozen_now(now + dt.timedelta(minutes=5)):
        first = tasks.visits_notify_upcoming_task()
        second = tasks.visits_notify_upcoming_task()
    # then
    assert first == {"dispatches": 1, "messages": 1, "emails": 0}
    assert second == {"dispatches": 0, "messages": 0, "emails": 0}
