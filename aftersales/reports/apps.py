from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "aftersales.reports"
    verbose_name = "报表与分析"
