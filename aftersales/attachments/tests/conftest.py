"""Fixtures of the attachment tests: media in a temporary directory, a request of a customer, photo bytes."""

from __future__ import annotations

import io

import pytest
from PIL import Image


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def ticket(customer, asset, agent):
    from aftersales.tickets import services

    return services.ticket_create(
        actor=agent, customer_id=customer.pk, asset_id=asset.pk, channel="phone", severity=3, title="硬盘告警"
    ).ticket


@pytest.fixture
def customer_user(make_user, customer):
    return make_user("kehu", "customer", customer=customer)


def photo(width: int = 4000, height: int = 3000, fmt: str = "JPEG", mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    image = Image.new(mode, (width, height), (200, 30, 30) if mode == "RGB" else (200, 30, 30, 128))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to show upright
    image.save(out, format=fmt, exif=exif.tobytes() if fmt == "JPEG" else b"")
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
