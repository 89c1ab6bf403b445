from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "aftersales.tickets"
    verbose_name = "服务请求"
