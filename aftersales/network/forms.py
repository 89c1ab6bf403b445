"""Forms of the dealer network pages: they validate input; the services apply the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.network.models import OutletKind

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"})
TEXT = {"class": "form-control form-control-sm"}


def _text(label, max_length, required=True, **attrs):
    return forms.CharField(
        label=label, max_length=max_length, required=required, widget=forms.TextInput(attrs=TEXT | attrs)
    )


class DealerForm(forms.Form):
    name = _text(_("名称"), 128)
    credit_code = _text(_("统一社会信用代码"), 32)
    brands = _text(_("授权品牌（多个用逗号分隔）"), 256, required=False)
    shop_name = _text(_("店铺名称"), 128, required=False)
    address = _text(_("注册地址"), 256, required=False)
    contact = _text(_("联系人"), 64, required=False)
    phone = _text(_("电话"), 32, required=False)
    licence_on = forms.DateField(label=_("营业执照日期"), required=False, widget=DATE)
    registered_on = forms.DateField(label=_("备案日期"), required=False, widget=DATE)

    def clean_brands(self):
        raw = self.cleaned_data.get("brands") or ""
        return [b.strip() for b in raw.replace("，", ",").split(",") if b.strip()]


class RegistrationForm(forms.Form):
    licence_on = forms.DateField(label=_("营业执照日期"), required=False, widget=DATE)
    registered_on = forms.DateField(label=_("备案日期"), required=False, widget=DATE)


class AuthorisationForm(forms.Form):
    brand = _text(_("品牌"), 64)
    territory = _text(_("授权区域"), 128, required=False)
    valid_from = forms.DateField(label=_("授权起始日"), required=False, widget=DATE)
    valid_to = forms.DateField(label=_("授权截止日"), required=False, widget=DATE)
    contract_no = _text(_("授权经营合同编号"), 64, required=False)
    contract_signed_on = forms.DateField(label=_("合同签订日期"), required=False, widget=DATE)


class WithdrawForm(forms.Form):
    reason = _text(_("取消原因"), 256)


class OutletForm(forms.Form):
    brand = _text(_("品牌"), 64)
    kind = forms.ChoiceField(
        label=_("网点类型"),
        choices=OutletKind.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    name = _text(_("网点名称"), 128)
    address = _text(_("地址"), 256)
    phone = _text(_("电话"), 32, required=False)
    lat = forms.FloatField(
        label=_("纬度"),
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.NumberInput(attrs=TEXT | {"step": "any"}),
    )
    lng = forms.FloatField(
        label=_("经度"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs=TEXT | {"step": "any"}),
    )


class OutletEditForm(forms.Form):
    name = _text(_("网点名称"), 128)
    address = _text(_("地址"), 256)
    phone = _text(_("电话"), 32, required=False)
    lat = forms.FloatField(
        label=_("纬度"),
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.NumberInput(attrs=TEXT | {"step": "any"}),
    )
    lng = forms.FloatField(
        label=_("经度"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs=TEXT | {"step": "any"}),
    )


class SaleForm(forms.Form):
    sold_on = forms.DateField(label=_("销售日期"), widget=DATE)
    buyer = _text(_("购买人"), 128)
    product = _text(_("车型/产品"), 128)
    serial = _text(_("车架号/序列号"), 64, required=False)
