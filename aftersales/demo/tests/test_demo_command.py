"""`aftersales demo`: what it prints on the first load and on every later one (empty database, own module)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from aftersales.core import clock
from aftersales.demo import reports as reports_demo
from aftersales.tickets.models import Ticket

pytestmark = pytest.mark.django_db
LOADED_AT = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def test_demo_command_reports_and_then_reports_nothing_new(capsys, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the demo's photos and PDF
    # given an empty database
    # when
    with clock.frozen(LOADED_AT):
        call_command("demo")
        call_command("demo")
    # then
    first, second = capsys.readouterr().out.split("hospital.user", 1)
    assert "服务请求 requests 42" in first
    assert "附件 attachments 5, 留言 replies 3" in first
    assert "演示数据已存在，未作改动 / Demo data already loaded; nothing added." in second
    # the desk's week, and the management view's six months of worked history
    assert Ticket.objects.exclude(description__startswith=reports_demo.MARKER).count() == 42
    assert Ticket.objects.filter(description__startswith=reports_demo.MARKER).count() == 96
