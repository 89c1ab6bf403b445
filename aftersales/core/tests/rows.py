"""Test helper: is a row written by hand the row `Model.save()` writes for the same values? (issue 9)

`assert_as_saved(Model, pk)` reads the row through the ORM, saves that instance again as a new row with
`save()`, and compares the two rows column by column as the database holds them: every column cast to text
and, on SQLite, its storage class. A datetime stored without its fraction or in another form, a boolean
stored as text, JSON written differently: each shows. Works on SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, models


def stored(model: type[models.Model], pk: int, *, leave_out: tuple[str, ...] = ()) -> dict[str, tuple]:
    """Every column of the row but its id (and `leave_out`), as the database holds it: (text, storage class)."""
    quote = connection.ops.quote_name
    columns = [f.column for f in model._meta.concrete_fields if not f.primary_key and f.column not in leave_out]
    kind = "typeof({})" if connection.vendor == "sqlite" else "'-'"
    selected = ", ".join(f"CAST({quote(c)} AS TEXT), {kind.format(quote(c))}" for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {selected} FROM {quote(model._meta.db_table)} WHERE {quote(model._meta.pk.column)} = %s",
            [pk],
        )
        row = cursor.fetchone()
    return {column: (row[2 * i], row[2 * i + 1]) for i, column in enumerate(columns)}


def saved_again(model: type[models.Model], pk: int, **changed: Any) -> int:
    """The row `pk` read through the ORM, `changed` set on it (unique columns), and written as a new row by
    `save()`; its id.

    `save()` stamps `auto_now(_add)` fields with the time of saving: they are set back to the values read,
    through the ORM (the conversion `save()` uses), so that the two rows hold the same values.
    """
    obj = model.objects.get(pk=pk)
    stamped = {
        f.attname: getattr(obj, f.attname)
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    }
    for name, value in changed.items():
        setattr(obj, name, value)
    obj.pk = None
    obj._state.adding = True
    obj.save(force_insert=True)
    if stamped:
        model.objects.filter(pk=obj.pk).update(**stamped)
    return obj.pk


def assert_as_saved(model: type[models.Model], pk: int, **changed: Any) -> None:
    """The row `pk` (written by hand) equals, column by column, the row `save()` writes for its values;
    `changed`: unique columns the copy must hold differently (left out of the comparison)."""
    leave_out = tuple(model._meta.get_field(name).column for name in changed)
    by_hand = stored(model, pk, leave_out=leave_out)
    assert by_hand == stored(model, saved_again(model, pk, **changed), leave_out=leave_out)
    assert any(value is not None for value, _ in by_hand.values())
