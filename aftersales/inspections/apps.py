from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "aftersales.inspections"
    verbose_name = _("巡检")
