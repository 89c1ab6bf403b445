"""Loaners (备机): the grade rule, lending once, returns and the overdue list."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.core import clock
from aftersales.core.errors import DomainError
from aftersales.parts import selectors, services
from aftersales.parts.models import Loan, Loaner

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC)  # 10:00 in China


@pytest.fixture
def make_loaner(keeper, warehouse):
    def make(serial="LN-R740-01", grade=3, **extra):
        values = {"model": "PowerEdge R740", "category": "服务器", "location_id": warehouse.pk} | extra
        return services.loaner_create(actor=keeper, serial=serial, grade=grade, **values)

    return make


def lend(actor, loaner, ticket, due=dt.date(2026, 11, 27), **extra):
    with clock.frozen(NOW):
        return services.loan_create(actor=actor, loaner_id=loaner.pk, ticket_id=ticket.pk, due_back_on=due, **extra)


def test_a_loaner_of_the_devices_grade_is_lent_and_shows_who_has_it(engineer, keeper, make_loaner, ticket):
    # given a server (needs grade 3) and a grade-3 loaner
    loaner = make_loaner()
    # when
    loan = lend(engineer, loaner, ticket, condition_out="外观完好")
    # then
    assert (loan.required_grade, loan.customer_id, loan.lent_by, loan.lent_at) == (3, ticket.customer_id, engineer, NOW)
    assert Loaner.objects.get().status == "lent"
    listed = selectors.loaner_list(keeper).items[0]
    assert [(x.ticket_id, x.customer.name) for x in listed.open_loans] == [(ticket.pk, "合肥市第一人民医院信息科")]


def test_a_loaner_of_lower_grade_is_refused(engineer, make_loaner, ticket):
    # given a grade-2 loaner for a server
    loaner = make_loaner(serial="LN-T140", grade=2, model="PowerEdge T140")
    # when
    with pytest.raises(DomainError) as refused:
        lend(engineer, loaner, ticket)
    # then
    assert refused.value.code == "loaner_grade_too_low"
    assert refused.value.message_zh == ("备机 LN-T140 等级为 2，低于客户设备所需的 3 级，请选择同档次或更高档次的备机")
    assert refused.value.message_en == (
        "Loaner LN-T140 is grade 2, below the grade 3 the customer's device needs; choose one of equal or higher grade"
    )
    assert Loan.objects.count() == 0
    assert Loaner.objects.get().status == "available"


def test_the_required_grade_can_be_given_and_is_needed_without_a_device(engineer, make_loaner, other_ticket):
    loaner = make_loaner(serial="LN-S5720", grade=2, model="S5720", category="交换机")
    with pytest.raises(DomainError) as refused:
        lend(engineer, loaner, other_ticket)
    loan = lend(engineer, loaner, other_ticket, required_grade=2)
    assert refused.value.code == "loan_grade_required"
    assert loan.required_grade == 2


def test_one_loaner_cannot_be_lent_twice(engineer, make_loaner, ticket, other_ticket):
    loaner = make_loaner(grade=4)
    lend(engineer, loaner, ticket)
    with pytest.raises(DomainError) as refused:
        lend(engineer, loaner, other_ticket, required_grade=1)
    assert refused.value.code == "loaner_not_available"
    assert refused.value.message_zh == "备机 LN-R740-01 当前已借出，不能借出"
    assert Loan.objects.count() == 1


def test_a_returned_loaner_can_be_lent_again_or_goes_to_repair(engineer, keeper, make_loaner, ticket):
    loaner = make_loaner()
    first = lend(engineer, loaner, ticket)
    services.loan_return(actor=keeper, loan_id=first.pk, condition_back="正常")
    second = lend(engineer, loaner, ticket)
    services.loan_return(actor=keeper, loan_id=second.pk, condition_back="屏幕划伤", needs_repair=True)
    with pytest.raises(DomainError) as again:
        services.loan_return(actor=keeper, loan_id=second.pk)
    assert again.value.code == "loan_already_returned"
    assert Loaner.objects.get().status == "repair"
    assert [(x.returned_by, x.condition_back) for x in Loan.objects.order_by("id")] == [
        (keeper, "正常"),
        (keeper, "屏幕划伤"),
    ]


def test_the_overdue_list_has_loans_past_their_due_date_not_returned(engineer, keeper, make_loaner, ticket):
    # given three loans due on the 21st, 25th and 27th; the first returned
    loans = [
        lend(engineer, make_loaner(serial=f"LN-{day}", grade=4), ticket, due=dt.date(2026, 11, day))
        for day in (21, 25, 27)
    ]
    services.loan_return(actor=keeper, loan_id=loans[0].pk)
    # when it is the 26th
    page = selectors.loan_list(keeper, overdue=True, today=dt.date(2026, 11, 26))
    # then
    assert [x.loaner.serial for x in page.items] == ["LN-25"]
    assert selectors.loan_days_overdue(page.items[0], today=dt.date(2026, 11, 26)) == 1
    assert [x.loaner.serial for x in selectors.loan_list(keeper, is_open=True).items] == ["LN-27", "LN-25"]


def test_no_loaner_for_a_closed_request_nor_a_due_date_in_the_past(agent, engineer, make_loaner, ticket):
    from aftersales.tickets import services as tickets

    loaner = make_loaner()
    with pytest.raises(DomainError) as past:
        lend(engineer, loaner, ticket, due=dt.date(2026, 11, 19))
    tickets.ticket_apply_action(ticket_id=ticket.pk, action="cancel", actor=agent)
    with pytest.raises(DomainError) as closed:
        lend(engineer, loaner, ticket)
    assert (past.value.code, closed.value.code) == ("loan_due_in_past", "loan_ticket_not_open")
    assert Loan.objects.count() == 0


def test_agents_may_not_lend(agent, make_loaner, ticket):
    loaner = make_loaner()
    with pytest.raises(DomainError) as refused:
        lend(agent, loaner, ticket)
    assert refused.value.status == 403
    assert Loan.objects.count() == 0
