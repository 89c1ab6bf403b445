"""Pages of the dealer network (篇10), mounted at /network/: the map of 安徽 with the 150 km check, the dealers
with their authorisations and outlets, an outlet with its sales, the overdue registrations, and the public list
of authorised and withdrawn dealers and service points (no sign-in, 第十八条).

Thin views: forms validate, selectors read, services write; a DomainError is shown in the user's language. Who
may open which page is the access table's (`access_rules.PAGES`).
"""

# ruff: noqa: RUF001, RUF002, RUF003, RUF100

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aftersales.accounts import access
from aftersales.core import clock
from aftersales.core.errors import DomainError
from aftersales.network import selectors, services
from aftersales.network.forms import (
    AuthorisationForm,
    DealerForm,
    OutletEditForm,
    OutletForm,
    RegistrationForm,
    SaleForm,
    WithdrawForm,
)
from aftersales.network.models import Brand, OutletKind
from aftersales.network.policy import reach

NAV = "network"


def _error(request: HttpRequest, exc: DomainError) -> str:
    return exc.message(request.LANGUAGE_CODE)


def _brand(request: HttpRequest) -> Brand | None:
    raw = request.GET.get("brand", "").strip()
    if not raw:
        return None
    try:
        return selectors.brand_find(request.user, name=raw)
    except DomainError:
        return None


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """网点布局: the map of 安徽 with the outlets and the violations of the 150 km rule, and the violations listed
    with their nearest candidates."""
    brand = _brand(request)
    result = selectors.coverage(request.user, brand=brand)
    return render(
        request,
        "network/home.html",
        {
            "nav": NAV,
            "brands": selectors.brand_list(request.user),
            "brand": brand,
            "coverage": result,
            "max_km": reach.MAX_KM,
            "overdue": selectors.overdue_registrations(request.user),
            "map_data": selectors.map_points(request.user, brand=brand, result=result),
        },
    )


@require_GET
def map_data(request: HttpRequest) -> JsonResponse:
    """The map's points as JSON (the page embeds them too; this serves a change of brand without a reload)."""
    return JsonResponse(selectors.map_points(request.user, brand=_brand(request)))


def dealers(request: HttpRequest) -> HttpResponse:
    """经销商: the list (search by name or credit code) and, for a manager, the form to register one."""
    form = DealerForm()
    error, status = "", 200
    if request.method == "POST":
        form = DealerForm(request.POST)
        if form.is_valid():
            try:
                dealer = services.dealer_create(actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                error, status = _error(request, exc), exc.status
            else:
                messages.success(request, _("经销商已登记"))
                return redirect("network:dealer", dealer_id=dealer.pk)
        else:
            error, status = _("请检查填写的内容"), 400
    q = request.GET.get("q", "").strip()
    state = request.GET.get("registration", "").strip()
    return render(
        request,
        "network/dealers.html",
        {
            "nav": NAV,
            "dealers": selectors.dealer_list(request.user, q=q, state=state),
            "q": q,
            "state": state,
            "form": form,
            "error": error,
            "can_manage": access.may(request.user, "network.manage"),
        },
        status=status,
    )


def _dealer_context(request: HttpRequest, dealer_id: int, **extra) -> dict:
    try:
        dealer = selectors.dealer_get(request.user, dealer_id)
    except DomainError:
        raise Http404 from None
    outlets = list(selectors.outlet_list(request.user, dealer_id=dealer.pk, include_closed=True))
    return {
        "nav": NAV,
        "dealer": dealer,
        "outlets": outlets,
        "can_manage": access.allowed(request.user, "network.manage", dealer_id=dealer.pk),
        "registration_form": extra.pop("registration_form", None)
        or RegistrationForm(initial={"licence_on": dealer.licence_on, "registered_on": dealer.registered_on}),
        "authorisation_form": extra.pop("authorisation_form", None) or AuthorisationForm(),
        "outlet_form": extra.pop("outlet_form", None) or OutletForm(),
        "error": extra.pop("error", ""),
        **extra,
    }


def dealer(request: HttpRequest, dealer_id: int) -> HttpResponse:
    """A dealer: registration, brand authorisations (grant, withdraw) and its outlets (add)."""
    if request.method == "POST":
        form = RegistrationForm(request.POST)
        if form.is_valid():
            try:
                services.dealer_update(actor=request.user, dealer_id=dealer_id, **form.cleaned_data)
            except DomainError as exc:
                ctx = _dealer_context(request, dealer_id, registration_form=form, error=_error(request, exc))
                return render(request, "network/dealer.html", ctx, status=exc.status)
            messages.success(request, _("已保存"))
            return redirect("network:dealer", dealer_id=dealer_id)
        ctx = _dealer_context(request, dealer_id, registration_form=form, error=_("请检查填写的内容"))
        return render(request, "network/dealer.html", ctx, status=400)
    return render(request, "network/dealer.html", _dealer_context(request, dealer_id))


@require_POST
def authorise(request: HttpRequest, dealer_id: int) -> HttpResponse:
    form = AuthorisationForm(request.POST)
    if form.is_valid():
        try:
            services.authorisation_grant(actor=request.user, dealer_id=dealer_id, **form.cleaned_data)
        except DomainError as exc:
            ctx = _dealer_context(request, dealer_id, authorisation_form=form, error=_error(request, exc))
            return render(request, "network/dealer.html", ctx, status=exc.status)
        messages.success(request, _("已授权"))
        return redirect("network:dealer", dealer_id=dealer_id)
    ctx = _dealer_context(request, dealer_id, authorisation_form=form, error=_("请检查填写的内容"))
    return render(request, "network/dealer.html", ctx, status=400)


@require_POST
def withdraw(request: HttpRequest, authorisation_id: int) -> HttpResponse:
    form = WithdrawForm(request.POST)
    try:
        if not form.is_valid():
            messages.error(request, _("请填写取消原因"))
            authorisation = None
        else:
            authorisation = services.authorisation_withdraw(
                actor=request.user, authorisation_id=authorisation_id, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("授权已取消：该品牌在其网点停止新的销售"))
    except DomainError as exc:
        messages.error(request, _error(request, exc))
        authorisation = None
    dealer_id = authorisation.dealer_id if authorisation else request.POST.get("dealer_id", "")
    if str(dealer_id).isdigit():
        return redirect("network:dealer", dealer_id=int(dealer_id))
    return redirect("network:dealers")


@require_POST
def outlet_new(request: HttpRequest, dealer_id: int) -> HttpResponse:
    form = OutletForm(request.POST)
    if form.is_valid():
        try:
            outlet = services.outlet_create(actor=request.user, dealer_id=dealer_id, **form.cleaned_data)
        except DomainError as exc:
            ctx = _dealer_context(request, dealer_id, outlet_form=form, error=_error(request, exc))
            return render(request, "network/dealer.html", ctx, status=exc.status)
        messages.success(request, _("网点已登记"))
        return redirect("network:outlet", network_outlet_id=outlet.pk)
    ctx = _dealer_context(request, dealer_id, outlet_form=form, error=_("请检查填写的内容"))
    return render(request, "network/dealer.html", ctx, status=400)


def _outlet_context(request: HttpRequest, network_outlet_id: int, **extra) -> dict:
    try:
        outlet = selectors.outlet_get(request.user, network_outlet_id)
    except DomainError:
        raise Http404 from None
    violations = [
        v for v in selectors.coverage(request.user, brand=outlet.brand).violations if v.outlet_id == outlet.pk
    ]
    return {
        "nav": NAV,
        "outlet": outlet,
        "violations": violations,
        "sales": selectors.sale_list(request.user, outlet.pk),
        "can_manage": access.allowed(request.user, "network.manage", network_outlet_id=outlet.pk),
        "can_sell": access.allowed(request.user, "network.sell", network_outlet_id=outlet.pk),
        "edit_form": extra.pop("edit_form", None)
        or OutletEditForm(
            initial={
                "name": outlet.name,
                "address": outlet.address,
                "phone": outlet.phone,
                "lat": outlet.lat,
                "lng": outlet.lng,
            }
        ),
        "sale_form": extra.pop("sale_form", None) or SaleForm(initial={"sold_on": clock.today()}),
        "error": extra.pop("error", ""),
        "max_km": reach.MAX_KM,
        **extra,
    }


def outlet(request: HttpRequest, network_outlet_id: int) -> HttpResponse:
    """An outlet: where it is (coordinates editable), its standing in the 150 km check, its sales."""
    if request.method == "POST":
        form = OutletEditForm(request.POST)
        ctx_error = ""
        if form.is_valid():
            try:
                current = selectors.outlet_get(request.user, network_outlet_id)
            except DomainError:
                raise Http404 from None
            data = form.cleaned_data
            changes = {"name": data["name"], "address": data["address"], "phone": data["phone"]}
            lat, lng = data.get("lat"), data.get("lng")
            moved = (
                lat is not None and lng is not None and (abs(lat - current.lat) > 1e-9 or abs(lng - current.lng) > 1e-9)
            )
            if moved:
                changes |= {"lat": lat, "lng": lng}
            try:
                services.outlet_update(actor=request.user, network_outlet_id=network_outlet_id, **changes)
            except DomainError as exc:
                ctx_error = _error(request, exc)
            else:
                messages.success(request, _("已保存"))
                return redirect("network:outlet", network_outlet_id=network_outlet_id)
        ctx = _outlet_context(request, network_outlet_id, edit_form=form, error=ctx_error or _("请检查填写的内容"))
        return render(request, "network/outlet.html", ctx, status=400)
    return render(request, "network/outlet.html", _outlet_context(request, network_outlet_id))


@require_POST
def outlet_close(request: HttpRequest, network_outlet_id: int) -> HttpResponse:
    try:
        services.outlet_close(actor=request.user, network_outlet_id=network_outlet_id)
    except DomainError as exc:
        messages.error(request, _error(request, exc))
    else:
        messages.success(request, _("网点已撤销"))
    return redirect("network:outlet", network_outlet_id=network_outlet_id)


@require_POST
def sale(request: HttpRequest, network_outlet_id: int) -> HttpResponse:
    """Record a sale at a sales outlet (refused for a withdrawn brand)."""
    form = SaleForm(request.POST)
    if form.is_valid():
        try:
            services.sale_record(actor=request.user, network_outlet_id=network_outlet_id, **form.cleaned_data)
        except DomainError as exc:
            ctx = _outlet_context(request, network_outlet_id, sale_form=form, error=_error(request, exc))
            return render(request, "network/outlet.html", ctx, status=exc.status)
        messages.success(request, _("销售已登记"))
        return redirect("network:outlet", network_outlet_id=network_outlet_id)
    ctx = _outlet_context(request, network_outlet_id, sale_form=form, error=_("请检查填写的内容"))
    return render(request, "network/outlet.html", ctx, status=400)


@require_GET
def overdue(request: HttpRequest) -> HttpResponse:
    """逾期未备案: dealers not registered within 2 months of their licence (第三十四条)."""
    return render(
        request,
        "network/overdue.html",
        {"nav": NAV, "dealers": selectors.overdue_registrations(request.user), "today": clock.today()},
    )


@require_GET
def public(request: HttpRequest) -> HttpResponse:
    """授权经销商与服务网点 (public, 第十八条): search by brand, city, kind or a word; and the withdrawn list."""
    brand = request.GET.get("brand", "").strip()[:64]
    city = request.GET.get("city", "").strip()[:32]
    kind = request.GET.get("kind", "").strip()
    kind = kind if kind in OutletKind.values else ""
    q = request.GET.get("q", "").strip()[:64]
    return render(
        request,
        "network/public.html",
        {
            "nav": "network_public",
            "outlets": selectors.public_outlets(brand=brand, city=city, kind=kind, q=q),
            "withdrawn": selectors.public_withdrawn(brand=brand),
            "filters": selectors.public_filters(),
            "brand": brand,
            "city": city,
            "kind": kind,
            "q": q,
            "kinds": OutletKind.choices,
        },
    )
