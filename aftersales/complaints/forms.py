"""HTML forms of the complaint pages: list filters, hotline entry, portal entry, actions, corrections.

Forms only validate input; the views hand `cleaned_data` to `complaints.services` or `complaints.selectors`.
"""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.complaints import labels
from aftersales.complaints.choices import Severity
from aftersales.complaints.policy import lifecycle
from aftersales.complaints.selectors import ComplaintFilter
from aftersales.tickets.forms import DATETIME_LOCAL, BootstrapForm, DateTimeLocalInput

# Sources a person records at the desk (portal complaints arrive by themselves).
DESK_SOURCES = ("hotline", "callback", "email", "walk_in")
_TICKET_NUMBER = re.compile(r"^\s*(?:SR-\d{4}-)?0*(\d{1,12})\s*$", re.IGNORECASE)


def _satisfaction_choices():
    return [("", _("未评价")), *((n, str(n)) for n in range(5, 0, -1))]


class ComplaintFilterForm(forms.Form):
    """The list's filters (GET). Every field is optional; an invalid value is ignored."""

    status = forms.ChoiceField(label=_("状态"), required=False)
    overdue = forms.ChoiceField(label=_("超时"), required=False)
    source = forms.ChoiceField(label=_("来源"), required=False)
    reply = forms.ChoiceField(label=_("回复情况"), required=False)
    # The dashboard's drill-down (no widget of their own: they travel in the query string and show as chips).
    received_from = forms.DateField(required=False, widget=forms.HiddenInput)
    received_to = forms.DateField(required=False, widget=forms.HiddenInput)
    region_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    customer_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    cursor = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("全部状态")), ("open", _("未完成")), *labels.STATUS.items()]
        self.fields["overdue"].choices = [("", _("不限")), ("true", _("已超时")), ("false", _("未超时"))]
        self.fields["source"].choices = [("", _("全部来源")), *labels.SOURCE.items()]
        self.fields["reply"].choices = [
            ("", _("不限")),
            ("on_time", _("按时回复")),
            ("late", _("超时回复")),
            ("overdue", _("逾期未回复")),
            ("pending", _("待回复")),
        ]
        for field in ("status", "overdue", "source", "reply"):
            self.fields[field].widget.attrs["class"] = "form-select form-select-sm"

    def complaint_filter(self) -> ComplaintFilter:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return ComplaintFilter(
            status=data.get("status") or None,
            overdue={"true": True, "false": False}.get(data.get("overdue") or ""),
            source=data.get("source") or None,
            reply=data.get("reply") or None,
            received_from=data.get("received_from"),
            received_to=data.get("received_to"),
            region_id=data.get("region_id"),
            customer_id=data.get("customer_id"),
        )


def ticket_id_from_number(value: str) -> int | None:
    """A request given as its number (SR-2026-000123) or its id (123); None when empty."""
    if not value:
        return None
    match = _TICKET_NUMBER.match(value)
    if match is None:
        raise forms.ValidationError(_("请输入服务请求编号，如 SR-2026-000123"))
    return int(match.group(1))


class ComplaintCreateForm(BootstrapForm):
    """A complaint taken at the desk (监督电话 / 回访 / 电子邮件 / 来访): who, about what, about whom."""

    source = forms.ChoiceField(label=_("来源"), initial="hotline")
    customer_id = forms.IntegerField(label=_("客户"), required=False, widget=forms.HiddenInput)
    ticket = forms.CharField(
        label=_("相关服务请求"),
        required=False,
        max_length=32,
        help_text=_("填写服务请求编号时，客户与被投诉人按该请求自动带出"),
    )
    engineer_id = forms.TypedChoiceField(label=_("被投诉工程师"), required=False, coerce=int, empty_value=None)
    partner_id = forms.TypedChoiceField(label=_("被投诉合作伙伴"), required=False, coerce=int, empty_value=None)
    severity = forms.TypedChoiceField(label=_("严重程度"), coerce=int, initial=Severity.NORMAL)
    summary = forms.CharField(label=_("投诉摘要"), max_length=200)
    details = forms.CharField(
        label=_("详细内容"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )
    received_at = forms.DateTimeField(
        label=_("接到投诉时间"),
        required=False,
        input_formats=[DATETIME_LOCAL],
        widget=DateTimeLocalInput(),
        help_text=_("留空表示现在；补录时填写实际时间"),
    )
    policy_id = forms.TypedChoiceField(label=_("回复时限"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, engineers=(), partners=(), policies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(s, labels.SOURCE[s]) for s in DESK_SOURCES]
        self.fields["engineer_id"].choices = [("", _("未指定")), *((e.pk, str(e)) for e in engineers)]
        self.fields["partner_id"].choices = [("", _("未指定")), *((p.pk, p.name) for p in partners)]
        self.fields["severity"].choices = list(labels.SEVERITY.items())
        self.fields["policy_id"].choices = [(p.pk, p.name) for p in policies]
        if policies and not self.is_bound:
            self.initial.setdefault("policy_id", next((p.pk for p in policies if p.is_default), policies[0].pk))

    def clean_ticket(self):
        return ticket_id_from_number(self.cleaned_data.get("ticket", ""))

    def clean(self):
        data = super().clean()
        if not data.get("customer_id") and not data.get("ticket") and "ticket" not in self.errors:
            raise forms.ValidationError(_("请选择客户或填写服务请求编号"))
        return data


class PortalComplaintForm(BootstrapForm):
    """A customer complains through the portal, optionally about one of its requests."""

    ticket_id = forms.TypedChoiceField(label=_("相关服务请求"), required=False, coerce=int, empty_value=None)
    summary = forms.CharField(label=_("投诉摘要"), max_length=200)
    details = forms.CharField(
        label=_("详细内容"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, tickets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ticket_id"].choices = [
            ("", _("不针对具体请求")),
            *((t.pk, f"{t.number} {t.title}") for t in tickets),
        ]


class ComplaintActionForm(forms.Form):
    """One lifecycle action on the complaint page, based on the version the page showed."""

    action = forms.ChoiceField(choices=[(a.value, a.value) for a in lifecycle.Action])
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    text = forms.CharField(label=_("内容"), required=False, max_length=4000)
    root_cause = forms.CharField(label=_("根本原因"), required=False, max_length=4000)
    corrective_action = forms.CharField(label=_("纠正措施"), required=False, max_length=4000)
    upheld = forms.TypedChoiceField(
        label=_("有效投诉"),
        required=False,
        empty_value=None,
        choices=[("", ""), ("yes", _("是")), ("no", _("否"))],
        coerce=lambda v: {"yes": True, "no": False}.get(v),
    )
    satisfaction = forms.TypedChoiceField(label=_("对处理的满意度"), required=False, coerce=int, empty_value=None)
    handler_id = forms.TypedChoiceField(label=_("处理人"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, handlers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["satisfaction"].choices = _satisfaction_choices()
        self.fields["handler_id"].choices = [
            ("", _("不指定")),
            *((u.pk, u.get_full_name() or u.username) for u in handlers),
        ]


class ComplaintEditForm(BootstrapForm):
    """Correct whom the complaint is against and how serious it is (counts in the assessment)."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    engineer_id = forms.TypedChoiceField(label=_("被投诉工程师"), required=False, coerce=int, empty_value=None)
    partner_id = forms.TypedChoiceField(label=_("被投诉合作伙伴"), required=False, coerce=int, empty_value=None)
    severity = forms.TypedChoiceField(label=_("严重程度"), coerce=int)

    def __init__(self, *args, engineers=(), partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["engineer_id"].choices = [("", _("未指定")), *((e.pk, str(e)) for e in engineers)]
        self.fields["partner_id"].choices = [("", _("未指定")), *((p.pk, p.name) for p in partners)]
        self.fields["severity"].choices = list(labels.SEVERITY.items())


class AssessmentForm(forms.Form):
    """The assessment period (China dates, both included)."""

    date_from = forms.DateField(label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("结束日期"), widget=forms.DateInput(attrs={"type": "date"}))
