"""django-csp's middleware, with the policy header built once instead of on every response.

django-csp 4 assembles the Content-Security-Policy header from the settings on every response (about 0.1 ms, a
tenth of a request's intake on the API). Our policy is static: no nonces, no per-view decorators. This
subclass builds the header once per settings value and reuses it whenever a response carries no per-view
policy (``_csp_config``/``_csp_update``/``_csp_replace`` from csp.decorators) and no nonce was drawn; in every
other case it is django-csp's own code. A change of the settings (``override_settings`` in tests) drops the
built header (`setting_changed`).
"""

from __future__ import annotations

import functools
import http.client as http_client

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

_PER_VIEW = frozenset(  # what csp.decorators set on a response (instance attributes)
    {
        "_csp_config",
        "_csp_update",
        "_csp_replace",
        "_csp_config_ro",
        "_csp_update_ro",
        "_csp_replace_ro",
        "_csp_exempt",
        "_csp_exempt_ro",
    }
)
_DEBUG_EXEMPT = (http_client.INTERNAL_SERVER_ERROR, http_client.NOT_FOUND)


@functools.cache
def _static() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(header, value, excluded path prefixes) for the policy and the report-only policy, where set."""
    out = []
    for header, setting, report_only in (
        (HEADER, "CONTENT_SECURITY_POLICY", False),
        (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", True),
    ):
        value = build_policy(report_only=report_only)
        if value:
            prefixes = tuple((getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ())
            out.append((header, value, prefixes))
    return tuple(out)


@receiver(setting_changed)
def _settings_changed(*, setting: str, **kwargs) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY") or setting == "DEBUG":
        _static.cache_clear()


class StaticCSPMiddleware(CSPMiddleware):
    """CSPMiddleware whose header, when nothing per-request shapes it, is built once (see the module)."""

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or not _PER_VIEW.isdisjoint(vars(response)):
            return super().process_response(request, response)
        if response.status_code in _DEBUG_EXEMPT and settings.DEBUG:
            return response
        path = request.path_info
        for header, value, prefixes in _static():
            if header not in response and not (prefixes and path.startswith(prefixes)):
                response[header] = value
        # As django-csp does: a nonce asked for after the header was written is an error, not a silent gap.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
