from django.apps import AppConfig


class DispatchConfig(AppConfig):
    name = "aftersales.dispatch"
    verbose_name = "派工与现场服务"
