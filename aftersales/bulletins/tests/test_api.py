"""API of bulletins and the knowledge base: roles, customers' isolation (404), shapes."""

from __future__ import annotations

import pytest

from aftersales.bulletins import services
from aftersales.bulletins.models import BulletinDelivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def created(api_as, supervisor, vendors, now):
    response = api_as(supervisor).post(
        "/api/v1/bulletins",
        {
            "kind": "firmware",
            "title": "S5735 交换机固件升级",
            "body": "修复环路检测缺陷，请升级至 V200R022。",
            "vendor_ids": [vendors["华为"].pk],
            "model_patterns": ["S5735-*"],
        },
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_a_supervisor_creates_and_publishes_a_bulletin(api_as, supervisor, created, installed_base):
    client = api_as(supervisor)
    # when
    published = client.post(f"/api/v1/bulletins/{created['id']}/publish")
    again = client.post(f"/api/v1/bulletins/{created['id']}/publish")
    deliveries = client.get(f"/api/v1/bulletins/{created['id']}/deliveries")
    # then
    assert (created["kind"], created["vendors"][0]["name"], created["model_patterns"], created["published_at"]) == (
        "firmware",
        "华为",
        ["s5735-*"],
        None,
    )
    assert published.status_code == 200
    assert {k: published.json()[k] for k in ("matched_customers", "new_deliveries")} == {
        "matched_customers": 2,
        "new_deliveries": 2,
    }
    assert (again.json()["new_deliveries"], again.json()["messages"]) == (0, 0)
    rows = sorted((d["customer_name"], d["asset_count"], d["acknowledged_at"]) for d in deliveries.json()["items"])
    assert rows == [("合肥市第一人民医院", 1, None), ("芜湖市第一中学", 1, None)]
    listed = client.get("/api/v1/bulletins").json()["items"]
    assert [(b["id"], b["delivery_count"], b["acknowledged_count"]) for b in listed] == [(created["id"], 2, 0)]


@pytest.mark.parametrize("role", ["agent", "engineer", "callback"])
def test_other_staff_may_not_write_or_list_bulletins(api_as, make_user, vendors, role):
    client = api_as(make_user(f"u-{role}", role))
    assert client.get("/api/v1/bulletins").status_code == 403
    assert (
        client.post(
            "/api/v1/bulletins", {"kind": "patch", "title": "t", "body": "b", "vendor_ids": [vendors["戴尔"].pk]}
        ).status_code
        == 403
    )


def test_a_bad_bulletin_is_refused_and_nothing_stored(api_as, supervisor, vendors):
    client = api_as(supervisor)
    no_target = client.post("/api/v1/bulletins", {"kind": "patch", "title": "t", "body": "b"})
    bad_kind = client.post(
        "/api/v1/bulletins", {"kind": "rumour", "title": "t", "body": "b", "vendor_ids": [vendors["戴尔"].pk]}
    )
    unknown_vendor = client.post(
        "/api/v1/bulletins", {"kind": "patch", "title": "t", "body": "b", "vendor_ids": [999999]}
    )
    assert [(r.status_code, r.json()["code"]) for r in (no_target, bad_kind, unknown_vendor)] == [
        (400, "no_target"),
        (400, "invalid_kind"),
        (422, "unknown_reference"),
    ]
    assert client.get("/api/v1/bulletins").json()["items"] == []


@pytest.fixture
def published(created, supervisor):
    services.bulletin_publish(bulletin_id=created["id"], actor=supervisor)
    return {d.customer.name: d for d in BulletinDelivery.objects.select_related("customer")}


def test_a_customer_sees_and_acknowledges_only_its_own_delivery(api_as, installed_base, created, published):
    client = api_as(installed_base["hospital_user"])
    own, foreign = published["合肥市第一人民医院"], published["芜湖市第一中学"]
    # when
    mine = client.get("/api/v1/bulletin-deliveries")
    of_bulletin = client.get(f"/api/v1/bulletins/{created['id']}/deliveries")
    acknowledged = client.post(f"/api/v1/bulletin-deliveries/{own.pk}/acknowledge", {"note": "已安排升级"})
    other = client.post(f"/api/v1/bulletin-deliveries/{foreign.pk}/acknowledge", {})
    # then
    assert [d["id"] for d in mine.json()["items"]] == [own.pk]
    assert [d["id"] for d in of_bulletin.json()["items"]] == [own.pk]
    assert (acknowledged.status_code, acknowledged.json()["acknowledged_via"]) == (200, "portal")
    assert other.status_code == 404
    foreign.refresh_from_db()
    assert foreign.acknowledged_at is None
    assert client.get("/api/v1/bulletins").status_code == 403  # the access table: a role not granted is 403


def test_a_customer_without_a_delivery_gets_404_for_the_bulletin(api_as, make_user, installed_base, created, published):
    clinic_user = make_user("clinic", "customer", customer=installed_base["clinic"])
    assert api_as(clinic_user).get(f"/api/v1/bulletins/{created['id']}/deliveries").status_code == 404


def test_staff_record_a_phone_acknowledgement(api_as, callback_user, published):
    delivery = published["芜湖市第一中学"]
    client = api_as(callback_user)
    without_name = client.post(f"/api/v1/bulletin-deliveries/{delivery.pk}/acknowledge", {})
    with_name = client.post(f"/api/v1/bulletin-deliveries/{delivery.pk}/acknowledge", {"name": "周老师"})
    assert (without_name.status_code, without_name.json()["code"]) == (400, "name_required")
    assert (with_name.json()["acknowledged_via"], with_name.json()["acknowledged_name"]) == ("phone", "周老师")


# ------------------------------------------------------------------------------------------- knowledge base


def test_knowledge_articles_are_written_and_searched(api_as, make_user):
    expert = make_user("expert", "expert")
    client = api_as(expert)
    # when
    created = client.post(
        "/api/v1/knowledge",
        {
            "title": "激光打印机频繁卡纸",
            "symptom": "打印机在定影器附近卡纸",
            "solution": "清理纸路\n更换搓纸轮",
            "affected_models": ["LaserJet M403d"],
            "category": "打印机",
        },
    )
    found = client.get("/api/v1/knowledge", {"q": "打印机卡纸"})
    # then
    assert created.status_code == 201
    assert created.json()["solution_steps"] == ["清理纸路", "更换搓纸轮"]
    [hit] = found.json()["items"]
    assert (hit["id"], hit["title"], hit["affected_models"], isinstance(hit["score"], float)) == (
        created.json()["id"],
        "激光打印机频繁卡纸",
        ["LaserJet M403d"],
        True,
    )


def test_an_article_from_a_resolved_request_in_one_call(api_as, make_user, agent, customer, asset):
    from aftersales.tickets import services as tickets

    ticket = tickets.ticket_create(
        actor=agent,
        customer_id=customer.pk,
        channel="phone",
        severity=3,
        title="服务器硬盘告警",
        description="硬盘指示灯亮黄灯",
        asset_id=asset.pk,
    ).ticket
    tickets.ticket_apply_action(ticket_id=ticket.pk, action="resolve", actor=agent, note="更换故障硬盘，阵列重建完成")
    client = api_as(make_user("expert", "expert"))
    # when
    response = client.post("/api/v1/knowledge", {"from_ticket_id": ticket.pk, "category": "服务器"})
    # then
    assert response.status_code == 201
    body = response.json()
    assert (body["title"], body["symptom"], body["solution_steps"], body["vendor"], body["source_ticket_id"]) == (
        "服务器硬盘告警",
        "硬盘指示灯亮黄灯",
        ["更换故障硬盘，阵列重建完成"],
        "戴尔",
        ticket.pk,
    )
    suggestions = client.get("/api/v1/knowledge/suggestions", {"title": "硬盘告警"}).json()
    assert [a["id"] for a in suggestions["articles"]] == [body["id"]]
    assert [t["number"] for t in suggestions["tickets"]] == [ticket.number]


def test_customers_may_not_read_the_knowledge_base(api_as, installed_base):
    assert api_as(installed_base["hospital_user"]).get("/api/v1/knowledge", {"q": "硬盘"}).status_code == 403


# ------------------------------------------------------------------------------------------- query counts


def test_the_bulletin_list_costs_the_same_queries_for_one_or_many(
    api_as, supervisor, make_bulletin, django_assert_num_queries
):
    client = api_as(supervisor)
    make_bulletin(("戴尔",), "")
    client.get("/api/v1/bulletins")  # warm: the token's first use stamps its last_used_at
    with django_assert_num_queries(3):  # the token, the bulletins with their counts, their vendors
        one = client.get("/api/v1/bulletins")
    for n in range(5):
        make_bulletin(("华为", "戴尔"), f"S{n}*", title=f"通知{n}")
    with django_assert_num_queries(3):
        many = client.get("/api/v1/bulletins")
    assert (len(one.json()["items"]), len(many.json()["items"])) == (1, 6)


def test_the_delivery_list_costs_the_same_queries_for_one_or_many(
    api_as, supervisor, published, django_assert_num_queries, created
):
    client = api_as(supervisor)
    client.get(f"/api/v1/bulletins/{created['id']}/deliveries")
    with django_assert_num_queries(3):  # the token, the bulletin exists, its deliveries with their customers
        response = client.get(f"/api/v1/bulletins/{created['id']}/deliveries")
    assert len(response.json()["items"]) == 2
