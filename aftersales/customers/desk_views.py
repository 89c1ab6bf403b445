"""The workspace's customer pages (issue 10): an agent registers a new caller (customer and first contact) with a
duplicate-customer warning, edits the customer, adds and edits contacts and assets; the intake page takes the
caller's name and phone from the customer's contacts. Thin views: forms validate, services write."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from aftersales.assets import services as assets
from aftersales.assets.models import Asset
from aftersales.core.errors import DomainError
from aftersales.customers import selectors, services
from aftersales.customers.forms import AssetForm, ContactForm, CustomerForm, NewCallerForm
from aftersales.customers.models import Contact, Customer

REASONS = {"name": "同名", "phone": "同电话", "credit_code": "同信用代码"}


def _customer(request: HttpRequest, customer_id: int) -> Customer:
    try:
        return selectors.customer_get(request.user, customer_id)
    except DomainError as exc:
        raise Http404(exc.message_en) from None


def _duplicates(request: HttpRequest, data: dict, exclude_id: int | None = None) -> list[dict]:
    phones = " ".join(filter(None, [data.get("phone", ""), data.get("contact_phone", "")]))
    found = []
    for phone in phones.split() or [""]:
        for customer, reasons in selectors.customer_duplicates(
            request.user,
            name=data.get("name", ""),
            phone=phone,
            credit_code=data.get("credit_code", ""),
            exclude_id=exclude_id,
        ):
            if all(f["customer"].pk != customer.pk for f in found):
                found.append({"customer": customer, "reasons": [_(REASONS[r]) for r in reasons]})
    return found


def _next_url(request: HttpRequest, value: str, customer: Customer) -> str:
    if value == "intake":
        return reverse("tickets:create") + f"?customer={customer.pk}"
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}):
        return value
    return reverse("customers:detail", args=[customer.pk])


def customer_create(request: HttpRequest) -> HttpResponse:
    """新建客户: a new caller with the person on the phone as first contact; warns of possible duplicates."""
    error, status, duplicates = "", 200, []
    if request.method == "POST":
        form = NewCallerForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            duplicates = _duplicates(request, data)
            if duplicates and not data["confirm_duplicate"]:
                error, status = _("可能与已有客户重复，请核对；确认不是同一客户后勾选下方确认再保存"), 409
            else:
                try:
                    with transaction.atomic():
                        customer = services.customer_create(
                            actor=request.user,
                            name=data["name"],
                            address=data["address"],
                            phone=data["phone"],
                            kind=data["kind"],
                            email=data["email"],
                            credit_code=data["credit_code"],
                            is_key_account=data["is_key_account"],
                            notes=data["notes"],
                        )
                        if data["contact_name"]:
                            services.contact_create(
                                actor=request.user,
                                customer_id=customer.pk,
                                name=data["contact_name"],
                                phone=data["contact_phone"] or data["phone"],
                                title=data["contact_title"],
                                is_primary=True,
                            )
                except DomainError as exc:
                    error, status = exc.message(request.LANGUAGE_CODE), exc.status
                else:
                    messages.success(request, _("已新建客户 {name}").format(name=customer.name))
                    return redirect(_next_url(request, data["next"], customer))
        else:
            status = 400
    else:
        form = NewCallerForm(initial={"next": request.GET.get("next", ""), "name": request.GET.get("name", "")})
    return render(
        request,
        "customers/customer_form.html",
        {"nav": "customers", "form": form, "error": error, "duplicates": duplicates, "creating": True},
        status=status,
    )


@require_GET
def customer_duplicates(request: HttpRequest) -> HttpResponse:
    """Possible duplicates as the new customer is typed (htmx partial)."""
    data = {k: request.GET.get(k, "")[:128] for k in ("name", "phone", "contact_phone", "credit_code")}
    return render(request, "customers/partials/duplicates.html", {"duplicates": _duplicates(request, data)})


def customer_edit(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = _customer(request, customer_id)
    error, status = "", 200
    if request.method == "POST":
        form = CustomerForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            changed = {k: v for k, v in data.items() if getattr(customer, k) != v}
            try:
                services.customer_update(
                    actor=request.user,
                    customer_id=customer.pk,
                    expected_version=int(request.POST.get("version") or 0),
                    **changed,
                )
            except DomainError as exc:
                error, status = exc.message(request.LANGUAGE_CODE), exc.status
            else:
                if "name" in changed:
                    from aftersales.tickets import search

                    search.index_tickets(list(customer.tickets.values_list("pk", flat=True)))
                messages.success(request, _("客户信息已保存"))
                return redirect("customers:detail", customer_id=customer.pk)
        else:
            status = 400
    else:
        form = CustomerForm(initial={f: getattr(customer, f) for f in CustomerForm.base_fields})
    return render(
        request,
        "customers/customer_form.html",
        {"nav": "customers", "form": form, "error": error, "customer": customer, "creating": False},
        status=status,
    )


def contact_form(request: HttpRequest, customer_id: int, contact_id: int | None = None) -> HttpResponse:
    customer = _customer(request, customer_id)
    contact = None
    if contact_id is not None:
        contact = Contact.objects.filter(pk=contact_id, customer=customer).first()
        if contact is None:
            raise Http404
    error, status = "", 200
    if request.method == "POST":
        form = ContactForm(request.POST)
        if form.is_valid():
            try:
                if contact is None:
                    services.contact_create(actor=request.user, customer_id=customer.pk, **form.cleaned_data)
                else:
                    services.contact_update(actor=request.user, contact_id=contact.pk, **form.cleaned_data)
            except DomainError as exc:
                error, status = exc.message(request.LANGUAGE_CODE), exc.status
            else:
                messages.success(request, _("联系人已保存"))
                return redirect("customers:detail", customer_id=customer.pk)
        else:
            status = 400
    else:
        form = ContactForm(initial={f: getattr(contact, f) for f in ContactForm.base_fields} if contact else None)
    return render(
        request,
        "customers/contact_form.html",
        {"nav": "customers", "form": form, "error": error, "customer": customer, "contact": contact},
        status=status,
    )


def contact_edit(request: HttpRequest, customer_id: int, contact_id: int) -> HttpResponse:
    return contact_form(request, customer_id, contact_id)


def asset_form(request: HttpRequest, customer_id: int, asset_id: int | None = None) -> HttpResponse:
    customer = _customer(request, customer_id)
    asset = None
    if asset_id is not None:
        asset = Asset.objects.select_related("vendor").filter(pk=asset_id, customer=customer).first()
        if asset is None:
            raise Http404
    error, status = "", 200
    if request.method == "POST":
        form = AssetForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if asset is None:
                    assets.asset_create(actor=request.user, customer_id=customer.pk, **data)
                else:
                    assets.asset_update(
                        actor=request.user,
                        asset_id=asset.pk,
                        expected_version=int(request.POST.get("version") or 0),
                        **data,
                    )
            except DomainError as exc:
                error, status = exc.message(request.LANGUAGE_CODE), exc.status
            else:
                messages.success(request, _("设备已保存"))
                return redirect("customers:detail", customer_id=customer.pk)
        else:
            status = 400
    else:
        initial = None
        if asset is not None:
            initial = {f: getattr(asset, f) for f in AssetForm.base_fields if f != "vendor"} | {
                "vendor": asset.vendor.name
            }
        form = AssetForm(initial=initial)
    return render(
        request,
        "customers/asset_form.html",
        {"nav": "customers", "form": form, "error": error, "customer": customer, "asset": asset},
        status=status,
    )


def asset_edit(request: HttpRequest, customer_id: int, asset_id: int) -> HttpResponse:
    return asset_form(request, customer_id, asset_id)


@require_GET
def customer_contacts(request: HttpRequest, customer_id: int) -> HttpResponse:
    """The customer's contacts to pick the caller from (htmx partial of the intake page)."""
    customer = _customer(request, customer_id)
    return render(
        request,
        "customers/partials/contact_choices.html",
        {"customer": customer, "contacts": list(customer.contacts.order_by("-is_primary", "name"))},
    )
