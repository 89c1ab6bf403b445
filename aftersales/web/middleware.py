"""Chinese first: the page language is zh-hans unless the user chose another one (set_language cookie).

Django's LocaleMiddleware would follow the browser's Accept-Language, so a service desk PC with an
English browser would get English pages. Here only an explicit choice switches the language, so a response
varies with the cookie (never with Accept-Language), and no URL carries a language prefix (no i18n_patterns):
the response side is two header writes instead of LocaleMiddleware's path parsing (2 % of an API request).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import middleware as auth_middleware
from django.contrib.messages import middleware as messages_middleware
from django.contrib.sessions import middleware as sessions_middleware
from django.middleware import common as common_middleware
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = settings.LANGUAGE_CODE
        if chosen:
            try:
                language = translation.get_supported_language_variant(chosen)
            except LookupError:
                language = settings.LANGUAGE_CODE
        if translation.get_language() != language:  # a worker's thread keeps the last request's language
            translation.activate(language)
        request.LANGUAGE_CODE = language

    def process_response(self, request, response):
        vary = response.headers.get("Vary")
        if vary is None:
            response.headers["Vary"] = "Cookie"
        elif "cookie" not in vary.lower():
            patch_vary_headers(response, ("Cookie",))
        if "Content-Language" not in response.headers:
            response.headers["Content-Language"] = getattr(request, "LANGUAGE_CODE", None) or translation.get_language()
        return response


# --------------------------------------------------------------------------- what a bearer API request skips

API_PREFIX = "/api/"
SIGN_IN_PREFIX = "/api/v1/auth/"  # the token's issue and sign-out: every middleware, as a page's sign-in


def bearer_api(request) -> bool:
    """An API call that names its bearer token (worked out once per request).

    Such a request is authenticated by the API itself (`api.auth`) and checked against the access table by the
    API's guard; it uses no session, no signed-in session user and no flash messages, so those middleware pass
    it straight on. A page, an API read with the browser's session and the sign-in endpoints go through all of
    them."""
    try:
        return request._bearer_api
    except AttributeError:
        path = request.path_info
        found = request._bearer_api = (
            path.startswith(API_PREFIX) and "HTTP_AUTHORIZATION" in request.META and not path.startswith(SIGN_IN_PREFIX)
        )
        return found


def _pages_only(base: type) -> type:
    """`base`, passing a bearer API request on untouched (see `bearer_api`); everything else as `base` does it.

    A subclass, so Django's checks that ask for `base` (the admin's) still find it."""

    def __call__(self, request):  # noqa: N807 (the middleware protocol)
        if bearer_api(request):
            return self.get_response(request)
        return base.__call__(self, request)

    namespace = {"__call__": __call__, "__module__": __name__, "__doc__": f"{base.__name__}, pages only."}
    if hasattr(base, "process_view"):

        def process_view(self, request, view_func, view_args, view_kwargs):
            if bearer_api(request):
                return None
            return base.process_view(self, request, view_func, view_args, view_kwargs)

        namespace["process_view"] = process_view
    return type(base.__name__, (base,), namespace)


SessionMiddleware = _pages_only(sessions_middleware.SessionMiddleware)
AuthenticationMiddleware = _pages_only(auth_middleware.AuthenticationMiddleware)
MessageMiddleware = _pages_only(messages_middleware.MessageMiddleware)


class CommonMiddleware(common_middleware.CommonMiddleware):
    """Django's, for every request (the Host header checked against ALLOWED_HOSTS, Content-Length set), except
    that an API path is never redirected to the same path with a slash: API paths are exact and documented, and
    finding out whether the slashed path exists resolved the URL once more on every API call."""

    def should_redirect_with_slash(self, request):
        if request.path_info.startswith(API_PREFIX):
            return False
        return super().should_redirect_with_slash(request)
