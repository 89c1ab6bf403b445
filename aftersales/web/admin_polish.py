"""One pass over every registered admin screen (the configuration site, 配置), applied when the apps are ready:

- the internal optimistic-concurrency `version` never shows (not in lists, forms or read-only fields): it is
  ours, not an administrator's;
- a foreign key or many-to-many field whose target has a searchable admin is an autocomplete box, not a
  drop-down of every row (or a bare id);
- a JSON field is shown as indented JSON with Chinese as Chinese (not ``\\u5e7f…`` on one line);
- the labels of a field's choices (plain Chinese in ``choices.py``, marked with ``gettext_noop`` for the
  catalogue) are translated in the filters, the forms' drop-downs and the changelists' columns, so an English
  admin shows "Received", not 已受理. The choices themselves stay plain strings: the API and the pages
  translate through their own tables.

One place instead of the same three lines in every app's admin.py, so an admin added later is covered too; a
screen that sets something itself keeps it (the pass only adds).
"""

from __future__ import annotations

import json

from django import forms
from django.contrib import admin
from django.contrib.admin.filters import ChoicesFieldListFilter, FieldListFilter
from django.db import models
from django.utils.translation import gettext

INTERNAL_FIELDS = ("version",)


class ReadableJsonWidget(forms.Textarea):
    """JSON indented, with non-ASCII characters kept (Chinese stays readable)."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"rows": 8, "cols": 80, "class": "vLargeTextField", **(attrs or {})})

    def format_value(self, value):
        if value in (None, ""):
            return ""
        try:
            return json.dumps(json.loads(value) if isinstance(value, str) else value, ensure_ascii=False, indent=2)
        except (TypeError, ValueError):
            return value


def _without(items, names):
    return type(items)(i for i in items if i not in names) if items else items


def _strip_internal(model_admin: admin.ModelAdmin, model) -> None:
    names = {f.name for f in model._meta.get_fields()}
    hidden = [n for n in INTERNAL_FIELDS if n in names]
    if not hidden:
        return
    model_admin.list_display = _without(tuple(model_admin.list_display), hidden)
    model_admin.readonly_fields = _without(tuple(model_admin.readonly_fields), hidden)
    if model_admin.fields:
        model_admin.fields = _without(tuple(model_admin.fields), hidden)
    if model_admin.fieldsets:
        model_admin.fieldsets = tuple(
            (title, {**options, "fields": _without(tuple(options.get("fields", ())), hidden)})
            for title, options in model_admin.fieldsets
        )
    model_admin.exclude = tuple({*(model_admin.exclude or ()), *hidden})


def _autocomplete(model_admin: admin.ModelAdmin, model, site: admin.AdminSite) -> None:
    chosen = list(model_admin.autocomplete_fields)
    skipped = {*model_admin.raw_id_fields, *model_admin.readonly_fields, *(model_admin.exclude or ())}
    for field in model._meta.get_fields():
        if not (field.concrete and getattr(field, "editable", False)) or field.name in skipped:
            continue
        if not (field.many_to_one or field.many_to_many) or field.name in chosen:
            continue
        target = site._registry.get(field.related_model)
        if target is not None and target.search_fields:
            chosen.append(field.name)
    model_admin.autocomplete_fields = tuple(chosen)


def _translated(choices):
    """Choices with their labels translated into the active language (groups and lazy labels as they are)."""
    return [(value, gettext(label) if isinstance(label, str) else label) for value, label in choices]


class TranslatedChoicesFilter(ChoicesFieldListFilter):
    """The filter of a field with choices, its entries in the active language."""

    def choices(self, changelist):
        for entry in super().choices(changelist):
            if isinstance(entry.get("display"), str):
                entry = {**entry, "display": gettext(entry["display"])}
            yield entry


def _choice_cell(field):
    """A changelist column showing a choices field's label in the active language (sorted by the field)."""
    labels = dict(field.flatchoices)

    def cell(obj):
        value = getattr(obj, field.attname)
        label = labels.get(value)
        if label is None:
            return value
        return gettext(label) if isinstance(label, str) else label

    cell.__name__ = field.name  # the column's CSS class, as for the field itself
    cell.short_description = field.verbose_name
    cell.admin_order_field = field.name
    return cell


def _choice_columns_translated(model_admin: admin.ModelAdmin, model) -> None:
    keep = {*(model_admin.list_editable or ()), *(model_admin.list_display_links or ())}
    fields = {}
    for f in model._meta.get_fields():
        if getattr(f, "concrete", False) and f.choices and not f.is_relation:
            fields[f.name] = f
    model_admin.list_display = tuple(
        _choice_cell(fields[item]) if isinstance(item, str) and item in fields and item not in keep else item
        for item in model_admin.list_display
    )


def _choice_fields_translated(model_admin: admin.ModelAdmin) -> None:
    plain = model_admin.formfield_for_choice_field

    def formfield_for_choice_field(db_field, request, **kwargs):
        field = plain(db_field, request, **kwargs)
        if hasattr(field, "choices"):
            field.choices = _translated(field.choices)
        return field

    model_admin.formfield_for_choice_field = formfield_for_choice_field


def admin_polish(site: admin.AdminSite = admin.site) -> None:
    FieldListFilter.register(lambda f: bool(f.choices), TranslatedChoicesFilter, take_priority=True)
    for model, model_admin in list(site._registry.items()):
        _strip_internal(model_admin, model)
        _autocomplete(model_admin, model, site)
        _choice_fields_translated(model_admin)
        _choice_columns_translated(model_admin, model)
        overrides = dict(model_admin.formfield_overrides)
        overrides.setdefault(models.JSONField, {"widget": ReadableJsonWidget})
        model_admin.formfield_overrides = overrides
