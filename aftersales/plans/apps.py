from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "aftersales.plans"
    verbose_name = "服务计划与待办"
