from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulletinsConfig(AppConfig):
    name = "aftersales.bulletins"
    verbose_name = _("及时通知与知识库")

    def ready(self) -> None:
        from aftersales.bulletins import services
        from aftersales.tickets import events

        events.resolved.connect(services.on_ticket_resolved, dispatch_uid="bulletins.ticket_search_index")
