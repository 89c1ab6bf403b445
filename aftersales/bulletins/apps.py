from django.apps import AppConfig


class BulletinsConfig(AppConfig):
    name = "aftersales.bulletins"
    verbose_name = "及时通知与知识库"

    def ready(self) -> None:
        from aftersales.bulletins import services
        from aftersales.tickets import events

        events.resolved.connect(services.on_ticket_resolved, dispatch_uid="bulletins.ticket_search_index")
