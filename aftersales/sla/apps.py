from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    name = "aftersales.sla"
    verbose_name = _("服务级别与日历")

    def ready(self) -> None:
        from aftersales.sla import signals  # noqa: F401  (cache invalidation only)
