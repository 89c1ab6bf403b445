from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from aftersales.attachments import selectors, services
from aftersales.attachments.models import Attachment
from aftersales.attachments.tests.conftest import PDF, photo
from aftersales.core.errors import DomainError

pytestmark = pytest.mark.django_db


def test_a_phone_photo_is_turned_upright_shrunk_and_stripped(ticket, agent):
    # given a 4000×3000 JPEG whose EXIF says "rotate 90°"
    data = photo()
    # when
    row = services.attachment_add(
        actor=agent, owner_kind="ticket", owner_id=ticket.pk, data=data, filename="IMG_1.HEIC"
    )
    # then
    assert (row.content_type, row.width, row.height, row.name) == ("image/jpeg", 1200, 1600, "IMG_1.jpg")
    stored = default_storage.open(row.file.name).read()
    assert len(stored) == row.size
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (1200, 1600)
        assert dict(image.getexif()) == {}
    assert row.ticket_id == ticket.pk
    assert row.customer_id == ticket.customer_id
    assert row.file.name.startswith("attachments/")
    assert "IMG" not in row.file.name


def test_a_png_with_transparency_stays_png(ticket, agent):
    row = services.attachment_add(
        actor=agent, owner_kind="ticket", owner_id=ticket.pk, data=photo(300, 200, "PNG", "RGBA"), filename="a.png"
    )
    assert (row.content_type, row.width, row.height) == ("image/png", 300, 200)


def test_a_pdf_is_kept_as_sent(ticket, agent):
    row = services.attachment_add(actor=agent, owner_kind="ticket", owner_id=ticket.pk, data=PDF, filename="报告.pdf")
    assert (row.content_type, row.name, row.size) == ("application/pdf", "报告.pdf", len(PDF))
    assert default_storage.open(row.file.name).read() == PDF


@pytest.mark.parametrize(
    ("data", "code"),
    [
        pytest.param(b"MZ\x90\x00" + b"\x00" * 100, "attachment_type", id="an exe named .jpg"),
        pytest.param(b"<html><script>alert(1)</script></html>", "attachment_type", id="html"),
        pytest.param(b"%PDF-1.4 truncated", "attachment_type", id="a pdf without its end"),
        pytest.param(b"", "attachment_empty", id="empty"),
        pytest.param(b"\xff\xd8\xff" + b"0" * (15 * 1024 * 1024), "attachment_too_large", id="over 15 MB"),
    ],
)
def test_a_file_that_is_not_a_photo_or_pdf_is_refused_by_its_content(ticket, agent, data, code):
    with pytest.raises(DomainError) as refused:
        services.attachment_add(actor=agent, owner_kind="ticket", owner_id=ticket.pk, data=data, filename="photo.jpg")
    assert refused.value.code == code
    assert Attachment.objects.count() == 0


def test_a_customer_attaches_to_its_own_request_only(ticket, customer_user, make_user, agent):
    from aftersales.customers import services as customers

    other = customers.customer_create(actor=agent, name="芜湖市中医院", address="芜湖市镜湖区九华山路")
    stranger = make_user("wairen", "customer", customer=other)
    services.attachment_add(actor=customer_user, owner_kind="ticket", owner_id=ticket.pk, data=PDF, filename="a.pdf")
    with pytest.raises(DomainError) as refused:
        services.attachment_add(actor=stranger, owner_kind="ticket", owner_id=ticket.pk, data=PDF, filename="b.pdf")
    assert refused.value.status == 404
    assert Attachment.objects.count() == 1


def test_visibility_customer_sees_request_files_not_visit_photos(ticket, customer_user, agent, make_user):
    from aftersales.customers import services as customers

    mine = services.attachment_add(actor=agent, owner_kind="ticket", owner_id=ticket.pk, data=PDF, filename="a.pdf")
    # a visit photo, written directly (the visit's own flow is tested in dispatch)
    Attachment.objects.create(
        owner_kind="visit",
        owner_id=1,
        ticket=ticket,
        customer_id=ticket.customer_id,
        file=mine.file.name,
        name="v.jpg",
        content_type="image/jpeg",
        size=1,
        uploaded_at=mine.uploaded_at,
    )
    other = customers.customer_create(actor=agent, name="芜湖市中医院", address="芜湖市镜湖区九华山路")
    stranger = make_user("wairen", "customer", customer=other)
    assert [a.name for a in selectors.attachment_visible(customer_user)] == ["a.pdf"]
    assert list(selectors.attachment_visible(stranger)) == []
    assert sorted(a.name for a in selectors.attachment_visible(agent)) == ["a.pdf", "v.jpg"]
