"""Loaner grades and overdue days; which moves a field mover makes (no database)."""

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
    ("kind", "has_ticket", "allowed"),
    [
        ("reserve", True, True),
        ("release", True, True),
        ("issue", True, True),
        ("return", True, True),
        ("issue", False, False),
        ("return", False, False),
        ("receive", True, False),
        ("transfer", False, False),
        ("scrap", False, False),
    ],
)
def test_a_field_mover_makes_only_field_moves_against_a_request(kind, has_ticket, allowed):
    # who may move at all (store keepers, engineers on their own van) is the access table's: parts.move
    assert access.field_move(kind=kind, has_ticket=has_ticket) is allowed
