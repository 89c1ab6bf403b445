"""Forms of the customer portal and the QR fault form: urgency in the customer's own words, never our classes."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from aftersales.portal.policy import urgency
from aftersales.tickets.forms import BootstrapForm


def urgency_choices() -> list[tuple[str, str]]:
    english = (get_language() or "").startswith("en")
    return [(u.key, u.en if english else u.zh) for u in urgency.URGENCIES]


class UrgencyForm(BootstrapForm):
    urgency = forms.ChoiceField(label=_("故障影响程度"), widget=forms.RadioSelect, initial="partial")
    title = forms.CharField(label=_("故障简述"), max_length=200)
    description = forms.CharField(
        label=_("详细情况"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["urgency"].choices = urgency_choices()


class PortalReportForm(UrgencyForm):
    """A customer user reports a fault through the portal (channel: web)."""

    asset_id = forms.TypedChoiceField(label=_("设备"), required=False, coerce=int, empty_value=None)
    contact_name = forms.CharField(label=_("报告人"), max_length=64, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=32, required=False)
    photo = forms.FileField(label=_("照片（可选）"), required=False)
    field_order = ["asset_id", "urgency", "title", "description", "contact_name", "contact_phone", "photo"]

    def __init__(self, *args, assets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asset_id"].choices = [("", _("不指定设备")), *((a.pk, str(a)) for a in assets)]
        self.order_fields(self.field_order)


class QrReportForm(UrgencyForm):
    """The fault form opened from an asset's QR label (no account): a contact is required to call back."""

    contact_name = forms.CharField(label=_("联系人"), max_length=64)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=32)
    photo = forms.FileField(label=_("照片（可选）"), required=False)


class ReplyForm(BootstrapForm):
    body = forms.CharField(label=_("留言"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


LABEL_SIZES = {
    # key: (label, columns, rows, QR side in mm)
    "small": (_("小（40×30 mm，每页 5×9）"), 5, 9, 22),
    "medium": (_("中（63×38 mm，每页 3×7）"), 3, 7, 28),
    "large": (_("大（99×67 mm，每页 2×4）"), 2, 4, 45),
}


class LabelSheetForm(BootstrapForm):
    size = forms.ChoiceField(label=_("标签尺寸"), initial="medium")
    asset_ids = forms.MultipleChoiceField(label=_("设备"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, assets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["size"].choices = [(k, v[0]) for k, v in LABEL_SIZES.items()]
        self.fields["asset_ids"].choices = [(str(a.pk), str(a)) for a in assets]
