from django.apps import AppConfig


class BulletinsConfig(AppConfig):
    name = "aftersales.bulletins"
    verbose_name = "及时通知与知识库"
