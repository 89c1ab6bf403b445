from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "aftersales.network"
    verbose_name = "服务网络"
