from django.apps import AppConfig


class SalesConfig(AppConfig):
    name = "aftersales.sales"
    verbose_name = "销售与安装"
