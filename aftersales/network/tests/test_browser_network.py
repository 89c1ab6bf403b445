"""Browser checks of the dealer network: the map of 安徽 renders with the outlets and the violations of the 150 km
rule; the pages fit a phone and a wide screen in Chinese and English; the public list needs no sign-in."""

from __future__ import annotations

import re

import pytest

from aftersales.core.testing.browser import sign_in

HEFEI = (31.85124, 117.260521)
DANGSHAN = (34.442561, 116.367095)


@pytest.fixture
def network(make_user, supplier, make_dealer, make_outlet, brand):
    dealer = make_dealer()
    for kind in ("sales", "parts", "service"):
        make_outlet(dealer, brand, kind, *HEFEI, name=f"合肥{kind}", city="合肥市", county="蜀山区")
    far = make_outlet(dealer, brand, "sales", *DANGSHAN, name="砀山展厅", city="宿州市", county="砀山县")
    make_user("supplier1", "supplier", supplier=supplier)
    return far


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_network_map_renders_with_outlets_and_violations(page, live_server, network):
    # given: a supplier whose 砀山 showroom has neither a parts nor a service point within 150 km
    sign_in(page, live_server, "supplier1")

    # when: the supplier opens the dealer network from the menu
    page.click("#nav-network")
    page.wait_for_url(re.compile(r"/network/$"))

    # then: ECharts drew the map of 安徽 with the four outlets and the one violating showroom
    page.wait_for_selector('#network-map[data-rendered="1"]')
    assert page.get_attribute("#network-map", "data-points") == "4"
    assert page.get_attribute("#network-map", "data-violations") == "1"
    assert page.locator("#network-map canvas").count() >= 1
    box = page.locator("#network-map canvas").first.bounding_box()
    assert box["width"] > 300
    assert box["height"] > 300
    # a pixel of the map is not blank: the provinces' fill was painted
    painted = page.evaluate(
        """() => { const c = document.querySelector('#network-map canvas');
                   const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                   let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; } return n; }"""
    )
    assert painted > 10_000
    rows = page.locator("#violation-table tbody tr")
    assert rows.count() == 2
    assert "砀山展厅" in rows.first.inner_text()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("width", [390, 1440])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_network_pages_fit_the_screen(new_page, live_server, network, width, language):
    page = new_page(viewport={"width": width, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    for path in ("/network/public/",):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
    sign_in(page, live_server, "supplier1")
    dealer_id = network.dealer_id
    for path in ("/network/", "/network/dealers/", f"/network/dealers/{dealer_id}/", f"/network/outlets/{network.pk}/"):
        page.goto(f"{live_server.url}{path}")
        if path == "/network/":
            page.wait_for_selector('#network-map[data-rendered="1"]')
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
