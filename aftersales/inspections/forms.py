"""Forms of the inspection pages; views pass `cleaned_data` to the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

SEVERITIES = [(1, _("1 严重故障")), (2, _("2 主要故障")), (3, _("3 一般故障")), (4, _("4 非故障"))]
SATISFACTION = [("", "—"), (5, _("很满意")), (4, _("满意")), (3, _("一般")), (2, _("不满意")), (1, _("很不满意"))]


class FindingForm(forms.Form):
    result = forms.ChoiceField(choices=[("ok", _("正常")), ("issue", _("异常")), ("na", _("不适用"))])
    note = forms.CharField(max_length=500, required=False)


class FindingTicketForm(forms.Form):
    severity = forms.TypedChoiceField(choices=SEVERITIES, coerce=int, initial=3)


class StartForm(forms.Form):
    customer = forms.IntegerField(widget=forms.HiddenInput)
    contract = forms.TypedChoiceField(label=_("服务合同"), coerce=int, required=False, empty_value=None)
    inspected_on = forms.DateField(
        label=_("巡检日期"),
        # ISO: what a date input accepts (the Chinese locale format 2026/12/07 is refused by the browser)
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "form-control"}),
    )
    assets = forms.TypedMultipleChoiceField(label=_("巡检设备"), coerce=int, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, assets=(), contracts=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contract"].choices = [("", "—")] + [(c.pk, f"{c.number} {c.name}") for c in contracts]
        self.fields["contract"].widget.attrs["class"] = "form-select"
        self.fields["assets"].choices = [
            (a.pk, f"{a.category or '—'} · {a.vendor.name} {a.model}（{a.serial}）") for a in assets
        ]


# The page's sign and complete forms carry no version: each finding saved with htmx bumps it, and both actions
# can happen only once anyway (a second signature or completion is refused).


class SignForm(forms.Form):
    signer_name = forms.CharField(
        label=_("签字人"), max_length=64, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    customer_remarks = forms.CharField(
        label=_("用户意见"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
    satisfaction = forms.TypedChoiceField(
        label=_("满意度"),
        choices=SATISFACTION,
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    signature = forms.CharField(widget=forms.HiddenInput, error_messages={"required": _("请客户在框内签字")})


class CompleteForm(forms.Form):
    summary = forms.CharField(
        label=_("巡检结论"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
