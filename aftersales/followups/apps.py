from django.apps import AppConfig


class FollowupsConfig(AppConfig):
    name = "aftersales.followups"
    verbose_name = "回访与调查"
