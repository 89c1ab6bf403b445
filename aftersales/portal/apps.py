from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "aftersales.portal"
    verbose_name = _("客户门户")

    def ready(self) -> None:
        from aftersales.portal import notices
        from aftersales.tickets import events

        events.action_applied.connect(notices.on_action_applied, dispatch_uid="portal.contact_notices")
