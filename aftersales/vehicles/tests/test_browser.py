"""One journey in Debian's Chromium (Playwright, sync API) against the live server: a follow-up person opens a
car from the navigation, records its pick-up, sees the two follow-up calls on the car's page and records the
first call."""

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
def browser(django_db_setup):
    """One Chromium for the module; the connections Playwright's thread hands out get the reference data copy
    (regions) that `serialized_rollback` restores (see aftersales/web/tests/test_browser.py)."""
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
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1366, "height": 900})
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
def test_record_a_pick_up_see_the_two_follow_up_calls_and_record_call_one(page, live_server, make_vehicle, follower):
    # given: 张伟's 英朗, followed by 李明
    from aftersales.core import clock
    from aftersales.plans.models import WorkItem
    from aftersales.vehicles.models import FollowUpCall
    from aftersales.vehicles.policy import followup

    vehicle = make_vehicle()
    today = clock.today()
    first = followup.first_call_window(today)
    second = followup.planned_second_call_window(today)
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "liming")
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-submit")
    page.wait_for_load_state()

    # when: 李明 opens the car from the navigation and records its pick-up after a repair
    page.click("#nav-vehicles")
    page.wait_for_url(re.compile(r"/vehicles/$"))
    page.click(f'#vehicle-table tr[data-vehicle-id="{vehicle.pk}"] a')
    page.wait_for_url(re.compile(rf"/vehicles/{vehicle.pk}/$"))
    page.select_option("#pickup_kind", "repair")
    page.fill("#pickup_mileage_km", "3200")
    page.fill("#pickup_work_items", "更换前刹车片")
    page.click("#pickup-submit")
    page.wait_for_selector('#vehicle-items [data-item-kind="follow_up"]')

    # then: the two follow-up calls are on the page with their windows, call 1 ready in the call form
    items = page.locator('#vehicle-items [data-item-kind="follow_up"]')
    assert items.count() == 2
    assert items.nth(0).inner_text().startswith(
        f"第一次跟踪电话：湘K12345 张伟（{first.start_on:%m-%d}至{first.end_on:%m-%d}）")
    assert items.nth(1).inner_text().startswith(
        f"第二次跟踪电话：湘K12345 张伟（{second.start_on:%m-%d}至{second.end_on:%m-%d}）")
    assert f"到期 {first.end_on:%Y-%m-%d}" in items.nth(0).inner_text()
    assert page.input_value("#call_call_no") == "1"
    assert "更换前刹车片" in page.inner_text("#visit-table")

    # when: the first call is made and recorded
    page.fill("#call_vehicle_condition", "刹车正常，无异响")
    page.fill("#call_content", "询问维修后用车情况")
    page.fill("#call_customer_opinion", "维修及时，满意")
    page.select_option("#call_satisfaction", "5")
    page.click("#call-submit")
    page.wait_for_selector('#vehicle-items [data-item-kind="follow_up"][data-item-done="1"]')

    # then: call 1 is done, the second is due in the second week after it, and the call is in the record
    items = page.locator('#vehicle-items [data-item-kind="follow_up"]')
    assert items.count() == 2
    assert items.nth(0).get_attribute("data-item-done") == "0"  # open items come first
    assert items.nth(1).get_attribute("data-item-done") == "1"
    rescheduled = followup.second_call_window(today)
    assert items.nth(0).inner_text().startswith(
        f"第二次跟踪电话：湘K12345 张伟（{rescheduled.start_on:%m-%d}至{rescheduled.end_on:%m-%d}）")
    assert "询问维修后用车情况" in page.inner_text("#call-table")
    call = FollowUpCall.objects.get()
    assert (call.call_no, call.is_reached, call.satisfaction, call.handled_by_id) == (1, True, 5, follower.pk)
    assert WorkItem.objects.filter(kind="follow_up", done_at__isnull=True).get().due_on == rescheduled.end_on
    assert call.is_on_time is False  # made on the day of the pick-up, before day 3
