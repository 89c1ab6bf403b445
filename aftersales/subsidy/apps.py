from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubsidyConfig(AppConfig):
    name = "aftersales.subsidy"
    verbose_name = _("家电下乡补贴")
