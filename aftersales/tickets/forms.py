"""HTML forms of the service-request pages: queue filters, intake, portal report, lifecycle actions.

Forms only validate input; the views hand `cleaned_data` to `tickets.services` or `tickets.selectors`.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.core import clock
from aftersales.customers.models import Region
from aftersales.tickets import queue_services
from aftersales.tickets.policy import lifecycle
from aftersales.tickets.selectors import QueueFilter
from aftersales.web import labels

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
# Channels a person records at the desk (API and QR intake arrive by themselves).
DESK_CHANNELS = ("phone", "fax", "letter", "email", "walk_in", "web")


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_LOCAL)


def _now_local_text() -> str:
    return clock.local(clock.now()).strftime(DATETIME_LOCAL)


class BootstrapForm(forms.Form):
    """Puts Bootstrap's classes on the widgets, and `is-invalid` on the fields with errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.HiddenInput):
                continue
            css = (
                "form-check-input"
                if isinstance(widget, forms.CheckboxInput)
                else ("form-select" if isinstance(widget, forms.Select) else "form-control")
            )
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


def _severity_choices():
    return [(value, label) for value, label in labels.SEVERITY.items()]


class QueueFilterForm(forms.Form):
    """The workspace filters (GET). Every field is optional; an invalid value is ignored."""

    status = forms.ChoiceField(label=_("状态"), required=False)
    severity = forms.TypedChoiceField(label=_("级别"), required=False, coerce=int, empty_value=None)
    region = forms.IntegerField(label=_("地区"), required=False, min_value=1, widget=forms.Select)
    tier = forms.TypedChoiceField(label=_("层级"), required=False, coerce=int, empty_value=None)
    breached = forms.ChoiceField(label=_("超时"), required=False)
    due_soon = forms.BooleanField(label=_("30分钟内到期"), required=False)
    q = forms.CharField(label=_("搜索"), required=False, max_length=200)
    assignee = forms.RegexField(label=_("处理人"), required=False, regex=r"^(me|none|\d{1,18})$")
    sort = forms.ChoiceField(label=_("排序"), required=False)
    cursor = forms.CharField(required=False, widget=forms.HiddenInput)
    # The management view's drill-down (issue 12), under the API's names so one link serves the page and the
    # API; shown as removable chips, not as fields of the filter bar.
    region_id = forms.IntegerField(label=_("地区"), required=False, min_value=1)
    customer_id = forms.IntegerField(label=_("客户"), required=False, min_value=1)
    sla_policy_id = forms.IntegerField(label=_("服务级别"), required=False, min_value=1)
    vendor_id = forms.IntegerField(label=_("厂商"), required=False, min_value=1)
    reported_from = forms.DateField(label=_("报告日期自"), required=False, input_formats=["%Y-%m-%d"])
    reported_to = forms.DateField(label=_("报告日期至"), required=False, input_formats=["%Y-%m-%d"])
    vendor_name = forms.CharField(label=_("厂商"), required=False, max_length=100)
    model_name = forms.CharField(label=_("型号"), required=False, max_length=64)
    category_name = forms.CharField(label=_("类别"), required=False, max_length=32)
    missed = forms.ChoiceField(label=_("未达标"), required=False)
    respond_minutes = forms.RegexField(label=_("响应用时(分钟)"), required=False, regex=r"^\d{0,6}-\d{0,6}$")
    restore_minutes = forms.RegexField(label=_("恢复用时(分钟)"), required=False, regex=r"^\d{0,6}-\d{0,6}$")

    DRILL_DOWN = queue_services.DRILL_DOWN

    def __init__(self, *args, with_regions: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if with_regions:
            # Only the full page draws the select; the rows partial needs no query for it.
            regions = Region.objects.order_by("adcode", "name").values_list("pk", "name")
            self.fields["region"].widget.choices = [("", _("全部地区")), *regions]
        self.fields["status"].choices = [
            ("", _("全部状态")),
            ("open", _("未完成")),
            ("not_cancelled", _("未取消")),
            *labels.STATUS.items(),
        ]
        self.fields["missed"].choices = [
            ("", ""),
            ("respond", _("响应超时")),
            ("arrive", _("到场超时")),
            ("restore", _("恢复超时")),
            ("resolve", _("解决超时")),
        ]
        self.fields["severity"].choices = [("", _("全部级别")), *_severity_choices()]
        self.fields["tier"].choices = [("", _("全部层级")), *labels.TIER.items()]
        self.fields["breached"].choices = [("", _("不限")), ("true", _("已超时")), ("false", _("未超时"))]
        self.fields["sort"].choices = [
            ("", _("最新受理")),
            ("deadline", _("下一时限")),
            ("severity", _("故障级别")),
            ("reported", _("报告时间")),
        ]
        self.fields["status"].initial = "open"  # open requests unless the user asks for others

    def queue_filter(self) -> QueueFilter:
        """The selector's filter from the valid fields (an invalid field counts as not given)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        breached = data.get("breached") or ""
        # A first visit (no filter given at all) shows the open requests; "全部状态" is status="" on purpose.
        status = (data.get("status") or None) if self.is_bound else "open"
        return QueueFilter(
            status=status,
            severity=data.get("severity"),
            region_id=data.get("region") or data.get("region_id"),
            tier=data.get("tier"),
            customer_id=data.get("customer_id"),
            breached={"true": True, "false": False}.get(breached),
            due_soon=bool(data.get("due_soon")),
            q=data.get("q") or "",
            assignee=data.get("assignee") or "",
            sort=data.get("sort") or "",
            reported_from=data.get("reported_from"),
            reported_to=data.get("reported_to"),
            sla_policy_id=data.get("sla_policy_id"),
            vendor_id=data.get("vendor_id"),
            vendor_name=data.get("vendor_name") or "",
            model_name=data.get("model_name") or "",
            category_name=data.get("category_name") or "",
            missed=data.get("missed") or "",
            respond_minutes=data.get("respond_minutes") or "",
            restore_minutes=data.get("restore_minutes") or "",
        )

    def drill_down(self) -> list[tuple[str, str, object]]:
        """The drill-down filters given and valid, as (name, label, value), in the order of DRILL_DOWN."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        out = []
        for name in self.DRILL_DOWN:
            value = data.get(name)
            if value not in (None, ""):
                out.append((name, str(self.fields[name].label), value))
        return out


class TicketCreateForm(BootstrapForm):
    """Intake at the service desk (受理): who, which device, how it came in, how bad, what happened."""

    customer_id = forms.IntegerField(
        label=_("客户"), widget=forms.HiddenInput, error_messages={"required": _("请先选择客户")}
    )
    asset_id = forms.IntegerField(label=_("设备"), required=False)
    channel = forms.ChoiceField(label=_("受理渠道"), initial="phone")
    severity = forms.TypedChoiceField(label=_("故障级别"), coerce=int, initial=3, widget=forms.RadioSelect)
    title = forms.CharField(label=_("标题"), max_length=200)
    description = forms.CharField(
        label=_("故障描述"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )
    reported_at = forms.DateTimeField(
        label=_("报告时间"),
        required=False,
        input_formats=[DATETIME_LOCAL],
        widget=DateTimeLocalInput(),
        help_text=_("客户实际来电/报告的时间，可早于现在（补录），不能晚于现在"),
    )
    contact_name = forms.CharField(label=_("报告人"), max_length=64, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=32, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [(c, labels.CHANNEL[c]) for c in DESK_CHANNELS]
        self.fields["severity"].choices = _severity_choices()
        if not self.is_bound:
            self.initial.setdefault("reported_at", _now_local_text())


class TicketActionForm(forms.Form):
    """One lifecycle action on the request page, based on the version the page showed."""

    action = forms.ChoiceField(choices=[(a.value, a.value) for a in lifecycle.Action])
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    at = forms.DateTimeField(
        label=_("发生时间"),
        required=False,
        input_formats=[DATETIME_LOCAL],
        widget=DateTimeLocalInput(),
        help_text=_("留空表示现在；补录时填写实际时间"),
    )
    note = forms.CharField(label=_("备注"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
