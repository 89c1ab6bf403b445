"""The English catalogue is complete and compiled: Chinese is the source language, English the translation."""

from __future__ import annotations

import ast
import gettext
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.LOCALE_PATHS[0])
PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
MO = LOCALE / "en" / "LC_MESSAGES" / "django.mo"


@dataclass
class Entry:
    """One live entry of a .po file: its key (`context\x04msgid` with a context, as in the compiled catalogue),
    its plural msgid if any, its translations (one, or one per plural form) and whether it is fuzzy."""

    key: str
    plural: str
    forms: list[str]
    fuzzy: bool


def po_entries(path: Path) -> list[Entry]:
    """Every live entry of `path`; the header and obsolete (#~) entries are left out."""

    def fresh() -> dict:
        return {"msgctxt": "", "msgid": "", "msgid_plural": "", "forms": {}, "fuzzy": False, "field": None}

    entries, current = [], fresh()
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if current["forms"] and (not line or line.startswith(("#", "msgid ", "msgctxt "))):
            entries.append(current)
            current = fresh()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            current["fuzzy"] = current["fuzzy"] or "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith("msgctxt "):
            current["msgctxt"], current["field"] = ast.literal_eval(line[8:]), ("msgctxt",)
        elif line.startswith("msgid_plural "):
            current["msgid_plural"], current["field"] = ast.literal_eval(line[13:]), ("msgid_plural",)
        elif line.startswith("msgid "):
            current["msgid"], current["field"] = ast.literal_eval(line[6:]), ("msgid",)
        elif line.startswith("msgstr"):
            head, value = line.split(" ", 1)
            index = int(head[7:-1]) if head.startswith("msgstr[") else 0
            current["forms"][index], current["field"] = ast.literal_eval(value), ("forms", index)
        elif line.startswith('"') and current["field"]:
            if current["field"][0] == "forms":
                current["forms"][current["field"][1]] += ast.literal_eval(line)
            else:
                current[current["field"][0]] += ast.literal_eval(line)
    if current["forms"]:
        entries.append(current)
    return [
        Entry(
            key=f"{e['msgctxt']}\x04{e['msgid']}" if e["msgctxt"] else e["msgid"],
            plural=e["msgid_plural"],
            forms=[e["forms"][i] for i in sorted(e["forms"])],
            fuzzy=e["fuzzy"],
        )
        for e in entries
        if e["msgid"]
    ]


def test_every_english_entry_is_translated_and_none_is_fuzzy():
    entries = po_entries(PO)
    assert len(entries) > 100
    assert [e.key for e in entries if not all(e.forms)] == []
    assert [e.key for e in entries if e.plural and len(e.forms) != 2] == []  # English: one and other
    assert [e.key for e in entries if e.fuzzy] == []


@pytest.mark.skipif(not MO.exists(), reason="django.mo is missing: run `manage.py compilemessages`")
def test_the_compiled_catalogue_matches_the_source():
    with MO.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = [
        e.key
        for e in po_entries(PO)
        if ([compiled.ngettext(e.key, e.plural, n) for n in (1, 2)] if e.plural else [compiled.gettext(e.key)])
        != e.forms
    ]
    assert stale == [], "django.mo is older than django.po: run `manage.py compilemessages`"
