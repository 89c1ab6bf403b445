"""The survey link a customer opens without an account: a signed token of (invitation id, nonce).

Signed with Django's signing (SECRET_KEY, salted for this purpose), so a changed character is refused. The
token is derived, never stored: the same invitation always gives the same link, and changing the nonce
invalidates it. Single use and expiry are checked against the invitation row (`selectors.invitation_open`).
"""

from __future__ import annotations

from django.core import signing

SALT = "aftersales.followups.survey-link"


def _signer() -> signing.Signer:
    # A plain (not timestamped) signer: the same invitation always gives the same token, and expiry is the
    # invitation's `expires_at`, checked against the injectable clock.
    return signing.Signer(salt=SALT)


def survey_token(invitation_id: int, nonce: str) -> str:
    return _signer().sign_object({"i": invitation_id, "n": nonce})


def survey_token_read(token: str) -> tuple[int, str] | None:
    """(invitation id, nonce) of a genuine token, or None for a tampered or malformed one."""
    try:
        payload = _signer().unsign_object(token)
    except (signing.BadSignature, ValueError):
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("i"), int) or not isinstance(payload.get("n"), str):
        return None
    return payload["i"], payload["n"]
