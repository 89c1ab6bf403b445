"""Signed acknowledgement links (确认链接) in bulletin e-mails: a contact without an account confirms receipt
by opening the link and pressing one button. The token names the delivery and is signed with SECRET_KEY,
so it cannot be forged or pointed at another customer's delivery; it expires after `MAX_AGE_DAYS`."""

from __future__ import annotations

from django.core import signing
from django.urls import reverse

SALT = "aftersales.bulletins.ack"
MAX_AGE_DAYS = 90


def ack_token(delivery_id: int) -> str:
    return signing.dumps({"d": delivery_id}, salt=SALT, compress=True)


def ack_delivery_id(token: str) -> int | None:
    """The delivery id a token names, or None when it is forged, damaged or expired."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_DAYS * 86400)
    except signing.BadSignature:
        return None
    value = data.get("d") if isinstance(data, dict) else None
    return value if isinstance(value, int) else None


def ack_path(delivery_id: int) -> str:
    return reverse("bulletins:ack_link", args=[ack_token(delivery_id)])


def portal_path(delivery_id: int) -> str:
    return reverse("bulletins:portal_detail", args=[delivery_id])
