"""Query words and search stages of the knowledge search."""

from __future__ import annotations

from aftersales.bulletins.policy import ranking


def test_query_terms_drop_short_words_function_words_and_parts_of_longer_words():
    # given: jieba's search-mode cut of "交换机的端口怎么丢包了"
    tokens = ["交换", "换机", "交换机", "的", "端口", "怎么", "丢包", "了", "丢包", "R750"]
    # when
    terms = ranking.query_terms(tokens)
    # then
    assert terms == ("交换机", "端口", "丢包", "r750")


def test_stages_go_from_every_word_to_any_one_word_rarest_first():
    # given
    terms = ("交换机", "端口", "丢包")
    doc_freq = {"交换机": 900, "端口": 300, "丢包": 40}
    # when
    stages = ranking.search_stages(terms, doc_freq)
    # then
    assert stages == [
        (("丢包", "端口", "交换机"),),
        (("丢包", "端口"), ("丢包", "交换机"), ("端口", "交换机")),
        (("丢包",), ("端口",), ("交换机",)),
    ]


def test_words_in_no_document_are_left_out_and_the_four_rarest_kept():
    # given
    terms = ("a1", "b2", "c3", "d4", "e5", "zz")
    doc_freq = {"a1": 5, "b2": 4, "c3": 3, "d4": 2, "e5": 1}
    # when
    stages = ranking.search_stages(terms, doc_freq)
    # then
    assert [len(stage) for stage in stages] == [1, 4, 6, 4]
    assert stages[0] == (("e5", "d4", "c3", "b2"),)
    assert stages[-1] == (("e5",), ("d4",), ("c3",), ("b2",))


def test_without_statistics_longer_words_count_as_rarer():
    assert ranking.search_stages(("硬盘", "告警灯", "r750xs"), None)[0] == (("r750xs", "告警灯", "硬盘"),)


def test_no_words_no_stages():
    assert ranking.search_stages((), {}) == []


def test_the_newest_keys_index_is_built_once_the_table_spans_twice_its_size_and_moved_when_it_does():
    keys = 1_000
    # a small table: the whole index is enough
    assert ranking.recent_index_floor(top=2_000, floor=None, keys=keys) is None
    # past twice the span: built for the newest keys
    assert ranking.recent_index_floor(top=2_001, floor=None, keys=keys) == 1_001
    # it serves until it holds twice its span, then moves to the newest keys again
    assert ranking.recent_index_floor(top=3_001, floor=1_001, keys=keys) is None
    assert ranking.recent_index_floor(top=3_002, floor=1_001, keys=keys) == 2_002
