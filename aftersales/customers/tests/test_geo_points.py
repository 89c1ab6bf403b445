"""County-level centroids of an address (cpca's division table)."""

from aftersales.customers.geo import division_point, locate
from aftersales.network.policy.coverage import Point, great_circle_km


def test_a_county_is_not_at_its_citys_centre():
    feidong, chaohu = locate("安徽省合肥市肥东县店埠镇"), locate("巢湖市卧牛山路")
    assert (feidong.name, feidong.level) == ("肥东县", "district")
    assert (chaohu.name, chaohu.level) == ("巢湖市", "district")
    km = great_circle_km(Point(feidong.latitude, feidong.longitude), Point(chaohu.latitude, chaohu.longitude))
    assert 40 < km < 50


def test_an_address_naming_only_a_city_gets_the_citys_centre():
    wuhu = locate("芜湖市镜湖区")
    assert wuhu.level == "district"
    assert locate("芜湖市").level == "city"
    assert locate("芜湖市").adcode == "340200"


def test_no_city_no_point():
    assert locate("淮河北路1号") is None
    assert division_point("") is None
    assert division_point("999999") is None
