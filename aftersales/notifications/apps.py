from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "aftersales.notifications"
    verbose_name = "通知"
