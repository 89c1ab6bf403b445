from django.apps import AppConfig


class SubsidyConfig(AppConfig):
    name = "aftersales.subsidy"
    verbose_name = "家电下乡补贴"
