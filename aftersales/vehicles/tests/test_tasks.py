"""The daily maintenance-reminder job: plain function, idempotent, counts what it did."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.plans.models import WorkItem
from aftersales.vehicles.tasks import vehicles_reminders_job

from .conftest import china


@pytest.mark.django_db
def test_the_job_creates_each_reminder_once(now, make_vehicle):
    # given two cars due on 2026-03-10 and 2026-04-01
    make_vehicle("湘K00310", purchased_on=dt.date(2025, 9, 10))
    make_vehicle("湘K00401", purchased_on=dt.date(2025, 10, 1))
    # when the job runs today, again, and on 03-18
    runs = [vehicles_reminders_job(), vehicles_reminders_job(at=now), vehicles_reminders_job(at=china(2026, 3, 18))]
    # then
    assert runs == [{"examined": 1, "created": 1}, {"examined": 1, "created": 0}, {"examined": 2, "created": 1}]
    assert list(WorkItem.objects.order_by("due_on").values_list("due_on", flat=True)) == [
        dt.date(2026, 3, 3),
        dt.date(2026, 3, 25),
    ]
