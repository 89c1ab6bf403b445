"""Supervisor pages for the field team (issue 10): engineers with skills and home city, registering and editing
one, and writing the 7×24 on-call rota for a week. Thin views over `dispatch.selectors` / `dispatch.services`."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from aftersales.accounts.models import User
from aftersales.assets.models import Vendor
from aftersales.core import clock
from aftersales.core.errors import DomainError
from aftersales.customers.models import Region
from aftersales.dispatch import selectors, services
from aftersales.dispatch.choices import ENGINEER_ROLES
from aftersales.dispatch.models import DutyShift, Engineer
from aftersales.dispatch.policy import rota
from aftersales.tickets.forms import BootstrapForm

PATTERNS = {
    "day_night": rota.DAY_AND_NIGHT,
    "all_day": (rota.ShiftTemplate("全天", dt.time(0, 0), 24),),
}


class EngineerForm(BootstrapForm):
    user = forms.ModelChoiceField(label=gettext_lazy("用户"), queryset=User.objects.none())
    home_region = forms.ModelChoiceField(label=gettext_lazy("常驻地区"), queryset=Region.objects.none())
    vendors = forms.ModelMultipleChoiceField(
        label=gettext_lazy("擅长厂商"),
        queryset=Vendor.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    categories = forms.CharField(
        label=gettext_lazy("擅长产品类别"),
        required=False,
        max_length=500,
        help_text=gettext_lazy("用逗号或空格分隔，如 服务器，交换机"),
    )
    is_active = forms.BooleanField(label=gettext_lazy("在岗"), required=False, initial=True)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_region"].queryset = Region.objects.order_by("adcode", "name")
        self.fields["vendors"].queryset = Vendor.objects.order_by("name")
        if editing:
            del self.fields["user"]
        else:
            self.fields["user"].queryset = User.objects.filter(
                role__in=ENGINEER_ROLES, is_active=True, engineer__isnull=True
            ).order_by("username")
            self.fields["user"].label_from_instance = (
                lambda u: f"{u.last_name}{u.first_name}（{u.username}）" if u.first_name else u.username
            )

    def category_list(self) -> list[str]:
        raw = self.cleaned_data.get("categories", "").replace("，", ",").replace("、", ",")
        return [c.strip() for part in raw.split(",") for c in part.split() if c.strip()]


class RotaForm(BootstrapForm):
    engineers = forms.ModelMultipleChoiceField(
        label=gettext_lazy("值班人员（按轮换顺序）"),
        queryset=Engineer.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    week_start = forms.DateField(label=gettext_lazy("起始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    pattern = forms.ChoiceField(
        label=gettext_lazy("班次"),
        choices=[
            ("day_night", gettext_lazy("白班 8:00–20:00 / 夜班 20:00–8:00")),
            ("all_day", gettext_lazy("全天 24 小时")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["engineers"].queryset = Engineer.objects.filter(is_active=True).select_related("user")
        self.fields["engineers"].label_from_instance = lambda e: e.display_name


def _engineer(request: HttpRequest, engineer_id: int) -> Engineer:
    page = selectors.engineer_list(request.user, engineer_id=engineer_id, limit=1)
    if not page.items:
        raise Http404
    return page.items[0]


@require_GET
def engineer_list(request: HttpRequest) -> HttpResponse:
    """工程师: the team with skills, home city and whether on duty now; the coming shifts."""
    page = selectors.engineer_list(request.user, limit=200)
    now = clock.now()
    shifts = list(
        DutyShift.objects.filter(ends_at__gt=now, starts_at__lt=now + dt.timedelta(days=2))
        .select_related("engineer__user")
        .order_by("starts_at", "engineer_id")[:60]
    )
    return render(
        request,
        "dispatch/engineer_list.html",
        {"nav": "engineers", "engineers": page.items, "shifts": shifts},
    )


def engineer_new(request: HttpRequest) -> HttpResponse:
    form = EngineerForm(request.POST or None)
    error, status = "", 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                engineer = services.engineer_create(
                    actor=request.user,
                    user_id=data["user"].pk,
                    home_region_id=data["home_region"].pk,
                    vendor_ids=[v.pk for v in data["vendors"]],
                    categories=form.category_list(),
                )
            except DomainError as exc:
                error, status = exc.message(request.LANGUAGE_CODE), exc.status
            else:
                messages.success(request, _("已登记工程师 {name}").format(name=engineer.display_name))
                return redirect("dispatch:engineers")
        else:
            status = 400
    return render(
        request, "dispatch/engineer_form.html", {"nav": "engineers", "form": form, "error": error}, status=status
    )


def engineer_edit(request: HttpRequest, engineer_id: int) -> HttpResponse:
    engineer = _engineer(request, engineer_id)
    initial = {
        "home_region": engineer.home_region_id,
        "vendors": [v.pk for v in engineer.vendors.all()],
        "categories": "，".join(engineer.categories),
        "is_active": engineer.is_active,
    }
    form = EngineerForm(request.POST or None, initial=initial, editing=True)
    error, status = "", 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.engineer_update(
                    actor=request.user,
                    engineer_id=engineer.pk,
                    home_region_id=data["home_region"].pk,
                    vendor_ids=[v.pk for v in data["vendors"]],
                    categories=form.category_list(),
                    is_active=data["is_active"],
                )
            except DomainError as exc:
                error, status = exc.message(request.LANGUAGE_CODE), exc.status
            else:
                messages.success(request, _("工程师信息已保存"))
                return redirect("dispatch:engineers")
        else:
            status = 400
    return render(
        request,
        "dispatch/engineer_form.html",
        {"nav": "engineers", "form": form, "error": error, "engineer": engineer},
        status=status,
    )


def rota_page(request: HttpRequest) -> HttpResponse:
    """值班表: write the on-call rota of a week (the team in turn, day and night or all day)."""
    today = clock.today()
    form = RotaForm(request.POST or None, initial={"week_start": today - dt.timedelta(days=today.weekday())})
    error, status = "", 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                count = services.duty_rota_generate(
                    actor=request.user,
                    engineer_ids=[e.pk for e in data["engineers"]],
                    week_start=data["week_start"],
                    pattern=PATTERNS[data["pattern"]],
                )
            except DomainError as exc:
                error, status = exc.message(request.LANGUAGE_CODE), exc.status
            else:
                messages.success(request, _("已排班 {count} 个班次").format(count=count))
                return redirect("dispatch:engineers")
        else:
            status = 400
    return render(request, "dispatch/rota_form.html", {"nav": "engineers", "form": form, "error": error}, status=status)
