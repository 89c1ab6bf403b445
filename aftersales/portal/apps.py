from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "aftersales.portal"
    verbose_name = "客户门户"

    def ready(self) -> None:
        from aftersales.portal import notices
        from aftersales.tickets import events

        events.action_applied.connect(notices.on_action_applied, dispatch_uid="portal.contact_notices")
