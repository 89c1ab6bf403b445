"""Forms of the "my day" and overdue pages: a result note, and the reassignment of an absent person's work."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.plans.choices import WorkItemKind
from aftersales.plans.selectors import person_name


class CompleteForm(forms.Form):
    result = forms.CharField(label=_("结果说明"), max_length=4000, required=False)


class ReassignForm(forms.Form):
    from_user = forms.TypedChoiceField(label=_("转出人（不在岗）"), coerce=int)
    to_user = forms.TypedChoiceField(label=_("接收人"), coerce=int)
    kinds = forms.MultipleChoiceField(
        label=_("仅这些类型（不选则全部）"),
        choices=WorkItemKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, holders=(), takers=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from_user"].choices = [("", "—")] + [(u.pk, f"{person_name(u)}（{u.username}）") for u in holders]
        self.fields["to_user"].choices = [("", "—")] + [(u.pk, f"{person_name(u)}（{u.username}）") for u in takers]
        self.fields["from_user"].widget.attrs["class"] = "form-select"
        self.fields["to_user"].widget.attrs["class"] = "form-select"

    def clean(self):
        data = super().clean()
        if data.get("from_user") and data.get("from_user") == data.get("to_user"):
            raise forms.ValidationError(_("转出人和接收人不能是同一人"))
        return data
