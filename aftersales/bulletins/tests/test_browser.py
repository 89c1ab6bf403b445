"""One journey in Debian's Chromium (Playwright, sync API) against the live server: an agent taking a request
gets a similar knowledge-base article suggested as the title is typed; a supervisor writes and publishes a
bulletin for Dell PowerEdge R75x servers; the hospital's customer user finds it in the portal and
acknowledges it, and the supervisor sees the acknowledgement."""

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
if not (VENDOR / "htmx" / "htmx.min.js").exists():
    pytest.skip("aftersales/web/static/vendor/ is missing: run `npm ci --no-audit --no-fund && "
                ".venv/bin/python scripts/vendor_static.py`", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")


@pytest.fixture(scope="module")
def browser(django_db_setup):
    """One Chromium for the module; new ORM connections get the serialized reference data (see web tests)."""
    from django.db import connections

    serialized = {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}
    with sync_api.sync_playwright() as playwright:
        for alias, contents in serialized.items():
            if contents is not None:
                connections[alias]._test_serialized_contents = contents
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, live_server):
    """new_page() → a page in a fresh context (no cookies) that refuses outside hosts and records JS errors."""
    contexts, outside, errors = [], [], []

    def guard(route):
        if route.request.url.startswith(live_server.url) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    def make():
        context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai",
                                      viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        context.route("**/*", guard)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        return page

    yield make
    for context in contexts:
        context.close()
    assert outside == [], "the page asked for something outside the server"
    assert errors == [], "the page raised JavaScript errors"


def sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-submit")
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_suggestions_at_intake_then_a_bulletin_published_and_acknowledged(new_page, live_server, agent, supervisor,
                                                                        installed_base, make_user):
    from aftersales.bulletins import search, services
    from aftersales.bulletins.models import BulletinDelivery

    # given: the indexes start empty (a flush between transactional tests does not empty FTS5 tables)
    search.index_rebuild(search.ARTICLES, [])
    search.index_rebuild(search.TICKETS, [])
    article = services.article_create(actor=make_user("expert", "expert"), title="核心交换机端口丢包",
                                      symptom="网络时断时续，上联端口 CRC 错误", solution="更换光模块\n更换跳线")

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
