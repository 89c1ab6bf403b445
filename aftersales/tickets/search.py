"""The queue's search (issue 10): a request found by its number, the words of its title and description, its
customer's name, any 4+ digits of the contact's phone, or its asset's serial.

The index is `QueueSearch` (one row of terms per request, see its docstring), searched with FTS5 on SQLite and a
GIN-indexed tsvector on PostgreSQL; anything else falls back to substring matching of the terms. Terms are
made by `terms_of` (jieba through `bulletins.segment`, the knowledge base's engine, so both cut text alike).

Intake does not write the index (it stays one read and one INSERT, issue 2): `index_catch_up` indexes the
requests newer than the index's newest entry when a search runs (a few rows at a time in real use), and edits
of the searchable fields re-index the request at once (`index_tickets`). Customer renames re-index that
customer's requests.

A query is split on spaces; every part must match (AND), and a part matches when any of its readings does:
its words (all of them), a number (SR-2026-000123, or the id), a serial prefix, or a phone fragment (its
4-digit runs, all of them, then checked as a substring of the phone). A serial's beginnings of 3 to
`SERIAL_PREFIX_TERMS` characters are terms of their own (`s<beginning>`), so the usual serial search is one
term's look-up; only a longer beginning is a prefix query (`"s<beginning>"*`, which reads every term with that
prefix: at 1M requests a 6-character beginning shared by 20,000 serials took ~100 ms that way; decision 021).
Matches come newest first, at most `MATCH_LIMIT` of them, which the queue's other filters and ordering then
apply to. Terms written before the serial beginnings were: `manage.py queue_reindex` (migration 0008 does it)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL

from aftersales.bulletins import segment
from aftersales.tickets.models import QueueSearch, Ticket

MATCH_LIMIT = 5_000  # newest matches a search considers (ordering and filters apply within them)
CATCH_UP_BATCH = 2_000
MAX_PARTS = 6
SERIAL_PREFIX_TERMS = 8  # a serial's beginnings up to this length are stored as terms (s<beginning>)
NUMBER = re.compile(r"^(?:sr-?)?(?:\d{4}-?)?0*(\d{1,12})$", re.IGNORECASE)
DIGITS = re.compile(r"\D+")
SERIAL = re.compile(r"[^0-9a-z]+")
_cache: dict[str, tuple[str, ...]] = {}


# -------------------------------------------------------------------------------------------------- terms


def _words(text: str) -> tuple[str, ...]:
    """jieba's words of a text, memoised (titles and customer names repeat a lot)."""
    cached = _cache.get(text)
    if cached is None:
        cached = tuple(dict.fromkeys(SERIAL.sub("", w) if w.isascii() else w for w in segment.tokens(text)))
        cached = tuple(w for w in cached if w)
        if len(_cache) < 100_000:
            _cache[text] = cached
    return cached


def phone_grams(phone: str) -> list[str]:
    digits = DIGITS.sub("", phone or "")
    return [f"p{digits[i : i + 4]}" for i in range(len(digits) - 3)]


def serial_terms(serial: str) -> list[str]:
    """The serial (`s<serial>`) and its beginnings of 3 to SERIAL_PREFIX_TERMS characters, lower-case, letters
    and digits only."""
    cleaned = SERIAL.sub("", (serial or "").lower())
    if not cleaned:
        return []
    return [f"s{cleaned[:n]}" for n in range(3, min(len(cleaned), SERIAL_PREFIX_TERMS + 1))] + [f"s{cleaned}"]


def terms_of(
    *, pk: int, title: str, description: str, customer: str, contact_phone: str, customer_phone: str, serial: str
) -> str:
    """The index text of one request."""
    terms = [f"n{pk}", *_words(title), *_words(description[:2000]), *_words(customer)]
    terms += phone_grams(contact_phone) + phone_grams(customer_phone) + serial_terms(serial)
    return " ".join(dict.fromkeys(terms))


SOURCE_FIELDS = (
    "id",
    "title",
    "description",
    "customer__name",
    "contact_phone",
    "customer__phone",
    "asset__serial",
)


def _rows(values: Iterable[tuple]) -> list[QueueSearch]:
    return [
        QueueSearch(
            ticket_id=pk,
            terms=terms_of(
                pk=pk,
                title=title,
                description=description or "",
                customer=customer or "",
                contact_phone=contact_phone or "",
                customer_phone=customer_phone or "",
                serial=serial or "",
            ),
        )
        for pk, title, description, customer, contact_phone, customer_phone, serial in values
    ]


# ------------------------------------------------------------------------------------------------ writing


def index_catch_up(limit: int | None = None) -> int:
    """Index the requests newer than the newest indexed one (all of them, or at most `limit`); their count."""
    done = 0
    while True:
        top = QueueSearch.objects.order_by("-ticket_id").values_list("ticket_id", flat=True).first() or 0
        batch = CATCH_UP_BATCH if limit is None else min(CATCH_UP_BATCH, limit - done)
        if batch <= 0:
            return done
        values = list(Ticket.objects.filter(pk__gt=top).order_by("pk").values_list(*SOURCE_FIELDS)[:batch])
        if not values:
            return done
        with transaction.atomic():
            QueueSearch.objects.bulk_create(_rows(values), ignore_conflicts=True)
        done += len(values)
        if len(values) < batch:
            return done


SEARCHED_FIELDS = frozenset({"title", "description", "contact_phone", "asset_id"})


def index_tickets(ticket_ids: Sequence[int]) -> int:
    """Re-index these requests now (after an edit of a searchable field, a customer's rename). Only those
    already indexed: the others are the catch-up's, which indexes in id order."""
    if not ticket_ids:
        return 0
    indexed = QueueSearch.objects.filter(ticket_id__in=list(ticket_ids)).values("ticket_id")
    values = list(Ticket.objects.filter(pk__in=indexed).values_list(*SOURCE_FIELDS))
    rows = _rows(values)
    with transaction.atomic():
        QueueSearch.objects.filter(ticket_id__in=[r.ticket_id for r in rows]).delete()
        QueueSearch.objects.bulk_create(rows)
    return len(rows)


def index_refresh(batch_size: int = 5_000) -> int:
    """Write the terms of every request already indexed again, as `terms_of` makes them now (after a change of
    the terms, such as the serial beginnings); the catch-up indexes the others. Their count."""
    count, last = 0, 0
    while True:
        ids = list(
            QueueSearch.objects.filter(ticket_id__gt=last)
            .order_by("ticket_id")
            .values_list("ticket_id", flat=True)[:batch_size]
        )
        if not ids:
            return count
        count += index_tickets(ids)
        last = ids[-1]


def index_rebuild(batch_size: int = 20_000) -> int:
    """Empty the index and build it again from every request (the reindex command, bulk loads)."""
    QueueSearch.objects.all().delete()
    count, last = 0, 0
    while True:
        values = list(Ticket.objects.filter(pk__gt=last).order_by("pk").values_list(*SOURCE_FIELDS)[:batch_size])
        if not values:
            break
        with transaction.atomic():
            QueueSearch.objects.bulk_create(_rows(values), batch_size=2_000)
        count += len(values)
        last = values[-1][0]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO tickets_queuesearch_fts(tickets_queuesearch_fts) VALUES ('optimize')")
    return count


# ------------------------------------------------------------------------------------------------ reading


@dataclass(frozen=True)
class Part:
    """One space-separated part of a query and its readings (each a list of terms that must all match)."""

    text: str
    readings: tuple[tuple[str, ...], ...]
    prefix: str = ""  # a serial beginning longer than SERIAL_PREFIX_TERMS (matches s<prefix>*)
    phone: str = ""  # the digits, when the part may be a phone fragment


def parse(query: str) -> list[Part]:
    """The parts of a query with their readings; parts that give no term are dropped."""
    parts = []
    for raw in query.split()[:MAX_PARTS]:
        text = raw.strip()
        readings: list[tuple[str, ...]] = []
        number = NUMBER.match(text)
        if number:
            readings.append((f"n{int(number.group(1))}",))
        digits = DIGITS.sub("", text)
        phone = digits if len(digits) >= 4 and len(digits) >= len(text) - 2 else ""
        if phone:
            # every 4th run and the last cover all the digits: fewer terms to AND than every run
            grams = phone_grams(phone)
            readings.append(tuple(dict.fromkeys([*grams[::4], grams[-1]])))
        words = _words(text)
        if words:
            readings.append(words)
        serial = SERIAL.sub("", text.lower())
        prefix = serial if len(serial) >= 3 and serial.isascii() else ""
        if prefix and len(prefix) <= SERIAL_PREFIX_TERMS:  # a stored beginning (or the whole serial): one term
            readings.append((f"s{prefix}",))
            prefix = ""
        if readings or prefix:
            parts.append(Part(text, tuple(readings), prefix, phone))
    return parts


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def fts5_expression(parts: Sequence[Part]) -> str:
    groups = []
    for part in parts:
        options = ["(" + " AND ".join(_quote(t) for t in reading) + ")" for reading in part.readings]
        if part.prefix:
            options.append(_quote(f"s{part.prefix}") + "*")
        groups.append("(" + " OR ".join(options) + ")")
    return " AND ".join(groups)


def _pg_lexeme(term: str) -> str:
    return "'" + term.replace("'", "''").replace("\\", "\\\\") + "'"


def pg_tsquery(parts: Sequence[Part]) -> str:
    groups = []
    for part in parts:
        options = ["(" + " & ".join(_pg_lexeme(t) for t in reading) + ")" for reading in part.readings]
        if part.prefix:
            options.append(_pg_lexeme(f"s{part.prefix}") + ":*")
        groups.append("(" + " | ".join(options) + ")")
    return " & ".join(groups)


def backend() -> str:
    return connection.vendor if connection.vendor in ("sqlite", "postgresql") else "like"


FIRST_LIMIT = 500  # newest matches tried first: a page of 50 is nearly always among them


def matching_filter(query: str, *, limit: int = MATCH_LIMIT, catch_up: bool = True) -> Q | None:
    """A filter on Ticket for the requests matching `query` (the newest `limit` matches, at most MATCH_LIMIT);
    None when the query has no searchable part (the queue then ignores it)."""
    limit = max(1, min(int(limit), MATCH_LIMIT))
    parts = parse(query)
    if not parts:
        return None
    if catch_up:
        index_catch_up()
    vendor = backend()
    if vendor == "sqlite":
        sql = (
            "SELECT rowid FROM tickets_queuesearch_fts WHERE tickets_queuesearch_fts MATCH %s "
            "ORDER BY rowid DESC LIMIT 5000"  # MATCH_LIMIT
        )
        params = [fts5_expression(parts)]
    elif vendor == "postgresql":
        sql = (
            "SELECT ticket_id FROM tickets_queuesearch WHERE to_tsvector('simple', terms) @@ to_tsquery('simple', %s) "
            "ORDER BY ticket_id DESC LIMIT 5000"  # MATCH_LIMIT
        )
        params = [pg_tsquery(parts)]
    else:
        return _like_filter(parts)
    condition = Q(pk__in=RawSQL(sql.replace("LIMIT 5000", f"LIMIT {limit}"), params))  # noqa: S611  (fixed SQL)
    for part in parts:
        # A part read only as a phone fragment: its 4-digit runs matched, now the digits themselves must.
        if part.phone and len(part.readings) == 1 and not part.prefix:
            condition &= Q(contact_phone__contains=part.phone) | Q(customer__phone__contains=part.phone)
    return condition


def _like_filter(parts: Sequence[Part]) -> Q:
    condition = Q()
    for part in parts:
        options = Q()
        for reading in part.readings:
            each = Q()
            for term in reading:
                each &= Q(pk__in=QueueSearch.objects.filter(terms__contains=term).values("ticket_id"))
            options |= each
        if part.prefix:
            options |= Q(pk__in=QueueSearch.objects.filter(terms__contains=f"s{part.prefix}").values("ticket_id"))
        condition &= options
    return condition
