"""The work items `plans.sql` writes by hand are the rows `WorkItem.save()` writes for the same values."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aftersales.core.tests.rows import assert_as_saved
from aftersales.plans import services
from aftersales.plans.models import WorkItem
from aftersales.plans.tests.conftest import AT

pytestmark = pytest.mark.django_db


def test_generated_work_items_are_stored_as_save_does(make_plan, customer):
    # given a monthly call (with a customer, a role, no assignee) and a date in a year without holidays
    make_plan("monthly_call", 1)
    # when the generator writes its items in one statement
    with CaptureQueriesContext(connection) as queries:
        result = services.plans_generate(until=dt.date(2027, 2, 28), at=AT)
    # then
    assert result.created == 6
    assert sum("ON CONFLICT" in q["sql"] for q in queries) == 1  # counted like the ORM's queries
    uncertain = WorkItem.objects.filter(due_uncertain=True).order_by("pk").first()
    certain = WorkItem.objects.filter(due_uncertain=False).order_by("pk").first()
    assert uncertain is not None
    assert certain.customer_id == customer.pk
    for item in (certain, uncertain):
        assert_as_saved(WorkItem, item.pk, source_key=f"{item.source_key}:saved")
