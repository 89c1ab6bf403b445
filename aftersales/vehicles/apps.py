from django.apps import AppConfig


class VehiclesConfig(AppConfig):
    name = "aftersales.vehicles"
    verbose_name = "车辆与4S跟踪服务"
