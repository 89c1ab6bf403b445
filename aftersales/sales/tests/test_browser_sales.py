"""One browser journey from sale to service: the salesperson wins the deal (the contract is registered) and opens
the installation project; the engineer, on a 390 px phone, counts the delivery with the customer, tests the
device, and both sides sign the acceptance certificate on the phone; the installation page then shows the
device's warranty from the day after acceptance, and so does the device's own warranty page (保修查询)."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.core.testing.browser import PHONE, sign_in


def _sign(page, selector: str) -> None:
    pad = page.locator(selector)
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    x, y = box["x"] + 30, box["y"] + box["height"] * 0.6
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 20):
        page.mouse.move(x + step * 10, y - 30 * ((step % 5) / 4), steps=2)
    page.mouse.up()


def _width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_won_deal_to_installation_to_acceptance_signed_on_a_phone_to_the_warranty(
    new_page, live_server, now, negotiating, seller, engineer
):
    # given: a deal in 商务洽谈 with every gate met
    from aftersales.assets.models import Asset
    from aftersales.sales.models import Acceptance, Installation, Opportunity

    # when: the salesperson wins it and registers the contract
    desk = new_page()
    sign_in(desk, live_server, "seller")
    desk.goto(f"{live_server.url}/sales/opportunities/{negotiating.pk}/")
    desk.fill("#id_contract_number", "HT-2026-188")
    desk.fill("#id_starts_on", "2026-10-01")
    desk.fill("#id_ends_on", "2029-09-30")
    desk.fill("#id_reason", "方案经客户审核，本地服务快")
    desk.click("#advance-button")
    desk.wait_for_selector('#opportunity-status[data-status="won"]')
    assert desk.inner_text("#contract-number") == "HT-2026-188"
    # and: opens the installation project and lists the device
    desk.click("#installation-create")
    desk.wait_for_selector("#installation-number")
    desk.click("#line-toggle")
    desk.fill("#id_description", "瓦斯监测主机")
    desk.fill("#id_vendor", "华为")
    desk.fill("#id_model", "KJ90X")
    desk.fill("#id_serial", "SN-PHONE-0001")
    desk.click("#line-form button[type=submit]")
    desk.wait_for_selector("[data-line]")
    installation = Installation.objects.get()

    # and: the engineer, on a phone, counts the line with the customer and tests the device
    phone = new_page(**PHONE)
    sign_in(phone, live_server, "eng1")
    phone.goto(f"{live_server.url}/sales/installations/{installation.pk}/")
    line = installation.lines.get()
    phone.fill(f'[data-count-form="{line.pk}"] input[name=counted_with]', "陈工")
    phone.click(f'[data-count-form="{line.pk}"] button[type=submit]')
    phone.wait_for_selector("[data-counted]")
    phone.click("#test-toggle")
    phone.fill("#id_item", "硬件自检及软件功能测试")
    phone.click("#test-form button[type=submit]")
    phone.wait_for_selector('[data-test="passed"]')
    phone.wait_for_selector("#acceptance-ready")
    # and: both sides sign the acceptance certificate on the phone
    phone.click("#acceptance-link")
    phone.wait_for_selector("#customer-pad")
    assert phone.input_value("#id_customer_signatory") == "王主任"
    assert phone.input_value("#id_signed_on") == "2026-11-26"
    phone.fill("#id_engineer_signatory", "李强")
    _sign(phone, "#customer-pad")
    _sign(phone, "#engineer-pad")
    width_at_signing = _width(phone)
    phone.click("#acceptance-save")
    phone.wait_for_selector("#acceptance-signed")

    # then: the asset is accepted today, its warranty from tomorrow, on the installation page
    asset = Asset.objects.get(serial="SN-PHONE-0001")
    acceptance = Acceptance.objects.get()
    assert asset.accepted_on == dt.date(2026, 11, 26)
    assert bytes(acceptance.customer_signature_png).startswith(b"\x89PNG")
    assert bytes(acceptance.engineer_signature_png).startswith(b"\x89PNG")
    assert phone.inner_text(f'[data-asset="{asset.pk}"] [data-warranty-start]') == "2026-11-27"
    assert width_at_signing <= 390
    assert _width(phone) <= 390
    # and: on the device's warranty page
    phone.click(f'[data-serial-link="{asset.serial}"]')
    phone.wait_for_selector("#lookup-covered-until")
    assert "2026-11-27" in phone.content()
    assert phone.inner_text("#lookup-covered-until") == "2029-11-26"
    assert Opportunity.objects.get().status == "won"
    assert installation.trainings.count() == 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_sales_pages_fit_a_phone_and_a_wide_screen_in_chinese_and_english(
    new_page, live_server, now, manager, engineer, ready_installation
):
    # given: a won deal with its installation ready for acceptance, seen by the sales manager
    paths = [
        "/sales/",
        "/sales/forecast/",
        f"/sales/opportunities/{ready_installation.opportunity_id}/",
        "/sales/installations/",
        f"/sales/installations/{ready_installation.pk}/",
        f"/sales/installations/{ready_installation.pk}/acceptance/",
    ]
    widths = {}
    for language in ("zh-hans", "en"):
        for viewport in ({"width": 390, "height": 844}, {"width": 1440, "height": 900}):
            page = new_page(viewport=viewport)
            page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
            sign_in(page, live_server, "manager")
            # when
            for path in paths:
                page.goto(f"{live_server.url}{path}")
                widths[(language, viewport["width"], path)] = _width(page)
    # then
    too_wide = {key: width for key, width in widths.items() if width > key[1]}
    assert too_wide == {}
    assert len(widths) == 24
