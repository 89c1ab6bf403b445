"""One browser journey against the live server: a follow-up person opens a car from the navigation, records its
pick-up, sees the two follow-up calls on the car's page and records the first call."""

from __future__ import annotations

import re

import pytest

from aftersales.core.testing.browser import sign_in


@pytest.fixture
def page(new_page):
    """A desktop page 1366 pixels wide."""
    return new_page({"width": 1366, "height": 900})


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
    sign_in(page, live_server, "liming")

    # when: 李明 opens the car from the navigation and records its pick-up after a repair
    page.click("#nav-group-service")  # the menu groups it (base.html)
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
    assert (
        items.nth(0)
        .inner_text()
        .startswith(f"第一次跟踪电话：湘K12345 张伟（{first.start_on:%m-%d}至{first.end_on:%m-%d}）")
    )
    assert (
        items.nth(1)
        .inner_text()
        .startswith(f"第二次跟踪电话：湘K12345 张伟（{second.start_on:%m-%d}至{second.end_on:%m-%d}）")
    )
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
    assert (
        items.nth(0)
        .inner_text()
        .startswith(f"第二次跟踪电话：湘K12345 张伟（{rescheduled.start_on:%m-%d}至{rescheduled.end_on:%m-%d}）")
    )
    assert "询问维修后用车情况" in page.inner_text("#call-table")
    call = FollowUpCall.objects.get()
    assert (call.call_no, call.is_reached, call.satisfaction, call.handled_by_id) == (1, True, 5, follower.pk)
    assert WorkItem.objects.filter(kind="follow_up", done_at__isnull=True).get().due_on == rescheduled.end_on
    assert call.is_on_time is False  # made on the day of the pick-up, before day 3
