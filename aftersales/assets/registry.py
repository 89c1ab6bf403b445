"""The vendor registry's reference entries, and the merge of vendors that are one vendor under several names.

`register_vendors` is run by migration 0004 (with the migration's models) and by `aftersales setup`-style
callers (with the real ones). Idempotent. It

* gives every vendor its name key (`policy.vendors.vendor_key`),
* creates the known vendors (`KNOWN_VENDORS`: 戴尔, 华为, 联想) with their default terms and aliases, or
  completes the row that already stands for one of them under any of its names,
* merges the rows that name one vendor ("Dell", "DELL", "戴尔"; or two spellings of an unknown vendor)
  into one: every reference to them (assets, parts, loaners, vendor cases, engineers' skills, bulletins,
  history rows) moves to the kept row, their names stay as aliases, and the duplicates are deleted;
* keeps a duplicate (renamed "…（待合并 #id）") when moving it would break a unique rule, e.g. the same
  serial number registered under "Dell" and under "戴尔": an admin merges those by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aftersales.assets.policy.vendors import KNOWN_VENDORS, UNKNOWN_VENDOR_MONTHS, VendorDefaults, vendor_key

_CANONICAL: dict[str, VendorDefaults] = {
    vendor_key(name): defaults for defaults in KNOWN_VENDORS for name in (defaults.name, *defaults.aliases)
}


@dataclass
class RegistryReport:
    created: list[str] = field(default_factory=list)
    merged: dict[str, list[str]] = field(default_factory=dict)
    kept_apart: list[str] = field(default_factory=list)


def _group_key(name: str) -> str:
    key = vendor_key(name)
    known = _CANONICAL.get(key)
    return vendor_key(known.name) if known is not None else key


def _unique_groups(model, fk_name: str) -> list[tuple[str, ...]]:
    """The other fields of each unique rule of `model` that includes its foreign key `fk_name`."""
    groups = [tuple(f for f in fields if f != fk_name) for fields in model._meta.unique_together if fk_name in fields]
    for constraint in model._meta.constraints:
        fields = tuple(getattr(constraint, "fields", ()) or ())
        if fk_name in fields:
            groups.append(tuple(f for f in fields if f != fk_name))
    return groups


def _conflicts(vendor_model, source, target) -> bool:
    """True when moving `source`'s rows to `target` would break a unique rule (same serial under both)."""
    for rel in vendor_model._meta.related_objects:
        if rel.many_to_many or not rel.field.concrete or rel.related_model._meta.auto_created:
            continue
        model, fk = rel.related_model, rel.field.name
        for others in _unique_groups(model, fk):
            if not others:
                continue
            mine = set(model.objects.filter(**{fk: source}).values_list(*others))
            if mine and any(values in mine for values in model.objects.filter(**{fk: target}).values_list(*others)):
                return True
    return False


def _move_references(vendor_model, source, target) -> None:
    for rel in vendor_model._meta.related_objects:
        if rel.many_to_many:
            through = rel.through
            fk = next(f.name for f in through._meta.fields if getattr(f, "related_model", None) is vendor_model)
            other = next(
                f.name
                for f in through._meta.fields
                if getattr(f, "related_model", None) is not None and f.related_model is not vendor_model
            )
            taken = set(through.objects.filter(**{fk: target}).values_list(other, flat=True))
            through.objects.filter(**{fk: source, f"{other}__in": taken}).delete()
            through.objects.filter(**{fk: source}).update(**{fk: target})
        elif rel.one_to_many or rel.one_to_one:
            rel.related_model._base_manager.filter(**{rel.field.name: source}).update(**{rel.field.name: target})


def register_vendors(vendor_model, alias_model) -> RegistryReport:
    """Bring the vendor table to one row per vendor, the known vendors with their defaults (module docstring)."""
    report = RegistryReport()
    groups: dict[str, list] = {}
    for vendor in vendor_model.objects.order_by("pk"):
        groups.setdefault(_group_key(vendor.name), []).append(vendor)
    for defaults in KNOWN_VENDORS:
        groups.setdefault(vendor_key(defaults.name), [])

    for key, rows in groups.items():
        defaults = _CANONICAL.get(key)
        target = next((r for r in rows if vendor_key(r.name) == key), rows[0] if rows else None)
        if target is None:
            target = vendor_model(name=defaults.name, key=key)
            report.created.append(defaults.name)
            rows = [target]
        if defaults is not None:
            if target.pk is None or target.parts_months == UNKNOWN_VENDOR_MONTHS:
                target.parts_months, target.labour_months = defaults.parts_months, defaults.labour_months
            if not target.onsite_months:
                target.onsite_months = defaults.onsite_months
            if target.onsite_response_hours is None:
                target.onsite_response_hours = defaults.onsite_response_hours
            target.name = defaults.name
        target.key = vendor_key(target.name)
        # Free the key first: a duplicate may still hold it until it is merged below.
        for pk in vendor_model.objects.filter(key=target.key).exclude(pk=target.pk).values_list("pk", flat=True):
            vendor_model.objects.filter(pk=pk).update(key=f"~merge~{pk}")
        target.save()
        names = []
        for row in rows:
            if row.pk == target.pk:
                continue
            if _conflicts(vendor_model, row, target):
                row.name = f"{row.name}（待合并 #{row.pk}）"[:64]
                row.key = vendor_key(row.name)
                row.save()
                report.kept_apart.append(row.name)
                continue
            _move_references(vendor_model, row, target)
            names.append(row.name)
            row.delete()
        aliases = [*names, *(defaults.aliases if defaults is not None else ())]
        for name in aliases:
            alias_key = vendor_key(name)
            if alias_key == target.key or alias_model.objects.filter(key=alias_key).exists():
                continue
            alias_model.objects.create(vendor=target, name=name, key=alias_key)
        if names:
            report.merged[target.name] = names
    return report
