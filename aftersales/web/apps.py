from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "aftersales.web"
    verbose_name = "界面"

    def ready(self) -> None:
        from aftersales.web import checks  # noqa: F401  (registers the access table's completeness check)
        from aftersales.web.admin_polish import admin_polish

        admin_polish()  # the configuration site: no internal version, autocomplete, readable JSON
