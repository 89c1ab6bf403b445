from __future__ import annotations

import pytest
from django.urls import reverse

from aftersales.portal import links, services
from aftersales.tickets.models import Ticket

pytestmark = pytest.mark.django_db


def test_the_customers_request_page_shows_no_tier_deadline_or_duplicate(client, customer_user, asset):
    first = services.portal_report(
        actor=customer_user, urgency_key="stopped", title="核心交换机宕机", asset_id=asset.pk
    )
    second = services.portal_report(
        actor=customer_user, urgency_key="stopped", title="核心交换机宕机", asset_id=asset.pk
    )
    assert second.ticket.duplicate_of_id == first.ticket.pk  # the desk's link exists…
    client.force_login(customer_user)
    staff_page = client.get(reverse("tickets:detail", kwargs={"ticket_id": second.ticket.pk}))
    assert staff_page["Location"] == reverse("customer:ticket", kwargs={"ticket_id": second.ticket.pk})
    page = client.get(staff_page["Location"]).content.decode()
    # …and the customer sees none of it
    for internal in ("提交时限", "可能重复", "专家组", "升级层级", first.ticket.number):
        assert internal not in page
    assert "核心交换机宕机" in page


def test_the_report_form_offers_the_customers_words_not_our_classes(client, customer_user):
    client.force_login(customer_user)
    page = client.get(reverse("portal:report")).content.decode()
    assert "系统全部停止，无法使用" in page
    assert "一类 严重故障" not in page


def test_the_qr_form_opens_without_an_account_and_files_by_qr(client, asset):
    url = reverse("customer:qr_report", kwargs={"token": links.label_token(asset.pk, asset.customer_id)})
    page = client.get(url)
    assert page.status_code == 200
    assert asset.serial in page.content.decode()
    assert 'name="language"' in page.content.decode()  # the language switch on an anonymous page
    sent = client.post(
        url,
        {"urgency": "partial", "title": "风扇异响", "contact_name": "张工", "contact_phone": "13800000000"},
    )
    assert sent.status_code == 200
    assert list(Ticket.objects.values_list("channel", "severity", "asset_id")) == [("qr", 3, asset.pk)]


def test_a_bad_label_link_is_a_404_page(client):
    assert client.get(reverse("customer:qr_report", kwargs={"token": "nonsense"})).status_code == 404


def test_the_label_sheet_is_an_a4_pdf_with_one_qr_per_asset(client, agent, asset):
    from aftersales.portal import labels

    client.force_login(agent)
    page = client.get(reverse("customer:labels", kwargs={"customer_id": asset.customer_id}))
    assert page.status_code == 200
    html = labels.label_sheet_html([asset], "small")
    assert html.count("<svg") == 1
    assert asset.serial in html
    pdf = client.get(
        reverse("customer:labels_pdf", kwargs={"customer_id": asset.customer_id}),
        {"size": "large", "asset_ids": asset.pk},
    )
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF-")


def test_a_customer_cannot_print_labels(client, customer_user, asset):
    client.force_login(customer_user)
    response = client.get(reverse("customer:labels", kwargs={"customer_id": asset.customer_id}))
    assert response.status_code in (302, 404)
