"""Security settings read from the environment: HTTPS, cookies, HSTS, proxy, CSP, login lockout, rate limits, tokens.

Every mode imports this (through base). The defaults suit the embedded mode on http://127.0.0.1; a deployment
behind HTTPS turns the rest on with the variables below (README, table "Environment variables").
`manage.py check --deploy` is clean with AFTERSALES_SECURE_COOKIES=1, AFTERSALES_SSL_REDIRECT=1,
AFTERSALES_HSTS_SECONDS>0 (+ AFTERSALES_HSTS_INCLUDE_SUBDOMAINS=1, AFTERSALES_HSTS_PRELOAD=1) and a real
AFTERSALES_ALLOWED_HOSTS (aftersales/config/tests/test_deploy_check.py).
"""

from __future__ import annotations

import datetime as dt
import os

from csp.constants import NONE, SELF, UNSAFE_INLINE


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


# ----------------------------------------------------------------------------------------------- HTTPS
# Secure cookies: the session and CSRF cookies are sent over HTTPS only.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _flag("AFTERSALES_SECURE_COOKIES")
# Redirect every http:// request to https:// (behind a proxy, also set AFTERSALES_PROXY_SSL_HEADER).
SECURE_SSL_REDIRECT = _flag("AFTERSALES_SSL_REDIRECT")
# Strict-Transport-Security max-age in seconds (0: no header). Start small (3600), then 31536000.
SECURE_HSTS_SECONDS = int(os.environ.get("AFTERSALES_HSTS_SECONDS", "0") or 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("AFTERSALES_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = _flag("AFTERSALES_HSTS_PRELOAD")
# The header a TLS-terminating reverse proxy sets to "https", e.g. X-Forwarded-Proto. Only set it when the
# proxy always sets (or strips) that header: otherwise a client could claim HTTPS.
_proxy_ssl_header = os.environ.get("AFTERSALES_PROXY_SSL_HEADER", "").strip()
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https") if _proxy_ssl_header else None
)
# How many reverse proxies of ours stand in front of the app. 0: the client address is REMOTE_ADDR; N: the
# N-th address from the right of X-Forwarded-For (the one our outermost proxy saw). Used by the login
# lockout and the rate limits (aftersales.accounts.addresses.client_address).
AFTERSALES_PROXY_COUNT = int(os.environ.get("AFTERSALES_PROXY_COUNT", "0") or 0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# ------------------------------------------------------------------------------- Content-Security-Policy
# django-csp 4 (csp.middleware.CSPMiddleware). Every script and style sheet is a local static file; the
# only inline CSS is in style="" attributes (style-src-attr), never in <style> elements or scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-elem": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],  # Bootstrap's CSS icons and the signature pad's preview are data: URLs
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# ------------------------------------------------------------------------------------ login lockout (axes)
# django-axes counts failed sign-ins in the database (shared by all workers) for the login page, the admin
# login and POST /api/v1/auth/token alike, per username: AXES_FAILURE_LIMIT failures lock that username for
# AXES_COOLOFF_TIME, whoever tries and from wherever. Another user on the same address is not affected.
AXES_FAILURE_LIMIT = int(os.environ.get("AFTERSALES_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("AFTERSALES_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the lock lifts COOLOFF after it began, not later
AXES_HTTP_RESPONSE_CODE = 429
AXES_USERNAME_CALLABLE = "aftersales.accounts.lockout.username_of"
AXES_CLIENT_IP_CALLABLE = "aftersales.accounts.addresses.client_address"
AXES_LOCKOUT_CALLABLE = "aftersales.accounts.lockout.lockout_response"
AXES_SENSITIVE_PARAMETERS = ["password"]
AXES_VERBOSE = False

# ----------------------------------------------------------------------------- rate limits (ratelimit)
# django-ratelimit counts in the default cache, which is shared by every worker (database or Redis).
RATELIMIT_IP_META_KEY = "aftersales.accounts.addresses.client_address"
RATELIMIT_USE_CACHE = "default"
# Failed sign-ins per client address (every username together), on top of the per-username lockout.
AFTERSALES_LOGIN_ADDRESS_RATE = os.environ.get("AFTERSALES_LOGIN_ADDRESS_RATE", "30/10m")
# The public warranty lookup (保修查询): lookups per client address.
AFTERSALES_WARRANTY_LOOKUP_RATE = os.environ.get("AFTERSALES_WARRANTY_LOOKUP_RATE", "30/10m")

# ---------------------------------------------------------------------------------------------- tokens
# A bearer token from POST /api/v1/auth/token is valid this many days (then 401; sign in again).
AFTERSALES_TOKEN_DAYS = int(os.environ.get("AFTERSALES_TOKEN_DAYS", "30"))
