"""Full-text indexes over the jieba-token columns (`search_title`, `search_text`) of articles and resolved
requests, and the ranked search over them (SPEC §4 知识库).

Three backends, chosen by the database:

- SQLite (embedded mode): an FTS5 table per index (`<table>_fts`, columns title and body, rowid = the row's
  id) and an `fts5vocab` table for document frequencies, created by migration 0002. The services write it
  beside the row (`index_put` / `index_delete`), so no triggers are needed as long as every write goes
  through them. Ranking is bm25 with the title weighted 4:1.
- PostgreSQL (scaled mode): a GIN index on `setweight(to_tsvector('simple', search_title), 'A') ||
  setweight(to_tsvector('simple', search_text), 'B')` (migration 0003), ranked by ts_rank. The columns
  themselves are the index: nothing to write. Articles keep that tsvector in a stored generated column
  (`search_vector`, migration 0004): ranking a common word's matches no longer rebuilds each one's tsvector
  (117 → 22 ms over 100k articles). The similar-request rows still use the expression: at 10M their cost is the
  GIN look-up itself, and the column would rewrite the table (docs/decisions/021-postgresql-at-scale.md).
  For them a second, partial GIN index on the same expression holds only the newest `RECENT_KEYS` keys
  (`ticket_search_recent_index`, daily and in migration 0005): a stage's newest-keys window (`ticket_id > n`)
  is implied by its condition, so PostgreSQL reads a tenth of the posting lists; the queries do not change.
- Anything else, or SQLite built without FTS5: substring matching on the columns, newest rows first,
  ranked in Python. Correct but slow; fine for a few thousand rows.

Queries run in stages (`policy.ranking.search_stages`): documents with every word first, then with any
n-1 of them, down to any one. So that common words cannot make a query slow on FTS5, a stage looks at the
newest rows first: as many rowids as hold at most about `RANK_WINDOW` matches by the words' document
frequencies and, for the partial-match stages, at most `SCAN_ROWS`; the span is widened fourfold while it
holds fewer matches than asked for. The first stage (every word) is limited only when it may match more
than `RANK_WINDOW` rows. Among equal matches, the more recent is the better tie-breaker for
"similar past requests".
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db import connection, transaction

from aftersales.bulletins.policy import ranking

RANK_WINDOW = 5_000
SCAN_ROWS = 50_000
RECENT_KEYS = 1_000_000  # the partial index's span when built: the windows of 50k, 200k and 800k keys
RECENT_INDEX = "bulletins_ticketsearch_recent"
STATS_SECONDS = 60
TITLE_WEIGHT, BODY_WEIGHT = 4.0, 1.0
LIKE_CANDIDATES = 2_000
PG_VECTOR = (
    "(setweight(to_tsvector('simple', {alias}search_title), 'A') || "
    "setweight(to_tsvector('simple', {alias}search_text), 'B'))"
)
_SAFE_NAME = re.compile(r"^[a-z_]+$")
# A search's statements are index look-ups of a few milliseconds. For a word missing from its statistics
# PostgreSQL guesses 1% of the rows (100,000 at 10M), and for that plans parallel workers and JIT compilation,
# whose start alone took 40-50 ms on a query that then read nothing. Off for the search's transaction only.
PG_SHORT_QUERIES = "SELECT set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)"


@dataclass(frozen=True)
class SearchIndex:
    """One searchable table: the model table, its primary key, and an optional filter of searchable rows."""

    table: str
    key: str
    where: str = ""
    vector: str = ""  # PostgreSQL: a stored tsvector column; empty: the PG_VECTOR expression

    @property
    def fts(self) -> str:
        return f"{self.table}_fts"

    @property
    def vocab(self) -> str:
        return f"{self.table}_fts_vocab"


ARTICLES = SearchIndex("bulletins_article", "id", "is_published", vector="search_vector")
TICKETS = SearchIndex("bulletins_ticketsearch", "ticket_id")


@dataclass(frozen=True)
class Hit:
    id: int
    score: float


def backend() -> str:
    """`fts5`, `postgresql` or `like`, for the default database connection."""
    if connection.vendor == "postgresql":
        return "postgresql"
    if connection.vendor != "sqlite":
        return "like"
    cached = getattr(connection, "_aftersales_fts5", None)
    if cached is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [ARTICLES.fts])
            cached = cursor.fetchone() is not None
        # Remember only a positive answer: a database migrated later in this process must be noticed.
        if cached:
            connection._aftersales_fts5 = True
    return "fts5" if cached else "like"


# -------------------------------------------------------------------------------------------------- writing


def index_put(index: SearchIndex, rows: Iterable[tuple[int, str, str]]) -> None:
    """(Re)index rows given as (id, title tokens, body tokens). Only the FTS5 backend stores anything."""
    rows = list(rows)
    if not rows or backend() != "fts5":
        return
    with connection.cursor() as cursor:
        cursor.executemany(f"DELETE FROM {index.fts} WHERE rowid = %s", [(row[0],) for row in rows])  # noqa: S608
        cursor.executemany(f"INSERT INTO {index.fts} (rowid, title, body) VALUES (%s, %s, %s)", rows)  # noqa: S608


def index_delete(index: SearchIndex, ids: Iterable[int]) -> None:
    """Take rows out of the index (an article unpublished)."""
    ids = list(ids)
    if not ids or backend() != "fts5":
        return
    with connection.cursor() as cursor:
        cursor.executemany(f"DELETE FROM {index.fts} WHERE rowid = %s", [(i,) for i in ids])  # noqa: S608


def index_rebuild(index: SearchIndex, rows: Iterable[tuple[int, str, str]], batch_size: int = 5_000) -> int:
    """Empty the FTS5 table, fill it from `rows` in batches and merge it (bulk loads, the reindex command)."""
    if backend() != "fts5":
        return 0
    count = 0
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {index.fts}")  # noqa: S608
        batch: list[tuple[int, str, str]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= batch_size:
                cursor.executemany(f"INSERT INTO {index.fts} (rowid, title, body) VALUES (%s, %s, %s)", batch)  # noqa: S608
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(f"INSERT INTO {index.fts} (rowid, title, body) VALUES (%s, %s, %s)", batch)  # noqa: S608
            count += len(batch)
        # Merge the segments a bulk load leaves behind into one b-tree: queries read fewer pages.
        cursor.execute(f"INSERT INTO {index.fts} ({index.fts}) VALUES ('optimize')")  # noqa: S608
    return count


# -------------------------------------------------------------------------------------------------- reading


def search(index: SearchIndex, tokens: Sequence[str], limit: int) -> list[Hit]:
    """The best `limit` rows for a query given as its jieba tokens, best first."""
    terms = ranking.query_terms(tokens)
    if not terms or limit <= 0:
        return []
    kind = backend()
    if kind == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(PG_SHORT_QUERIES)
            return _search(kind, index, terms, limit)
    return _search(kind, index, terms, limit)


def _search(kind: str, index: SearchIndex, terms: Sequence[str], limit: int) -> list[Hit]:
    doc_freq = _fts5_doc_freq(index, terms) if kind == "fts5" else None
    hits: list[Hit] = []
    for stage in ranking.search_stages(terms, doc_freq):
        exclude = [h.id for h in hits]
        if kind == "fts5":
            hits.extend(
                _fts5_stage(index, stage, limit - len(hits), exclude, doc_freq or {}, everything=len(stage) == 1)
            )
        elif kind == "postgresql":
            hits.extend(_pg_stage(index, stage, limit - len(hits), exclude))
        else:
            hits.extend(_like_stage(index, stage, limit - len(hits), exclude))
        if len(hits) >= limit:
            break
    return hits[:limit]


_stats: dict[tuple[str, str], tuple[float, int, int]] = {}


def _fts5_stats(index: SearchIndex) -> tuple[int, int]:
    """(rows, highest rowid) of an FTS5 index, read at most once a minute per process."""
    key = (str(connection.settings_dict.get("NAME")), index.fts)
    cached = _stats.get(key)
    if cached is not None and cached[0] > time.monotonic():
        return cached[1], cached[2]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {index.table}" + (f" WHERE {index.where}" if index.where else ""))  # noqa: S608
        rows = cursor.fetchone()[0]
        cursor.execute(f"SELECT rowid FROM {index.fts} ORDER BY rowid DESC LIMIT 1")  # noqa: S608
        top = cursor.fetchone()
    _stats[key] = (time.monotonic() + STATS_SECONDS, rows, top[0] if top else 0)
    return rows, _stats[key][2]


def _most_matches(stage: ranking.Stage, doc_freq: Mapping[str, int], rows: int) -> int:
    """An upper bound of a stage's matches: a group matches at most as many rows as its rarest word. (Words of
    one fault go together, 负载 with 均衡, so a product of frequencies would badly underestimate.)"""
    return min(rows, sum(min(doc_freq.get(t, 0) for t in group) for group in stage))


def _fts5_doc_freq(index: SearchIndex, terms: Sequence[str]) -> dict[str, int]:
    marks = ", ".join(["%s"] * len(terms))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT term, doc FROM {index.vocab} WHERE term IN ({marks})", list(terms))  # noqa: S608
        return dict(cursor.fetchall())


def _fts5_expression(stage: ranking.Stage) -> str:
    """Each word as a quoted FTS5 string (so no word is read as an operator); words of a group ANDed, groups
    ORed."""
    groups = [" AND ".join('"' + term.replace('"', '""') + '"' for term in group) for group in stage]
    return " OR ".join(f"({group})" for group in groups)


def _fts5_stage(
    index: SearchIndex,
    stage: ranking.Stage,
    limit: int,
    exclude: Sequence[int],
    doc_freq: Mapping[str, int],
    *,
    everything: bool = False,
) -> list[Hit]:
    expression = _fts5_expression(stage)
    rows, top = _fts5_stats(index)
    span = _first_span(stage, doc_freq, rows, top, scan_rows=None if everything else SCAN_ROWS)
    while True:
        lower = top - span if span is not None and span < top else None
        sql = (
            f"SELECT rowid, bm25({index.fts}, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS score FROM {index.fts} "  # noqa: S608
            f"WHERE {index.fts} MATCH %s"
        )
        params: list = [expression]
        if lower is not None:
            sql += " AND rowid > %s"
            params.append(lower)
        if exclude:
            sql += f" AND rowid NOT IN ({', '.join(['%s'] * len(exclude))})"
            params.extend(exclude)
        sql += " ORDER BY score, rowid DESC LIMIT %s"
        params.append(limit)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchall()
        if len(found) >= limit or lower is None:
            # bm25 is lower for better matches; report higher-is-better.
            return [Hit(int(rowid), round(-score, 4)) for rowid, score in found]
        span = (span or 1) * 4


def _first_span(
    stage: ranking.Stage, doc_freq: Mapping[str, int], rows: int, top: int, scan_rows: int | None
) -> int | None:
    """How many of the newest rowids a stage looks at first (None: all of them): at most about RANK_WINDOW
    matches to rank, and for partial-match stages at most `scan_rows` rows."""
    if top <= 0:
        return None
    span = top
    most = _most_matches(stage, doc_freq, rows)
    if most > RANK_WINDOW:
        span = max(int(top * RANK_WINDOW / most), 1)
    if scan_rows is not None:
        span = min(span, scan_rows)
    return span if span < top else None


def _pg_top(index: SearchIndex) -> int:
    """The highest key of a PostgreSQL index's table, read at most once a minute per process."""
    key = (str(connection.settings_dict.get("NAME")), index.table)
    cached = _stats.get(key)
    if cached is not None and cached[0] > time.monotonic():
        return cached[2]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT max({index.key}) FROM {index.table}")  # noqa: S608 - checked names
        top = cursor.fetchone()[0] or 0
    _stats[key] = (time.monotonic() + STATS_SECONDS, 0, top)
    return top


def _pg_stage(index: SearchIndex, stage: ranking.Stage, limit: int, exclude: Sequence[int]) -> list[Hit]:
    """Like FTS5's stages, the newest SCAN_ROWS rows first, widened fourfold while they hold fewer matches than
    asked for: at 10M rows a common word matches half a million, and ranking them all (each row's tsvector is
    rebuilt from its words) took seconds (docs/decisions/021-postgresql-at-scale.md)."""
    if not (_SAFE_NAME.match(index.table) and _SAFE_NAME.match(index.key)):
        raise ValueError("unexpected table name")
    top = _pg_top(index)
    span = SCAN_ROWS
    while True:
        lower = top - span if span < top else None
        found = _pg_ranked(index, stage, limit, exclude, lower)
        if len(found) >= limit or lower is None:
            return found
        # Nothing among the newest: the words are rare, and the GIN index finds rare words anywhere at once.
        span = span * 4 if found else top


def _pg_ranked(
    index: SearchIndex, stage: ranking.Stage, limit: int, exclude: Sequence[int], lower: int | None
) -> list[Hit]:
    query = " || ".join("(" + " && ".join(["plainto_tsquery('simple', %s)"] * len(group)) + ")" for group in stage)
    words = [term for group in stage for term in group]
    vector = index.vector or PG_VECTOR.format(alias="")
    sql = (
        f"SELECT {index.key}, ts_rank({vector}, ({query})) AS score FROM {index.table} "  # noqa: S608
        f"WHERE {vector} @@ ({query})"
    )
    params: list = [*words, *words]
    if index.where:
        sql += f" AND {index.where}"
    if lower is not None:
        sql += f" AND {index.key} > %s"
        params.append(lower)
    if exclude:
        sql += f" AND {index.key} NOT IN ({', '.join(['%s'] * len(exclude))})"
        params.extend(exclude)
    sql += f" ORDER BY score DESC, {index.key} DESC LIMIT %s"
    params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [Hit(int(key), round(float(score), 4)) for key, score in cursor.fetchall()]


def ticket_search_recent_index(*, keys: int = RECENT_KEYS) -> int | None:
    """PostgreSQL: (re)build the partial GIN index of the newest similar-request keys when it is due
    (`ranking.recent_index_floor`); returns the new index's floor (it holds the keys above it), None when
    nothing was built. Built beside the old one and swapped (CONCURRENTLY: the table takes writes meanwhile;
    so not inside a transaction), then the table analysed: without statistics of the new index PostgreSQL keeps
    to the whole one. At 10M keys: 13 s for a million (decision 021 §8)."""
    if connection.vendor != "postgresql":
        return None
    table, name = TICKETS.table, RECENT_INDEX
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(hashtext(%s))", [name])
        if not cursor.fetchone()[0]:
            return None  # another process is building it
        try:
            cursor.execute(f"SELECT max({TICKETS.key}) FROM {table}")  # noqa: S608 - fixed names
            top = cursor.fetchone()[0] or 0
            cursor.execute(
                "SELECT pg_get_expr(i.indpred, i.indrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "WHERE c.relname = %s",
                [name],
            )
            row = cursor.fetchone()
            found = re.search(r">\s*\(?(-?\d+)", row[0] or "") if row else None
            floor = ranking.recent_index_floor(top, int(found.group(1)) if found else None, keys)
            if floor is None:
                return None
            vector = PG_VECTOR.format(alias="")
            cursor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}_new")
            cursor.execute(
                f"CREATE INDEX CONCURRENTLY {name}_new ON {table} USING GIN ({vector}) "
                f"WHERE {TICKETS.key} > {int(floor)}"
            )
            cursor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
            cursor.execute(f"ALTER INDEX {name}_new RENAME TO {name}")
            cursor.execute(f"ANALYZE {table}")
            return floor
        finally:
            cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [name])


def _like_stage(index: SearchIndex, stage: ranking.Stage, limit: int, exclude: Sequence[int]) -> list[Hit]:
    """Rows whose words contain every word of a group (newest `LIKE_CANDIDATES` of them), ranked by title and
    body hits weighted by how rare each word is among the candidates."""
    like = "(' ' || search_title || ' ' || search_text || ' ') LIKE %s"
    conditions = " OR ".join("(" + " AND ".join([like] * len(group)) + ")" for group in stage)
    sql = f"SELECT {index.key}, search_title, search_text FROM {index.table} WHERE ({conditions})"  # noqa: S608
    params: list = [f"% {term} %" for group in stage for term in group]
    terms = sorted({term for group in stage for term in group})
    if index.where:
        sql += f" AND {index.where}"
    if exclude:
        sql += f" AND {index.key} NOT IN ({', '.join(['%s'] * len(exclude))})"
        params.extend(exclude)
    sql += f" ORDER BY {index.key} DESC LIMIT {LIKE_CANDIDATES}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    documents = [(key, title.split(), body.split()) for key, title, body in rows]
    rarity = {t: 1.0 / (1 + sum(1 for _, tw, bw in documents if t in tw or t in bw)) for t in terms}
    scored = []
    for key, title_words, body_words in documents:
        score = sum(
            rarity[t] * (TITLE_WEIGHT * title_words.count(t) + BODY_WEIGHT * body_words.count(t)) for t in terms
        )
        score /= 1 + 0.01 * (len(title_words) + len(body_words))
        scored.append(Hit(int(key), round(score, 4)))
    scored.sort(key=lambda hit: (-hit.score, -hit.id))
    return scored[:limit]
