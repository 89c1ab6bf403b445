"""Benchmark of the Chinese knowledge search (issue 4): `bulletins.selectors.knowledge_search` over 100k
articles, `similar_tickets` over 1M resolved requests, and the intake suggestions (both at once).

Run from the repository root: ``.venv/bin/python bench/bench_search.py [articles] [requests]`` (defaults
100,000 and 1,000,000).

It builds its own SQLite file in a scratch directory under var/ (DATABASE_URL is set before Django starts).
Texts are realistic fault reports made by combining phrases (vendor, device, part, symptom, circumstances,
cause, steps taken); each phrase is cut by jieba once and the words are joined, so generation stays fast.
Rows go in with bulk inserts and the FTS5 tables are filled in one statement each, then merged
(`optimize`, as `manage.py knowledge_reindex` does). Queries are what people type: two or three words
(硬盘告警, 华为交换机丢包), single words, a whole intake text (title and description), and words no
document has. Each timing includes cutting the query with jieba and loading the rows. Target: p95 ≤ 100 ms.
Nothing is asserted; the exit status is 1 when the target is missed.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = 100_000
REQUESTS = 1_000_000
TARGET_P95_MS = 100.0
SEED = 20261127
QUERIES = 300

VENDORS = [
    "华为",
    "新华三",
    "戴尔",
    "联想",
    "浪潮",
    "惠普",
    "思科",
    "锐捷",
    "海康威视",
    "大华",
    "爱普生",
    "佳能",
    "山特",
    "深信服",
    "中兴",
]
DEVICES = [
    "服务器",
    "核心交换机",
    "接入交换机",
    "路由器",
    "防火墙",
    "存储阵列",
    "磁带库",
    "激光打印机",
    "针式打印机",
    "复印机",
    "台式机",
    "笔记本电脑",
    "投影仪",
    "UPS电源",
    "精密空调",
    "无线AP",
    "网络摄像机",
    "硬盘录像机",
    "负载均衡",
    "光纤收发器",
]
PARTS = [
    "硬盘",
    "电源模块",
    "主板",
    "内存条",
    "风扇",
    "上联端口",
    "光模块",
    "阵列控制器",
    "蓄电池",
    "显示屏",
    "网卡",
    "硒鼓",
    "定影器",
    "搓纸轮",
    "灯泡",
    "管理口",
    "固件",
    "操作系统",
    "数据库",
    "BIOS",
    "RAID卡",
    "背板",
    "接口板",
    "散热器",
    "色带",
    "压缩机",
    "天线",
    "镜头",
    "电池",
    "跳线",
]
SYMPTOMS = [
    "告警",
    "无法开机",
    "丢包",
    "卡纸",
    "频繁重启",
    "蓝屏",
    "过热",
    "指示灯亮黄灯",
    "无法识别",
    "性能下降",
    "异响",
    "掉线",
    "无法打印",
    "数据丢失",
    "链路中断",
    "无法登录",
    "画面偏色",
    "不制冷",
    "时断时续",
    "报错",
    "死机",
    "无法供电",
    "读写缓慢",
    "认证失败",
    "图像模糊",
    "无法启动",
    "自动关机",
    "温度过高",
    "漏水",
    "噪音大",
    "CRC错误",
    "降级",
    "离线",
    "无法访问外网",
    "耗电异常",
    "充电失败",
    "按键失灵",
    "出纸歪斜",
    "字迹不清",
    "闪屏",
]
CONTEXTS = [
    "用户反映业务系统访问缓慢",
    "机房温度偏高",
    "昨晚断电后出现",
    "升级固件后出现",
    "客户要求尽快上门",
    "影响整个科室办公",
    "多次重启无效",
    "日志中有大量错误",
    "更换网线后依旧",
    "夜间备份失败",
    "雷雨天气之后",
    "新装系统第二天",
    "搬迁机房之后",
    "高峰时段尤为明显",
    "打印量大时出现",
    "设备已过保修期",
    "同型号设备也有类似现象",
    "厂商工程师远程确认",
    "门诊挂号系统受影响",
    "财务月结期间出现",
    "监控平台告警短信",
    "值班人员巡检发现",
    "电压不稳",
    "空调故障后",
    "加装内存后",
    "更换硒鼓以后",
    "网络割接以后",
    "病毒查杀后",
    "长时间未使用",
    "积尘严重",
]
CAUSES = [
    "介质老化",
    "固件缺陷",
    "供电不稳",
    "散热不良",
    "配置错误",
    "线缆松动",
    "兼容性问题",
    "部件损坏",
    "环境潮湿",
    "灰尘过多",
    "驱动版本过旧",
    "策略设置不当",
    "光功率偏低",
    "电容鼓包",
    "磨损严重",
    "病毒感染",
    "负载过高",
    "接触不良",
    "版本不一致",
    "人为误操作",
]
STEPS = [
    "登录管理口查看日志",
    "更换同型号备件",
    "升级到厂商推荐固件",
    "清洁设备内部灰尘",
    "重新插拔并紧固线缆",
    "调整配置并保存",
    "收集日志提交厂商",
    "做压力测试验证",
    "更换备机保障业务",
    "恢复出厂设置后重新配置",
    "检查供电线路和插座",
    "测量光模块收光功率",
    "重建阵列并观察",
    "更换主板",
    "调整散热和机房温度",
    "重新安装驱动程序",
    "校准打印头",
    "更换搓纸轮和分页器",
    "检查接地",
    "联系厂商寄送备件",
]


def phrase_words(phrases: list[str]) -> dict[str, str]:
    """Each phrase cut once by jieba (the words the search columns hold)."""
    from aftersales.bulletins import segment

    return {p: " ".join(segment.tokens(p)) for p in phrases}


def build(articles: int, requests: int) -> dict:
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    rng = random.Random(SEED)
    words = phrase_words(VENDORS + DEVICES + PARTS + SYMPTOMS + CONTEXTS + CAUSES + STEPS)
    at = dt.datetime(2026, 11, 27, 2, 0, tzinfo=dt.UTC)
    stamp = at.strftime("%Y-%m-%d %H:%M:%S")
    timings = {}

    def fault():
        vendor, device, part = rng.choice(VENDORS), rng.choice(DEVICES), rng.choice(PARTS)
        symptom, context, extra = rng.choice(SYMPTOMS), rng.choice(CONTEXTS), rng.choice(SYMPTOMS)
        title = f"{vendor}{device}{part}{symptom}"
        title_words = " ".join(words[p] for p in (vendor, device, part, symptom))
        body = f"{context}，{device}{part}{symptom}，伴随{extra}"
        body_words = " ".join(words[p] for p in (context, device, part, symptom, extra))
        return title, title_words, body, body_words, device

    with transaction.atomic():
        connection.ensure_connection()
        cursor = connection.connection.cursor()  # the sqlite3 cursor itself: bulk loading without the wrapper
        t0 = time.perf_counter()
        rows = []
        for i in range(articles):
            title, title_words, body, body_words, device = fault()
            cause = rng.choice(CAUSES)
            steps = rng.sample(STEPS, 3)
            rows.append(
                (
                    i + 1,
                    stamp,
                    stamp,
                    title,
                    body,
                    cause,
                    "\n".join(steps),
                    device,
                    stamp,
                    title_words,
                    " ".join([body_words, words[cause], *(words[s] for s in steps)]),
                )
            )
        cursor.executemany(
            "INSERT INTO bulletins_article (id, created_at, updated_at, version, title, symptom, cause, solution, "
            "affected_models, category, is_published, published_at, search_title, search_text) "
            "VALUES (?, ?, ?, 1, ?, ?, ?, ?, '', ?, 1, ?, ?, ?)",
            rows,
        )
        del rows
        cursor.execute(
            "INSERT INTO bulletins_article_fts (rowid, title, body) "
            "SELECT id, search_title, search_text FROM bulletins_article WHERE is_published"
        )
        cursor.execute("INSERT INTO bulletins_article_fts (bulletins_article_fts) VALUES ('optimize')")
        timings["articles"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        batch = []
        for i in range(requests):
            title, title_words, body, body_words, _ = fault()
            resolved = (at - dt.timedelta(minutes=requests - i)).strftime("%Y-%m-%d %H:%M:%S")
            batch.append((i + 1, f"SR-2026-{i + 1:06d}", title, resolved, title_words, body_words))
            if len(batch) == 100_000:
                _insert_requests(cursor, batch)
                batch = []
        if batch:
            _insert_requests(cursor, batch)
        cursor.execute(
            "INSERT INTO bulletins_ticketsearch_fts (rowid, title, body) "
            "SELECT ticket_id, search_title, search_text FROM bulletins_ticketsearch"
        )
        cursor.execute("INSERT INTO bulletins_ticketsearch_fts (bulletins_ticketsearch_fts) VALUES ('optimize')")
        timings["requests"] = time.perf_counter() - t0
    return timings


def _insert_requests(cursor, rows) -> None:
    cursor.executemany(
        "INSERT INTO bulletins_ticketsearch (ticket_id, number, title, resolved_at, search_title, "
        "search_text) VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )


def queries(rng: random.Random) -> dict[str, list[str]]:
    """What people type, in four kinds."""
    short = []
    for _ in range(QUERIES):
        shape = rng.randrange(3)
        if shape == 0:
            short.append(f"{rng.choice(PARTS)}{rng.choice(SYMPTOMS)}")
        elif shape == 1:
            short.append(f"{rng.choice(DEVICES)}{rng.choice(SYMPTOMS)}")
        else:
            short.append(f"{rng.choice(VENDORS)}{rng.choice(DEVICES)}{rng.choice(SYMPTOMS)}")
    fixed = ["硬盘告警", "交换机丢包", "打印机卡纸", "服务器无法开机", "UPS电源无法供电"]
    intake = [
        f"{rng.choice(DEVICES)}{rng.choice(PARTS)}{rng.choice(SYMPTOMS)} {rng.choice(CONTEXTS)}，"
        f"{rng.choice(CONTEXTS)}，{rng.choice(SYMPTOMS)}"
        for _ in range(QUERIES // 2)
    ]
    single = [rng.choice(DEVICES + PARTS) for _ in range(QUERIES // 3)]
    misses = ["量子纠缠通信", "区块链挖矿机", "卫星电话没信号", "无人机螺旋桨断裂"] * 10
    return {"2–3 words": fixed + short, "one common word": single, "intake text": intake, "no match": misses}


def timed(func, items) -> tuple[list[float], int]:
    timings, found = [], 0
    for item in items:
        t0 = time.perf_counter()
        result = func(item)
        timings.append((time.perf_counter() - t0) * 1000)
        found += bool(result.articles or result.tickets) if hasattr(result, "articles") else bool(result)
    return timings, found


def summary(timings: list[float]) -> tuple[float, float, float]:
    ordered = sorted(timings)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95) - 1)], ordered[-1]


def measure(scratch: Path, articles: int, requests: int) -> bool:
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'search.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.config.settings.dev")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from aftersales.bulletins import search, segment, selectors

    started = time.perf_counter()
    segment.tokens("预热")  # jieba's dictionary load (~1 s) is not part of a query
    timings = build(articles, requests)
    print(
        f"data: {articles:,} articles ({timings['articles']:.1f} s) and {requests:,} resolved requests "
        f"({timings['requests']:.1f} s) indexed; {time.perf_counter() - started:.1f} s in all; "
        f"backend {search.backend()}"
    )
    rng = random.Random(SEED + 1)
    sets = queries(rng)
    for text in sets["2–3 words"][:20]:  # warm up the page cache
        selectors.knowledge_search(text, 10)
        selectors.similar_tickets(text, 5)
    ok = True
    print(f"  {'what':48s} {'n':>4s} {'found':>5s} {'p50':>8s} {'p95':>8s} {'max':>8s}")
    for name, items in sets.items():
        for label, func in (
            (f"knowledge_search over {articles:,} articles", lambda t: selectors.knowledge_search(t, 10)),
            (f"similar_tickets over {requests:,} requests", lambda t: selectors.similar_tickets(t, 5)),
            ("intake suggestions (both)", selectors.intake_suggestions),
        ):
            if name != "intake text" and label.startswith("intake"):
                continue
            times, found = timed(func, items)
            p50, p95, worst = summary(times)
            ok = ok and p95 <= TARGET_P95_MS
            print(f"  {name + ': ' + label:48s} {len(items):4d} {found:5d} {p50:6.1f}ms {p95:6.1f}ms {worst:6.1f}ms")
    hits = selectors.knowledge_search("硬盘告警", 3)
    print("  top 3 for 硬盘告警: " + " | ".join(h.article.title for h in hits))
    print(f"  target p95 ≤ {TARGET_P95_MS:.0f} ms: {'ok' if ok else 'TOO SLOW'}")
    return ok


def main() -> None:
    articles = int(sys.argv[1]) if len(sys.argv) > 1 else ARTICLES
    requests = int(sys.argv[2]) if len(sys.argv) > 2 else REQUESTS
    (ROOT / "var").mkdir(exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="bench-search-", dir=ROOT / "var"))
    try:
        ok = measure(scratch, articles, requests)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
