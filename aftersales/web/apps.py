from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "aftersales.web"
    verbose_name = "界面"
