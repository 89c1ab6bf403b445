"""The desk's pages (issue 10): the queue opens on open requests with a 处理人 column, searches, saves filters,
assigns and escalates in bulk, answers the live-update poll, and shows possible duplicates while typing."""

from __future__ import annotations

import pytest

from aftersales.tickets import services
from aftersales.tickets.models import SavedFilter, Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client, agent, customer, asset):
    take = {"actor": agent, "customer_id": customer.pk, "channel": "phone"}
    open_ = services.ticket_create(**take, severity=2, title="服务器RAID阵列降级", asset_id=asset.pk).ticket
    done = services.ticket_create(**take, severity=3, title="打印机卡纸已处理").ticket
    services.ticket_apply_action(ticket_id=done.pk, action="cancel", actor=agent, note="客户撤销")
    client.force_login(agent)
    return {"open": open_, "done": done}


def test_the_queue_shows_open_requests_by_default_with_a_handler_column(client, desk):
    page = client.get("/tickets/").content.decode()
    assert "服务器RAID阵列降级" in page
    assert "打印机卡纸已处理" not in page
    assert "处理人" in page
    assert 'id="id_q"' in page
    everything = client.get("/tickets/", {"status": ""}).content.decode()
    assert "打印机卡纸已处理" in everything


def test_the_rows_search_by_words(client, desk):
    rows = client.get("/tickets/rows/", {"q": "阵列", "status": ""}).content.decode()
    assert "服务器RAID阵列降级" in rows
    assert "打印机" not in rows


def test_saved_filters_are_per_user(client, desk, agent, make_user):
    response = client.post("/tickets/filters/", {"name": "我的严重", "query": "severity=1&cursor=x&q=阵列"})
    assert response.status_code == 302
    saved = SavedFilter.objects.get(user=agent)
    assert saved.query == "severity=1&q=%E9%98%B5%E5%88%97"
    assert "我的严重" in client.get("/tickets/").content.decode()
    other = make_user("other.agent", "agent")
    client.force_login(other)
    assert "我的严重" not in client.get("/tickets/").content.decode()
    assert client.post(f"/tickets/filters/{saved.pk}/delete/").status_code in (302, 404)
    assert SavedFilter.objects.filter(pk=saved.pk).exists()
    client.force_login(agent)
    client.post(f"/tickets/filters/{saved.pk}/delete/")
    assert not SavedFilter.objects.exists()


def test_bulk_assign_and_escalate(client, desk, agent, make_user, customer):
    second = services.ticket_create(
        actor=agent, customer_id=customer.pk, channel="phone", severity=3, title="二"
    ).ticket
    engineer = make_user("li.engineer", "engineer", first_name="强", last_name="李")
    ids = [desk["open"].pk, second.pk]
    client.post("/tickets/bulk/", {"ticket": ids, "bulk_action": "assign", "assignee_id": engineer.pk})
    assert set(Ticket.objects.filter(pk__in=ids).values_list("assignee_id", flat=True)) == {engineer.pk}
    client.post("/tickets/bulk/", {"ticket": [*ids, desk["done"].pk], "bulk_action": "escalate"})
    tiers = dict(Ticket.objects.filter(pk__in=[*ids, desk["done"].pk]).values_list("pk", "tier"))
    assert tiers[second.pk] == 2
    assert tiers[desk["done"].pk] == 1  # a cancelled request refuses, the others went on
    assert "李强" in client.get("/tickets/").content.decode()


def test_only_dispatchers_bulk(client, desk, make_user):
    client.force_login(make_user("wh", "warehouse"))
    assert client.post("/tickets/bulk/", {"ticket": [desk["open"].pk], "bulk_action": "escalate"}).status_code in (
        403,
        404,
    )


def test_the_live_poll_tells_what_changed_and_new_class_1_requests(client, desk, agent, customer):
    first = client.get("/tickets/changes/").json()
    assert first["changed"] is False
    services.ticket_create(actor=agent, customer_id=customer.pk, channel="phone", severity=1, title="核心系统瘫痪")
    after = client.get("/tickets/changes/", {"since": first["stamp"]}).json()
    assert after["changed"] is True
    assert [c["title"] for c in after["critical"]] == ["核心系统瘫痪"]
    ticket = desk["open"]
    version = client.get("/tickets/changes/", {"since": after["stamp"], "ticket": ticket.pk}).json()
    assert version == {"stamp": after["stamp"], "changed": False, "critical": [], "version": ticket.version}


def test_possible_duplicates_while_typing(client, desk, customer, asset):
    similar = client.get(
        "/tickets/similar/", {"customer_id": customer.pk, "title": "RAID阵列降级告警"}
    ).content.decode()
    assert desk["open"].number in similar
    by_asset = client.get("/tickets/similar/", {"customer_id": customer.pk, "title": "噪音", "asset_id": asset.pk})
    assert "同一设备" in by_asset.content.decode()
    unrelated = client.get("/tickets/similar/", {"customer_id": customer.pk, "title": "邮件无法发送"})
    assert desk["open"].number not in unrelated.content.decode()


def test_the_dispatch_button_leads_to_the_dispatch_page(client, desk):
    ticket = desk["open"]
    page = client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert 'data-action="dispatch"' not in page
    response = client.post(f"/tickets/{ticket.pk}/actions/", {"action": "dispatch", "version": ticket.version})
    assert response.status_code == 302
    assert response["Location"] == f"/dispatch/tickets/{ticket.pk}/"
    assert Ticket.objects.get(pk=ticket.pk).status == "received"
