"""The queue's search and filters (issue 10): number, words (jieba), customer, phone digits, serial; assignee
me/none/id; sorting; the page's search box; exact query counts."""

from __future__ import annotations

import pytest

from aftersales.assets.models import Asset
from aftersales.tickets import search, services
from aftersales.tickets.models import QueueSearch

pytestmark = pytest.mark.django_db


@pytest.fixture
def requests_(agent, customer, province_customer, asset):
    def take(cust, title, **extra):
        return services.ticket_create(actor=agent, customer_id=cust.pk, channel="phone", title=title, **extra).ticket

    return {
        "raid": take(
            customer,
            "服务器RAID阵列降级",
            severity=2,
            asset_id=asset.pk,
            contact_phone="13905516262",
            description="硬盘黄灯告警，阵列处于降级状态",
        ),
        "printer": take(province_customer, "打印机卡纸", severity=3, contact_phone="0558-2212345"),
        "switch": take(province_customer, "核心交换机端口掉线", severity=1, description="环网中断"),
    }


def titles(response):
    assert response.status_code == 200, response.content
    return [t["title"] for t in response.json()["items"]]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("RAID", ["服务器RAID阵列降级"]),
        ("阵列降级", ["服务器RAID阵列降级"]),
        ("黄灯", ["服务器RAID阵列降级"]),  # a word of the description
        ("卡纸", ["打印机卡纸"]),
        ("阜阳", ["核心交换机端口掉线", "打印机卡纸"]),  # the customer's name
        ("6262", ["服务器RAID阵列降级"]),  # any 4 digits of the contact's phone
        ("0551627", ["服务器RAID阵列降级"]),  # the customer's own phone, 7 digits
        ("2212345", ["打印机卡纸"]),
        ("7xk2m", ["服务器RAID阵列降级"]),  # a serial's beginning, any case
        ("阜阳 卡纸", ["打印机卡纸"]),  # every part must match
        ("不存在的故障", []),
    ],
)
def test_search_finds_a_request_by_what_the_caller_says(api_as, agent, requests_, q, expected):
    assert titles(api_as(agent).get("/api/v1/tickets", {"q": q})) == expected


def test_search_by_request_number(api_as, agent, requests_):
    ticket = requests_["printer"]
    api = api_as(agent)
    assert titles(api.get("/api/v1/tickets", {"q": ticket.number})) == ["打印机卡纸"]
    assert titles(api.get("/api/v1/tickets", {"q": str(ticket.pk)}))[:1] == ["打印机卡纸"]


def test_new_requests_are_indexed_when_a_search_runs_and_edits_re_index(api_as, agent, customer, requests_):
    api = api_as(agent)
    assert titles(api.get("/api/v1/tickets", {"q": "RAID"})) == ["服务器RAID阵列降级"]
    assert QueueSearch.objects.count() == 3
    fresh = services.ticket_create(
        actor=agent, customer_id=customer.pk, channel="phone", severity=3, title="UPS告警"
    ).ticket
    assert titles(api.get("/api/v1/tickets", {"q": "UPS"})) == ["UPS告警"]
    services.ticket_update(ticket_id=fresh.pk, actor=agent, expected_version=fresh.version, title="UPS电池鼓包")
    assert titles(api.get("/api/v1/tickets", {"q": "鼓包"})) == ["UPS电池鼓包"]


def test_assignee_filter_me_none_and_id(api_as, agent, make_user, requests_):
    other = make_user("other", "agent")
    raid = requests_["raid"]
    services.ticket_apply_action(ticket_id=raid.pk, action="respond", actor=agent)  # the responder takes it
    api = api_as(agent)
    assert titles(api.get("/api/v1/tickets", {"assignee": "me"})) == ["服务器RAID阵列降级"]
    assert titles(api.get("/api/v1/tickets", {"assignee": "none"})) == ["核心交换机端口掉线", "打印机卡纸"]
    assert titles(api.get("/api/v1/tickets", {"assignee": str(other.pk)})) == []
    assert api.get("/api/v1/tickets", {"assignee": "bob"}).status_code in (400, 422)
    item = api.get("/api/v1/tickets", {"assignee": "me"}).json()["items"][0]
    assert item["assignee_name"] == "agent"


def test_sorting_by_class_deadline_and_report(api_as, agent, requests_):
    api = api_as(agent)
    assert titles(api.get("/api/v1/tickets", {"sort": "severity"})) == [
        "核心交换机端口掉线",
        "服务器RAID阵列降级",
        "打印机卡纸",
    ]
    by_deadline = api.get("/api/v1/tickets", {"sort": "deadline"}).json()["items"]
    dues = [t["due_at"] for t in by_deadline]
    assert dues == sorted(dues)
    assert titles(api.get("/api/v1/tickets", {"sort": "reported"}))[0] == "核心交换机端口掉线"
    assert api.get("/api/v1/tickets", {"sort": "random"}).status_code in (400, 422)


def test_the_deadline_order_pages_with_its_cursor(api_as, agent, requests_):
    api = api_as(agent)
    first = api.get("/api/v1/tickets", {"sort": "deadline", "limit": 2}).json()
    second = api.get("/api/v1/tickets", {"sort": "deadline", "limit": 2, "cursor": first["next_cursor"]}).json()
    seen = [t["id"] for t in first["items"] + second["items"]]
    assert sorted(seen) == sorted(t.pk for t in requests_.values())


def test_search_costs_a_fixed_number_of_queries(api_as, agent, requests_, django_assert_num_queries):
    api = api_as(agent)
    api.get("/api/v1/tickets", {"q": "RAID"})  # indexes the three
    # token, newest indexed id, newer requests (none), the page's ids, their rows (ids first: decision 021 §8)
    with django_assert_num_queries(5):
        api.get("/api/v1/tickets", {"q": "阵列 6262", "assignee": "none", "sort": "severity"})
    # newest first: the ids of the newest 500 matches, then (a page they did not fill) of the newest 5,000; the
    # rows once
    with django_assert_num_queries(6):
        api.get("/api/v1/tickets", {"q": "阵列"})
    with django_assert_num_queries(5):
        api.get("/api/v1/tickets", {"q": "阜阳", "limit": 1})  # a full page from the first look
    with django_assert_num_queries(2):
        api.get("/api/v1/tickets", {"assignee": "me", "sort": "deadline"})  # no request is the agent's: no rows


def test_a_serial_is_found_by_any_beginning_of_three_characters_or_more(api_as, agent, requests_, asset):
    # given the asset's serial is longer than the beginnings stored as terms (3 to 8 characters)
    Asset.objects.filter(pk=asset.pk).update(serial="CN-7XK2M93-A01")
    search.index_refresh()
    api = api_as(agent)
    # then a stored beginning (one term), a longer one (a prefix query) and the whole serial find it, in any case
    for q in ("cn7", "CN-7XK2", "cn7xk2m9", "CN7XK2M93A", "cn-7xk2m93-a01"):
        assert titles(api.get("/api/v1/tickets", {"q": q})) == ["服务器RAID阵列降级"], q
    # and what is not its beginning does not
    for q in ("7xk2m93", "cn7xk2m93b", "cn7xk3"):
        assert titles(api.get("/api/v1/tickets", {"q": q})) == [], q


def test_query_parsing_reads_numbers_phones_words_and_serials():
    parts = search.parse("SR-2026-000123 13905516262 RAID阵列")
    assert parts[0].readings[0] == ("n123",)
    assert parts[1].readings[1] == ("p1390", "p5516", "p6262")
    assert parts[1].phone == "13905516262"
    assert ("raid", "阵列") in parts[2].readings
    assert search.parse("  ") == []
    # a serial's beginning up to 8 characters is one stored term; a longer one a prefix
    assert ("s7xk2m93",) in search.parse("7XK2M93")[0].readings
    assert search.parse("7XK2M93")[0].prefix == ""
    assert search.parse("CN-7XK2M93-A")[0].prefix == "cn7xk2m93a"
