"""HTML forms of the warranty pages: the public lookup and vendor cases. They validate; services write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.tickets.forms import DATETIME_LOCAL, BootstrapForm, DateTimeLocalInput
from aftersales.warranty.choices import VendorCaseStatus


def _when(label) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, required=False, input_formats=[DATETIME_LOCAL], widget=DateTimeLocalInput())


class WarrantyLookupForm(BootstrapForm):
    serial = forms.CharField(label=_("序列号"), max_length=64, widget=forms.TextInput(attrs={"autofocus": True}))
    vendor = forms.CharField(label=_("厂商（可选）"), max_length=64, required=False)


class VendorCaseFilterForm(forms.Form):
    """The list's filters (GET); an invalid value is ignored."""

    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部")), ("open", _("处理中")), *VendorCaseStatus.choices],
    )
    overdue = forms.BooleanField(label=_("仅逾期"), required=False)
    cursor = forms.CharField(required=False)


class VendorCaseOpenForm(BootstrapForm):
    vendor_reference = forms.CharField(label=_("厂商工单号"), max_length=64, required=False)
    confirmed_at = _when(_("厂商远程确认时间"))
    note = forms.CharField(label=_("备注"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirmed_at"].help_text = _("留空表示现在；戴尔4小时到场从远程确认起计算")


class VendorCaseUpdateForm(BootstrapForm):
    """One edit of a case based on the version the page showed."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("状态"), choices=VendorCaseStatus.choices)
    vendor_reference = forms.CharField(label=_("厂商工单号"), max_length=64, required=False)
    confirmed_at = _when(_("厂商远程确认时间"))
    acknowledged_at = _when(_("厂商受理时间"))
    vendor_onsite_at = _when(_("厂商工程师到场时间"))
    rma_number = forms.CharField(label=_("RMA编号"), max_length=64, required=False)
    part_description = forms.CharField(label=_("备件说明"), max_length=200, required=False)
    shipped_at = _when(_("备件发出时间"))
    received_at = _when(_("备件到货时间"))
    defective_returned_at = _when(_("坏件返还时间"))
    note = forms.CharField(label=_("备注"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))

    TIME_FIELDS = (
        "confirmed_at",
        "acknowledged_at",
        "vendor_onsite_at",
        "shipped_at",
        "received_at",
        "defective_returned_at",
    )

    def changes(self, case) -> dict:
        """The fields to send to the service: what differs from `case`.

        The page shows times to the minute, so a time equal to the stored one to the minute is left alone
        (re-saving the page must not move a deadline by the seconds it cannot show). An empty
        confirmed_at keeps the stored one.
        """
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        if data.get("confirmed_at") is None:
            data.pop("confirmed_at", None)
        for name in self.TIME_FIELDS:
            stored, given = getattr(case, name), data.get(name)
            if (
                name in data
                and stored is not None
                and given is not None
                and (stored.replace(second=0, microsecond=0) == given.replace(second=0, microsecond=0))
            ):
                del data[name]
        return data
