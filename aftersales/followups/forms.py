"""HTML forms of the callback and survey pages. Forms only validate input; views hand `cleaned_data` to
`followups.services` (which re-checks every rule)."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.assets.models import Vendor
from aftersales.core.forms import DrillDownForm
from aftersales.customers.models import Region
from aftersales.followups.choices import DEFAULT_LINK_DAYS, QuestionKind, Score
from aftersales.followups.selectors import Rated
from aftersales.tickets.forms import BootstrapForm

SCORE_CHOICES = [(value, f"{value} {label}") for value, label in Score.choices]
OPTION_SEPARATORS = re.compile(r"[\n;；,，、|]+")


class CallbackResultForm(BootstrapForm):
    """The callback script's answers. `outcome` is the button pressed: reached (answers) or unreachable."""

    outcome = forms.ChoiceField(
        choices=[("reached", "reached"), ("unreachable", "unreachable")], widget=forms.HiddenInput, required=False
    )
    answered_by = forms.CharField(label=_("接听人"), required=False, max_length=64)
    resolved = forms.TypedChoiceField(
        label=_("问题是否已解决"),
        required=False,
        widget=forms.RadioSelect,
        choices=[("yes", _("已解决")), ("no", _("未解决"))],
        coerce=lambda v: v == "yes",
        empty_value=None,
    )
    satisfaction = forms.TypedChoiceField(
        label=_("满意度"), required=False, widget=forms.RadioSelect, choices=SCORE_CHOICES, coerce=int, empty_value=None
    )
    courtesy = forms.TypedChoiceField(
        label=_("服务态度"),
        required=False,
        widget=forms.RadioSelect,
        choices=SCORE_CHOICES,
        coerce=int,
        empty_value=None,
    )
    remarks = forms.CharField(
        label=_("备注"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    @property
    def reached(self) -> bool:
        return self.cleaned_data.get("outcome") != "unreachable"

    def clean(self):
        data = super().clean()
        if data.get("outcome") != "unreachable":
            for name, message in (
                ("resolved", _("请选择问题是否已解决")),
                ("satisfaction", _("请选择满意度")),
                ("courtesy", _("请选择服务态度")),
            ):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, message)
        return data


class SurveyForm(BootstrapForm):
    """A survey campaign: name, period, link validity and the target filter."""

    name = forms.CharField(label=_("调查名称"), max_length=128)
    description = forms.CharField(
        label=_("问卷说明"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    starts_on = forms.DateField(label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("结束日期"), widget=forms.DateInput(attrs={"type": "date"}))
    link_days = forms.IntegerField(label=_("链接有效天数"), min_value=1, max_value=365, initial=DEFAULT_LINK_DAYS)
    regions = forms.ModelMultipleChoiceField(
        label=_("地区"),
        required=False,
        queryset=Region.objects.all(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("不选表示全部地区"),
    )
    key_accounts_only = forms.BooleanField(label=_("仅重点客户"), required=False)
    asset_category = forms.CharField(label=_("拥有该类别的设备"), required=False, max_length=32)
    asset_vendor = forms.ModelChoiceField(
        label=_("拥有该厂商的设备"), required=False, queryset=Vendor.objects.order_by("name")
    )
    requests_from = forms.DateField(
        label=_("报修日期自"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    requests_to = forms.DateField(label=_("报修日期至"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("结束日期不能早于开始日期"))
        return data


class QuestionForm(BootstrapForm):
    """One question row; a row without text is ignored."""

    kind = forms.ChoiceField(label=_("题型"), choices=QuestionKind.choices, required=False)
    text = forms.CharField(label=_("题目"), required=False, max_length=300)
    options = forms.CharField(
        label=_("选项"), required=False, max_length=2000, help_text=_("单选题的选项，用顿号、逗号或分号分隔")
    )
    is_required = forms.BooleanField(label=_("必答"), required=False)

    def spec(self) -> dict | None:
        text = (self.cleaned_data.get("text") or "").strip()
        if not text:
            return None
        options = [o.strip() for o in OPTION_SEPARATORS.split(self.cleaned_data.get("options") or "") if o.strip()]
        return {
            "kind": self.cleaned_data.get("kind") or QuestionKind.RATING,
            "text": text,
            "options": options,
            "is_required": bool(self.cleaned_data.get("is_required")),
        }


QuestionFormSet = forms.formset_factory(QuestionForm, extra=3, max_num=50, absolute_max=50)


class RatedFilterForm(DrillDownForm):
    """The dashboard's drill-down into satisfaction (GET): `rated=1` lists the callback scores (or survey ratings)
    given between the Beijing dates `from` and `to` (inclusive), of the customer and region given. Every field is
    optional; an invalid value is ignored (the lists had no filters before; the queue ignores bad chips alike)."""

    switch = "rated"
    rated = forms.BooleanField(required=False)

    def rated_filter(self) -> Rated | None:
        bounds = self.bounds()
        return Rated(**bounds) if bounds is not None else None
