from django.apps import AppConfig


class AssetsConfig(AppConfig):
    name = "aftersales.assets"
    verbose_name = "设备档案"
