from django.apps import AppConfig


class WarrantyConfig(AppConfig):
    name = "aftersales.warranty"
    verbose_name = "保修与厂商"
