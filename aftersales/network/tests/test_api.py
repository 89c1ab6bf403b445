"""The dealer network's API: the contract lines of issue 13 (dealers, outlets, coverage), withdrawal stopping
sales, the public list, and who may do what."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from aftersales.network.policy.coverage import Point
from aftersales.network.policy.reach import distance_km
from aftersales.network.tests.conftest import credit_code

HEFEI_SHUSHAN = (31.85124, 117.260521)  # cpca's centroid of 蜀山区
FEIDONG = (31.88794, 117.469382)  # 肥东县


def north_of(lat: float, lng: float, km: float) -> tuple[float, float]:
    """A point north of (lat, lng) whose great-circle distance from it is exactly `km` (to the last bit)."""
    from aftersales.network.tests.policy.test_reach import exactly

    p = exactly(Point(lat, lng), km)
    return p.latitude, p.longitude


@pytest.mark.django_db
class TestContract:
    def test_post_dealers_201_with_its_id(self, api_as, admin, brand):
        api = api_as(admin)
        r = api.post("/api/v1/network/dealers", {"name": "合肥皖风", "credit_code": credit_code(), "brands": ["皖风"]})
        assert r.status_code == 201, r.content
        body = r.json()
        assert set(body) == {"id"}
        dealer = api.get(f"/api/v1/network/dealers/{body['id']}").json()
        assert [a["brand"] for a in dealer["authorisations"]] == ["皖风"]
        assert dealer["authorisations"][0]["state"] == "active"

    def test_post_dealers_refuses_an_invalid_credit_code(self, api_as, admin):
        code = credit_code()
        tampered = code[:-1] + ("0" if code[-1] != "0" else "1")
        r = api_as(admin).post("/api/v1/network/dealers", {"name": "X", "credit_code": tampered, "brands": []})
        assert r.status_code == 400
        assert r.json()["code"] == "invalid_credit_code"

    def test_post_outlets_takes_the_county_centroid_of_the_address(self, api_as, admin, make_dealer, brand):
        dealer = make_dealer()
        body = {
            "dealer_id": dealer.pk,
            "brand": "皖风",
            "kind": "sales",
            "name": "肥东店",
            "address": "合肥市肥东县店埠镇1号",
        }
        r = api_as(admin).post("/api/v1/network/outlets", body)
        assert r.status_code == 201, r.content
        out = r.json()
        assert {"id", "lat", "lng"} <= set(out)
        assert (out["lat"], out["lng"]) == FEIDONG
        assert out["county"] == "肥东县"
        assert out["city"] == "合肥市"
        assert out["located_by_hand"] is False

    def test_post_outlets_keeps_coordinates_given(self, api_as, admin, make_dealer, brand):
        dealer = make_dealer()
        body = {
            "dealer_id": dealer.pk,
            "brand": "皖风",
            "kind": "service",
            "name": "服务站",
            "address": "合肥市肥东县",
            "lat": 31.9,
            "lng": 117.5,
        }
        out = api_as(admin).post("/api/v1/network/outlets", body).json()
        assert (out["lat"], out["lng"]) == (31.9, 117.5)
        assert out["located_by_hand"] is True

    def test_post_outlets_unplaceable_address_without_coordinates_is_refused(self, api_as, admin, make_dealer, brand):
        dealer = make_dealer()
        body = {"dealer_id": dealer.pk, "brand": "皖风", "kind": "sales", "name": "某店", "address": "长江西路100号"}
        r = api_as(admin).post("/api/v1/network/outlets", body)
        assert r.status_code == 400
        assert r.json()["code"] == "address_not_located"

    def test_coverage_150_km_boundary_is_within(self, api_as, admin, make_dealer, make_outlet, brand):
        dealer = make_dealer()
        lat, lng = HEFEI_SHUSHAN
        sales = make_outlet(dealer, brand, "sales", lat, lng)
        exact = north_of(lat, lng, 150.0)
        make_outlet(dealer, brand, "parts", *exact)
        beyond = (math.nextafter(exact[0], 90), exact[1])
        assert distance_km(Point(lat, lng), Point(*beyond)) > 150.0
        far_service = make_outlet(dealer, brand, "service", *beyond)
        r = api_as(admin).get("/api/v1/network/coverage", {"brand": "皖风"})
        assert r.status_code == 200, r.content
        body = r.json()
        assert body["checked"] == 1
        assert [(v["outlet_id"], v["missing"]) for v in body["violations"]] == [(sales.pk, "service")]
        violation = body["violations"][0]
        assert violation["nearest_km"] > 150.0
        assert violation["nearest_km"] == pytest.approx(150.0, abs=1e-6)
        assert violation["nearest"][0]["outlet_id"] == far_service.pk

    def test_coverage_lists_missing_kinds_and_nearest_km(self, api_as, admin, make_dealer, make_outlet, brand):
        dealer = make_dealer()
        sales = make_outlet(dealer, brand, "sales", 34.44, 116.37)  # 砀山
        make_outlet(dealer, brand, "parts", 31.85, 117.26)  # 合肥: ~300 km
        body = api_as(admin).get("/api/v1/network/coverage", {"brand": "皖风"}).json()
        assert [(v["outlet_id"], v["missing"]) for v in body["violations"]] == [
            (sales.pk, "parts"),
            (sales.pk, "service"),
        ]
        parts, service = body["violations"]
        assert parts["nearest_km"] == pytest.approx(distance_km(Point(34.44, 116.37), Point(31.85, 117.26)), abs=1e-3)
        assert service["nearest_km"] is None
        assert service["nearest"] == []

    def test_every_change_shows_at_once(self, api_as, admin, make_dealer, make_outlet, brand):
        api = api_as(admin)
        dealer = make_dealer()
        make_outlet(dealer, brand, "sales", *HEFEI_SHUSHAN)
        assert len(api.get("/api/v1/network/coverage", {"brand": "皖风"}).json()["violations"]) == 2
        for kind in ("parts", "service"):
            body = {"dealer_id": dealer.pk, "brand": "皖风", "kind": kind, "name": kind, "address": "合肥市肥东县"}
            assert api.post("/api/v1/network/outlets", body).status_code == 201
        assert api.get("/api/v1/network/coverage", {"brand": "皖风"}).json()["violations"] == []
        parts = api.get("/api/v1/network/outlets", {"kind": "parts"}).json()[0]
        assert api.post(f"/api/v1/network/outlets/{parts['id']}/close", {}).status_code == 200
        after = api.get("/api/v1/network/coverage", {"brand": "皖风"}).json()["violations"]
        assert [v["missing"] for v in after] == ["parts"]

    def test_coverage_of_an_unknown_brand_is_404(self, api_as, admin, brand):
        assert api_as(admin).get("/api/v1/network/coverage", {"brand": "没有这个"}).status_code == 404


@pytest.mark.django_db
class TestWithdrawal:
    def test_withdrawn_brand_stops_sales_and_leaves_the_check(
        self, api_as, admin, make_user, make_dealer, make_outlet, brand
    ):
        dealer = make_dealer()
        sales = make_outlet(dealer, brand, "sales", *HEFEI_SHUSHAN)
        dealer_user = make_user("dealer1", "dealer", dealer=dealer)
        seller = api_as(dealer_user)
        sale = {"network_outlet_id": sales.pk, "buyer": "张伟", "product": "皖风S3"}
        assert seller.post("/api/v1/network/sales", sale).status_code == 201
        authorisation = dealer.authorisations.get()
        r = api_as(admin).post(f"/api/v1/network/authorisations/{authorisation.pk}/withdraw", {"reason": "违约"})
        assert r.status_code == 200
        assert r.json()["state"] == "withdrawn"
        refused = seller.post("/api/v1/network/sales", sale)
        assert refused.status_code == 409
        assert refused.json()["code"] == "brand_not_authorised"
        outlets = seller.get("/api/v1/network/outlets").json()
        assert [(o["id"], o["authorised"]) for o in outlets] == [(sales.pk, False)]
        assert api_as(admin).get("/api/v1/network/coverage", {"brand": "皖风"}).json() == {
            "violations": [],
            "checked": 0,
            "max_km": 150.0,
        }
        public = seller.client.get("/api/v1/network/public/withdrawn").json()
        assert [(w["dealer"], w["brand"]) for w in public] == [(dealer.name, "皖风")]

    def test_a_sale_before_the_withdrawal_may_still_be_recorded(
        self, api_as, make_user, make_dealer, make_outlet, brand
    ):
        from aftersales.core import clock

        dealer = make_dealer()
        authorisation = dealer.authorisations.get()
        authorisation.valid_from = clock.today() - dt.timedelta(days=30)
        authorisation.withdrawn_on = clock.today()
        authorisation.save()
        sales = make_outlet(dealer, brand, "sales", *HEFEI_SHUSHAN)
        seller = api_as(make_user("dealer1", "dealer", dealer=dealer))
        yesterday = (clock.today() - dt.timedelta(days=1)).isoformat()
        body = {"network_outlet_id": sales.pk, "buyer": "张伟", "product": "皖风S3", "sold_on": yesterday}
        assert seller.post("/api/v1/network/sales", body).status_code == 201
        assert seller.post("/api/v1/network/sales", body | {"sold_on": clock.today().isoformat()}).status_code == 409

    def test_no_sale_at_a_service_point(self, api_as, make_user, make_dealer, make_outlet, brand):
        dealer = make_dealer()
        service = make_outlet(dealer, brand, "service", *HEFEI_SHUSHAN)
        seller = api_as(make_user("dealer1", "dealer", dealer=dealer))
        r = seller.post("/api/v1/network/sales", {"network_outlet_id": service.pk, "buyer": "张伟", "product": "S3"})
        assert r.status_code == 409
        assert r.json()["code"] == "not_a_sales_outlet"

    def test_an_outlet_for_a_brand_not_authorised_is_refused(self, api_as, admin, make_dealer, supplier):
        from aftersales.network.models import Brand

        other = Brand.objects.create(name="皖风新能源", supplier=supplier)
        dealer = make_dealer()
        body = {"dealer_id": dealer.pk, "brand_id": other.pk, "kind": "sales", "name": "店", "address": "合肥市肥东县"}
        r = api_as(admin).post("/api/v1/network/outlets", body)
        assert r.status_code == 409
        assert r.json()["code"] == "brand_not_authorised"


@pytest.mark.django_db
class TestPublicList:
    def test_public_outlets_by_brand_and_city_without_sign_in(self, client, make_dealer, make_outlet, brand):
        dealer = make_dealer()
        make_outlet(dealer, brand, "service", *FEIDONG, name="肥东服务站", city="合肥市", county="肥东县")
        make_outlet(dealer, brand, "sales", 30.0, 118.0, name="黄山店", city="黄山市", county="歙县")
        r = client.get("/api/v1/network/public/outlets", {"brand": "皖风", "city": "合肥市"})
        assert r.status_code == 200
        assert [o["name"] for o in r.json()] == ["肥东服务站"]
        assert [o["name"] for o in client.get("/api/v1/network/public/outlets", {"kind": "sales"}).json()] == ["黄山店"]


@pytest.mark.django_db
class TestRoles:
    def test_supplier_manages_only_its_own_network(self, api_as, supplier_user, other_supplier, make_dealer, brand):
        from aftersales.network.models import Brand

        foreign_brand = Brand.objects.create(name="徽光", supplier=other_supplier)
        mine = make_dealer()
        foreign = make_dealer("芜湖徽光", brands=(foreign_brand,), supplier_row=other_supplier)
        api = api_as(supplier_user)
        assert [d["id"] for d in api.get("/api/v1/network/dealers").json()] == [mine.pk]
        assert api.get(f"/api/v1/network/dealers/{foreign.pk}").status_code == 404
        body = {"dealer_id": foreign.pk, "brand": "徽光", "kind": "sales", "name": "店", "address": "芜湖市无为市"}
        assert api.post("/api/v1/network/outlets", body).status_code == 422
        created = api.post(
            "/api/v1/network/dealers", {"name": "新店", "credit_code": credit_code(), "brands": ["皖风"]}
        )
        assert created.status_code == 201
        dealer = api.get(f"/api/v1/network/dealers/{created.json()['id']}").json()
        assert dealer["supplier_id"] == supplier_user.supplier_id
        stolen = api.post("/api/v1/network/dealers", {"name": "偷", "credit_code": credit_code(), "brands": ["徽光"]})
        assert stolen.status_code == 422

    def test_dealer_sees_its_own_outlets_and_may_not_change_the_network(
        self, api_as, make_user, make_dealer, make_outlet, brand
    ):
        mine, other = make_dealer(), make_dealer("六安皖风")
        own = make_outlet(mine, brand, "sales", *HEFEI_SHUSHAN)
        make_outlet(other, brand, "service", *FEIDONG)
        api = api_as(make_user("dealer1", "dealer", dealer=mine))
        assert [o["id"] for o in api.get("/api/v1/network/outlets").json()] == [own.pk]
        coverage = api.get("/api/v1/network/coverage").json()
        assert coverage["checked"] == 1
        assert [v["missing"] for v in coverage["violations"]] == ["parts"]  # the other dealer's service point counts
        body = {"dealer_id": mine.pk, "brand": "皖风", "kind": "parts", "name": "配件", "address": "合肥市肥东县"}
        assert api.post("/api/v1/network/outlets", body).status_code == 403

    def test_create_user_binds_supplier_and_dealer_users(self, api_as, admin, supplier, make_dealer):
        api = api_as(admin)
        dealer = make_dealer()
        base = {"password": "Another-Secret-2026"}
        r = api.post("/api/v1/users", base | {"username": "sup2", "role": "supplier", "supplier_id": supplier.pk})
        assert r.status_code == 201, r.content
        r = api.post("/api/v1/users", base | {"username": "dea2", "role": "dealer", "dealer_id": dealer.pk})
        assert r.status_code == 201, r.content
        assert api.post("/api/v1/users", base | {"username": "sup3", "role": "supplier"}).status_code == 400
        r = api.post("/api/v1/users", base | {"username": "x", "role": "agent", "dealer_id": dealer.pk})
        assert r.status_code == 400


@pytest.mark.django_db
def test_overdue_registrations(api_as, admin, make_dealer):
    from aftersales.core import clock

    today = clock.today()
    late = make_dealer("逾期", licence_on=today - dt.timedelta(days=120))
    make_dealer("按期", licence_on=today - dt.timedelta(days=120), registered_on=today - dt.timedelta(days=100))
    make_dealer("待备案", licence_on=today - dt.timedelta(days=10))
    rows = api_as(admin).get("/api/v1/network/registrations/overdue").json()
    assert [d["id"] for d in rows] == [late.pk]
    assert rows[0]["registration"]["state"] == "overdue"
    assert rows[0]["registration"]["days_overdue"] > 50


@pytest.mark.django_db
def test_outlet_coordinates_are_editable_and_follow_a_new_address(api_as, admin, make_dealer, brand):
    api = api_as(admin)
    dealer = make_dealer()
    body = {"dealer_id": dealer.pk, "brand": "皖风", "kind": "service", "name": "服务站", "address": "合肥市肥东县"}
    outlet = api.post("/api/v1/network/outlets", body).json()
    moved = api.patch(f"/api/v1/network/outlets/{outlet['id']}", {"lat": 31.9, "lng": 117.5}).json()
    assert (moved["lat"], moved["lng"], moved["located_by_hand"]) == (31.9, 117.5, True)
    relocated = api.patch(f"/api/v1/network/outlets/{outlet['id']}", {"address": "安徽省宿州市砀山县"}).json()
    assert (relocated["county"], relocated["located_by_hand"]) == ("砀山县", False)
    assert (relocated["lat"], relocated["lng"]) == (34.442561, 116.367095)


@pytest.mark.django_db
def test_a_credit_code_is_registered_once(api_as, admin):
    api = api_as(admin)
    body = {"name": "合肥皖风", "credit_code": credit_code(), "brands": []}
    assert api.post("/api/v1/network/dealers", body).status_code == 201
    again = api.post("/api/v1/network/dealers", body | {"name": "另一家"})
    assert again.status_code == 409
    assert again.json()["code"] == "duplicate_credit_code"
