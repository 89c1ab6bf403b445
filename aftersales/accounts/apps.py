from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _create_cache_table(using="default", **kwargs) -> None:
    """post_migrate: the database cache's table, so every `migrate` (and `setup`) leaves the cache usable."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class AccountsConfig(AppConfig):
    name = "aftersales.accounts"
    verbose_name = _("账户与权限")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed
        from django.db.models.signals import post_migrate

        from aftersales.accounts.lockout import count_address_failure

        user_login_failed.connect(count_address_failure, dispatch_uid="aftersales-login-address-failures")
        post_migrate.connect(_create_cache_table, sender=self, dispatch_uid="aftersales-cache-table")
