"""Browser journeys against the live server: intake, a transition, the customer's isolation and the login
throttle."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from aftersales.core.testing.browser import sign_in


@pytest.fixture
def page(new_page):
    """A desktop page that waits at most 10 s for each step."""
    return new_page(timeout_ms=10_000)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_agent_takes_a_request_with_the_lookup_and_responds_to_it(page, live_server, agent, customer, asset):
    # given: signed in, on the new-request page
    sign_in(page, live_server, "agent")
    page.wait_for_url(re.compile(r"/tickets/$"))
    page.click("text=新建请求")
    page.wait_for_url(re.compile(r"/tickets/new/$"))
    # when: the customer is found as the agent types, then its asset is chosen
    page.locator("#customer-query").press_sequentially("第一人民", delay=30)
    page.locator(f'.customer-option[data-customer-id="{customer.pk}"]').click()
    page.locator("#picked-customer").wait_for()
    page.locator(f'input[name="asset_id"][value="{asset.pk}"]').check()
    page.locator("#id_severity_2").check()
    page.fill("#id_title", "服务器无法开机")
    page.fill("#id_description", "电源指示灯闪烁橙色")
    page.click("#ticket-create-submit")
    # then: the request page of the new request
    page.wait_for_url(re.compile(r"/tickets/\d+/$"))
    assert re.fullmatch(r"SR-\d{4}-\d{6}", page.inner_text("#ticket-number"))
    assert page.inner_text("#ticket-status") == "已受理"
    assert page.locator("#timeline li").count() == 1
    assert "7XK2M93" in page.inner_text("main")
    assert re.match(r"剩余 \d+分\d{2}秒", page.locator('[data-deadline-name="respond"] .countdown').inner_text())

    # when: the agent responds
    page.click('button[data-action="respond"]')
    # then: the status changes and the timeline grows
    page.wait_for_selector("#ticket-status:has-text('已响应')")
    assert page.locator("#timeline li").count() == 2
    assert "已执行“响应”" in page.inner_text("main")
    assert page.locator('button[data-action="respond"]').count() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_queue_filters_with_htmx_and_shows_the_time_left(page, live_server, agent, customer, province_customer):
    from aftersales.core import clock
    from aftersales.tickets import services

    late = services.ticket_create(
        actor=agent,
        customer_id=customer.pk,
        channel="phone",
        severity=2,
        title="交换机丢包",
        reported_at=clock.now() - dt.timedelta(hours=2),
    ).ticket
    services.ticket_create(actor=agent, customer_id=province_customer.pk, channel="fax", severity=3, title="打印机卡纸")
    sign_in(page, live_server, "agent")
    page.wait_for_url(re.compile(r"/tickets/$"))
    assert page.locator("tr.queue-row").count() == 2
    # when
    page.select_option("#id_breached", "true")
    # then: the table is redrawn by htmx and the address keeps the filter
    expect(page.locator("tr.queue-row")).to_have_count(1)  # no page-side eval: the CSP forbids it
    assert page.locator("tr.queue-row").get_attribute("data-ticket-id") == str(late.pk)
    assert "breached=true" in page.url
    countdown = page.locator(f'tr[data-ticket-id="{late.pk}"] .countdown')
    assert countdown.inner_text().startswith("超时 1小时")
    assert "is-late" in countdown.get_attribute("class")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_customer_sees_only_its_own_requests(page, live_server, agent, customer, province_customer, make_user):
    from aftersales.tickets import services

    own = services.ticket_create(
        actor=agent, customer_id=customer.pk, channel="phone", severity=3, title="本单位打印机卡纸"
    ).ticket
    foreign = services.ticket_create(
        actor=agent, customer_id=province_customer.pk, channel="phone", severity=3, title="别人的服务器故障"
    ).ticket
    make_user("hospital", "customer", customer=customer)
    # when
    sign_in(page, live_server, "hospital")
    page.wait_for_url(re.compile(r"/portal/$"))
    # then: only its own request is listed
    rows = page.locator(".portal-row")
    assert rows.count() == 1
    assert own.number in rows.first.inner_text()
    assert "别人的服务器故障" not in page.inner_text("main")
    # and: another customer's request answers 404, the staff queue sends it back to the portal
    response = page.goto(f"{live_server.url}/tickets/{foreign.pk}/")
    assert response.status == 404
    assert page.locator("#not-found").is_visible()
    page.goto(f"{live_server.url}/tickets/")
    assert page.url == f"{live_server.url}/portal/"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_five_wrong_passwords_then_the_throttle_message(page, live_server, agent):
    for attempt in range(1, 6):
        sign_in(page, live_server, "agent", "not-the-password")
        page.locator("#login-error").wait_for()
        if attempt < 5:
            assert page.inner_text("#login-error") == "用户名或密码错误"
    assert page.inner_text("#login-error") == "登录失败次数过多，请 15 分钟后再试"
    # the right password is refused too, until the window has passed
    sign_in(page, live_server, "agent")
    page.locator("#login-error").wait_for()
    assert page.inner_text("#login-error") == "登录失败次数过多，请 15 分钟后再试"
    assert page.url.endswith("/login/")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("width", [390, 1440])
def test_the_queue_in_english_is_no_wider_than_the_screen(new_page, live_server, make_user, width):
    # given a supervisor (the longest menu) reading in English
    make_user("boss", "supervisor")
    page = new_page(viewport={"width": width, "height": 900}, timeout_ms=10_000)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    sign_in(page, live_server, "boss")
    page.goto(f"{live_server.url}/tickets/")  # a supervisor lands on the dashboard (issue 12)
    # then: English labels (longer than the Chinese) wrap instead of widening the page
    assert page.locator("h1, h2").first.inner_text() != "服务请求队列"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
