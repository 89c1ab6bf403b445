"""Forms of the subsidy pages (the outlet clerk's sale entry, the township's claim desk, the county's actions)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

ITEM_ROWS = 3
DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")


def _text(label, **attrs):
    return forms.CharField(
        label=label,
        max_length=attrs.pop("max_length", 64),
        widget=forms.TextInput(attrs={"class": "form-control", **attrs}),
    )


class SaleForm(forms.Form):
    """One invoice for one household; up to three items (the first required)."""

    invoice_no = _text(_("发票号"), inputmode="numeric", autocomplete="off")
    sold_on = forms.DateField(label=_("销售日期"), widget=DATE)
    buyer_name = _text(_("购买人姓名"), autocomplete="off")
    buyer_id_number = _text(_("身份证号"), max_length=18, autocomplete="off", inputmode="text")
    household_no = _text(_("户口簿户号"), max_length=32, autocomplete="off")
    township = forms.ChoiceField(label=_("户籍所在乡镇"), widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args, townships: list[str], categories: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].choices = [(t, t) for t in townships]
        if not townships:
            self.fields["township"] = forms.CharField(
                label=_("户籍所在乡镇"), max_length=32, widget=forms.TextInput(attrs={"class": "form-control"})
            )
        for n in range(1, ITEM_ROWS + 1):
            required = n == 1
            self.fields[f"item{n}_label_card_no"] = forms.CharField(
                label=_("产品标识卡号（扫码或输入）"),
                max_length=32,
                required=required,
                widget=forms.TextInput(
                    attrs={"class": "form-control", "autocomplete": "off", "inputmode": "text", "data-scan": "1"}
                ),
            )
            self.fields[f"item{n}_category"] = forms.ChoiceField(
                label=_("品类"),
                choices=[("", "—"), *categories],
                required=required,
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.fields[f"item{n}_model"] = forms.CharField(
                label=_("型号"),
                max_length=64,
                required=required,
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )
            self.fields[f"item{n}_price"] = forms.DecimalField(
                label=_("价格（元）"),
                max_digits=12,
                decimal_places=2,
                min_value=Decimal("0.01"),
                required=required,
                widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.01", "inputmode": "decimal"}),
            )
            self.fields[f"item{n}_serial_no"] = forms.CharField(
                label=_("出厂编号"),
                max_length=64,
                required=required,
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )

    def item_rows(self):
        """The bound fields of each item row, for the template."""
        return [
            [self[f"item{n}_{f}"] for f in ("label_card_no", "category", "model", "price", "serial_no")]
            for n in range(1, ITEM_ROWS + 1)
        ]

    def clean(self):
        data = super().clean()
        for n in range(2, ITEM_ROWS + 1):
            values = [data.get(f"item{n}_{f}") for f in ("label_card_no", "category", "model", "price", "serial_no")]
            if any(values) and not all(values):
                raise forms.ValidationError(_("第 %(n)s 件商品的信息不完整") % {"n": n})
        return data

    def items(self):
        out = []
        for n in range(1, ITEM_ROWS + 1):
            card = self.cleaned_data.get(f"item{n}_label_card_no")
            if card:
                out.append(
                    {
                        "label_card_no": card,
                        "category": self.cleaned_data[f"item{n}_category"],
                        "model": self.cleaned_data[f"item{n}_model"],
                        "price": self.cleaned_data[f"item{n}_price"],
                        "serial_no": self.cleaned_data[f"item{n}_serial_no"],
                    }
                )
        return out


class ClaimForm(forms.Form):
    """What the buyer shows at the township office: ID, household register, label card, bank account."""

    sale_item_id = forms.IntegerField(widget=forms.HiddenInput)
    filed_on = forms.DateField(label=_("申报日期"), widget=DATE)
    id_number = _text(_("购买人身份证号"), max_length=18, autocomplete="off")
    household_no = _text(_("户口簿户号"), max_length=32, autocomplete="off")
    label_card_no = _text(_("产品标识卡号"), max_length=32, autocomplete="off", **{"data-scan": "1"})
    bank_account = _text(_("储蓄账户（存折）"), autocomplete="off", inputmode="numeric")


class VerifyForm(forms.Form):
    decision = forms.ChoiceField(choices=[("pass", _("核查通过")), ("fail", _("核查不通过"))])
    reason = forms.CharField(max_length=256, required=False)


class DateForm(forms.Form):
    on = forms.DateField()


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("予以备案")), ("reject", _("不予备案"))])
    reason = forms.CharField(max_length=256, required=False)
    on = forms.DateField(required=False)


class GroupOrderForm(forms.Form):
    buyer = forms.CharField(
        label=_("团购单位/联系人"), max_length=128, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    units = forms.IntegerField(
        label=_("台数"), min_value=1, max_value=10000, widget=forms.NumberInput(attrs={"class": "form-control"})
    )
    distance_km = forms.DecimalField(
        label=_("送货里程（公里）"),
        min_value=0,
        max_digits=7,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.1"}),
    )
