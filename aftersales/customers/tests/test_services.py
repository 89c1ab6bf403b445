"""Customer archive writes: region derivation from the address, checked phone and credit code (SPEC §1)."""

from __future__ import annotations

import pytest

from aftersales.core.errors import DomainError
from aftersales.customers import services
from aftersales.customers.models import Customer, Region

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("address", "region", "province", "district", "zone"),
    [
        pytest.param("合肥市蜀山区长江西路100号", "合肥市", "安徽省", "蜀山区", "local", id="hefei-local"),
        pytest.param("芜湖市镜湖区中山路1号", "芜湖市", "安徽省", "镜湖区", "province", id="wuhu-province"),
        pytest.param("南京市玄武区中山路1号", "南京市", "江苏省", "玄武区", "elsewhere", id="nanjing-elsewhere"),
        pytest.param("广德市桃州镇人民路1号", "宣城市", "安徽省", "广德县", "province", id="guangde-modern-name"),
    ],
)
def test_the_region_is_derived_from_the_address(agent, address, region, province, district, zone):
    # when
    customer = services.customer_create(actor=agent, name="某单位", address=address)
    # then
    customer.refresh_from_db()
    assert (customer.region.name, customer.province, customer.district, customer.region.zone) == (
        region,
        province,
        district,
        zone,
    )


def test_a_city_outside_the_province_is_added_as_a_region_once(agent):
    # given
    services.customer_create(actor=agent, name="南京银行玄武支行", address="南京市玄武区中山路1号")
    # when
    second = services.customer_create(actor=agent, name="南京市档案馆", address="南京市鼓楼区北京西路1号")
    # then
    assert Region.objects.filter(name="南京市").count() == 1
    assert (second.region.province, second.region.adcode) == ("江苏省", "")


def test_a_street_only_address_is_refused_clearly_and_nothing_is_stored(agent):
    # given
    regions = Region.objects.count()
    # when
    with pytest.raises(DomainError) as refused:
        services.customer_create(actor=agent, name="某街道办", address="淮河北路123号")
    # then
    assert (refused.value.code, refused.value.status) == ("region_not_derivable", 400)
    assert refused.value.message_zh == "无法从地址“淮河北路123号”识别所在城市，请填写完整地址（含市）或指定地区"
    assert refused.value.message_en == (
        "Cannot tell the city from the address '淮河北路123号'; give a full address with the city, or the region"
    )
    assert Customer.objects.count() == 0
    assert Region.objects.count() == regions


def test_a_named_region_wins_over_the_address(agent):
    customer = services.customer_create(actor=agent, name="某街道办", address="淮河北路123号", region_name="合肥市")
    assert (customer.region.name, customer.province, customer.district) == ("合肥市", "安徽省", "")


def test_an_unknown_region_name_is_refused(agent):
    with pytest.raises(DomainError) as refused:
        services.customer_create(actor=agent, name="某单位", address="合肥市包河区1号", region_name="火星市")
    assert (refused.value.code, refused.value.message_zh, refused.value.message_en) == (
        "unknown_region",
        "未知地区：火星市",
        "Unknown region: 火星市",
    )
    assert Customer.objects.count() == 0


@pytest.mark.parametrize("phone", ["0551-62799596", "13805510000", "055162799596", ""])
def test_valid_phone_numbers_are_kept_as_typed(agent, phone):
    customer = services.customer_create(actor=agent, name="某单位", address="合肥市包河区1号", phone=f" {phone} ")
    assert customer.phone == phone


@pytest.mark.parametrize("phone", ["123", "62799596", "1380551000", "电话"])
def test_an_invalid_phone_is_refused_and_nothing_is_stored(agent, phone):
    # when
    with pytest.raises(DomainError) as refused:
        services.customer_create(actor=agent, name="某单位", address="合肥市包河区1号", phone=phone)
    # then
    assert refused.value.code == "invalid_phone"
    assert refused.value.message_zh == f"电话号码无效：{phone}（座机请带区号，如 0551-62799596）"
    assert refused.value.message_en == (
        f"Invalid phone number: {phone} (landlines need the area code, e.g. 0551-62799596)"
    )
    assert Customer.objects.count() == 0


def test_a_valid_credit_code_is_stored(agent):
    customer = services.customer_create(
        actor=agent, name="某公司", address="合肥市包河区1号", credit_code="91340100MA2N3K7Q0N"
    )
    customer.refresh_from_db()
    assert customer.credit_code == "91340100MA2N3K7Q0N"


@pytest.mark.parametrize("code", ["91340100MA2N3K7Q0A", "123456", "9134010OMA2N3K7Q0N"])
def test_an_invalid_credit_code_is_refused_and_nothing_is_stored(agent, code):
    # when
    with pytest.raises(DomainError) as refused:
        services.customer_create(actor=agent, name="某公司", address="合肥市包河区1号", credit_code=code)
    # then
    assert (refused.value.code, refused.value.message_zh, refused.value.message_en) == (
        "invalid_credit_code",
        f"统一社会信用代码无效：{code}",
        f"Invalid unified social credit code: {code}",
    )
    assert Customer.objects.count() == 0


def test_the_same_name_and_address_twice_is_refused(agent, customer):
    with pytest.raises(DomainError) as refused:
        services.customer_create(actor=agent, name=f" {customer.name}", address=customer.address)
    assert refused.value.code == "duplicate_customer"
    assert Customer.objects.count() == 1


def test_an_update_of_the_address_derives_the_region_again(agent, customer):
    # when
    updated = services.customer_update(
        actor=agent, customer_id=customer.pk, expected_version=1, address="芜湖市镜湖区中山路1号"
    )
    # then
    updated.refresh_from_db()
    assert (updated.region.name, updated.district, updated.version) == ("芜湖市", "镜湖区", 2)


def test_a_stale_update_is_refused_and_changes_nothing(agent, customer):
    # given
    services.customer_update(actor=agent, customer_id=customer.pk, expected_version=1, phone="0551-62799597")
    # when
    with pytest.raises(DomainError) as refused:
        services.customer_update(actor=agent, customer_id=customer.pk, expected_version=1, phone="13805510000")
    # then
    assert (refused.value.code, refused.value.status) == ("stale_version", 409)
    customer.refresh_from_db()
    assert (customer.phone, customer.version) == ("0551-62799597", 2)
