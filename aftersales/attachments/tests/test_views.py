from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from aftersales.attachments import services
from aftersales.attachments.models import Attachment
from aftersales.attachments.tests.conftest import PDF, photo

pytestmark = pytest.mark.django_db


def test_upload_from_the_request_page_then_download_through_the_guarded_view(client, ticket, agent):
    client.force_login(agent)
    page = reverse("tickets:detail", kwargs={"ticket_id": ticket.pk})
    response = client.post(
        reverse("attachments:add_ticket", kwargs={"ticket_id": ticket.pk}),
        {"file": SimpleUploadedFile("fault.jpg", photo(800, 600), "image/jpeg"), "next": page},
    )
    assert response.status_code == 302
    assert response["Location"] == page
    row = Attachment.objects.get()
    got = client.get(reverse("attachments:file", kwargs={"attachment_id": row.pk}))
    assert got.status_code == 200
    assert got["Content-Type"] == "image/jpeg"
    assert b"".join(got.streaming_content)[:3] == b"\xff\xd8\xff"


def test_a_foreign_customer_and_an_anonymous_visitor_cannot_download(client, ticket, agent, make_user):
    from aftersales.customers import services as customers

    row = services.attachment_add(actor=agent, owner_kind="ticket", owner_id=ticket.pk, data=PDF, filename="a.pdf")
    url = reverse("attachments:file", kwargs={"attachment_id": row.pk})
    assert client.get(url).status_code == 302  # to the sign-in page
    other = customers.customer_create(actor=agent, name="芜湖市中医院", address="芜湖市镜湖区九华山路")
    client.force_login(make_user("wairen", "customer", customer=other))
    assert client.get(url).status_code == 404


def test_media_is_not_served_publicly(client, ticket, agent):
    row = services.attachment_add(actor=agent, owner_kind="ticket", owner_id=ticket.pk, data=PDF, filename="a.pdf")
    assert client.get(f"/media/{row.file.name}").status_code == 404
