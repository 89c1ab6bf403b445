from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "aftersales.complaints"
    verbose_name = "投诉与监督"
