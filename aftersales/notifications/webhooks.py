"""Signing, verifying and sending webhook requests (outbound webhooks, SPEC §4 Notifications).

Every request is a POST of a JSON body with these headers:

- `X-Aftersales-Event`: the event kind, e.g. `bulletin`;
- `X-Aftersales-Delivery`: the delivery id (a UUID, the same on every retry of that delivery);
- `X-Aftersales-Timestamp`: Unix seconds when this attempt was signed;
- `X-Aftersales-Signature`: `sha256=<hex>`, the HMAC-SHA256 with the webhook's secret over
  `"<timestamp>." + raw body`.

The timestamp is part of the signed string, so a receiver that refuses timestamps older than a few minutes
(`verify_signature` does, 5 minutes by default) cannot be fed a captured request again later. Retries are
signed afresh with their own timestamp; the body and the delivery id stay the same, so a receiver can drop
duplicates by delivery id.

Requests go only to the configured URL: redirects are not followed and proxies from the environment are
not used.
"""

from __future__ import annotations

import hashlib
import hmac
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass

SIGNATURE_HEADER = "X-Aftersales-Signature"
EVENT_HEADER = "X-Aftersales-Event"
DELIVERY_HEADER = "X-Aftersales-Delivery"
TIMESTAMP_HEADER = "X-Aftersales-Timestamp"
TOLERANCE_SECONDS = 300
TIMEOUT_SECONDS = 5.0
USER_AGENT = "Aftersales-Webhook/1.0"


def signed_string(timestamp: int, body: bytes) -> bytes:
    """What the signature covers: the timestamp, a dot, and the raw body."""
    return str(int(timestamp)).encode() + b"." + body


def signature(secret: str, body: bytes, timestamp: int) -> str:
    """The `X-Aftersales-Signature` value for `body` sent at `timestamp`."""
    digest = hmac.new(secret.encode(), signed_string(timestamp, body), hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def signed_headers(*, secret: str, body: bytes, kind: str, delivery_id: str, timestamp: int) -> dict[str, str]:
    """All headers of one attempt."""
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        EVENT_HEADER: kind,
        DELIVERY_HEADER: delivery_id,
        TIMESTAMP_HEADER: str(int(timestamp)),
        SIGNATURE_HEADER: signature(secret, body, timestamp),
    }


def verify_signature(
    secret: str,
    body: bytes,
    headers: Mapping[str, str],
    *,
    now: float | None = None,
    tolerance_seconds: int = TOLERANCE_SECONDS,
) -> bool:
    """True when `headers` carry a valid signature of `body` made with `secret` within the tolerance.

    For receivers (and our tests): header names are matched case-insensitively; a missing or malformed
    header, a timestamp more than `tolerance_seconds` away from `now`, a changed body or another secret
    all give False. The comparison runs in constant time.
    """
    lowered = {key.lower(): value for key, value in headers.items()}
    raw_timestamp = lowered.get(TIMESTAMP_HEADER.lower(), "")
    given = lowered.get(SIGNATURE_HEADER.lower(), "")
    if not raw_timestamp.isdigit() or not given.startswith("sha256="):
        return False
    timestamp = int(raw_timestamp)
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance_seconds:
        return False
    return hmac.compare_digest(signature(secret, body, timestamp), given)


@dataclass(frozen=True)
class PostResult:
    """What became of one attempt: the HTTP status (None when no answer came) and an error text."""

    status_code: int | None
    error: str = ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Refuse redirects: an event goes to the configured URL and nowhere else."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


def post(url: str, body: bytes, headers: Mapping[str, str], *, timeout: float = TIMEOUT_SECONDS) -> PostResult:
    """POST `body` to `url` once, with a short timeout; never raises for network or HTTP errors."""
    if not url.startswith(("http://", "https://")):
        return PostResult(None, "unsupported URL scheme")
    request = urllib.request.Request(url, data=body, headers=dict(headers), method="POST")  # noqa: S310
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            response.read(1024)
            return PostResult(response.status)
    except urllib.error.HTTPError as exc:
        exc.close()
        return PostResult(exc.code, f"HTTP {exc.code}")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return PostResult(None, str(reason)[:500] or exc.__class__.__name__)
