"""The dashboard in a real browser: every chart renders with data and without console errors, clicking a
point drills down to the queue with the same filters; the page fits a phone and a wide screen."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from aftersales.core.testing.browser import sign_in

CHARTS = (
    "open_status",
    "open_severity",
    "open_tier",
    "attainment",
    "trend",
    "map",
    "faults_vendor",
    "faults_model",
    "faults_category",
    "time_to_respond",
    "time_to_restore",
    "satisfaction",
    "complaints",
    "parts",
)


@pytest.fixture
def desk_data(db, customer, asset, agent, make_user, make_ticket):
    """This month's work: open and finished requests on a device, a callback score, a complaint, a part issued."""
    from aftersales.complaints import services as complaints
    from aftersales.core import clock
    from aftersales.followups.models import Callback
    from aftersales.parts import demo as parts_demo
    from aftersales.parts.models import Location, Part
    from aftersales.parts.services.stock import part_issue

    now = clock.now()
    reported = now - dt.timedelta(hours=30)
    if clock.local(reported).month != clock.local(now).month:
        reported = now - dt.timedelta(hours=3)
    done = make_ticket(
        reported,
        asset=asset,
        severity=2,
        status="closed",
        respond_by=reported + dt.timedelta(minutes=30),
        responded_at=reported + dt.timedelta(minutes=10),
        arrive_by=reported + dt.timedelta(hours=2),
        arrived_at=reported + dt.timedelta(hours=1),
        restore_by=reported + dt.timedelta(hours=4),
        restored_at=reported + dt.timedelta(hours=5),
        resolved_at=reported + dt.timedelta(hours=6),
        closed_at=reported + dt.timedelta(hours=7),
    )
    escalated = make_ticket(
        reported, asset=asset, severity=1, tier=2, status="escalated", respond_by=reported + dt.timedelta(minutes=15)
    )
    make_ticket(now - dt.timedelta(minutes=5), asset=asset, severity=3, breach_at=now + dt.timedelta(minutes=20))
    Callback.objects.create(
        ticket=done,
        customer=customer,
        resolved_at=done.resolved_at,
        due_on=clock.today(),
        status="done",
        satisfaction=4,
        done_at=now - dt.timedelta(minutes=30),
    )
    supervisor = make_user("boss", "supervisor")
    complaints.complaint_open(source="hotline", customer_id=customer.pk, summary="到场晚了", actor=supervisor)
    warehouse = make_user("store", "warehouse")
    parts_demo.parts_demo_load(actor=warehouse)
    location = Location.objects.order_by("pk").first()
    part = Part.objects.filter(stock__location=location, stock__on_hand__gt=0).order_by("pk").first()
    part_issue(actor=warehouse, part_id=part.pk, location_id=location.pk, quantity=1, ticket_id=escalated.pk)
    return supervisor


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_chart_renders_with_data_and_drills_down(new_page, live_server, desk_data):
    page = new_page(viewport={"width": 1440, "height": 900}, timeout_ms=60_000)  # a shared, loaded machine
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, live_server, "boss")
    page.wait_for_url(re.compile(r"/reports/$"))  # the supervisor's home page
    page.wait_for_selector("[data-dashboard][data-ready='1']")
    for name in CHARTS:
        chart = page.locator(f"#chart-{name}")
        assert chart.get_attribute("data-rendered") == "1", name
        assert int(chart.get_attribute("data-points")) > 0, name
        assert chart.locator("canvas").count() == 1, name
    assert page.inner_text("[data-figure='open_total']") == "2"
    assert errors == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1440

    # Clicking a bar of the open requests by class (the pie's sector for class 1) opens the queue so filtered.
    page.select_option("#id_severity", "1")
    page.click("#dashboard-filters button[type=submit]")
    page.wait_for_url(re.compile(r"/reports/\?.*severity=1"))
    page.wait_for_selector("[data-dashboard][data-ready='1']")
    # ECharts draws its bars with a 1 s animation: the point is where the bar stands once it has stopped
    page.wait_for_timeout(1500)
    point = page.evaluate(
        """() => {
        const el = document.getElementById('chart-open_tier');
        const chart = echarts.getInstanceByDom(el);
        const [x, y] = chart.convertToPixel({seriesIndex: 0}, [0, 0.5]);
        const box = el.getBoundingClientRect();
        return [box.left + x, box.top + y];
    }"""
    )
    page.mouse.click(point[0], point[1])
    page.wait_for_url(re.compile(r"/tickets/\?"))
    assert "severity=1" in page.url
    assert "status=open" in page.url
    assert "tier=2" in page.url
    assert page.locator("#id_severity").input_value() == "1"  # the queue shows the same filter
    assert errors == []

    # Every chart's "列表" link carries the dashboard's filters too.
    page.go_back()
    page.wait_for_selector("[data-dashboard][data-ready='1']")
    for name in CHARTS[:5]:
        href = page.get_attribute(f"#drill-{name}", "href")
        assert "severity=1" in href, name

    # A phone: no page wider than its screen.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.wait_for_selector("[data-dashboard][data-ready='1']")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert errors == []
