"""Forms of the bulletin and knowledge-base pages: they validate input; services write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.assets.models import Vendor
from aftersales.bulletins.labels import KIND

KIND_CHOICES = list(KIND.items())


class BulletinForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=KIND_CHOICES, widget=forms.Select(attrs={"class": "form-select"}))
    title = forms.CharField(label=_("标题"), max_length=200, widget=forms.TextInput(attrs={"class": "form-control"}))
    body = forms.CharField(
        label=_("内容"), max_length=20_000, widget=forms.Textarea(attrs={"class": "form-control", "rows": 6})
    )
    vendors = forms.ModelMultipleChoiceField(
        label=_("涉及厂商"),
        queryset=Vendor.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 6}),
        help_text=_("不选表示不限厂商"),
    )
    model_patterns = forms.CharField(
        label=_("涉及型号"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3, "placeholder": "PowerEdge R7*"}),
        help_text=_("每行一个型号，可用 * 通配，不区分大小写；留空表示所选厂商的全部型号"),
    )
    remind_after_days = forms.IntegerField(
        label=_("未确认提醒间隔（天）"),
        min_value=0,
        max_value=365,
        initial=3,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    max_reminders = forms.IntegerField(
        label=_("最多提醒次数"),
        min_value=0,
        max_value=10,
        initial=2,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )


class PhoneAckForm(forms.Form):
    name = forms.CharField(
        label=_("通话联系人"), max_length=64, widget=forms.TextInput(attrs={"class": "form-control form-control-sm"})
    )
    note = forms.CharField(
        label=_("备注"),
        max_length=2000,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )


class ArticleForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200, widget=forms.TextInput(attrs={"class": "form-control"}))
    symptom = forms.CharField(
        label=_("故障现象"), max_length=20_000, widget=forms.Textarea(attrs={"class": "form-control", "rows": 3})
    )
    cause = forms.CharField(
        label=_("故障原因"),
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
    )
    solution = forms.CharField(
        label=_("解决步骤"),
        max_length=20_000,
        help_text=_("每行一步"),
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 5}),
    )
    affected_models = forms.CharField(
        label=_("涉及型号"),
        max_length=2000,
        required=False,
        help_text=_("每行一个型号"),
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
    )
    vendor = forms.ModelChoiceField(
        label=_("厂商"),
        queryset=Vendor.objects.order_by("name"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    category = forms.CharField(
        label=_("类别"), max_length=32, required=False, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    is_published = forms.BooleanField(
        label=_("立即发布"),
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    source_ticket = forms.IntegerField(required=False, widget=forms.HiddenInput)
