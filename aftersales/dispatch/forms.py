"""HTML forms of the field-service pages: dispatch, arrival, the service report (服务报告).

Forms only validate input; the views hand `cleaned_data` to `dispatch.services`.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.dispatch.choices import Satisfaction
from aftersales.tickets.forms import BootstrapForm, DateTimeLocalInput

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
MAX_PART_LINES = 50


class DispatchForm(BootstrapForm):
    """One click on a candidate: `target` is "engineer:<id>" or "partner:<id>"; note and planned time optional."""

    target = forms.RegexField(regex=r"^(engineer|partner):\d{1,18}$", widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("派工说明"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    planned_for = forms.DateTimeField(
        label=_("计划上门时间"),
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=DateTimeLocalInput(),
        help_text=_("留空表示立即上门；计划上门将提前7天通知客户"),
    )

    def assignee(self) -> dict[str, int]:
        kind, pk = self.cleaned_data["target"].split(":")
        return {f"{kind}_id": int(pk)}


class ArrivalForm(BootstrapForm):
    arrived_at = forms.DateTimeField(
        label=_("到场时间"),
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=DateTimeLocalInput(),
        help_text=_("留空表示现在"),
    )


class VisitForm(BootstrapForm):
    """The service report. Parts lines come as repeated part_number / part_description / part_quantity inputs."""

    departed_at = forms.DateTimeField(
        label=_("离场时间"), required=False, input_formats=DATETIME_FORMATS, widget=DateTimeLocalInput()
    )
    work_done = forms.CharField(
        label=_("处理过程"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    fault_cause = forms.CharField(
        label=_("故障原因"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    parts_text = forms.CharField(
        label=_("备件说明"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    loaner_issued = forms.CharField(label=_("借出备机"), required=False, max_length=200)
    loaner_collected = forms.CharField(label=_("收回备机"), required=False, max_length=200)
    signer_name = forms.CharField(label=_("签字人"), required=False, max_length=64)
    customer_remarks = forms.CharField(
        label=_("客户意见"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    satisfaction = forms.TypedChoiceField(
        label=_("满意度"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *[(v, label) for v, label in Satisfaction.choices]],
    )
    signature = forms.CharField(required=False, widget=forms.HiddenInput, max_length=450_000)

    def __init__(self, *args, part_rows: list[dict] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.part_rows = part_rows or []

    def clean(self):
        data = super().clean()
        if len(self.part_rows) > MAX_PART_LINES:
            raise forms.ValidationError(_("备件行过多（最多50行）"))
        lines = []
        for index, row in enumerate(self.part_rows, start=1):
            if not str(row.get("part_number") or "").strip() and not str(row.get("description") or "").strip():
                continue  # an untouched line (its quantity defaults to 1)
            quantity = str(row.get("quantity") or "1").strip()
            if not quantity.isdigit():
                raise forms.ValidationError(_("第%(line)s行数量必须是整数") % {"line": index})
            lines.append(
                {
                    "part_number": str(row.get("part_number") or "").strip(),
                    "description": str(row.get("description") or "").strip(),
                    "quantity": int(quantity),
                }
            )
        data["parts"] = lines
        return data

    @staticmethod
    def part_rows_from(post) -> list[dict]:
        numbers = post.getlist("part_number")
        descriptions = post.getlist("part_description")
        quantities = post.getlist("part_quantity")
        return [
            {
                "part_number": n,
                "description": descriptions[i] if i < len(descriptions) else "",
                "quantity": quantities[i] if i < len(quantities) else "1",
            }
            for i, n in enumerate(numbers)
        ]

    def service_fields(self) -> dict:
        """The fields for `visit_update`: empty signature and departure are left out (not cleared)."""
        data = dict(self.cleaned_data)
        if not data.get("signature"):
            data.pop("signature", None)
        if data.get("departed_at") is None:
            data.pop("departed_at", None)
        return data
