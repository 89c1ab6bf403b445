"""One pass over every registered admin screen (the configuration site, 配置), applied when the apps are ready:

- the internal optimistic-concurrency `version` never shows (not in lists, forms or read-only fields): it is
  ours, not an administrator's;
- a foreign key or many-to-many field whose target has a searchable admin is an autocomplete box, not a
  drop-down of every row (or a bare id);
- a JSON field is shown as indented JSON with Chinese as Chinese (not ``\\u5e7f…`` on one line).

One place instead of the same three lines in every app's admin.py, so an admin added later is covered too; a
screen that sets something itself keeps it (the pass only adds).
"""

from __future__ import annotations

import json

from django import forms
from django.contrib import admin
from django.db import models

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


def admin_polish(site: admin.AdminSite = admin.site) -> None:
    for model, model_admin in list(site._registry.items()):
        _strip_internal(model_admin, model)
        _autocomplete(model_admin, model, site)
        overrides = dict(model_admin.formfield_overrides)
        overrides.setdefault(models.JSONField, {"widget": ReadableJsonWidget})
        model_admin.formfield_overrides = overrides
