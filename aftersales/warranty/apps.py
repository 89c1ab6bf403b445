from django.apps import AppConfig


class WarrantyConfig(AppConfig):
    name = "aftersales.warranty"
    verbose_name = "保修与厂商"

    def ready(self) -> None:
        from aftersales.tickets import events
        from aftersales.warranty import services

        events.resolved.connect(services.on_ticket_resolved, dispatch_uid="warranty.repair_record")
