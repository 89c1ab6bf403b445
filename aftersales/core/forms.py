"""Form pieces shared by the areas' pages."""

from __future__ import annotations

import datetime as dt

from django import forms

from aftersales.core import clock


class DrillDownForm(forms.Form):
    """The dashboard's drill-down into a list (GET): a switch field (`switch`, named by the subclass) turns it on,
    then rows between the Beijing dates `from` and `to` (inclusive) of the region and customer given. Every field
    is optional; an invalid value is ignored (the queue ignores bad chips alike)."""

    switch = ""  # the subclass's BooleanField that turns the drill-down on
    from_ = forms.DateField(required=False)
    to = forms.DateField(required=False)
    region_id = forms.IntegerField(required=False)
    customer_id = forms.IntegerField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from"] = self.fields.pop("from_")

    def bounds(self) -> dict | None:
        """None when the drill-down is off; else start, end (aware, end exclusive), region_id and customer_id."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if not data.get(self.switch):
            return None
        first, last = data.get("from"), data.get("to")
        return {
            "start": _day_start(first) if first else None,
            "end": _day_start(last + dt.timedelta(days=1)) if last else None,
            "region_id": data.get("region_id"),
            "customer_id": data.get("customer_id"),
        }


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=clock.SHANGHAI)
