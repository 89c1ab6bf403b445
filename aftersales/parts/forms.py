"""HTML forms of the store's pages: stock filters, a stock move, opening a count, lending and returning loaners.

Forms only validate input; the views hand `cleaned_data` to `parts.services` or `parts.selectors`.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.core import clock
from aftersales.core.forms import DrillDownForm
from aftersales.parts import labels
from aftersales.parts.choices import REQUESTED_KINDS
from aftersales.parts.selectors import Consumed, ticket_id_of

DEFAULT_LOAN_DAYS = 14
TICKET_NUMBER = re.compile(r"^\s*(?:SR-\d{4}-)?0*(\d+)\s*$", re.IGNORECASE)


class BootstrapForm(forms.Form):
    """Bootstrap classes on the widgets, and `is-invalid` on fields with errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            css = (
                "form-check-input"
                if isinstance(widget, forms.CheckboxInput)
                else "form-select"
                if isinstance(widget, forms.Select)
                else "form-control"
            )
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


class TicketField(forms.CharField):
    """A service request by its number (SR-2026-000123) or id; cleans to the id."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        match = TICKET_NUMBER.match(value)
        if match is None:
            raise forms.ValidationError(_("请输入服务请求编号，如 SR-2026-000123"))
        return int(match.group(1))


def _location_choices(locations, *, blank: str | None = None) -> list[tuple[str, str]]:
    choices = [("", blank)] if blank is not None else []
    return choices + [(str(loc.pk), loc.name) for loc in locations]


class StockFilterForm(BootstrapForm):
    location = forms.TypedChoiceField(label=_("库位"), required=False, coerce=int, empty_value=None)
    low = forms.BooleanField(label=_("只看低库存"), required=False)
    cursor = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, locations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].choices = _location_choices(locations, blank=str(_("全部库位")))


class LedgerFilterForm(DrillDownForm):
    """The ledger's drill-down from the dashboard (GET): `consumed=1` keeps the parts consumed, issued between
    the Beijing dates `from` and `to` (inclusive), for requests of the region and customer given. Every field is
    optional; an invalid value is ignored, as the stock list's filters are."""

    switch = "consumed"
    consumed = forms.BooleanField(required=False)

    def consumed_filter(self) -> Consumed | None:
        bounds = self.bounds()
        return Consumed(**bounds) if bounds is not None else None


class TicketChoiceField(forms.TypedChoiceField):
    """The picker of requests; also takes a request's number (a link from the request page)."""

    def clean(self, value):
        return super().clean(ticket_id_of(value) if value else value)


class MoveForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("类型"), choices=[(k, labels.MOVE_KIND[k]) for k in REQUESTED_KINDS])
    part = forms.TypedChoiceField(label=_("备件"), coerce=int)
    location = forms.TypedChoiceField(label=_("库位"), coerce=int, help_text=_("调拨时为调出库位"))
    to_location = forms.TypedChoiceField(
        label=_("调入库位"), coerce=int, required=False, empty_value=None, help_text=_("仅调拨需要")
    )
    quantity = forms.IntegerField(label=_("数量"), min_value=1, max_value=1_000_000)
    # A picker of the open requests (number · customer · title), not free text.
    ticket = TicketChoiceField(
        label=_("服务请求"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("预留、取消预留必填；工程师领用、退回必填"),
    )
    note = forms.CharField(label=_("备注"), required=False, max_length=500)
    confirm_repeat = forms.BooleanField(label=_("确认再次领用"), required=False, widget=forms.HiddenInput)

    def __init__(self, *args, parts=(), locations=(), tickets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ticket"].choices = [("", "—")] + [
            (str(t.pk), f"{t.number} · {t.customer.name} · {t.title}"[:90]) for t in tickets
        ]
        self.fields["part"].choices = [("", "—")] + [(str(p.pk), f"{p.part_number} {p.name}") for p in parts]
        self.fields["location"].choices = _location_choices(locations, blank="—")
        self.fields["to_location"].choices = _location_choices(locations, blank="—")


class CountOpenForm(BootstrapForm):
    location = forms.TypedChoiceField(label=_("库位"), coerce=int)
    note = forms.CharField(label=_("备注"), required=False, max_length=2000)

    def __init__(self, *args, locations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].choices = _location_choices(locations, blank="—")


class CountAddLineForm(BootstrapForm):
    part = forms.TypedChoiceField(label=_("账外备件"), coerce=int, required=False, empty_value=None)
    counted = forms.IntegerField(label=_("实盘数量"), min_value=0, max_value=1_000_000, required=False)

    def __init__(self, *args, parts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["part"].choices = [("", "—")] + [(str(p.pk), f"{p.part_number} {p.name}") for p in parts]


def _default_due() -> dt.date:
    return clock.today() + dt.timedelta(days=DEFAULT_LOAN_DAYS)


class LendForm(BootstrapForm):
    loaner = forms.TypedChoiceField(label=_("备机"), coerce=int)
    ticket = TicketField(label=_("服务请求"), max_length=32)
    due_back_on = forms.DateField(
        label=_("应还日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    required_grade = forms.TypedChoiceField(
        label=_("所需等级"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", _("按客户设备类别"))] + [(str(k), f"{k} {v}") for k, v in labels.GRADE.items()],
    )
    condition_out = forms.CharField(label=_("借出时状况"), required=False, max_length=500)

    def __init__(self, *args, loaners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaner"].choices = [("", "—")] + [
            (str(x.pk), f"{x.serial} · {x.model} · {x.grade} {labels.GRADE.get(x.grade, '')}") for x in loaners
        ]
        self.fields["due_back_on"].initial = _default_due


class ReturnForm(BootstrapForm):
    condition_back = forms.CharField(label=_("归还时状况"), required=False, max_length=500)
    needs_repair = forms.BooleanField(label=_("需要维修"), required=False)
