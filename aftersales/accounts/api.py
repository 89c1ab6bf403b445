"""API: tokens, the current user, and user administration."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from ninja import Router, Schema, Status
from pydantic import Field

from aftersales.accounts import selectors, services
from aftersales.accounts.choices import Role
from aftersales.accounts.models import User
from aftersales.core.errors import DomainError, forbidden, invalid, unknown_reference
from aftersales.core.schemas import ERRORS, Email, ErrorOut, IdOut, StrictIn
from aftersales.customers.models import Customer
from aftersales.network.models import Partner
from aftersales.network.users import network_user_fields
from aftersales.subsidy.users import subsidy_user_fields

router = Router(tags=["auth"])


class TokenIn(StrictIn):
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=256)


class TokenOut(Schema):
    token: str
    expires_at: dt.datetime


class TokenRowOut(Schema):
    id: int
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    expires_at: dt.datetime
    current: bool = Field(description="the token this request came with")


class MeOut(Schema):
    id: int
    username: str
    role: str
    customer_id: int | None


class UserIn(StrictIn):
    username: str = Field(min_length=1, max_length=150, pattern=r"^[\w.@+-]+$")
    password: str = Field(min_length=1, max_length=256)
    role: Literal[
        "agent",
        "engineer",
        "expert",
        "supervisor",
        "customer",
        "admin",
        "partner",
        "warehouse",
        "callback",
        "enterprise",
        "outlet_clerk",
        "commerce",
        "township_finance",
        "county_finance",
        "supplier",
        "dealer",
    ]
    customer_id: int | None = None
    partner_id: int | None = None
    # the subsidy programme's roles (aftersales.subsidy.users): enterprise, outlet, county, township
    enterprise_id: int | None = None
    outlet_id: int | None = None
    county: str = Field("", max_length=32)
    township: str = Field("", max_length=32)
    # the dealer network's roles (aftersales.network.users): a supplier user's supplier, a dealer user's dealer
    supplier_id: int | None = None
    dealer_id: int | None = None
    email: Email = ""
    first_name: str = Field("", max_length=150)


@router.post("/auth/token", auth=None, response={200: TokenOut, 429: ErrorOut, **ERRORS}, operation_id="create_token")
def create_token(request, payload: TokenIn):
    """Exchange a username and password for a bearer token, valid `expires_at` (AFTERSALES_TOKEN_DAYS, 30 days).

    Failed attempts count with the login page's: after 5 for a username, or too many from one address, a 429
    until the lock lifts, even with the right password.
    """
    token, row = services.token_issue(request=request, username=payload.username, password=payload.password)
    return Status(200, {"token": token, "expires_at": row.expires_at})


@router.post("/auth/logout", response={204: None, **ERRORS}, operation_id="logout")
def logout(request):
    """Revoke the bearer token this request came with (signing out of the API). Other tokens stay valid."""
    row = getattr(request, "auth_token", None)
    if row is None:  # a browser session (reads only) has no token to revoke
        raise DomainError("token_required", "需要使用令牌调用", "Call this with a bearer token", {}, 400)
    services.token_revoke(user=request.user, token_id=row.pk)
    return Status(204, None)


@router.get("/auth/tokens", response={200: list[TokenRowOut], **ERRORS}, operation_id="list_tokens")
def list_tokens(request):
    """The signed-in user's live tokens, newest first (never the secret itself; revoked and expired ones left out)."""
    current = getattr(getattr(request, "auth_token", None), "pk", None)
    return [
        {
            "id": row.pk,
            "created_at": row.created_at,
            "last_used_at": row.last_used_at,
            "expires_at": row.expires_at,
            "current": row.pk == current,
        }
        for row in selectors.tokens_of(request.user)
    ]


@router.delete("/auth/tokens/{token_id}", response={204: None, **ERRORS}, operation_id="revoke_token")
def revoke_token(request, token_id: int):
    """Revoke one of your own tokens (404 for anyone else's). It stops working at once in every worker."""
    services.token_revoke(user=request.user, token_id=token_id)
    return Status(204, None)


@router.get("/me", response={200: MeOut, **ERRORS}, operation_id="get_me")
def get_me(request):
    """The signed-in user (also the trivial authenticated endpoint of the benchmarks)."""
    user = request.user
    return {"id": user.pk, "username": user.username, "role": user.role, "customer_id": user.customer_id}


@router.post("/users", response={201: IdOut, **ERRORS}, tags=["users"], operation_id="create_user")
def create_user(request, payload: UserIn):
    """Create a user with one role (admin only). A customer user needs `customer_id`."""
    if not request.user.has_role(Role.ADMIN):
        raise forbidden()
    if payload.role == Role.CUSTOMER:
        if payload.customer_id is None:
            raise invalid("customer_required", "客户用户必须指定所属客户", "A customer user needs customer_id")
        if not Customer.objects.filter(pk=payload.customer_id).exists():
            raise unknown_reference("客户", "Customer")
    elif payload.customer_id is not None:
        raise invalid("customer_not_allowed", "只有客户用户可以绑定客户", "Only customer users are bound to a customer")
    if payload.role == Role.PARTNER:
        if payload.partner_id is None:
            raise invalid("partner_required", "合作伙伴用户必须指定所属合作伙伴", "A partner user needs partner_id")
        if not Partner.objects.filter(pk=payload.partner_id).exists():
            raise unknown_reference("合作伙伴", "Partner")
    elif payload.partner_id is not None:
        raise invalid(
            "partner_not_allowed", "只有合作伙伴用户可以绑定合作伙伴", "Only partner users are bound to a partner"
        )
    subsidy = subsidy_user_fields(
        payload.role,
        enterprise_id=payload.enterprise_id,
        outlet_id=payload.outlet_id,
        county=payload.county,
        township=payload.township,
    )
    network = network_user_fields(payload.role, supplier_id=payload.supplier_id, dealer_id=payload.dealer_id)
    try:
        validate_password(payload.password)
    except DjangoValidationError as exc:
        raise invalid(
            "weak_password",
            "密码不符合要求：{reasons}",
            "Password rejected: {reasons}",
            reasons="; ".join(exc.messages),
        ) from None
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                username=payload.username,
                password=payload.password,
                role=payload.role,
                customer_id=payload.customer_id,
                partner_id=payload.partner_id,
                email=payload.email,
                first_name=payload.first_name,
                is_staff=payload.role == Role.ADMIN,
                is_superuser=payload.role == Role.ADMIN,
                **subsidy,
                **network,
            )
    except IntegrityError:
        raise invalid(
            "duplicate_username",
            "用户名已存在：{username}",
            "Username already taken: {username}",
            username=payload.username,
        ) from None
    return Status(201, {"id": user.pk})
