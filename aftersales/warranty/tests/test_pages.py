"""Warranty pages: the remedy on the request page, the vendor case list, form and detail (Chinese)."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.core.clock import SHANGHAI
from aftersales.sla import reference
from aftersales.warranty.models import VendorCase

pytestmark = pytest.mark.django_db

REPORTED = dt.datetime(2026, 5, 4, 9, 0, tzinfo=SHANGHAI)
PASSWORD = "pw-Secret-123"


@pytest.fixture
def dell_ticket(make_asset, make_ticket, vendor_with_policy, frozen_now):
    vendor_with_policy("戴尔", reference.DELL_POLICY)
    asset = make_asset("DELL-PAGE-1", dt.date(2026, 1, 5), vendor="戴尔")  # Dell: 3 years of parts and labour
    with frozen_now(REPORTED):
        return make_ticket(asset, severity=2, reported_at=REPORTED)


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_request_page_shows_the_remedy_with_its_reasons(client, agent, dell_ticket):
    page = login(client, agent).get(f"/tickets/{dell_ticket.pk}/")

    text = page.content.decode()
    assert page.status_code == 200
    assert 'id="ticket-remedy"' in text
    assert 'data-remedy="repair"' in text
    assert "在保修期内（至2029-01-05），免费维修" in text


def test_request_page_without_asset_has_no_remedy_but_offers_the_vendor_case(client, agent, make_ticket):
    ticket = make_ticket(None)

    text = login(client, agent).get(f"/tickets/{ticket.pk}/").content.decode()

    assert 'id="ticket-remedy-value"' not in text
    assert f'href="/warranty/vendor-cases/new/?ticket={ticket.pk}"' in text


def test_customer_sees_the_remedy_but_not_the_vendor_cases(client, make_user, customer, agent, dell_ticket, frozen_now):
    from aftersales.warranty import services

    with frozen_now(REPORTED + dt.timedelta(minutes=20)):
        services.vendor_case_open(ticket_id=dell_ticket.pk, actor=agent, vendor_reference="DELL-SR-80")

    text = (
        login(client, make_user("cust", "customer", customer=customer))
        .get(f"/tickets/{dell_ticket.pk}/", follow=True)  # the customer's own page of the request (issue 10)
        .content.decode()
    )

    assert 'data-remedy="repair"' in text
    assert "ticket-vendor-cases" not in text
    assert "DELL-SR-80" not in text


def test_request_page_lists_its_vendor_cases_for_the_desk(client, agent, dell_ticket, frozen_now):
    from aftersales.warranty import services

    with frozen_now(REPORTED + dt.timedelta(minutes=20)):
        case = services.vendor_case_open(ticket_id=dell_ticket.pk, actor=agent, vendor_reference="DELL-SR-81")

    text = login(client, agent).get(f"/tickets/{dell_ticket.pk}/").content.decode()

    assert f'href="/warranty/vendor-cases/{case.pk}/">戴尔 DELL-SR-81</a>' in text


def test_request_page_in_english_shows_english_reasons(client, agent, dell_ticket):
    login(client, agent).cookies["django_language"] = "en"

    text = client.get(f"/tickets/{dell_ticket.pk}/").content.decode()

    assert "In warranty (until 2029-01-05): free repair" in text


def test_open_a_case_from_the_page_then_see_it_in_the_list(client, agent, dell_ticket, frozen_now):
    login(client, agent)
    with frozen_now(REPORTED + dt.timedelta(minutes=20)):
        form = client.get("/warranty/vendor-cases/new/", {"ticket": dell_ticket.pk})
        response = client.post(
            "/warranty/vendor-cases/new/",
            {"ticket": dell_ticket.pk, "vendor_reference": "DELL-SR-77", "note": "阵列卡告警"},
        )
    case = VendorCase.objects.get()

    assert form.status_code == 200
    assert 'id="vendor-case-open-form"' in form.content.decode()
    assert response.status_code == 302
    assert response["Location"] == f"/warranty/vendor-cases/{case.pk}/"
    assert (case.vendor_reference, case.opened_by_id, case.note) == ("DELL-SR-77", agent.pk, "阵列卡告警")
    with frozen_now(REPORTED + dt.timedelta(hours=5)):
        listing = client.get("/warranty/vendor-cases/", {"overdue": "true"}).content.decode()
    assert "DELL-SR-77" in listing
    assert "overdue-mark" in listing


def test_detail_page_saves_an_edit_and_refuses_a_stale_one(client, agent, dell_ticket, frozen_now):
    from aftersales.warranty import services

    with frozen_now(REPORTED + dt.timedelta(minutes=20)):
        case = services.vendor_case_open(ticket_id=dell_ticket.pk, actor=agent, vendor_reference="DELL-SR-78")
    login(client, agent)
    with frozen_now(REPORTED + dt.timedelta(hours=1)):
        detail = client.get(f"/warranty/vendor-cases/{case.pk}/")
        saved = client.post(
            f"/warranty/vendor-cases/{case.pk}/",
            {
                "version": 1,
                "status": "acknowledged",
                "vendor_reference": "DELL-SR-78",
                "rma_number": "RMA-1",
                "confirmed_at": "2026-05-04T09:20",
            },
        )
        stale = client.post(
            f"/warranty/vendor-cases/{case.pk}/",
            {
                "version": 1,
                "status": "resolved",
                "vendor_reference": "DELL-SR-78",
                "confirmed_at": "2026-05-04T09:20",
            },
        )
    case.refresh_from_db()

    assert detail.status_code == 200
    assert "厂商服务时限" in detail.content.decode()
    assert "上报厂商 · " not in detail.content.decode()
    assert "· 上报厂商</div>" in detail.content.decode()
    assert "2026-05-04 09:20 · agent" in detail.content.decode()
    assert saved.status_code == 302
    assert stale.status_code == 409
    assert "数据已被他人修改" in stale.content.decode()
    assert (case.status, case.rma_number, case.version) == ("acknowledged", "RMA-1", 2)


def test_customers_go_to_the_portal_and_other_staff_get_404_on_vendor_case_pages(
    client, make_user, customer, agent, dell_ticket, frozen_now
):
    from aftersales.warranty import services

    with frozen_now(REPORTED + dt.timedelta(minutes=20)):
        case = services.vendor_case_open(ticket_id=dell_ticket.pk, actor=agent)
    paths = [
        "/warranty/vendor-cases/",
        f"/warranty/vendor-cases/{case.pk}/",
        f"/warranty/vendor-cases/new/?ticket={dell_ticket.pk}",
    ]

    login(client, make_user("cust", "customer", customer=customer))
    # the access table's one rule for pages: a customer user is sent to the portal, other staff get 404
    assert [client.get(p)["Location"] for p in paths] == ["/portal/", "/portal/", "/portal/"]
    login(client, make_user("eng", "engineer"))
    assert [client.get(p).status_code for p in paths] == [404, 404, 404]
    client.logout()
    assert [client.get(p).status_code for p in paths] == [302, 302, 302]


def test_admin_lists_cases_read_only(client, admin_user, agent, dell_ticket, frozen_now):
    from aftersales.warranty import services

    with frozen_now(REPORTED + dt.timedelta(minutes=20)):
        case = services.vendor_case_open(ticket_id=dell_ticket.pk, actor=agent, vendor_reference="DELL-SR-79")
    login(client, admin_user)

    listing = client.get("/admin/warranty/vendorcase/")
    history = client.get(f"/admin/warranty/vendorcase/{case.pk}/history/")

    assert listing.status_code == 200
    assert "DELL-SR-79" in listing.content.decode()
    assert history.status_code == 200
    assert client.get("/admin/warranty/vendorcase/add/").status_code == 403


def test_openapi_documents_the_warranty_operations(client):
    schema = client.get("/api/v1/openapi.json").json()

    operations = {op["operationId"] for path in schema["paths"].values() for op in path.values()}
    assert {
        "get_asset_warranty",
        "get_ticket_warranty",
        "lookup_warranty",
        "open_vendor_case",
        "list_vendor_cases",
        "get_vendor_case",
        "update_vendor_case",
    } <= operations
    assert schema["paths"]["/api/v1/public/warranty"]["get"].get("security") in (None, [])
    remedy = schema["components"]["schemas"]["WarrantyOut"]["properties"]["remedy"]
    assert remedy["enum"] == ["return", "exchange_or_repair", "repair", "replace", "paid_repair"]
