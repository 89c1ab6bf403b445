from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "aftersales.web"
    verbose_name = _("界面")

    def ready(self) -> None:
        from aftersales.web import checks  # noqa: F401  (registers the access table's completeness check)
        from aftersales.web.admin_polish import admin_polish

        admin_polish()  # the configuration site: no internal version, autocomplete, readable JSON
