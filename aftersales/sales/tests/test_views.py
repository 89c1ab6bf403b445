"""Pages: the board, the forecast, an opportunity moved by its forms, the acceptance signed by POST, the PDFs."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.sales.tests.conftest import png_data_url

pytestmark = pytest.mark.django_db


def test_the_board_shows_the_salespersons_own_opportunities_by_stage(
    now, client, seller, other_seller, make_opportunity
):
    # given
    mine = make_opportunity(name="我的商机")
    make_opportunity(actor=other_seller, name="别人的商机")
    client.force_login(seller)
    # when
    response = client.get("/sales/")
    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-opportunity="{mine.pk}"' in html
    assert "别人的商机" not in html
    assert html.count('data-stage="') == 5


def test_the_forecast_page_lists_the_month_of_the_expected_close(now, client, manager, make_opportunity):
    make_opportunity(expected_close_on=dt.date(2027, 1, 15))
    client.force_login(manager)
    response = client.get("/sales/forecast/")
    assert response.status_code == 200
    assert 'data-month="2027-01"' in response.content.decode()


def test_advancing_on_the_page_without_a_need_shows_what_is_missing(now, client, seller, make_opportunity):
    # given
    opportunity = make_opportunity()
    client.force_login(seller)
    # when
    response = client.post(f"/sales/opportunities/{opportunity.pk}/advance/", {"to": "lead"}, follow=True)
    # then
    assert "尚未确认客户需求（痛点及影响）" in response.content.decode()
    opportunity.refresh_from_db()
    assert opportunity.stage == "qualify"


def test_a_new_opportunity_from_the_form(now, client, seller, hospital):
    client.force_login(seller)
    response = client.post(
        "/sales/opportunities/new/",
        {"customer_id": hospital.pk, "name": "新项目", "amount": "1000", "competitors": "甲公司、乙公司"},
    )
    from aftersales.sales.models import Opportunity

    opportunity = Opportunity.objects.get()
    assert response.status_code == 302
    assert (opportunity.owner_id, opportunity.competitors) == (seller.pk, ["甲公司", "乙公司"])


def test_acceptance_signed_by_post_then_the_certificate_prints(now, client, engineer, ready_installation):
    # given
    client.force_login(engineer)
    page = client.get(f"/sales/installations/{ready_installation.pk}/acceptance/")
    # when
    response = client.post(
        f"/sales/installations/{ready_installation.pk}/acceptance/",
        {
            "signed_on": "2026-11-20",
            "customer_signatory": "王主任",
            "engineer_signatory": "李强",
            "customer_signature": png_data_url(),
            "engineer_signature": png_data_url(),
        },
    )
    detail = client.get(f"/sales/installations/{ready_installation.pk}/")
    pdf = client.get(f"/sales/installations/{ready_installation.pk}/acceptance.pdf")
    # then
    assert page.status_code == 200
    assert 'id="customer-pad"' in page.content.decode()
    assert response.status_code == 302
    html = detail.content.decode()
    assert "2026-11-21" in html  # the warranty's first day, shown with the asset
    assert (pdf.status_code, pdf["Content-Type"], pdf.content[:5]) == (200, "application/pdf", b"%PDF-")


def test_the_training_sign_in_sheet_prints(now, client, engineer, ready_installation):
    from aftersales.sales import services

    services.acceptance_sign(
        actor=engineer,
        installation_id=ready_installation.pk,
        signed_on=dt.date(2026, 11, 20),
        customer_signatory="王主任",
        engineer_signatory="李强",
    )
    training = ready_installation.trainings.first()
    services.training_attendee_add(actor=engineer, training_id=training.pk, name="陈工", department="信息科")
    client.force_login(engineer)
    page = client.get(f"/sales/trainings/{training.pk}/")
    sheet = client.get(f"/sales/trainings/{training.pk}/sign-in.pdf")
    assert "正确使用调校功能" in page.content.decode()
    assert (sheet.status_code, sheet.content[:5]) == (200, b"%PDF-")


def test_a_salesperson_cannot_open_the_acceptance_page(now, client, seller, ready_installation):
    client.force_login(seller)
    assert client.get(f"/sales/installations/{ready_installation.pk}/acceptance/").status_code == 404  # looks missing


def test_a_proposal_document_is_uploaded_as_a_new_version_and_served_back(
    now, client, seller, make_opportunity, settings, tmp_path
):
    # given
    from django.core.files.uploadedfile import SimpleUploadedFile

    from aftersales.sales import services

    settings.MEDIA_ROOT = tmp_path
    opportunity = make_opportunity()
    proposal = services.proposal_create(actor=seller, opportunity_id=opportunity.pk, title="实施方案", body="初稿")
    client.force_login(seller)
    # when
    client.post(
        f"/sales/proposals/{proposal.pk}/versions/",
        {"note": "客户意见修改", "file": SimpleUploadedFile("方案v2.docx", b"PK\x03\x04 proposal")},
    )
    served = client.get(f"/sales/proposals/{proposal.pk}/v2/")
    first = client.get(f"/sales/proposals/{proposal.pk}/v1/")
    # then
    assert b"".join(served.streaming_content) == b"PK\x03\x04 proposal"
    assert (first["Content-Type"], first.content[:5]) == ("application/pdf", b"%PDF-")
    assert list(proposal.versions.values_list("number", "note")) == [(1, "初稿"), (2, "客户意见修改")]


def test_a_training_held_records_who_signed_in(now, client, engineer, ready_installation):
    # given
    from aftersales.sales import services

    services.acceptance_sign(
        actor=engineer,
        installation_id=ready_installation.pk,
        signed_on=dt.date(2026, 11, 20),
        customer_signatory="王主任",
        engineer_signatory="李强",
    )
    training = ready_installation.trainings.first()
    came = services.training_attendee_add(actor=engineer, training_id=training.pk, name="陈工")
    services.training_attendee_add(actor=engineer, training_id=training.pk, name="缺席者")
    client.force_login(engineer)
    # when
    client.post(f"/sales/trainings/{training.pk}/held/", {"held_on": "2026-11-26", "attended": [str(came.pk)]})
    # then
    training.refresh_from_db()
    assert (training.status, training.held_on) == ("held", dt.date(2026, 11, 26))
    assert list(training.attendees.values_list("name", "attended")) == [("陈工", True), ("缺席者", False)]
