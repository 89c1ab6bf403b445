from django.apps import AppConfig


class PartsConfig(AppConfig):
    name = "aftersales.parts"
    verbose_name = "备件与备机"
