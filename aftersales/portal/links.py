"""The link printed in an asset's QR label: a signed token of (asset id, customer id), with a printing date.

Policy (docs/decisions/020-attachments-portal-labels.md):
- signed with Django's `TimestampSigner` (SECRET_KEY, salted for this purpose): a changed character is refused;
- valid for `LABEL_MAX_AGE_DAYS` (5 years, the service life of the equipment we label) from the day the sheet
  was printed; an older label shows "please ask for a new label" and files nothing;
- it names the customer too: an asset that has moved to another customer no longer accepts reports from the
  old labels (the token's customer must still own the asset);
- it carries no personal data and no request: whoever scans it may only report a fault on that one asset.
"""

from __future__ import annotations

import datetime as dt

from django.core import signing

SALT = "aftersales.portal.asset-label"
LABEL_MAX_AGE_DAYS = 5 * 365 + 1


def label_token(asset_id: int, customer_id: int) -> str:
    return signing.TimestampSigner(salt=SALT).sign_object({"a": asset_id, "c": customer_id}, compress=True)


def label_token_read(token: str, *, max_age: dt.timedelta | None = None) -> tuple[int, int] | None:
    """(asset id, customer id) of a genuine, unexpired token; None for a tampered, malformed or expired one."""
    age = max_age if max_age is not None else dt.timedelta(days=LABEL_MAX_AGE_DAYS)
    try:
        payload = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=age)
    except (signing.BadSignature, ValueError):  # SignatureExpired is a BadSignature
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("a"), int) or not isinstance(payload.get("c"), int):
        return None
    return payload["a"], payload["c"]
