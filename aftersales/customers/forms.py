"""Forms of the workspace's customer pages (issue 10): a new caller (customer and first contact), a contact, an
asset. Forms only validate input; the views hand `cleaned_data` to `customers.services` / `assets.services`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.customers.choices import CustomerKind
from aftersales.tickets.forms import BootstrapForm


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class CustomerForm(BootstrapForm):
    name = forms.CharField(label=_("名称"), max_length=128)
    kind = forms.ChoiceField(label=_("类型"), choices=CustomerKind.choices, initial=CustomerKind.ORGANISATION)
    address = forms.CharField(
        label=_("地址"), max_length=256, help_text=_("含市县，如 合肥市肥东县店埠镇…；地区由地址识别")
    )
    phone = forms.CharField(label=_("电话"), max_length=32, required=False)
    email = forms.EmailField(label=_("电子邮件"), required=False)
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=18, required=False)
    is_key_account = forms.BooleanField(label=_("重点客户"), required=False)
    notes = forms.CharField(label=_("备注"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_credit_code(self) -> str:
        return self.cleaned_data["credit_code"].strip().upper()


class NewCallerForm(CustomerForm):
    """A new customer with the person on the phone as its first contact."""

    contact_name = forms.CharField(label=_("联系人"), max_length=64, required=False)
    contact_phone = forms.CharField(label=_("联系人电话"), max_length=32, required=False)
    contact_title = forms.CharField(label=_("职务"), max_length=64, required=False)
    confirm_duplicate = forms.BooleanField(label=_("确认不是同一客户，仍然新建"), required=False)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class ContactForm(BootstrapForm):
    name = forms.CharField(label=_("姓名"), max_length=64)
    phone = forms.CharField(label=_("电话"), max_length=32, required=False)
    email = forms.EmailField(label=_("电子邮件"), required=False)
    title = forms.CharField(label=_("职务"), max_length=64, required=False)
    is_primary = forms.BooleanField(label=_("主要联系人"), required=False)


class AssetForm(BootstrapForm):
    vendor = forms.CharField(label=_("厂商"), max_length=64)
    model = forms.CharField(label=_("型号"), max_length=64)
    serial = forms.CharField(label=_("序列号"), max_length=64)
    category = forms.CharField(label=_("类别"), max_length=32, required=False, help_text=_("如 服务器、交换机、打印机"))
    site = forms.CharField(label=_("安装地点"), max_length=128, required=False)
    purchased_on = forms.DateField(label=_("购买日期"), widget=DateInput())
    accepted_on = forms.DateField(label=_("验收日期"), required=False, widget=DateInput())
