"""The English catalogue is complete and compiled: Chinese is the source language, English the translation."""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.LOCALE_PATHS[0])
PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
MO = LOCALE / "en" / "LC_MESSAGES" / "django.mo"


def po_entries(path: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) of every live entry; the header and obsolete (#~) entries are left out.

    An entry with a context has the msgid `context\x04msgid`, as in the compiled catalogue.
    """

    def fresh() -> dict:
        return {"msgctxt": "", "msgid": "", "msgstr": "", "fuzzy": False, "field": None}

    entries, current = [], fresh()
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if current["field"] == "msgstr" and (not line or line.startswith(("#", "msgid ", "msgctxt "))):
            entries.append(current)
            current = fresh()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            current["fuzzy"] = current["fuzzy"] or "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith("msgctxt "):
            current["msgctxt"], current["field"] = ast.literal_eval(line[8:]), "msgctxt"
        elif line.startswith("msgid "):
            current["msgid"], current["field"] = ast.literal_eval(line[6:]), "msgid"
        elif line.startswith("msgstr"):
            current["msgstr"], current["field"] = ast.literal_eval(line.split(" ", 1)[1]), "msgstr"
        elif line.startswith('"') and current["field"]:
            current[current["field"]] += ast.literal_eval(line)
    if current["field"] == "msgstr":
        entries.append(current)
    return [
        (f"{e['msgctxt']}\x04{e['msgid']}" if e["msgctxt"] else e["msgid"], e["msgstr"], e["fuzzy"])
        for e in entries
        if e["msgid"]
    ]


def test_every_english_entry_is_translated_and_none_is_fuzzy():
    entries = po_entries(PO)
    assert len(entries) > 100
    assert [m for m, s, _ in entries if not s] == []
    assert [m for m, _, fuzzy in entries if fuzzy] == []


@pytest.mark.skipif(not MO.exists(), reason="django.mo is missing: run `manage.py compilemessages`")
def test_the_compiled_catalogue_matches_the_source():
    with MO.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = [m for m, s, _ in po_entries(PO) if compiled.gettext(m) != s]
    assert stale == [], "django.mo is older than django.po: run `manage.py compilemessages`"
