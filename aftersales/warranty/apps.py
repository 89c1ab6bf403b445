from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WarrantyConfig(AppConfig):
    name = "aftersales.warranty"
    verbose_name = _("保修与厂商")

    def ready(self) -> None:
        from aftersales.tickets import events
        from aftersales.warranty import services

        events.resolved.connect(services.on_ticket_resolved, dispatch_uid="warranty.repair_record")
