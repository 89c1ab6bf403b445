"""The field-service pages through Django's test client: dispatch page, my day, the visit form, the report,
and a partner user's isolation."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from aftersales.dispatch import services
from aftersales.dispatch.models import Dispatch, Visit

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def fuyang_ticket(now, make_ticket, province_customer, fuyang_asset):
    return make_ticket(province_customer, asset_id=fuyang_asset.pk)


def test_the_dispatch_page_lists_candidates_with_eta_and_the_deadline(
    client, supervisor, fuyang_ticket, make_engineer, fuyang_partner, make_partner
):
    # given
    hefei = make_engineer("hefei", "合肥市", name="合肥工程师")
    huangshan = make_partner("黄山新世纪电脑公司", "黄山市", kind="service")
    client.force_login(supervisor)
    # when
    response = client.get(f"/dispatch/tickets/{fuyang_ticket.pk}/")
    # then
    assert response.status_code == 200
    page = html(response)
    assert re.findall(r'data-candidate="([\w:]+)"', page) == [
        f"partner:{fuyang_partner.pk}",
        f"engineer:{hefei.pk}",
        f"partner:{huangshan.pk}",
    ]
    assert re.findall(r'data-meets="(\w+)"', page) == ["yes", "yes", "no"]
    assert "2026-11-26 16:00" in page  # the arrival deadline
    assert "2026-11-26 13:52" in page  # 合肥工程师's estimated arrival (232 minutes)


def test_one_click_dispatches_and_shows_the_history(client, supervisor, fuyang_ticket, fuyang_partner):
    # given
    client.force_login(supervisor)
    # when
    response = client.post(
        f"/dispatch/tickets/{fuyang_ticket.pk}/assign/",
        {"target": f"partner:{fuyang_partner.pk}", "note": "请尽快联系客户", "planned_for": ""},
    )
    # then
    assert (response.status_code, response["Location"]) == (302, f"/dispatch/tickets/{fuyang_ticket.pk}/")
    page = html(client.get(response["Location"]))
    assert "已派工给 阜阳云智电脑公司" in page
    assert re.findall(r'data-dispatch-status="(\w+)"', page) == ["active"]
    assert Dispatch.objects.get().note == "请尽快联系客户"


def test_a_refused_dispatch_shows_the_reason_and_stores_nothing(client, supervisor, fuyang_ticket, fuyang_partner):
    client.force_login(supervisor)
    response = client.post(
        f"/dispatch/tickets/{fuyang_ticket.pk}/assign/",
        {"target": f"partner:{fuyang_partner.pk}", "planned_for": "2020-01-01T09:00"},
    )
    assert response.status_code == 400
    assert "计划上门时间不能早于当前时间" in html(response)
    assert Dispatch.objects.count() == 0


def test_engineers_cannot_open_the_dispatch_page(client, fuyang_ticket, make_engineer):
    client.force_login(make_engineer("li", "阜阳市").user)
    assert client.get(f"/dispatch/tickets/{fuyang_ticket.pk}/").status_code == 404


def test_my_day_shows_the_engineers_dispatched_work(client, supervisor, fuyang_ticket, make_engineer):
    engineer = make_engineer("li", "阜阳市")
    services.dispatch_assign(ticket_id=fuyang_ticket.pk, actor=supervisor, engineer_id=engineer.pk)
    client.force_login(engineer.user)
    page = html(client.get("/dispatch/my-day/"))
    assert re.findall(r'data-visit-link="(\d+)"', page) == [str(fuyang_ticket.pk)]


def test_the_visit_form_records_arrival_then_the_signed_report(
    client, now, frozen_now, supervisor, fuyang_ticket, make_engineer, signature_url
):
    # given
    engineer = make_engineer("li", "阜阳市")
    services.dispatch_assign(ticket_id=fuyang_ticket.pk, actor=supervisor, engineer_id=engineer.pk)
    client.force_login(engineer.user)
    url = f"/dispatch/visits/new/{fuyang_ticket.pk}/"
    # when: the arrival button
    first = client.get(url)
    arrived = client.post(url, {"arrived_at": ""})
    form = client.get(url)
    # then
    assert 'id="arrive-button"' in html(first)
    assert (arrived.status_code, arrived["Location"]) == (302, url)
    visit = Visit.objects.get()
    assert 'id="signature-pad"' in html(form)
    assert f'action="/dispatch/visits/{visit.pk}/edit/"' in html(form)
    # when: the report, with two parts lines (one left empty) and the signature
    with frozen_now(now + dt.timedelta(hours=1)):
        saved = client.post(
            f"/dispatch/visits/{visit.pk}/edit/",
            {
                "version": "1",
                "work_done": "更换主板",
                "fault_cause": "电容老化",
                "departed_at": "2026-11-26T10:55",
                "part_number": ["0K9VC4", ""],
                "part_description": ["主板", ""],
                "part_quantity": ["1", "1"],
                "signer_name": "王主任",
                "satisfaction": "4",
                "signature": signature_url,
                "customer_remarks": "满意",
            },
        )
    # then
    assert saved.status_code == 302, re.findall(r"visit-error[^<]*<", html(saved))
    assert saved["Location"] == f"/dispatch/visits/{visit.pk}/"
    visit.refresh_from_db()
    assert (visit.work_done, visit.signer_name, visit.satisfaction, visit.is_signed) == ("更换主板", "王主任", 4, True)
    assert visit.departed_at == dt.datetime(2026, 11, 26, 2, 55, tzinfo=dt.UTC)
    assert list(visit.parts.values_list("part_number", "description", "quantity")) == [("0K9VC4", "主板", 1)]
    detail = client.get(saved["Location"])
    assert f'href="/dispatch/visits/{visit.pk}/report.pdf"' in html(detail)
    signature = client.get(f"/dispatch/visits/{visit.pk}/signature.png")
    assert (signature.status_code, signature["Content-Type"]) == (200, "image/png")
    pdf = client.get(f"/dispatch/visits/{visit.pk}/report.pdf?download=1")
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    assert pdf["Content-Disposition"].startswith("attachment;")


def test_a_bad_report_comes_back_with_the_error_and_what_was_typed(
    client, now, supervisor, fuyang_ticket, make_engineer
):
    engineer = make_engineer("li", "阜阳市")
    services.dispatch_assign(ticket_id=fuyang_ticket.pk, actor=supervisor, engineer_id=engineer.pk)
    visit = services.visit_record_arrival(ticket_id=fuyang_ticket.pk, actor=engineer.user)
    client.force_login(engineer.user)
    response = client.post(
        f"/dispatch/visits/{visit.pk}/edit/",
        {
            "work_done": "已更换",
            "part_number": ["P-1"],
            "part_description": ["风扇"],
            "part_quantity": ["1"],
            "signature": "data:image/png;base64,bm90IGEgcG5n",
            "signer_name": "王",
        },
    )
    assert response.status_code == 400
    assert "签字必须是 PNG 图片" in html(response)
    assert 'value="P-1"' in html(response)
    assert Visit.objects.get().work_done == ""


# -------------------------------------------------------------------------------------- partner isolation


def test_a_partner_user_reaches_only_its_dispatched_work_through_the_pages(
    client, supervisor, make_ticket, province_customer, partner_user, fuyang_partner, make_partner, now
):
    # given
    mine = make_ticket(province_customer, title="派给云智的")
    theirs = make_ticket(province_customer, title="派给别家的")
    services.dispatch_assign(ticket_id=mine.pk, actor=supervisor, partner_id=fuyang_partner.pk)
    services.dispatch_assign(
        ticket_id=theirs.pk,
        actor=supervisor,
        partner_id=make_partner("阜阳宏达科技有限公司", "阜阳市", kind="service").pk,
    )
    client.force_login(partner_user)
    # when
    day = html(client.get("/dispatch/my-day/"))
    # then
    assert re.findall(r'data-visit-link="(\d+)"', day) == [str(mine.pk)]
    assert client.get(f"/dispatch/visits/new/{mine.pk}/").status_code == 200
    assert client.get(f"/dispatch/visits/new/{theirs.pk}/").status_code == 404
    assert client.post(f"/dispatch/visits/new/{theirs.pk}/", {"arrived_at": ""}).status_code == 404
    assert client.get(f"/dispatch/tickets/{mine.pk}/").status_code == 404  # dispatching is not theirs to do
    assert client.get(f"/tickets/{theirs.pk}/").status_code == 404
    assert Visit.objects.count() == 0


def test_a_partner_user_cannot_open_another_partners_report(
    client, supervisor, make_ticket, province_customer, partner_user, make_partner, make_user
):
    other = make_partner("阜阳宏达科技有限公司", "阜阳市", kind="service")
    ticket = make_ticket(province_customer)
    services.dispatch_assign(ticket_id=ticket.pk, actor=supervisor, partner_id=other.pk)
    visit = services.visit_record_arrival(ticket_id=ticket.pk, actor=make_user("hongda", "partner", partner=other))
    client.force_login(partner_user)
    assert client.get(f"/dispatch/visits/{visit.pk}/").status_code == 404
    assert client.get(f"/dispatch/visits/{visit.pk}/report.pdf").status_code == 404
