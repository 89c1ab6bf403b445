from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "aftersales.plans"
    verbose_name = _("服务计划与待办")
