from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssetsConfig(AppConfig):
    name = "aftersales.assets"
    verbose_name = _("设备档案")
