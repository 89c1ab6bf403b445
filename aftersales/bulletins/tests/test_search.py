"""Knowledge search in Chinese: a small corpus with known answers, articles from resolved requests, and the
suggestions at intake (SPEC §4 知识库)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from aftersales.bulletins import search, segment, selectors, services
from aftersales.bulletins.models import Article, TicketSearch
from aftersales.core.errors import DomainError

pytestmark = pytest.mark.django_db

CORPUS = [
    (
        "服务器硬盘告警，RAID 阵列降级",
        "服务器前面板硬盘指示灯亮黄灯，管理口日志提示硬盘告警，RAID 阵列处于降级状态。",
        "硬盘介质错误增多，被阵列卡踢出。",
        "登录管理口确认故障硬盘槽位\n热插拔更换同型号硬盘\n等待阵列重建完成并检查日志",
        "PowerEdge R750",
        "服务器",
    ),
    (
        "核心交换机端口丢包，网络时断时续",
        "用户反映网络时断时续，核心交换机上联端口 CRC 错误持续增长，ping 丢包严重。",
        "光模块老化，收光功率偏低。",
        "查看端口错误计数\n测量光模块收光功率\n更换光模块和跳线后观察",
        "S5735-L24T4S",
        "交换机",
    ),
    (
        "激光打印机频繁卡纸",
        "打印机在定影器附近频繁卡纸，打印件出现褶皱。",
        "搓纸轮磨损、纸张受潮。",
        "清理纸路中的碎纸\n更换搓纸轮\n更换干燥的打印纸",
        "LaserJet M403d",
        "打印机",
    ),
    (
        "UPS 电池老化，停电时无法供电",
        "市电中断后 UPS 立即关机，面板提示电池故障。",
        "蓄电池使用超过五年，容量不足。",
        "做电池自检确认容量\n整组更换蓄电池\n校准后做放电试验",
        "",
        "UPS",
    ),
    (
        "防火墙策略错误导致无法访问外网",
        "升级防火墙策略后，办公区电脑无法访问外网，内网访问正常。",
        "新策略把办公网段的出站规则放在了拒绝规则之后。",
        "核对安全策略顺序\n调整出站规则优先级\n保存并测试访问外网",
        "",
        "防火墙",
    ),
    (
        "服务器无法开机，电源指示灯闪烁橙色",
        "按电源键服务器无法开机，电源模块指示灯闪烁橙色。",
        "电源模块故障。",
        "检查供电线路\n交换电源模块测试\n更换故障电源模块",
        "PowerEdge R740",
        "服务器",
    ),
    (
        "存储阵列控制器故障，业务中断",
        "存储阵列一个控制器离线，主机多路径报错，数据库业务中断。",
        "控制器固件缺陷。",
        "切换到冗余控制器恢复业务\n收集日志提交厂商\n按厂商建议升级控制器固件",
        "",
        "存储",
    ),
    (
        "台式机蓝屏死机",
        "台式机使用中频繁蓝屏死机，重启后可短暂使用。",
        "内存条接触不良。",
        "运行内存检测\n清洁内存金手指并重新插紧\n仍有问题则更换内存条",
        "",
        "台式机",
    ),
    (
        "无线 AP 频繁掉线",
        "会议室无线 AP 每天多次掉线，终端需要重新连接。",
        "信道干扰严重，POE 供电不足。",
        "调整 AP 信道\n检查交换机 POE 供电功率\n升级 AP 固件",
        "",
        "无线AP",
    ),
    (
        "投影仪画面偏色发黄",
        "投影仪开机后画面整体偏黄，对比度下降。",
        "灯泡老化，色轮脏污。",
        "检查灯泡使用时长\n清洁色轮和滤网\n更换灯泡",
        "",
        "投影仪",
    ),
]


@pytest.fixture
def corpus(expert_user):
    return [
        services.article_create(
            actor=expert_user, title=t, symptom=s, cause=c, solution=sol, affected_models=m, category=cat
        )
        for t, s, c, sol, m, cat in CORPUS
    ]


@pytest.fixture
def expert_user(make_user):
    return make_user("expert", "expert")


def top_titles(query: str, limit: int = 3) -> list[str]:
    return [hit.article.title for hit in selectors.knowledge_search(query, limit)]


KNOWN_ANSWERS = [
    pytest.param("硬盘告警", 0, id="disk-alarm"),
    pytest.param("交换机丢包", 1, id="switch-packet-loss"),
    pytest.param("打印机卡纸", 2, id="printer-jam"),
    pytest.param("打印机夹纸怎么办", 2, id="synonym-jam"),
    pytest.param("硬盘报警了", 0, id="synonym-alarm"),
    pytest.param("UPS停电不供电", 3, id="ups"),
    pytest.param("办公电脑上不了外网 防火墙", 4, id="firewall"),
    pytest.param("服务器开不了机 电源灯橙色闪烁", 5, id="no-power-on"),
    pytest.param("存储控制器离线", 6, id="storage-controller"),
    pytest.param("电脑蓝屏", 7, id="blue-screen"),
    pytest.param("AP老是掉线", 8, id="ap-drops"),
    pytest.param("投影仪偏色", 9, id="projector"),
    pytest.param("r750 硬盘黄灯", 0, id="model-and-symptom"),
]


@pytest.mark.parametrize(("query", "answer"), KNOWN_ANSWERS)
def test_the_known_answer_comes_first(corpus, query, answer):
    assert top_titles(query)[0] == CORPUS[answer][0]


@pytest.mark.parametrize(("query", "answer"), KNOWN_ANSWERS)
def test_the_fallback_without_a_full_text_index_finds_the_same_answer(corpus, monkeypatch, query, answer):
    # given: a database without FTS5 or PostgreSQL (substring matching on the word columns)
    monkeypatch.setattr(search, "backend", lambda: "like")
    # then
    assert top_titles(query)[0] == CORPUS[answer][0]


def test_on_postgresql_articles_are_ranked_from_their_stored_vector_and_edits_keep_it_current(corpus, expert_user):
    if connection.vendor != "postgresql":
        pytest.skip("the stored tsvector column is PostgreSQL's (migration 0004)")
    # given: an article's words changed after it was written (the database recomputes the generated column)
    article = Article.objects.get(title=CORPUS[9][0])
    Article.objects.filter(pk=article.pk).update(search_title="量子 纠缠", search_text="量子 纠缠 通信")
    # when
    with CaptureQueriesContext(connection) as queries:
        titles = top_titles("量子纠缠通信")
    # then: found by its new words, through the column rather than the expression
    assert titles == [CORPUS[9][0]]
    ranked = [q["sql"] for q in queries if "ts_rank" in q["sql"]]
    assert ranked
    assert all("ts_rank(search_vector" in sql and "to_tsvector" not in sql for sql in ranked)


def test_a_query_with_no_known_word_finds_nothing(corpus):
    assert top_titles("量子纠缠通信") == []


def test_when_no_article_has_every_word_the_rarer_words_still_find_one(corpus):
    # given: no article mentions both 交换机 and 投影仪
    # when
    titles = top_titles("交换机 投影仪", limit=5)
    # then: both single-word matches are found
    assert sorted(titles) == sorted([CORPUS[1][0], CORPUS[9][0], CORPUS[8][0]])


def test_unpublished_articles_are_not_found_until_published(corpus, expert_user):
    # given
    article = corpus[9]
    services.article_update(
        actor=expert_user, article_id=article.pk, expected_version=article.version, is_published=False
    )
    assert top_titles("投影仪偏色") == []
    # when
    article.refresh_from_db()
    services.article_update(
        actor=expert_user,
        article_id=article.pk,
        expected_version=article.version,
        is_published=True,
        title="投影仪画面偏色（灯泡老化）",
    )
    # then
    assert top_titles("投影仪偏色") == ["投影仪画面偏色（灯泡老化）"]


def test_an_edit_based_on_an_old_version_is_refused_and_changes_nothing(corpus, expert_user):
    article = corpus[0]
    with pytest.raises(DomainError) as raised:
        services.article_update(
            actor=expert_user, article_id=article.pk, expected_version=article.version + 1, title="改过的标题"
        )
    assert raised.value.code == "stale_version"
    assert Article.objects.get(pk=article.pk).title == CORPUS[0][0]


# -------------------------------------------------------------------------------- from resolved requests


@pytest.fixture
def resolved_ticket(agent, customer, asset):
    from aftersales.tickets import services as tickets

    ticket = tickets.ticket_create(
        actor=agent,
        customer_id=customer.pk,
        channel="phone",
        severity=2,
        title="核心交换机丢包",
        description="网络时断时续，上联端口 CRC 错误",
        asset_id=asset.pk,
    ).ticket
    tickets.ticket_record_event(ticket_id=ticket.pk, action="note", actor=agent, note="原因：光模块老化，收光功率偏低")
    tickets.ticket_apply_action(ticket_id=ticket.pk, action="respond", actor=agent, note="远程查看端口错误计数")
    tickets.ticket_apply_action(ticket_id=ticket.pk, action="resolve", actor=agent, note="更换光模块后恢复正常")
    ticket.refresh_from_db()
    return ticket


def test_resolving_a_request_makes_it_a_similar_past_request_at_intake(corpus, resolved_ticket):
    # when: an agent types a new request about the same fault
    found = selectors.intake_suggestions("交换机丢包严重 网络时断时续")
    # then: the article and the resolved request are suggested, best first
    assert found.articles[0].article.title == CORPUS[1][0]
    assert [(h.entry.ticket_id, h.entry.number, h.entry.title) for h in found.tickets] == [
        (resolved_ticket.pk, resolved_ticket.number, "核心交换机丢包")
    ]


def test_an_article_written_from_a_resolved_request_is_prefilled_from_it(resolved_ticket, expert_user):
    # when
    article = services.article_create_from_ticket(actor=expert_user, ticket_id=resolved_ticket.pk)
    # then
    assert (
        article.title,
        article.symptom,
        article.cause,
        article.solution_steps,
        article.affected_models,
        article.vendor.name,
        article.category,
        article.source_ticket_id,
    ) == (
        "核心交换机丢包",
        "网络时断时续，上联端口 CRC 错误",
        "原因：光模块老化，收光功率偏低",
        ["远程查看端口错误计数", "更换光模块后恢复正常"],
        "PowerEdge R750",
        "戴尔",
        "服务器",
        resolved_ticket.pk,
    )
    assert top_titles("光模块") == ["核心交换机丢包"]


def test_an_open_request_cannot_become_an_article(agent, customer, expert_user):
    from aftersales.tickets import services as tickets

    ticket = tickets.ticket_create(
        actor=agent, customer_id=customer.pk, channel="phone", severity=3, title="打印机卡纸"
    ).ticket
    with pytest.raises(DomainError) as raised:
        services.article_create_from_ticket(actor=expert_user, ticket_id=ticket.pk)
    assert raised.value.code == "ticket_not_resolved"
    assert Article.objects.count() == 0


def test_the_reindex_command_backfills_resolved_requests_and_articles(corpus, resolved_ticket):
    # given: the search entries are lost
    TicketSearch.objects.all().delete()
    search.index_rebuild(search.TICKETS, [])
    search.index_rebuild(search.ARTICLES, [])
    assert selectors.similar_tickets("交换机丢包") == []
    # when
    call_command("knowledge_reindex", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # then
    assert [h.entry.ticket_id for h in selectors.similar_tickets("交换机丢包")] == [resolved_ticket.pk]
    assert top_titles("硬盘告警")[0] == CORPUS[0][0]


PHRASES = [
    ("服务器硬盘告警", "阵列降级，硬盘指示灯黄灯"),
    ("核心交换机丢包", "上联端口CRC错误"),
    ("打印机卡纸", "搓纸轮磨损"),
    ("更换硬盘后阵列重建", "重建完成，告警消除"),
    ("交换机端口掉线", "光模块老化，丢包严重"),
]


def _similar_rows(keys: range) -> None:
    import datetime as dt

    rows = []
    for key in keys:
        title, text = PHRASES[key % len(PHRASES)]
        rows.append(
            TicketSearch(
                ticket_id=key,
                number=f"SR-2026-{key:06d}",
                title=title,
                resolved_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
                search_title=segment.index_text(title),
                search_text=segment.index_text(text),
            )
        )
    TicketSearch.objects.bulk_create(rows)
    search.index_put(search.TICKETS, [(r.ticket_id, r.search_title, r.search_text) for r in rows])


# CREATE INDEX CONCURRENTLY cannot run in a test's transaction; serialized_rollback keeps the reference rows.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_newest_keys_index_serves_the_search_windows_and_changes_no_result(monkeypatch):
    """Decision 021 §8: on PostgreSQL a partial GIN index holds the newest keys; the searches' SQL is unchanged,
    so every hit and score is the same with it as without it (on SQLite there is no such index: the same)."""
    # given 60 similar-request rows, and windows of the newest 5, then 20 keys (as 50,000, 200,000 at scale)
    monkeypatch.setattr(search, "SCAN_ROWS", 5)
    monkeypatch.setattr(search, "_stats", {})  # the highest key, read afresh
    _similar_rows(range(1, 61))
    queries = [["硬盘", "告警"], ["硬盘"], ["交换机", "卡纸"], ["打印机", "光模块", "重建"], ["卫星", "电话"]]
    before = [search.search(search.TICKETS, q, 5) for q in queries]
    try:
        # when the index of the newest 10 keys is built (the table spans more than twice that)
        floor = search.ticket_search_recent_index(keys=10)
        with CaptureQueriesContext(connection) as seen:
            after = [search.search(search.TICKETS, q, 5) for q in queries]
        # then the hits and their order and scores are the same
        assert after == before
        assert [len(hits) for hits in after] == [5, 5, 5, 5, 0]
        if connection.vendor != "postgresql":
            assert floor is None
            return
        assert floor == 50
        assert search.ticket_search_recent_index(keys=10) is None  # not due again yet
        # and the newest-keys windows the searches ran can be answered from it alone (with the whole index and
        # the key's set aside, in a transaction rolled back: 60 rows are read faster without any GIN)
        windows = [q["sql"] for q in seen.captured_queries if "ticket_id > 55" in q["sql"]]
        assert windows
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("DROP INDEX bulletins_ticketsearch_search")
            cursor.execute("ALTER TABLE bulletins_ticketsearch DROP CONSTRAINT bulletins_ticketsearch_pkey")
            for sql in windows:
                cursor.execute(f"EXPLAIN {sql}")
                assert search.RECENT_INDEX in " ".join(row[0] for row in cursor.fetchall())
            transaction.set_rollback(True)
        # when the table grows past twice the index's span, it moves to the newest keys
        _similar_rows(range(61, 81))
        assert search.ticket_search_recent_index(keys=10) == 70
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [search.RECENT_INDEX])
            assert cursor.fetchone()[0].endswith("WHERE (ticket_id > 70)")
    finally:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"DROP INDEX IF EXISTS {search.RECENT_INDEX}")
