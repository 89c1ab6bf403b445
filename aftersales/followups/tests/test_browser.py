"""One journey in Debian's Chromium (Playwright, sync API) against the live server: a callback specialist opens
the callback list, follows the call script and records an unhappy answer; the request reopens and a complaint
is opened."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls of the fixtures are still synchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
VENDOR = Path(__file__).resolve().parents[2] / "web" / "static" / "vendor"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]
PASSWORD = "pw-Secret-123"  # the root conftest's make_user password
TIMEOUT_MS = 15_000

if not CHROMIUM.exists():
    pytest.skip("Chromium is not installed at /usr/bin/chromium (apt-get install chromium)", allow_module_level=True)
if not (VENDOR / "bootstrap" / "bootstrap.min.css").exists():
    pytest.skip("aftersales/web/static/vendor/ is missing: run `npm ci --no-audit --no-fund && "
                ".venv/bin/python scripts/vendor_static.py`", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh context (China's time zone and language) that refuses outside hosts and records JS errors."""
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    outside: list[str] = []
    errors: list[str] = []

    def guard(route):
        if route.request.url.startswith(live_server.url) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert outside == [], "the page asked for something outside the server"
    assert errors == [], "the page raised JavaScript errors"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_callback_specialist_records_an_unhappy_answer(page, live_server, specialist, agent, customer):
    # given: a request resolved just now, its callback pending
    from aftersales.complaints.models import Complaint
    from aftersales.followups.models import Callback
    from aftersales.tickets import services as tickets
    from aftersales.tickets.models import Ticket

    ticket = tickets.ticket_create(actor=agent, customer_id=customer.pk, channel="phone", severity=3,
                                   title="打印服务器无法连接", contact_name="王主任").ticket
    tickets.ticket_apply_action(ticket_id=ticket.pk, action="resolve", actor=agent)
    callback = Callback.objects.get(ticket=ticket)

    # when: the specialist signs in, opens 回访与调查 and the callback
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", specialist.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-submit")
    page.wait_for_load_state()
    page.click("#nav-followups")
    page.wait_for_url(re.compile(r"/followups/callbacks/$"))
    page.click(f'[data-callback-link="{callback.pk}"]')
    page.wait_for_selector("#callback-form")
    assert "打印服务器无法连接" in page.inner_text("#callback-script")
    assert page.input_value("#id_answered_by") == "王主任"
    # and answers the script: not solved, satisfaction 2, courtesy 3, a remark
    page.click('label[for="id_resolved_1"]')
    page.click('label[for="id_satisfaction_1"]')
    page.click('label[for="id_courtesy_2"]')
    page.fill("#id_remarks", "打印仍然时断时续")
    page.click("#callback-save")
    page.wait_for_url(re.compile(r"/followups/callbacks/$"))

    # then: the list says what happened; the callback is done, the request reopened, a complaint opened
    text = page.inner_text("main")
    assert "回访结果已保存" in text
    assert "客户反馈问题未解决，请求已重新打开" in text
    assert "客户不满意，已自动生成投诉" in text
    assert page.locator(f'#callbacks-done [data-callback-id="{callback.pk}"]').count() == 1
    stored = Callback.objects.get(pk=callback.pk)
    assert (stored.status, stored.resolved, stored.satisfaction, stored.courtesy, stored.remarks,
            stored.done_by_id) == ("done", False, 2, 3, "打印仍然时断时续", specialist.pk)
    assert Ticket.objects.get(pk=ticket.pk).status == "reopened"
    assert list(Complaint.objects.values_list("callback_id", "ticket_id")) == [(callback.pk, ticket.pk)]
