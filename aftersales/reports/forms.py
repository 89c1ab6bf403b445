"""Forms of the management view's pages."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.core import clock
from aftersales.reports.choices import Period
from aftersales.reports.selectors import Filters


def month_start(on: dt.date) -> dt.date:
    return on.replace(day=1)


class DashboardFilterForm(forms.Form):
    """The dashboard's filters (GET): period, region, customer, SLA policy, class, vendor. An invalid field
    counts as not given; the period defaults to this month."""

    date_from = forms.DateField(label=_("开始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("结束日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    region = forms.IntegerField(label=_("地区"), required=False, widget=forms.Select)
    customer = forms.IntegerField(label=_("客户"), required=False, widget=forms.Select)
    policy = forms.IntegerField(label=_("服务级别"), required=False, widget=forms.Select)
    severity = forms.IntegerField(label=_("故障级别"), required=False, widget=forms.Select)
    vendor = forms.IntegerField(label=_("厂商"), required=False, widget=forms.Select)

    def __init__(self, data=None, *, choices: bool = True):
        data = data.copy() if data is not None else {}
        for short, name in (("from", "date_from"), ("to", "date_to")):
            if short in data and name not in data:
                data[name] = data[short]
        super().__init__(data)
        if choices:
            from aftersales.assets.models import Vendor
            from aftersales.customers.models import Customer, Region
            from aftersales.sla.choices import Severity
            from aftersales.sla.models import SlaPolicy

            every = [("", _("全部"))]
            self.fields["region"].widget.choices = every + list(
                Region.objects.order_by("adcode", "name").values_list("pk", "name")
            )
            self.fields["customer"].widget.choices = [
                ("", _("全部客户")),
                *Customer.objects.filter(is_key_account=True).order_by("name").values_list("pk", "name")[:300],
            ]
            self.fields["policy"].widget.choices = every + list(
                SlaPolicy.objects.order_by("name").values_list("pk", "name")
            )
            self.fields["severity"].widget.choices = every + [(s.value, s.label) for s in Severity]
            self.fields["vendor"].widget.choices = every + list(
                Vendor.objects.order_by("name").values_list("pk", "name")[:300]
            )
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class",
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm",
            )

    def filters(self) -> Filters:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        today = clock.today()
        start = data.get("date_from") or month_start(today)
        end = data.get("date_to") or today
        if start > end:
            start, end = end, start
        severity = data.get("severity")
        return Filters(
            date_from=start,
            date_to=end,
            region_id=data.get("region"),
            customer_id=data.get("customer"),
            sla_policy_id=data.get("policy"),
            severity=severity if severity in (1, 2, 3, 4) else None,
            vendor_id=data.get("vendor"),
        )


class PeriodicReportForm(forms.Form):
    customer = forms.IntegerField(label=_("客户"), widget=forms.Select(attrs={"class": "form-select"}))
    period = forms.ChoiceField(
        label=_("周期"), choices=Period.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    starts_on = forms.DateField(
        label=_("期间内任一日期"), widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from aftersales.customers.models import Customer

        self.fields["customer"].widget.choices = list(
            Customer.objects.order_by("-is_key_account", "name").values_list("pk", "name")[:500]
        )


class ReportTextForm(forms.Form):
    risks = forms.CharField(
        label=_("遗留风险"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
    )
    recommendations = forms.CharField(
        label=_("建议"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
    )


class AnalysisForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200, widget=forms.TextInput(attrs={"class": "form-control"}))
    symptom = forms.CharField(
        label=_("故障现象"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
    cause = forms.CharField(
        label=_("原因分析"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"})
    )
    actions = forms.CharField(
        label=_("处理措施"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"})
    )
    prevention = forms.CharField(
        label=_("预防建议"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"})
    )
