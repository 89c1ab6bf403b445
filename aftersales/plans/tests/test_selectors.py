"""Reads of work items: a person's day with the overdue flag, the supervisor's overdue report, query counts."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.plans import selectors, services
from aftersales.plans.tests.conftest import AT

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 9, 20)


def item(key: str, due_on: dt.date, **fields):
    return services.work_item_create(
        source_key=key, kind=fields.pop("kind", "phone_call"), title=key, due_on=due_on, **fields
    )[0]


@pytest.fixture
def day_items(callback_user, engineer):
    """The caller's day: one overdue, one due today in the role pool, upcoming ones, a done one, others'."""
    return {
        "late": item("late", TODAY - dt.timedelta(days=3), assignee_id=callback_user.pk),
        "pool": item("pool", TODAY, role="callback"),
        "today": item("today", TODAY, assignee_id=callback_user.pk, kind="survey"),
        "week": item("week", TODAY + dt.timedelta(days=7), assignee_id=callback_user.pk),
        "later": item("later", TODAY + dt.timedelta(days=8), assignee_id=callback_user.pk),
        "done": item("done", TODAY - dt.timedelta(days=1), assignee_id=callback_user.pk),
        "engineer": item("engineer", TODAY - dt.timedelta(days=5), assignee_id=engineer.pk, kind="inspection"),
        "engineer_pool": item("engineer_pool", TODAY, role="engineer", kind="inspection"),
    }


def test_my_day_lists_due_and_overdue_items_and_the_coming_week(callback_user, day_items, frozen_now):
    # given
    with frozen_now(AT):
        services.work_item_complete(item_id=day_items["done"].pk, actor=callback_user, result="已回访")
    # when
    with frozen_now(AT):
        day = selectors.my_day(callback_user, on=TODAY)
    # then
    assert [i.source_key for i in day.due] == ["late", "pool", "today"]
    assert [i.due_on < day.on for i in day.due] == [True, False, False]
    assert day.overdue_count == 1
    assert [i.source_key for i in day.upcoming] == ["week"]
    assert [i.source_key for i in day.done_today] == ["done"]


def test_my_day_takes_two_queries(callback_user, day_items, django_assert_num_queries):
    with django_assert_num_queries(2):
        day = selectors.my_day(callback_user, on=TODAY)
    with django_assert_num_queries(0):
        [(i.customer, i.ticket, i.assignee) for i in day.due + day.upcoming]


def test_the_overdue_report_counts_per_person_and_kind(callback_user, engineer, day_items, make_user):
    # given: one more overdue survey for the caller, and an overdue item in the engineers' pool
    item("late_survey", TODAY - dt.timedelta(days=10), assignee_id=callback_user.pk, kind="survey")
    item("pool_late", TODAY - dt.timedelta(days=2), role="engineer", kind="inspection")
    # when
    report = selectors.overdue_report(on=TODAY)
    # then
    assert report.total == 5
    assert [(r.assignee_name, r.role, r.kind, r.count, r.oldest_due_on.isoformat()) for r in report.rows] == [
        ("王芳", "", "phone_call", 2, "2026-09-17"),
        ("王芳", "", "survey", 1, "2026-09-10"),
        ("李强", "", "inspection", 1, "2026-09-15"),
        ("", "engineer", "inspection", 1, "2026-09-18"),
    ]
    assert [i.source_key for i in report.items] == ["late_survey", "engineer", "late", "pool_late", "done"]


def test_an_item_of_someone_else_is_not_found_but_a_supervisor_sees_it(callback_user, engineer, supervisor, day_items):
    from aftersales.core.errors import DomainError

    with pytest.raises(DomainError) as missing:
        selectors.work_item_get(engineer, day_items["late"].pk)
    assert missing.value.status == 404
    assert selectors.work_item_get(engineer, day_items["engineer_pool"].pk).source_key == "engineer_pool"
    assert selectors.work_item_get(supervisor, day_items["late"].pk).source_key == "late"


def test_the_overdue_report_takes_two_queries(day_items, django_assert_num_queries):
    with django_assert_num_queries(2):
        report = selectors.overdue_report(on=TODAY)
        [(i.assignee, i.customer) for i in report.items]
    assert report.total == 3
