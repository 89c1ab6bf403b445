from django.apps import AppConfig


class SlaConfig(AppConfig):
    name = "aftersales.sla"
    verbose_name = "服务级别与日历"

    def ready(self) -> None:
        from aftersales.sla import signals  # noqa: F401  (cache invalidation only)
