from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "aftersales.network"
    verbose_name = _("服务网络")
