"""One browser journey against the live server: an agent taking a request gets a similar knowledge-base article
suggested as the title is typed; a supervisor writes and publishes a bulletin for Dell PowerEdge R75x servers; the
hospital's customer user finds it in the portal and acknowledges it, and the supervisor sees the acknowledgement."""

from __future__ import annotations

import re

import pytest

from aftersales.core.testing.browser import sign_in


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_suggestions_at_intake_then_a_bulletin_published_and_acknowledged(
    new_page, live_server, agent, supervisor, installed_base, make_user
):
    from aftersales.bulletins import search, services
    from aftersales.bulletins.models import BulletinDelivery

    # given: the indexes start empty (a flush between transactional tests does not empty FTS5 tables)
    search.index_rebuild(search.ARTICLES, [])
    search.index_rebuild(search.TICKETS, [])
    article = services.article_create(
        actor=make_user("expert", "expert"),
        title="核心交换机端口丢包",
        symptom="网络时断时续，上联端口 CRC 错误",
        solution="更换光模块\n更换跳线",
    )

    # when: the agent types a title on the new-request page
    page = new_page()
    sign_in(page, live_server, "agent")
    page.goto(f"{live_server.url}/tickets/new/")
    page.locator("#id_title").press_sequentially("交换机丢包", delay=40)
    # then: the article is suggested under the form
    suggestion = page.locator(f'.suggested-article[data-article-id="{article.pk}"]')
    suggestion.wait_for()
    assert suggestion.inner_text() == "核心交换机端口丢包"

    # when: the supervisor writes a bulletin for Dell PowerEdge R75x and publishes it
    page = new_page()
    sign_in(page, live_server, "supervisor")
    page.click("#nav-group-archive")  # the menu groups it (base.html)
    page.click("#nav-bulletins")
    page.click("#bulletin-new")
    page.select_option("#id_kind", "defect")
    page.fill("#id_title", "R750 电源固件缺陷")
    page.fill("#id_body", "部分批次电源固件可能导致意外重启，请升级至 2.3.1。")
    page.select_option("#id_vendors", label="戴尔")
    page.fill("#id_model_patterns", "PowerEdge R75*")
    page.click("#bulletin-save")
    page.wait_for_url(re.compile(r"/bulletins/\d+/$"))
    assert page.inner_text("#target-customers") == "1"
    page.click("#bulletin-publish")
    # then: one delivery, not yet acknowledged
    page.wait_for_selector("#delivery-table .delivery-row")
    assert page.locator("#delivery-table .delivery-row").count() == 1
    assert "未确认" in page.inner_text("#delivery-table")

    # when: the hospital's user opens the portal's bulletins and acknowledges
    customer_page = new_page()
    sign_in(customer_page, live_server, "hospital")
    customer_page.click("#nav-portal-bulletins")
    customer_page.click("text=R750 电源固件缺陷")
    customer_page.click("#ack-submit")
    # then
    customer_page.wait_for_selector("#ack-status")
    assert customer_page.inner_text("#ack-status").startswith("已于")
    page.reload()
    assert page.inner_text("#acknowledged-count") == "1"
    assert "客户门户" in page.inner_text("#delivery-table")
    delivery = BulletinDelivery.objects.get()
    assert (delivery.acknowledged_via, delivery.acknowledged_by.username) == ("portal", "hospital")
