from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "aftersales.demo"
    verbose_name = "演示数据"
