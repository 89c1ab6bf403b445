"""Pages: bulletin list/new/detail/publish, phone acknowledgement, the portal, the e-mail link, the knowledge
base, the intake suggestions partial, and the notification preferences page."""

from __future__ import annotations

import pytest

from aftersales.bulletins import links, services
from aftersales.bulletins.models import Bulletin, BulletinDelivery

pytestmark = pytest.mark.django_db
PASSWORD = "pw-Secret-123"


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


def test_a_supervisor_writes_and_publishes_a_bulletin_on_the_pages(signed_in, supervisor, vendors, installed_base, now):
    client = signed_in(supervisor)
    # when: the form is filled in
    response = client.post(
        "/bulletins/new/",
        {
            "kind": "defect",
            "title": "R750 电源固件缺陷",
            "body": "请升级电源固件。",
            "vendors": [vendors["戴尔"].pk],
            "model_patterns": "PowerEdge R75*",
            "remind_after_days": 3,
            "max_reminders": 2,
        },
    )
    bulletin = Bulletin.objects.get()
    # then: the detail page shows who it will reach
    assert response.status_code == 302
    detail = client.get(f"/bulletins/{bulletin.pk}/")
    assert detail.status_code == 200
    assert '<dd class="col-7" id="target-customers">1</dd>' in detail.content.decode()
    assert "发布给 1 个客户" in detail.content.decode()
    # when: published
    published = client.post(f"/bulletins/{bulletin.pk}/publish/", follow=True)
    # then
    page = published.content.decode()
    assert "已发送给 1 个客户（共 1 个客户涉及）" in page
    assert "合肥市第一人民医院" in page
    assert list(BulletinDelivery.objects.values_list("customer__name", flat=True)) == ["合肥市第一人民医院"]
    assert 'id="bulletin-publish"' not in page
    assert client.get("/bulletins/").status_code == 200


def test_an_invalid_bulletin_form_shows_the_error_and_stores_nothing(signed_in, supervisor, vendors):
    response = signed_in(supervisor).post(
        "/bulletins/new/",
        {"kind": "defect", "title": "t", "body": "b", "model_patterns": "", "remind_after_days": 3, "max_reminders": 2},
    )
    assert response.status_code == 400
    assert "请选择涉及的厂商或填写涉及的型号" in response.content.decode()
    assert Bulletin.objects.count() == 0


@pytest.mark.parametrize(("role", "status"), [("agent", 404), ("engineer", 404)])  # the access table: 404
def test_other_staff_do_not_get_the_bulletin_pages(signed_in, make_user, role, status):
    assert signed_in(make_user(f"u-{role}", role)).get("/bulletins/").status_code == status


@pytest.fixture
def delivery(now, make_bulletin, supervisor, installed_base):
    bulletin = make_bulletin(("戴尔",), "PowerEdge R75*")
    services.bulletin_publish(bulletin_id=bulletin.pk, actor=supervisor)
    return BulletinDelivery.objects.get(bulletin=bulletin)


def test_the_customer_acknowledges_in_the_portal(signed_in, installed_base, delivery):
    client = signed_in(installed_base["hospital_user"])
    listing = client.get("/bulletins/portal/")
    assert "PowerEdge 电源固件缺陷" in listing.content.decode()
    assert "待确认" in listing.content.decode()
    # when
    response = client.post(f"/bulletins/deliveries/{delivery.pk}/acknowledge/", {"note": "收到"}, follow=True)
    # then
    assert "已确认收到此通知" in response.content.decode()
    delivery.refresh_from_db()
    assert (delivery.acknowledged_via, delivery.acknowledgement_note) == ("portal", "收到")


def test_another_customer_gets_404_for_the_delivery(signed_in, installed_base, delivery):
    client = signed_in(installed_base["school_user"])
    assert client.get(f"/bulletins/portal/{delivery.pk}/").status_code == 404
    assert client.post(f"/bulletins/deliveries/{delivery.pk}/acknowledge/").status_code == 404
    delivery.refresh_from_db()
    assert delivery.acknowledged_at is None


def test_staff_record_a_phone_acknowledgement_on_the_bulletin_page(signed_in, callback_user, supervisor, delivery):
    response = signed_in(callback_user).post(
        f"/bulletins/deliveries/{delivery.pk}/acknowledge/", {"name": "王工", "note": "电话告知"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/bulletins/{delivery.bulletin_id}/#delivery-{delivery.pk}"
    delivery.refresh_from_db()
    assert (delivery.acknowledged_via, delivery.acknowledged_name) == ("phone", "王工")


def test_the_signed_link_shows_the_bulletin_and_acknowledges_only_on_post(client, delivery):
    url = f"/bulletins/ack/{links.ack_token(delivery.pk)}/"
    # when: opened (e.g. by a mail scanner)
    shown = client.get(url)
    delivery.refresh_from_db()
    # then: nothing recorded yet
    assert shown.status_code == 200
    assert "确认已收到" in shown.content.decode()
    assert delivery.acknowledged_at is None
    # when: the button is pressed
    done = client.post(url, {"name": "王工"})
    # then
    assert "已确认收到，谢谢！" in done.content.decode()
    delivery.refresh_from_db()
    assert (delivery.acknowledged_via, delivery.acknowledged_name, delivery.acknowledged_by) == ("link", "王工", None)


def test_a_forged_link_is_404(client, delivery):
    assert client.get(f"/bulletins/ack/{links.ack_token(delivery.pk)[:-3]}abc/").status_code == 404


# ------------------------------------------------------------------------------------------- knowledge base


@pytest.fixture
def article(make_user):
    return services.article_create(
        actor=make_user("expert", "expert"),
        title="核心交换机端口丢包",
        symptom="网络时断时续，端口 CRC 错误",
        solution="更换光模块\n更换跳线",
    )


def test_the_knowledge_page_searches(signed_in, agent, article):
    page = signed_in(agent).get("/bulletins/knowledge/", {"q": "交换机丢包"}).content.decode()
    assert f'data-article-id="{article.pk}"' in page
    detail = signed_in(agent).get(f"/bulletins/knowledge/{article.pk}/").content.decode()
    assert "<li>更换光模块</li><li>更换跳线</li>" in detail


def test_the_intake_partial_suggests_articles_as_the_agent_types(signed_in, agent, article):
    client = signed_in(agent)
    found = client.get("/bulletins/suggest/", {"title": "交换机丢包", "description": ""}, HTTP_HX_REQUEST="true")
    nothing = client.get("/bulletins/suggest/", {"title": "量子", "description": ""}, HTTP_HX_REQUEST="true")
    assert f'data-article-id="{article.pk}"' in found.content.decode()
    assert nothing.content.decode().strip() == ""


def test_the_intake_page_calls_the_partial(signed_in, agent):
    page = signed_in(agent).get("/tickets/new/").content.decode()
    assert 'hx-get="/bulletins/suggest/"' in page


def test_a_resolved_request_offers_to_become_an_article(signed_in, make_user, agent, customer, asset):
    from aftersales.tickets import services as tickets

    ticket = tickets.ticket_create(
        actor=agent,
        customer_id=customer.pk,
        channel="phone",
        severity=3,
        title="服务器硬盘告警",
        description="硬盘灯亮黄灯",
        asset_id=asset.pk,
    ).ticket
    tickets.ticket_apply_action(ticket_id=ticket.pk, action="resolve", actor=agent, note="更换硬盘")
    client = signed_in(make_user("expert", "expert"))
    # when
    detail = client.get(f"/tickets/{ticket.pk}/").content.decode()
    form = client.get("/bulletins/knowledge/new/", {"ticket": ticket.pk}).content.decode()
    saved = client.post(
        "/bulletins/knowledge/new/",
        {
            "title": "服务器硬盘告警",
            "symptom": "硬盘灯亮黄灯",
            "solution": "更换硬盘",
            "source_ticket": ticket.pk,
            "is_published": "on",
        },
    )
    # then
    assert f'href="/bulletins/knowledge/new/?ticket={ticket.pk}"' in detail
    assert "服务器硬盘告警" in form
    assert f"已按请求 {ticket.number} 的标题、描述和处理记录预填" in form
    assert saved.status_code == 302


def test_customers_do_not_get_the_knowledge_base(signed_in, installed_base):
    assert signed_in(installed_base["hospital_user"]).get("/bulletins/knowledge/")["Location"] == "/portal/"


# --------------------------------------------------------------------------------- notification preferences


def test_the_preferences_page_saves_what_is_ticked(signed_in, agent):
    from aftersales.notifications.models import NotificationPreference

    client = signed_in(agent)
    assert client.get("/notifications/preferences/").status_code == 200
    # when: e-mail off for bulletins, everything else as shown (in-app and e-mail), English
    ticked = {f"{kind}:{ch}": "on" for kind in ("*", "escalation", "bulletin") for ch in ("in_app", "email")}
    del ticked["bulletin:email"]
    response = client.post("/notifications/preferences/", {**ticked, "language": "en"})
    # then
    assert response.status_code == 302
    rows = {p.kind: p for p in NotificationPreference.objects.filter(user=agent)}
    assert (rows["bulletin"].in_app, rows["bulletin"].email, rows["*"].language, rows["dispatch"].in_app) == (
        True,
        False,
        "en",
        False,
    )


@pytest.mark.parametrize(
    "path",
    [
        "/admin/notifications/webhook/",
        "/admin/notifications/webhookdelivery/",
        "/admin/notifications/smsmessage/",
        "/admin/notifications/notificationpreference/",
        "/admin/bulletins/bulletin/",
        "/admin/bulletins/bulletindelivery/",
        "/admin/bulletins/article/",
        "/admin/bulletins/ticketsearch/",
        "/admin/notifications/webhook/add/",
    ],
)
def test_the_admin_screens_open(signed_in, admin_user, path):
    assert signed_in(admin_user).get(path).status_code == 200
