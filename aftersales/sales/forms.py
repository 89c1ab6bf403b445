"""HTML input of the sale-to-service pages; views pass `cleaned_data` to the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.sales.choices import BuyingRole, CheckResult, LineKind, Stage, TaskKind

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "form-control"})
TEXT = forms.TextInput(attrs={"class": "form-control"})
AREA = forms.Textarea(attrs={"class": "form-control", "rows": 3})
NUMBER = forms.NumberInput(attrs={"class": "form-control"})
SELECT = forms.Select(attrs={"class": "form-select"})


def _competitors(value: str) -> list[str]:
    return [part.strip() for part in value.replace("，", ",").replace("、", ",").split(",") if part.strip()]


class OpportunityForm(forms.Form):
    customer_id = forms.TypedChoiceField(label=_("客户"), coerce=int, widget=SELECT)
    name = forms.CharField(label=_("项目名称"), max_length=128, widget=TEXT)
    amount = forms.DecimalField(label=_("预计金额（元）"), min_value=0, max_digits=14, decimal_places=2, widget=NUMBER)
    expected_close_on = forms.DateField(label=_("预计成交日期"), required=False, widget=DATE)
    competitors = forms.CharField(label=_("竞争对手（逗号分隔）"), required=False, max_length=500, widget=TEXT)
    need = forms.CharField(label=_("客户需求（痛点及影响）"), required=False, max_length=4000, widget=AREA)
    next_step = forms.CharField(label=_("下一步"), required=False, max_length=200, widget=TEXT)
    next_step_on = forms.DateField(label=_("下一步日期"), required=False, widget=DATE)

    def __init__(self, *args, customers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer_id"].choices = [("", "—")] + [(c.pk, c.name) for c in customers]

    def clean_competitors(self) -> list[str]:
        return _competitors(self.cleaned_data["competitors"])


class OpportunityEditForm(forms.Form):
    amount = forms.DecimalField(label=_("预计金额（元）"), min_value=0, max_digits=14, decimal_places=2, widget=NUMBER)
    expected_close_on = forms.DateField(label=_("预计成交日期"), required=False, widget=DATE)
    competitors = forms.CharField(label=_("竞争对手（逗号分隔）"), required=False, max_length=500, widget=TEXT)
    need = forms.CharField(label=_("客户需求（痛点及影响）"), required=False, max_length=4000, widget=AREA)
    benefit_analysis = forms.CharField(label=_("效益分析"), required=False, max_length=8000, widget=AREA)
    difference_assessment = forms.CharField(label=_("差异评估"), required=False, max_length=8000, widget=AREA)
    agreed_amount = forms.DecimalField(
        label=_("成交金额（元）"), required=False, min_value=0, max_digits=14, decimal_places=2, widget=NUMBER
    )
    terms = forms.CharField(label=_("合同条款（付款、交货、安装）"), required=False, max_length=8000, widget=AREA)
    next_step = forms.CharField(label=_("下一步"), required=False, max_length=200, widget=TEXT)
    next_step_on = forms.DateField(label=_("下一步日期"), required=False, widget=DATE)
    warranty_months = forms.IntegerField(label=_("质保月数"), min_value=1, max_value=240, widget=NUMBER)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean_competitors(self) -> list[str]:
        return _competitors(self.cleaned_data["competitors"])


class AdvanceForm(forms.Form):
    to = forms.ChoiceField(choices=Stage.choices)
    note = forms.CharField(required=False, max_length=2000)
    contract_number = forms.CharField(label=_("合同编号"), required=False, max_length=64, widget=TEXT)
    starts_on = forms.DateField(label=_("合同开始日期"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("合同结束日期"), required=False, widget=DATE)
    reason = forms.CharField(label=_("成交原因"), required=False, max_length=2000, widget=TEXT)


class LoseForm(forms.Form):
    reason = forms.CharField(label=_("丢单原因"), max_length=2000, widget=TEXT)
    competitor = forms.CharField(label=_("输给（竞争对手）"), required=False, max_length=64, widget=TEXT)


class BuyingMemberForm(forms.Form):
    role = forms.ChoiceField(label=_("角色"), choices=BuyingRole.choices, widget=SELECT)
    contact_id = forms.TypedChoiceField(label=_("联系人"), coerce=int, required=False, empty_value=None, widget=SELECT)
    contact_name = forms.CharField(label=_("或新联系人姓名"), required=False, max_length=64, widget=TEXT)
    contact_phone = forms.CharField(label=_("电话"), required=False, max_length=32, widget=TEXT)
    contact_title = forms.CharField(label=_("职务"), required=False, max_length=64, widget=TEXT)
    note = forms.CharField(label=_("关注点"), required=False, max_length=200, widget=TEXT)

    def __init__(self, *args, contacts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_id"].choices = [("", "—")] + [(c.pk, f"{c.name} {c.title}".strip()) for c in contacts]


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("方案名称"), max_length=128, widget=TEXT)
    body = forms.CharField(label=_("方案内容"), required=False, max_length=100_000, widget=AREA)
    file = forms.FileField(label=_("方案文件"), required=False)
    note = forms.CharField(label=_("修改说明"), required=False, max_length=200, widget=TEXT)


class ProposalVersionForm(forms.Form):
    body = forms.CharField(label=_("方案内容"), required=False, max_length=100_000, widget=AREA)
    file = forms.FileField(label=_("方案文件"), required=False)
    note = forms.CharField(label=_("修改说明"), required=False, max_length=200, widget=TEXT)


class ProposalReviewForm(forms.Form):
    approved = forms.TypedChoiceField(
        label=_("客户审核结果"),
        choices=[("1", _("审核通过")), ("0", _("要求修改"))],
        coerce=lambda v: v == "1",
        widget=SELECT,
    )
    reviewed_by = forms.CharField(label=_("客户审核人"), max_length=64, widget=TEXT)
    reviewed_on = forms.DateField(label=_("审核日期"), required=False, widget=DATE)
    note = forms.CharField(label=_("审核意见"), required=False, max_length=2000, widget=TEXT)


class LineForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=LineKind.choices, widget=SELECT)
    description = forms.CharField(label=_("名称"), max_length=128, widget=TEXT)
    vendor = forms.CharField(label=_("厂商"), required=False, max_length=64, widget=TEXT)
    model = forms.CharField(label=_("型号"), required=False, max_length=64, widget=TEXT)
    serial = forms.CharField(label=_("序列号"), required=False, max_length=64, widget=TEXT)
    category = forms.CharField(label=_("类别"), required=False, max_length=32, widget=TEXT)
    quantity = forms.IntegerField(label=_("合同数量"), min_value=1, max_value=100000, initial=1, widget=NUMBER)


class CountForm(forms.Form):
    line = forms.IntegerField(widget=forms.HiddenInput)
    counted = forms.IntegerField(label=_("清点数量"), min_value=0, max_value=100000, widget=NUMBER)
    counted_with = forms.CharField(label=_("客户清点人"), max_length=64, widget=TEXT)
    appearance_ok = forms.BooleanField(label=_("外观完好"), required=False, initial=True)
    note = forms.CharField(label=_("备注"), required=False, max_length=200, widget=TEXT)


class TaskForm(forms.Form):
    kind = forms.ChoiceField(label=_("任务"), choices=TaskKind.choices, widget=SELECT)
    engineer_id = forms.TypedChoiceField(label=_("工程师"), coerce=int, widget=SELECT)
    scheduled_on = forms.DateField(label=_("计划日期"), widget=DATE)
    note = forms.CharField(label=_("备注"), required=False, max_length=200, widget=TEXT)

    def __init__(self, *args, engineers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["engineer_id"].choices = [(u.pk, u.get_full_name() or u.username) for u in engineers]


class DeviceTestForm(forms.Form):
    line = forms.TypedChoiceField(label=_("设备"), coerce=int, widget=SELECT)
    item = forms.CharField(label=_("测试项目"), max_length=128, widget=TEXT)
    result = forms.ChoiceField(label=_("结果"), choices=CheckResult.choices, widget=SELECT)
    measured = forms.CharField(label=_("测试数据"), required=False, max_length=200, widget=TEXT)

    def __init__(self, *args, devices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = [(d.pk, f"{d.description} {d.serial}") for d in devices]


class AcceptanceForm(forms.Form):
    signed_on = forms.DateField(label=_("验收日期"), widget=DATE)
    customer_signatory = forms.CharField(label=_("客户签字人"), max_length=64, widget=TEXT)
    engineer_signatory = forms.CharField(label=_("工程师签字人"), max_length=64, widget=TEXT)
    remarks = forms.CharField(label=_("验收意见"), required=False, max_length=2000, widget=AREA)
    customer_signature = forms.CharField(required=False, widget=forms.HiddenInput, max_length=450_000)
    engineer_signature = forms.CharField(required=False, widget=forms.HiddenInput, max_length=450_000)


class AttendeeForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=64, widget=TEXT)
    department = forms.CharField(label=_("部门/职务"), required=False, max_length=64, widget=TEXT)


class TrainingHeldForm(forms.Form):
    held_on = forms.DateField(label=_("实际日期"), widget=DATE)
