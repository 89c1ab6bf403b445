"""Who may open which page: staff pages, the partner-visible workspace, and the customer portal."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect


def is_staff_user(user) -> bool:
    return bool(getattr(user, "is_staff_member", False) or getattr(user, "is_superuser", False))


def _role_required(view: Callable, allowed: Callable) -> Callable:
    """Signed-in users that `allowed` accepts. A customer user is sent to the portal (its one place), never
    shown staff pages; anyone else not allowed gets 404."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not allowed(request.user):
            if getattr(request.user, "is_customer_user", False) and request.method == "GET" and not request.htmx:
                return redirect("portal:home")
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def staff_required(view: Callable) -> Callable:
    """Our own staff only: intake and the customer archive."""
    return _role_required(view, is_staff_user)


def workspace_required(view: Callable) -> Callable:
    """Staff, and partner engineers (whose queue the selectors narrow to the requests dispatched to them)."""
    return _role_required(view, lambda user: is_staff_user(user) or getattr(user, "is_partner_user", False))


def customer_required(view: Callable) -> Callable:
    """Signed-in customer users only (the portal); staff are sent to their workspace."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not getattr(request.user, "is_customer_user", False):
            return redirect("tickets:queue")
        return view(request, *args, **kwargs)

    return wrapped
