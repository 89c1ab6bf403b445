"""The dealer network's pages: the map page with its violations, dealers and their forms, an outlet with its
sales (refused for a withdrawn brand), the overdue list and the public list without sign-in."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from aftersales.core import clock
from aftersales.network.tests.conftest import credit_code

HEFEI = (31.85124, 117.260521)
DANGSHAN = (34.442561, 116.367095)


@pytest.fixture
def signed_in(client):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.mark.django_db
def test_map_page_shows_outlets_and_violations(signed_in, supplier_user, make_dealer, make_outlet, brand):
    dealer = make_dealer()
    ok = make_outlet(dealer, brand, "sales", *HEFEI, name="合肥店")
    make_outlet(dealer, brand, "parts", *HEFEI)
    make_outlet(dealer, brand, "service", *HEFEI)
    far = make_outlet(dealer, brand, "sales", *DANGSHAN, name="砀山店")
    r = signed_in(supplier_user).get("/network/")
    assert r.status_code == 200
    html = r.content.decode()
    assert 'id="network-map"' in html
    assert f'data-outlet-id="{far.pk}" data-missing="parts"' in html
    assert f'data-outlet-id="{ok.pk}"' not in html
    data = json.loads(html.split('id="network-map-data" type="application/json">')[1].split("</script>")[0])
    assert [p["id"] for p in data["points"]["violation"]] == [far.pk]
    assert len(data["points"]["sales"]) == 2


@pytest.mark.django_db
def test_supplier_registers_a_dealer_and_an_outlet_through_the_forms(signed_in, supplier_user, brand):
    client = signed_in(supplier_user)
    r = client.post(
        "/network/dealers/",
        {
            "name": "蚌埠皖风汽车销售服务有限公司",
            "credit_code": credit_code(),
            "brands": "皖风",
            "licence_on": "2026-01-05",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    dealer_url = r["Location"]
    r = client.post(
        dealer_url + "outlets/new/",
        {"brand": "皖风", "kind": "sales", "name": "蚌埠店", "address": "安徽省蚌埠市怀远县城关镇"},
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    page = client.get(r["Location"]).content.decode()
    assert "蚌埠店" in page
    assert "怀远县" in page


@pytest.mark.django_db
def test_invalid_credit_code_is_shown(signed_in, supplier_user, brand):
    r = signed_in(supplier_user).post("/network/dealers/", {"name": "X", "credit_code": "123", "brands": "皖风"})
    assert r.status_code == 400
    assert "统一社会信用代码无效" in r.content.decode()


@pytest.mark.django_db
def test_withdrawal_marks_the_outlet_and_refuses_its_sale(
    signed_in, client, supplier_user, make_user, make_dealer, make_outlet, brand
):
    dealer = make_dealer()
    shop = make_outlet(dealer, brand, "sales", *HEFEI, name="合肥店")
    authorisation = dealer.authorisations.get()
    r = signed_in(supplier_user).post(f"/network/authorisations/{authorisation.pk}/withdraw/", {"reason": "违约经营"})
    assert r.status_code == 302
    client.logout()
    seller = signed_in(make_user("dealer1", "dealer", dealer=dealer))
    page = seller.get(f"/network/outlets/{shop.pk}/").content.decode()
    assert 'id="brand-withdrawn"' in page
    r = seller.post(
        f"/network/outlets/{shop.pk}/sale/",
        {"sold_on": clock.today().isoformat(), "buyer": "张伟", "product": "皖风S3"},
    )
    assert r.status_code == 409
    assert "不得经营该品牌" in r.content.decode()


@pytest.mark.django_db
def test_dealer_user_sees_its_own_dealer_only(signed_in, make_user, make_dealer):
    mine, other = make_dealer(), make_dealer("六安皖风")
    client = signed_in(make_user("dealer1", "dealer", dealer=mine))
    assert client.get(f"/network/dealers/{mine.pk}/").status_code == 200
    assert client.get(f"/network/dealers/{other.pk}/").status_code == 404
    assert client.post("/network/dealers/", {"name": "x"}).status_code == 404  # an area it may not act in


@pytest.mark.django_db
def test_overdue_page(signed_in, supplier_user, make_dealer):
    late = make_dealer("逾期经销商", licence_on=clock.today() - dt.timedelta(days=90))
    html = signed_in(supplier_user).get("/network/registrations/overdue/").content.decode()
    assert f'data-dealer-id="{late.pk}"' in html


@pytest.mark.django_db
def test_public_list_needs_no_sign_in(client, make_dealer, make_outlet, brand):
    dealer = make_dealer()
    make_outlet(dealer, brand, "service", *HEFEI, name="蜀山服务站", city="合肥市", county="蜀山区")
    make_outlet(dealer, brand, "service", *DANGSHAN, name="砀山服务站", city="宿州市", county="砀山县")
    r = client.get("/network/public/", {"brand": "皖风", "city": "合肥市"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "蜀山服务站" in html
    assert "砀山服务站" not in html


@pytest.mark.django_db
def test_outlet_page_edits_the_coordinates_by_hand(signed_in, supplier_user, make_dealer, make_outlet, brand):
    outlet = make_outlet(make_dealer(), brand, "parts", *HEFEI, name="配件库")
    client = signed_in(supplier_user)
    form = {"name": "配件库", "address": outlet.address, "phone": "", "lat": "31.7", "lng": "117.1"}
    assert client.post(f"/network/outlets/{outlet.pk}/", form).status_code == 302
    outlet.refresh_from_db()
    assert (outlet.lat, outlet.lng, outlet.located_by_hand) == (31.7, 117.1, True)


@pytest.mark.django_db
def test_supplier_and_dealer_land_on_the_network_map(signed_in, client, supplier_user, make_user, make_dealer):
    assert signed_in(supplier_user).get("/").url == "/network/"
    client.logout()
    assert signed_in(make_user("dealer1", "dealer", dealer=make_dealer())).get("/").url == "/network/"
