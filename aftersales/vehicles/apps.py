from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VehiclesConfig(AppConfig):
    name = "aftersales.vehicles"
    verbose_name = _("车辆与4S跟踪服务")
