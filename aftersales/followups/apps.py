from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    name = "aftersales.followups"
    verbose_name = _("回访与调查")

    def ready(self) -> None:
        from aftersales.followups import services
        from aftersales.tickets import events

        events.resolved.connect(services.on_ticket_resolved, dispatch_uid="followups.callback_schedule")
