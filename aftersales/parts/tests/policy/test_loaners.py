"""Loaner grades and overdue days; who may move stock (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.parts.policy import access, loaners


@pytest.mark.parametrize(
    ("category", "grade"), [("存储", 4), ("服务器", 3), ("交换机", 2), ("打印机", 1), (" 服务器 ", 3), ("投影仪", 1)]
)
def test_the_grade_a_device_needs_comes_from_its_category(category, grade):
    assert loaners.required_grade_for(category) == grade


def test_a_loaner_of_equal_or_higher_grade_is_sufficient():
    assert loaners.grade_is_sufficient(loaner_grade=3, required_grade=3)
    assert loaners.grade_is_sufficient(loaner_grade=4, required_grade=3)
    assert not loaners.grade_is_sufficient(loaner_grade=2, required_grade=3)


def test_a_loan_is_overdue_from_the_day_after_its_due_date_until_returned():
    due = dt.date(2026, 11, 20)
    assert not loaners.is_overdue(due_back_on=due, returned=False, today=due)
    assert loaners.is_overdue(due_back_on=due, returned=False, today=due + dt.timedelta(days=1))
    assert not loaners.is_overdue(due_back_on=due, returned=True, today=due + dt.timedelta(days=9))
    assert loaners.days_overdue(due_back_on=due, today=due + dt.timedelta(days=3)) == 3
    assert loaners.days_overdue(due_back_on=due, today=due - dt.timedelta(days=3)) == 0


@pytest.mark.parametrize(
    ("role", "kind", "has_ticket", "allowed"),
    [
        ("warehouse", "receive", False, True),
        ("warehouse", "transfer", False, True),
        ("supervisor", "scrap", False, True),
        ("engineer", "reserve", True, True),
        ("engineer", "issue", True, True),
        ("engineer", "return", True, True),
        ("engineer", "issue", False, False),
        ("engineer", "receive", True, False),
        ("engineer", "transfer", False, False),
        ("agent", "reserve", True, False),
        ("customer", "issue", True, False),
        ("partner", "issue", True, False),
    ],
)
def test_who_may_move_stock(role, kind, has_ticket, allowed):
    assert access.can_move(role=role, is_superuser=False, kind=kind, has_ticket=has_ticket) is allowed


def test_a_superuser_may_do_anything():
    assert access.can_move(role="agent", is_superuser=True, kind="scrap", has_ticket=False)
    assert access.can_keep_store(role="agent", is_superuser=True)
