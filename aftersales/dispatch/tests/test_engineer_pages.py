"""Supervisor pages of the field team (issue 10): engineers listed, registered and edited, the rota written;
the dispatch page's map data and workload column."""

from __future__ import annotations

import json
import re

import pytest

from aftersales.dispatch.models import DutyShift, Engineer

pytestmark = pytest.mark.django_db


def test_a_supervisor_registers_edits_and_rosters_an_engineer(client, now, supervisor, make_user, regions, dell):
    client.force_login(supervisor)
    user = make_user("zhou", "engineer", first_name="涛", last_name="周")
    assert "周涛" in client.get("/dispatch/engineers/new/").content.decode()
    response = client.post(
        "/dispatch/engineers/new/",
        {
            "user": user.pk,
            "home_region": regions["芜湖市"].pk,
            "vendors": [dell.pk],
            "categories": "服务器，存储",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    engineer = Engineer.objects.get(user=user)
    assert engineer.categories == ["存储", "服务器"]
    client.post(
        f"/dispatch/engineers/{engineer.pk}/",
        {"home_region": regions["合肥市"].pk, "vendors": [dell.pk], "categories": "服务器", "is_active": "on"},
    )
    engineer.refresh_from_db()
    assert engineer.home_region == regions["合肥市"]
    client.post(
        "/dispatch/engineers/rota/", {"engineers": [engineer.pk], "week_start": "2026-11-23", "pattern": "day_night"}
    )
    assert DutyShift.objects.filter(engineer=engineer).count() == 14
    listing = client.get("/dispatch/engineers/").content.decode()
    assert "周涛" in listing
    assert "值班中" in listing


def test_an_agent_sees_the_team_but_does_not_manage_it(client, now, make_user):
    client.force_login(make_user("desk", "agent"))
    assert client.get("/dispatch/engineers/").status_code == 200
    assert client.get("/dispatch/engineers/new/").status_code in (403, 404)
    assert client.get("/dispatch/engineers/rota/").status_code in (403, 404)


def test_the_dispatch_page_has_the_map_data_and_workload(
    client, now, supervisor, make_ticket, province_customer, make_engineer, fuyang_partner
):
    make_engineer("li", "合肥市", name="李强")
    ticket = make_ticket(province_customer)
    client.force_login(supervisor)
    page = client.get(f"/dispatch/tickets/{ticket.pk}/").content.decode()
    data = json.loads(re.search(r'id="dispatch-map-data" type="application/json">(.*?)</script>', page).group(1))
    assert data["site"]["latitude"] > 30
    assert [c["name"] for c in data["candidates"]] == ["阜阳云智电脑公司", "李强"]
    assert 'id="dispatch-map"' in page
    assert "vendor/echarts/anhui.json" in page
