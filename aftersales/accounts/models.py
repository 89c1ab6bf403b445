"""Users with one role each, and bearer tokens for the API (failed sign-ins are django-axes' AccessAttempt)."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.choices import STAFF_ROLES, Role


class User(AbstractUser):
    """A person who signs in. A customer user (客户用户) is bound to exactly one customer and sees only its data."""

    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.AGENT, db_index=True)
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("所属客户"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    partner = models.ForeignKey(
        "network.Partner",
        verbose_name=_("所属合作伙伴"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    phone = models.CharField(_("电话"), max_length=32, blank=True)
    # The organisation or area a subsidy-programme, supplier or dealer user belongs to (see Role).
    subsidy_enterprise = models.ForeignKey(
        "subsidy.Enterprise",
        verbose_name=_("所属中标销售企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    subsidy_outlet = models.ForeignKey(
        "subsidy.Outlet",
        verbose_name=_("所属销售网点"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    county = models.CharField(_("所属区县"), max_length=32, blank=True)
    township = models.CharField(_("所属乡镇"), max_length=32, blank=True)
    supplier = models.ForeignKey(
        "network.Supplier",
        verbose_name=_("所属供应商"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    dealer = models.ForeignKey(
        "network.Dealer",
        verbose_name=_("所属经销商"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="customer") | models.Q(customer__isnull=False),
                name="customer_user_has_customer",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="partner") | models.Q(partner__isnull=False),
                name="partner_user_has_partner",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="enterprise") | models.Q(subsidy_enterprise__isnull=False),
                name="enterprise_user_has_enterprise",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="outlet_clerk") | models.Q(subsidy_outlet__isnull=False),
                name="outlet_clerk_has_outlet",
            ),
            models.CheckConstraint(
                condition=~models.Q(role__in=["commerce", "county_finance", "township_finance"]) | ~models.Q(county=""),
                name="county_user_has_county",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="township_finance") | ~models.Q(township=""),
                name="township_user_has_township",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="supplier") | models.Q(supplier__isnull=False),
                name="supplier_user_has_supplier",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="dealer") | models.Q(dealer__isnull=False),
                name="dealer_user_has_dealer",
            ),
        ]

    @property
    def is_customer_user(self) -> bool:
        return self.role == Role.CUSTOMER

    @property
    def is_partner_user(self) -> bool:
        return self.role == Role.PARTNER

    @property
    def is_staff_member(self) -> bool:
        return self.role in STAFF_ROLES

    def has_role(self, *roles: str) -> bool:
        return self.is_superuser or self.role in roles


class ApiToken(models.Model):
    """A bearer token. Only its SHA-256 is stored; the token itself is shown once, when issued.

    Valid until `expires_at` (settings.AFTERSALES_TOKEN_DAYS after issue) unless revoked earlier (sign-out, the
    user's own revoke, or an admin). A deactivated user's tokens stop working at once (checked on every request).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Refreshed at most once a minute (LAST_USED_STEP in aftersales.api.auth), so reads do not all write.
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API令牌")
        verbose_name_plural = _("API令牌")
        indexes = [models.Index(fields=["user", "-created_at"], name="apitoken_user_created")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.digest[:8]}…"

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


class AccountsGeneration(models.Model):
    """One row: a random value that the database itself rewrites whenever a user row changes, a token is issued
    or deleted, or a token's owner, digest, expiry or revocation changes (triggers of migration 0006; a token's
    `last_used_at` does not count).

    Each worker keeps the tokens it has looked up (`api.auth`) as long as this value is the one they were read
    under, and every API request reads it (one row by its key), so a revocation, a deactivation or a change of
    role or scope takes effect at the next request in every worker — whatever made it: a service, the admin, a
    bulk update or SQL by hand. Random rather than counted, so that a value written by a rolled-back change is
    never written again (as `sla.ConfigGeneration`). Without the row nothing is kept: every request looks its
    token up.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    value = models.BigIntegerField(_("账号代号"), default=0)

    class Meta:
        verbose_name = _("账号代号")
        verbose_name_plural = _("账号代号")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="one_accounts_generation")]

    def __str__(self) -> str:
        return str(self.value)
