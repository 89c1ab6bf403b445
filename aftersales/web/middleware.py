"""Chinese first: the page language is zh-hans unless the user chose another one (set_language cookie).

Django's LocaleMiddleware would follow the browser's Accept-Language, so a service desk PC with an
English browser would get English pages. Here only an explicit choice switches the language.
"""

from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
