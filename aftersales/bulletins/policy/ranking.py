"""How a Chinese search query becomes full-text queries (SPEC §4 知识库: searchable in Chinese).

Text is cut into words by jieba (search mode) before it gets here. The query keeps the distinct words of two
or more characters that are not function words, and drops a word that is part of a longer word of the same
query (交换 and 换机 inside 交换机). At most `max_terms` words are used: the rarest ones (fewest documents),
since rare words say most about a document (the idea of IDF); words in no document are dropped.

Then the stages, each one query: first documents with every word; then documents with any `n-1` of the `n`
words; and so on down to documents with any one word. Within a stage the full-text engine ranks (bm25 or
ts_rank: rarer words, more occurrences and matches in the title count more), so among documents that match
equally many words, the better match comes first.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence

MAX_TERMS = 4
# Function words that never narrow a search (的, 了, 怎么…); content words stay even when common.
_STOP_WORDS_TEXT = (
    "的 了 是 在 和 与 及 或 有 也 都 就 而 被 把 对 等 后 时 中 上 下 个 这 那 我 你 您 他 她 它 们 吗 呢 吧 啊 "
    "请 问 一个 这个 那个 我们 你们 他们 怎么 怎样 如何 什么 为什么 为何 哪些 一下 一些 已经 没有 出现 现在 "
    "还是 但是 因为 所以 如果 然后 the a an of to in on and or is are for with"
)
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())


def query_terms(tokens: Iterable[str]) -> tuple[str, ...]:
    """The words of a query worth matching, in order of first appearance."""
    words = list(dict.fromkeys(t.strip().lower() for t in tokens))
    words = [w for w in words if len(w) >= 2 and w not in STOP_WORDS]
    return tuple(w for w in words if not any(w != other and w in other for other in words))


Stage = tuple[tuple[str, ...], ...]


def search_stages(terms: Sequence[str], doc_freq: Mapping[str, int] | None, max_terms: int = MAX_TERMS) -> list[Stage]:
    """The queries to try in turn; each is a tuple of word groups: a document matches a group when it has all
    of its words, and the stage when it matches any group. Without document frequencies (no statistics on
    this database), longer words count as rarer."""
    if doc_freq is None:
        ranked = sorted(terms, key=lambda w: (-len(w), terms.index(w)))
    else:
        ranked = sorted((w for w in terms if doc_freq.get(w, 0) > 0), key=lambda w: (doc_freq[w], terms.index(w)))
    ranked = ranked[:max_terms]
    return [tuple(itertools.combinations(ranked, k)) for k in range(len(ranked), 0, -1)]


def recent_index_floor(top: int, floor: int | None, keys: int) -> int | None:
    """Where a new index of the newest `keys` search keys should start (it holds the keys above the floor), or
    None while the present one serves: the table's keys reach `top`, the present index (if any) holds the keys
    above `floor`. None too while the table spans at most `2 * keys` keys: the whole index is small enough.
    Rebuilt once it holds twice `keys`, so it never holds more than that and always holds the newest `keys`."""
    if top <= 2 * keys:
        return None
    if floor is not None and top - floor <= 2 * keys:
        return None
    return top - keys
