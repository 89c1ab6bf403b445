"""The policy header built once (aftersales.core.csp) is the header django-csp would build."""

import pytest
from csp.constants import NONCE
from csp.decorators import csp_update
from csp.utils import build_policy
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from aftersales.core.csp import StaticCSPMiddleware


def _through(view, path="/x/"):
    request = RequestFactory().get(path)
    middleware = StaticCSPMiddleware(view)
    return middleware(request), request


def test_the_built_once_header_is_django_csps():
    response, _ = _through(lambda r: HttpResponse("ok"))
    assert response["Content-Security-Policy"] == build_policy()
    again, _ = _through(lambda r: HttpResponse("ok"))
    assert again["Content-Security-Policy"] == response["Content-Security-Policy"]


def test_a_view_that_shapes_its_policy_gets_django_csps_own_path():
    @csp_update({"img-src": ["https://maps.example.com"]})
    def view(request):
        return HttpResponse("ok")

    response, _ = _through(view)
    assert "https://maps.example.com" in response["Content-Security-Policy"]


@override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": ["'self'"], "script-src": ["'self'", NONCE]}})
def test_a_nonce_drawn_by_the_page_goes_through_django_csp():
    def view(request):
        return HttpResponse(str(request.csp_nonce))

    response, _ = _through(view)
    nonce = response.content.decode()
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]  # django-csp's own path


def test_changed_settings_change_the_header():
    with override_settings(
        CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": ["'self'"]}, "EXCLUDE_URL_PREFIXES": ["/skip/"]}
    ):
        response, _ = _through(lambda r: HttpResponse("ok"))
        assert response["Content-Security-Policy"] == "default-src 'self'"
        skipped, _ = _through(lambda r: HttpResponse("ok"), path="/skip/me/")
        assert "Content-Security-Policy" not in skipped
    response, _ = _through(lambda r: HttpResponse("ok"))
    assert response["Content-Security-Policy"] == build_policy()


def test_a_nonce_asked_for_after_the_header_is_an_error():
    from csp.exceptions import CSPNonceError

    _, request = _through(lambda r: HttpResponse("ok"))
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)
