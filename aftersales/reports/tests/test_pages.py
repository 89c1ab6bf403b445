"""The pages: who lands on the dashboard, its data with the links behind each chart, the desk's smaller one,
the assessment page and its Excel, who may open what."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import parse_qs, urlparse

import pytest

from aftersales.reports.tests.conftest import china

pytestmark = pytest.mark.django_db

CHARTS = (
    "open_status",
    "open_severity",
    "open_tier",
    "map",
    "attainment",
    "trend",
    "faults_vendor",
    "faults_model",
    "faults_category",
    "time_to_respond",
    "time_to_restore",
    "satisfaction",
    "complaints",
    "parts",
)


def test_supervisors_and_admins_land_on_the_dashboard_agents_on_the_queue(client, supervisor, admin_user, agent):
    for user, landing in ((supervisor, "/reports/"), (admin_user, "/reports/"), (agent, "/tickets/")):
        client.force_login(user)
        assert client.get("/")["Location"] == landing


def test_dashboard_data_links_each_point_to_the_queue_with_the_same_filters(
    client, supervisor, make_ticket, asset, customer, now
):
    make_ticket(
        china(2026, 11, 9, 9), asset=asset, severity=2, status="responded", respond_by=china(2026, 11, 9, 9, 30)
    )
    client.force_login(supervisor)
    page = client.get("/reports/", {"from": "2026-11-01", "to": "2026-11-10", "region": customer.region_id})
    assert page.status_code == 200
    assert f"region={customer.region_id}" in page.content.decode()  # the dashboard's own filter bar
    data = client.get(
        "/reports/data/", {"from": "2026-11-01", "to": "2026-11-10", "region": customer.region_id, "severity": 2}
    ).json()
    assert set(CHARTS) <= set(data["links"])
    assert data["open_total"] == 1
    (point,) = data["open_status"]
    query = parse_qs(urlparse(point["link"]).query)
    assert urlparse(point["link"]).path == "/tickets/"
    assert query == {"region_id": [str(customer.region_id)], "severity": ["2"], "status": ["responded"]}
    assert data["map"] == [{"name": customer.region.name, "value": 1, "link": data["map"][0]["link"]}]
    assert data["faults_vendor"][0]["name"] == "戴尔"
    attainment = {a["name"]: (a["due"], a["met"]) for a in data["attainment"]}
    assert attainment["响应"] == (1, 0)
    assert "reported_from=2026-11-01" in data["attainment"][0]["link"]


def test_the_desk_dashboard_is_for_agents_and_the_big_one_is_not(client, agent, supervisor, make_ticket, now):
    make_ticket(china(2026, 11, 9, 9))
    client.force_login(agent)
    assert client.get("/reports/desk/").status_code == 200
    assert client.get("/reports/desk/data/").json()["open_total"] == 1
    assert client.get("/reports/").status_code in (403, 404)  # the page middleware's refusal
    assert client.get("/reports/data/").status_code in (403, 404)


def test_a_customer_user_opens_no_management_page(client, make_user, customer):
    client.force_login(make_user("cust", "customer", customer=customer))
    for path in ("/reports/", "/reports/desk/", "/reports/assessment/", "/reports/periodic/", "/reports/exports/"):
        response = client.get(path)
        assert response.status_code in (302, 403, 404), path  # refused (a customer user is sent to its portal)
        assert "/reports/" not in response.get("Location", ""), path


def test_assessment_page_and_excel(client, supervisor, now):
    import openpyxl

    client.force_login(supervisor)
    assert client.get("/reports/assessment/", {"from": "2026-11-01", "to": "2026-11-30"}).status_code == 200
    response = client.get("/reports/assessment.xlsx", {"from": "2026-11-01", "to": "2026-11-30", "kind": "partner"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "合作伙伴考核 2026-11-01 至 2026-11-30"
    assert sheet["B2"].value == "合作伙伴"


def test_english_dashboard(client, supervisor, now):
    client.force_login(supervisor)
    client.cookies["django_language"] = "en"
    page = client.get("/reports/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="chart-map"' in page


def test_time_to_respond_and_restore_buckets(supervisor, make_ticket, now):
    from aftersales.reports import selectors

    reported = china(2026, 11, 9, 9)
    make_ticket(
        reported, responded_at=reported + dt.timedelta(minutes=10), restored_at=reported + dt.timedelta(hours=3)
    )
    make_ticket(reported, responded_at=reported + dt.timedelta(minutes=45))
    make_ticket(reported, responded_at=reported + dt.timedelta(days=2))
    got = selectors.durations(selectors.Filters(date_from=dt.date(2026, 11, 1), date_to=dt.date(2026, 11, 30)))
    assert got["respond"]["counts"] == [1, 0, 1, 0, 0, 0, 0, 1]  # ≤15, ≤30, ≤60, …, ≤1440, more
    assert got["restore"]["counts"] == [0, 1, 0, 0, 0, 0, 0, 0]
