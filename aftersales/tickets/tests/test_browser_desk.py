"""The desk's journey (issue 10) from a database set up by `aftersales setup` alone (migrations and the demo data;
no fix-ups by an admin): the agent registers a new caller and takes a request for them (the caller filled in
from the contacts); the supervisor finds it by searching the queue ("/" focuses the search), dispatches it to the
best candidate and re-dispatches it to a partner, and the request's 处理人 follows. The queue and the dispatch
map are checked in the browser, and the agent's and supervisor's main pages are written to var/screenshots/ in
Chinese and English at 390 and 1440 px for review (each no wider than its screen).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings

from aftersales.core.testing.browser import sign_in

SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
WIDTHS = (390, 1440)
LANGUAGES = ("zh-hans", "en")
NEW_CALLER = "巢湖市第三中学信息中心"


@pytest.fixture
def demo(db, monkeypatch):
    from django.core.management import call_command

    monkeypatch.setenv("AFTERSALES_ADMIN_PASSWORD", "admin-Secret-2026")  # setup then writes no password file
    from aftersales.demo.loader import demo_password

    call_command("setup", stdout=io.StringIO())
    return demo_password()


def _shots(page, live_server, name: str, path: str) -> list[str]:
    """Screenshots of `path` in both languages at both widths; the pages wider than their screen."""
    too_wide = []
    for language in LANGUAGES:
        page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(SHOTS / f"desk-{name}-{language}-{width}.png"), full_page=False)
            document = page.evaluate("document.documentElement.scrollWidth")
            if document > width:
                too_wide.append(f"{name} {language} {width}px: {document}px")
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "zh-hans", "url": live_server.url}])
    page.set_viewport_size({"width": 1440, "height": 900})
    return too_wide


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_agent_registers_a_caller_and_a_request_supervisor_finds_and_reassigns_it(new_page, live_server, demo):
    from aftersales.customers.models import Customer
    from aftersales.dispatch.models import Dispatch
    from aftersales.tickets.models import Ticket

    SHOTS.mkdir(parents=True, exist_ok=True)
    too_wide = []

    # --- the agent: a caller the archive does not know yet
    agent = new_page(viewport={"width": 1440, "height": 900})
    sign_in(agent, live_server, "zhang.agent", demo)
    agent.goto(f"{live_server.url}/tickets/new/")
    agent.fill("#customer-query", NEW_CALLER)
    agent.locator("#new-caller").click()
    agent.wait_for_url("**/customers/new/**")
    assert agent.input_value("#id_name") == NEW_CALLER
    agent.fill("#id_address", "合肥市巢湖市半汤路8号")
    agent.fill("#id_phone", "0551-82345678")
    agent.fill("#id_contact_name", "陈老师")
    agent.fill("#id_contact_phone", "13955123456")
    agent.locator("#customer-save").click()
    agent.wait_for_url("**/tickets/new/?customer=*")
    customer = Customer.objects.get(name=NEW_CALLER)
    assert customer.district == "巢湖市"
    # the caller comes from the contacts: the primary contact is filled in
    agent.wait_for_function("document.querySelector('#id_contact_name').value === '陈老师'")
    assert agent.input_value("#id_contact_phone") == "13955123456"
    agent.fill("#id_title", "机房核心交换机端口频繁掉线")
    agent.fill("#id_description", "三楼机房核心交换机上联口每隔十分钟掉线一次")
    agent.locator("input[name=severity][value='2']").check(force=True)
    agent.locator("#ticket-create-submit").click()
    agent.wait_for_url("**/tickets/*/")
    ticket = Ticket.objects.get(customer=customer)
    assert (ticket.contact_name, ticket.contact_phone, ticket.channel) == ("陈老师", "13955123456", "phone")
    # a second request of the same customer with a similar title is flagged while it is typed
    agent.goto(f"{live_server.url}/tickets/new/?customer={customer.pk}")
    agent.fill("#id_title", "核心交换机端口掉线")
    agent.wait_for_selector(f"#similar-tickets [data-similar='{ticket.pk}']")
    too_wide += _shots(agent, live_server, "agent-queue", "/tickets/")
    too_wide += _shots(agent, live_server, "agent-intake", f"/tickets/new/?customer={customer.pk}")

    # --- the supervisor: finds it by a word of the fault, dispatches, re-dispatches to a partner
    boss = new_page(viewport={"width": 1440, "height": 900})
    sign_in(boss, live_server, "zhao.supervisor", demo)
    boss.goto(f"{live_server.url}/tickets/")
    boss.locator("body").press("/")
    assert boss.evaluate("document.activeElement.id") == "id_q"
    boss.keyboard.type("掉线 巢湖")
    row = boss.locator(f".queue-row[data-ticket-id='{ticket.pk}']")
    row.wait_for()
    assert boss.locator(".queue-row").count() >= 1
    row.locator("a").first.click()
    boss.wait_for_url(f"**/tickets/{ticket.pk}/")
    boss.locator("#dispatch-link").click()
    boss.wait_for_url(f"**/dispatch/tickets/{ticket.pk}/")
    boss.wait_for_selector("#dispatch-map[data-rendered='1']")
    # the nearest first: someone in 巢湖市 itself (county level: 0 km), not the city centre's crowd
    assert "0.0 km" in boss.locator("#candidates tbody tr").first.inner_text()
    kinds = boss.locator("#candidates tbody tr").evaluate_all("rows => rows.map(r => r.dataset.candidate)")
    assert len(kinds) == len(set(kinds))  # nobody twice
    # first to our own engineer 李强 (陈伟, nearer, is the partner's engineer)
    boss.locator("#candidates tbody tr[data-candidate^='engineer:']", has_text="李强").locator(
        "button[data-dispatch]"
    ).click()
    boss.wait_for_selector("#dispatch-history [data-dispatch-status='active']")
    ticket.refresh_from_db()
    engineer_user = ticket.assignee_id
    assert ticket.status == "dispatched"
    assert engineer_user is not None
    # re-dispatched to the 巢湖 partner company (its engineer 陈伟 has an account: he becomes the 处理人)
    partner_row = boss.locator("#candidates tbody tr[data-candidate^='partner:']", has_text="巢湖电力实业总公司")
    partner_row.locator("button[data-dispatch]").click()
    boss.wait_for_selector("#dispatch-history [data-dispatch-status='replaced']")
    ticket.refresh_from_db()
    active = Dispatch.objects.get(ticket=ticket, status="active")
    assert active.partner.name == "巢湖电力实业总公司"
    assert ticket.assignee_id != engineer_user  # the 处理人 followed the re-dispatch
    assert ticket.assignee.username == "chen.partner"
    # the queue shows the new 处理人, found by the request number
    boss.goto(f"{live_server.url}/tickets/?q={ticket.number}")
    cell = boss.locator(f".queue-row[data-ticket-id='{ticket.pk}'] .assignee-cell")
    assert "陈伟" in cell.inner_text()
    too_wide += _shots(boss, live_server, "supervisor-queue", "/tickets/?assignee=none&sort=deadline")
    too_wide += _shots(boss, live_server, "supervisor-dispatch", f"/dispatch/tickets/{ticket.pk}/")
    too_wide += _shots(boss, live_server, "supervisor-engineers", "/dispatch/engineers/")
    assert too_wide == []
