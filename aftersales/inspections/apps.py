from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "aftersales.inspections"
    verbose_name = "巡检"
