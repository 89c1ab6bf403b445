"""Shared pages: sign-in with the login throttle, sign-out, the landing redirect and the inbox."""

from __future__ import annotations

from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from aftersales.accounts import lockout
from aftersales.notifications import services as notifications
from aftersales.notifications.models import Notification
from aftersales.web.forms import LoginForm

INBOX_SIZE = 50


MY_DAY_ROLES = frozenset({"callback", "engineer"})  # whose work is mostly dated work items (回访, 巡检)
DASHBOARD_ROLES = frozenset({"supervisor", "admin"})  # who start on the management dashboard (reports)
SALES_ROLES = frozenset({"salesperson", "sales_manager"})  # who start on the sales board
SUBSIDY_ROLES = frozenset({"enterprise", "outlet_clerk", "commerce", "township_finance", "county_finance"})
NETWORK_ROLES = frozenset({"supplier", "dealer"})  # who start on the dealer network's map (issue 13, 篇10)


def _landing(user) -> str:
    """Where a user starts: customers in the portal, supervisors and administrators on the management dashboard,
    callback specialists and engineers on their day, other staff in the workspace."""
    if getattr(user, "is_customer_user", False):
        return "portal:home"
    if getattr(user, "role", "") in DASHBOARD_ROLES or getattr(user, "is_superuser", False):
        return "reports:dashboard"  # the management dashboard (issue 12)
    if getattr(user, "role", "") in SALES_ROLES:
        return "sales:board"  # the pipeline by stage (issue 13)
    if getattr(user, "role", "") in SUBSIDY_ROLES:
        return "subsidy:home"  # each 家电下乡 role's own place (issue 11)
    if getattr(user, "role", "") in NETWORK_ROLES:
        return "network:home"  # the map of 安徽 with the 150 km check (issue 13)
    return "plans:my_day" if getattr(user, "role", "") in MY_DAY_ROLES else "tickets:queue"


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect(_landing(request.user))


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    """Sign in. Too many failures for a username, or from an address, refuse sign-ins for a while (429)."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    safe_next = (
        next_url
        if url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        else ""
    )
    if request.user.is_authenticated and request.method == "GET":
        return redirect(safe_next or _landing(request.user))
    form = LoginForm(request.POST or None)
    error = ""
    status = 200
    if request.method == "POST" and form.is_valid():
        # The sign-in limits run inside authenticate() (aftersales.accounts.lockout: django-axes per username,
        # a failure rate per address), the same for this page, the admin login and the API's token endpoint.
        user = authenticate(
            request, username=form.cleaned_data["username"].strip(), password=form.cleaned_data["password"]
        )
        if user is not None:
            login(request, user)
            return redirect(safe_next or _landing(user))
        if lockout.is_locked_out(request):
            exc = lockout.locked_out_error(request, {"username": form.cleaned_data["username"]})
            error, status = exc.message(request.LANGUAGE_CODE), exc.status
        else:
            error, status = _("用户名或密码错误"), 401
    return render(request, "web/login.html", {"form": form, "error": error, "next": safe_next}, status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("web:login")


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """The user's latest in-app notifications (站内消息)."""
    items = list(Notification.objects.filter(user=request.user).order_by("-id")[:INBOX_SIZE])
    return render(request, "web/notification_list.html", {"notifications": items})


@require_POST
@login_required
def notification_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification (`id`) or all of them read, then go back to the inbox or to its link."""
    raw = request.POST.get("id") or ""
    notification_id = int(raw) if raw.isdigit() else None
    notifications.notification_mark_read(user=request.user, notification_id=notification_id)
    link = request.POST.get("link") or ""
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("web:notifications")
