"""Chinese first: the page language is zh-hans unless the user chose another one (set_language cookie).

Django's LocaleMiddleware would follow the browser's Accept-Language, so a service desk PC with an
English browser would get English pages. Here only an explicit choice switches the language, so a response
varies with the cookie (never with Accept-Language), and no URL carries a language prefix (no i18n_patterns):
the response side is two header writes instead of LocaleMiddleware's path parsing (2 % of an API request).
"""

from __future__ import annotations

from django.conf import settings
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
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        vary = response.headers.get("Vary")
        if vary is None:
            response.headers["Vary"] = "Cookie"
        elif "cookie" not in vary.lower():
            patch_vary_headers(response, ("Cookie",))
        if "Content-Language" not in response.headers:
            response.headers["Content-Language"] = translation.get_language()
        return response
