"""HTML forms of the 4S follow-up pages. Forms only validate input; the views hand `cleaned_data` to
`vehicles.services` or `vehicles.selectors`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.tickets.forms import BootstrapForm, DateTimeLocalInput
from aftersales.vehicles import selectors
from aftersales.vehicles.choices import CallPurpose, EventKind, LetterKind, Satisfaction, VehicleType, VisitKind

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _people_choices(blank: str) -> list[tuple[str, str]]:
    return [("", blank)] + [(str(u.pk), selectors.person_label(u)) for u in selectors.follow_up_people()]


def _text(label, rows: int = 2, max_length: int = 4000) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=max_length, widget=forms.Textarea(attrs={"rows": rows})
    )


class VehicleForm(BootstrapForm):
    """建立客户档案 (篇8 二.1): the car, its maintenance interval and its follow-up person."""

    customer_id = forms.IntegerField(label=_("客户"), widget=forms.HiddenInput)
    plate = forms.CharField(label=_("车号"), max_length=16)
    model = forms.CharField(label=_("车型"), max_length=64)
    vehicle_type = forms.ChoiceField(label=_("车种"), choices=VehicleType.choices, initial=VehicleType.SEDAN)
    vin = forms.CharField(label=_("车架号"), max_length=17, required=False)
    purchased_on = forms.DateField(label=_("购车日期"), required=False, widget=DateInput())
    interval_months = forms.IntegerField(
        label=_("保养周期（月）"), required=False, min_value=1, max_value=60, initial=6
    )
    interval_km = forms.IntegerField(
        label=_("保养周期（公里）"), required=False, min_value=500, max_value=100_000, initial=5000
    )
    last_service_on = forms.DateField(label=_("上次保养日期"), required=False, widget=DateInput())
    last_service_km = forms.IntegerField(label=_("上次保养里程"), required=False, min_value=0)
    odometer_km = forms.IntegerField(label=_("当前里程"), required=False, min_value=0)
    visited_at = forms.DateTimeField(
        label=_("送修或来访时间"),
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=DateTimeLocalInput(),
        help_text=_("留空表示现在；须在来访后两日内建档"),
    )
    follow_up_user_id = forms.TypedChoiceField(label=_("跟踪业务员"), required=False, coerce=int, empty_value=None)
    wishes = _text(_("客户希望得到的服务"))
    next_contact_plan = _text(_("下一次服务针对性通话内容"))
    notes = _text(_("备注"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["follow_up_user_id"].choices = _people_choices(str(_("（回访专员公共池）")))


class PickupForm(BootstrapForm):
    """接车出厂: the visit and the pick-up that start the two follow-up calls."""

    kind = forms.ChoiceField(label=_("类别"), choices=VisitKind.choices, initial=VisitKind.MAINTENANCE)
    visited_at = forms.DateTimeField(
        label=_("进厂或来访时间"),
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=DateTimeLocalInput(),
        help_text=_("留空表示同接车时间"),
    )
    picked_up_at = forms.DateTimeField(
        label=_("接车出厂时间"),
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=DateTimeLocalInput(),
        help_text=_("留空表示现在"),
    )
    mileage_km = forms.IntegerField(label=_("里程（公里）"), required=False, min_value=0)
    work_items = _text(_("维修养护项目"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "pickup_%s")  # three forms share the vehicle page
        super().__init__(*args, **kwargs)


class CallForm(BootstrapForm):
    """跟踪服务电话记录: one call, ours or the customer's."""

    purpose = forms.ChoiceField(label=_("通话事由"), choices=CallPurpose.choices, initial=CallPurpose.FOLLOW_UP)
    visit_id = forms.TypedChoiceField(label=_("接车记录"), required=False, coerce=int, empty_value=None)
    call_no = forms.TypedChoiceField(
        label=_("跟踪次数"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), ("1", _("第一次")), ("2", _("第二次"))],
    )
    event_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    called_at = forms.DateTimeField(
        label=_("通话时间"),
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=DateTimeLocalInput(),
        help_text=_("留空表示现在"),
    )
    reached = forms.BooleanField(label=_("已接通"), required=False, initial=True)
    vehicle_condition = _text(_("车辆运用情况"))
    content = _text(_("谈话要点"))
    customer_opinion = _text(_("对本公司服务的意见"))
    customer_requests = _text(_("客户要求、希望或投诉"))
    handling = _text(_("处理情况"))
    satisfaction = forms.TypedChoiceField(
        label=_("满意度"), required=False, coerce=int, empty_value=None, choices=[("", "—"), *Satisfaction.choices]
    )
    next_action = _text(_("下一步"), rows=1)
    needs_supervisor = forms.BooleanField(label=_("不能当时答复，须两日内报告业务主管"), required=False)

    def __init__(self, *args, visits=(), **kwargs):
        kwargs.setdefault("auto_id", "call_%s")
        super().__init__(*args, **kwargs)
        self.fields["visit_id"].choices = [("", "—")] + [
            (str(v.pk), f"{v.picked_up_at:%Y-%m-%d} {v.get_kind_display()}") for v in visits
        ]

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["is_reached"] = data.pop("reached")
        return data


class LetterForm(BootstrapForm):
    """跟踪服务信函登记: a notice, invitation or reply sent to the customer."""

    kind = forms.ChoiceField(label=_("信函类别"), choices=LetterKind.choices, initial=LetterKind.NOTICE)
    subject = forms.CharField(label=_("事由"), max_length=200)
    sent_on = forms.DateField(label=_("寄出日期"), required=False, widget=DateInput(), help_text=_("留空表示今天"))
    address = forms.CharField(label=_("寄送地址"), max_length=256, required=False, help_text=_("留空表示客户地址"))
    notes = _text(_("备注"), rows=1)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "letter_%s")
        super().__init__(*args, **kwargs)


class EventForm(BootstrapForm):
    """A customer event (篇8 规定 6) and who it is announced to."""

    name = forms.CharField(label=_("活动名称"), max_length=128)
    kind = forms.ChoiceField(label=_("活动类别"), choices=EventKind.choices, initial=EventKind.PROMOTION)
    event_on = forms.DateField(
        label=_("活动日期"), widget=DateInput(), help_text=_("提前两周电话通知，随后两日内寄出邀请函")
    )
    place = forms.CharField(label=_("活动地址"), max_length=200, required=False)
    content = _text(_("活动内容"))
    with_letters = forms.BooleanField(label=_("寄送邀请函"), required=False, initial=True)
    audience_vehicle_type = forms.ChoiceField(
        label=_("对象车种"), required=False, choices=[("", _("全部")), *VehicleType.choices]
    )
    audience_model = forms.CharField(label=_("对象车型包含"), max_length=64, required=False)
    audience_purchased_from = forms.DateField(label=_("购车日期自"), required=False, widget=DateInput())
    audience_purchased_to = forms.DateField(label=_("购车日期至"), required=False, widget=DateInput())


class ReassignForm(BootstrapForm):
    """业务主管改派: every open follow-up of an absent person to another, in one step."""

    from_user_id = forms.TypedChoiceField(label=_("不在岗的跟踪业务员"), coerce=int)
    to_user_id = forms.TypedChoiceField(label=_("接替人员"), coerce=int)
    move_vehicles = forms.BooleanField(label=_("同时移交其负责的车辆（长期）"), required=False)
    reason = forms.CharField(label=_("原因"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = _people_choices("—")
        self.fields["from_user_id"].choices = people
        self.fields["to_user_id"].choices = people


class RegisterFilterForm(forms.Form):
    start_on = forms.DateField(label=_("自"), required=False, widget=DateInput(attrs={"class": "form-control"}))
    end_on = forms.DateField(label=_("至"), required=False, widget=DateInput(attrs={"class": "form-control"}))
    person_id = forms.TypedChoiceField(
        label=_("业务员"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person_id"].choices = _people_choices(str(_("全部")))


class SummaryForm(forms.Form):
    year = forms.IntegerField(
        label=_("年"), min_value=2000, max_value=2100, widget=forms.NumberInput(attrs={"class": "form-control"})
    )
    month = forms.TypedChoiceField(
        label=_("月"), required=False, coerce=int, empty_value=None, widget=forms.Select(attrs={"class": "form-select"})
    )
    person_id = forms.TypedChoiceField(
        label=_("业务员"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [("", _("全年（年末总结）"))] + [(str(m), f"{m}") for m in range(1, 13)]
        self.fields["person_id"].choices = _people_choices(str(_("全部")))
