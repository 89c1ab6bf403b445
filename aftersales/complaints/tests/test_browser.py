"""One journey in Debian's Chromium (Playwright, sync API) against the live server: a supervisor opens the overdue
complaints, replies to one, and it leaves the overdue list."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls of the fixtures are still synchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
VENDOR = Path(__file__).resolve().parents[2] / "web" / "static" / "vendor"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
PASSWORD = "pw-Secret-123"  # the root conftest's make_user password
TIMEOUT_MS = 15_000

if not CHROMIUM.exists():
    pytest.skip("Chromium is not installed at /usr/bin/chromium (apt-get install chromium)", allow_module_level=True)
if not (VENDOR / "bootstrap" / "bootstrap.min.css").exists():
    pytest.skip(
        "aftersales/web/static/vendor/ is missing: run `npm ci --no-audit --no-fund && "
        ".venv/bin/python scripts/vendor_static.py`",
        allow_module_level=True,
    )

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")


@pytest.fixture(scope="module")
def browser(django_db_setup):
    """One Chromium for the module; new ORM connections get the reference data copy `serialized_rollback` uses."""
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
def page(browser, live_server):
    """A fresh context in China's time zone and language that refuses outside hosts and records JS errors."""
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
def test_a_supervisor_replies_and_the_complaint_leaves_the_overdue_list(
    page, live_server, customer, supervisor, open_complaint
):
    # given: a hotline complaint received 20 minutes ago (7×24: reply within 10 minutes), not yet replied
    from aftersales.complaints.models import Complaint
    from aftersales.core import clock

    complaint = open_complaint(
        customer, summary="工程师未按约定时间到场", received_at=clock.now() - dt.timedelta(minutes=20)
    )
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "supervisor")
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-submit")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/complaints/?overdue=true")
    row = page.locator(f'tr.complaint-row[data-complaint-id="{complaint.pk}"]')
    assert row.locator(".overdue-badge").inner_text() == "回复"
    assert re.match(r"超时 \d+分\d{2}秒", row.locator(".countdown").inner_text())

    # when: the supervisor opens it and replies
    row.locator("a").click()
    page.wait_for_url(re.compile(rf"/complaints/{complaint.pk}/$"))
    assert page.inner_text("#complaint-status") == "已受理"
    page.fill("#reply-text", "已致电客户致歉，下午两点前安排高级工程师上门")
    page.click('#reply-form button[data-action="reply"]')
    page.wait_for_selector("#complaint-reply")

    # then: replied (late), and no longer on the overdue list
    assert page.inner_text("#complaint-status") == "已回复"
    assert page.locator('[data-deadline-name="reply"]').inner_text().count("超时达成") == 1
    page.click("#back-to-list")
    page.wait_for_url(re.compile(r"/complaints/$"))
    page.click("#overdue-link")
    page.wait_for_url(re.compile(r"/complaints/\?overdue=true$"))
    assert page.locator(f'tr.complaint-row[data-complaint-id="{complaint.pk}"]').count() == 0
    assert page.locator("#complaints-empty").is_visible()
    stored = Complaint.objects.get(pk=complaint.pk)
    assert (stored.status, stored.reply_text, stored.handler.username) == (
        "replied",
        "已致电客户致歉，下午两点前安排高级工程师上门",
        "supervisor",
    )
