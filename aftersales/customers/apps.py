from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "aftersales.customers"
    verbose_name = "客户档案"
