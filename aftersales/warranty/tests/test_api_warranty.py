"""GET /api/v1/assets/{id}/warranty and /tickets/{id}/warranty: the 三包 decision day by day, through the API."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db

PURCHASED = dt.date(2026, 3, 1)


def warranty(api, asset, on: str | None = None):
    return api.get(f"/api/v1/assets/{asset.pk}/warranty", {"on": on} if on else None)


@pytest.fixture
def plain_asset(make_asset):
    """Purchased 2026-03-01, no acceptance, a vendor of 12 months (联想): covered 2026-03-02 … 2027-03-01."""
    return make_asset("SN-PLAIN-1", PURCHASED, vendor="联想")


@pytest.mark.parametrize(
    ("on", "remedy", "day", "reason"),
    [
        ("2026-03-01", "return", 0, "sanbao_return"),
        ("2026-03-08", "return", 7, "sanbao_return"),
        ("2026-03-09", "exchange_or_repair", 8, "sanbao_exchange_or_repair"),
        ("2026-03-16", "exchange_or_repair", 15, "sanbao_exchange_or_repair"),
        ("2026-03-17", "repair", 16, "in_warranty"),
        ("2027-03-01", "repair", 365, "in_warranty"),
        ("2027-03-02", "paid_repair", 366, "out_of_warranty"),
    ],
    ids=["purchase-day", "day-7", "day-8", "day-15", "day-16", "last-covered-day", "day-after"],
)
def test_asset_warranty_boundaries_day_by_day(api_as, agent, plain_asset, on, remedy, day, reason):
    response = warranty(api_as(agent), plain_asset, on)

    assert response.status_code == 200
    body = response.json()
    assert body["remedy"] == remedy
    assert body["day_number"] == day
    assert body["on"] == on
    assert body["covered_until"] == "2027-03-01"
    assert body["warranty_start"] == "2026-03-02"
    assert [r["code"] for r in body["reasons"]] == [reason]
    assert body["in_warranty"] is (remedy != "paid_repair")


def test_full_shape_of_a_free_repair(api_as, agent, plain_asset):
    body = warranty(api_as(agent), plain_asset, "2026-06-01").json()

    assert body == {
        "asset_id": plain_asset.pk,
        "on": "2026-06-01",
        "remedy": "repair",
        "labour_fee": "free",
        "parts_fee": "free",
        "covered_until": "2027-03-01",
        "covered_by": "厂商保修（联想）",
        "onsite_until": None,
        "in_warranty": True,
        "day_number": 92,
        "warranty_start": "2026-03-02",
        "reasons": [
            {
                "code": "in_warranty",
                "zh": "在保修期内（至2027-03-01），免费维修",
                "en": "In warranty (until 2027-03-01): free repair",
            }
        ],
    }


def test_after_warranty_parts_at_cost_and_no_labour_fee(api_as, agent, plain_asset):
    body = warranty(api_as(agent), plain_asset, "2027-03-02").json()

    assert (body["remedy"], body["labour_fee"], body["parts_fee"]) == ("paid_repair", "free", "at_cost")
    assert body["reasons"] == [
        {
            "code": "out_of_warranty",
            "zh": "已过保修期（2027-03-01），备件按成本价收费，免收服务费",
            "en": "Out of warranty (ended 2027-03-01): parts at cost, no labour fee",
        }
    ]


def test_warranty_counts_from_the_day_after_acceptance_not_purchase(api_as, agent, make_asset):
    accepted = make_asset("SN-ACCEPTED", PURCHASED, vendor="联想", accepted_on=dt.date(2026, 4, 10))
    api = api_as(agent)

    last = warranty(api, accepted, "2027-04-10").json()
    after = warranty(api, accepted, "2027-04-11").json()

    assert (last["warranty_start"], last["covered_until"]) == ("2026-04-11", "2027-04-10")
    assert (last["remedy"], last["in_warranty"]) == ("repair", True)
    assert (after["remedy"], after["in_warranty"]) == ("paid_repair", False)


def test_purchase_only_asset_is_already_out_of_warranty_when_the_accepted_one_is_covered(api_as, agent, plain_asset):
    assert warranty(api_as(agent), plain_asset, "2027-04-10").json()["remedy"] == "paid_repair"


def test_days_between_day_16_and_a_late_acceptance_are_free_repairs(api_as, agent, make_asset):
    accepted = make_asset("SN-LATE-ACCEPT", PURCHASED, accepted_on=dt.date(2026, 4, 10))

    body = warranty(api_as(agent), accepted, "2026-03-20").json()

    assert (body["remedy"], body["labour_fee"], body["parts_fee"]) == ("repair", "free", "free")
    assert [r["code"] for r in body["reasons"]] == ["before_warranty_start"]


def test_the_longest_term_applies_vendor_or_project(api_as, agent, make_asset):
    api = api_as(agent)
    project = make_asset("SN-PROJECT", PURCHASED, warranty_months=12, project_warranty_months=36)
    vendor_long = make_asset("SN-VENDOR-36", PURCHASED, warranty_months=36)

    assert warranty(api, project, "2029-03-01").json()["covered_until"] == "2029-03-01"
    assert warranty(api, project, "2029-03-02").json()["remedy"] == "paid_repair"
    assert warranty(api, vendor_long, "2029-03-01").json()["remedy"] == "repair"


def test_a_dell_asset_gets_dells_three_years_under_any_spelling_of_dell(api_as, agent, make_asset):
    """Issue 9 defect 11: 12 months instead of Dell's 3 years of parts and labour; "Dell", "DELL", "戴尔" one vendor."""
    api = api_as(agent)
    assets = [make_asset(f"SN-DELL-{n}", PURCHASED, vendor=name) for n, name in enumerate(("Dell", "DELL", "戴尔"))]

    bodies = [warranty(api, asset, "2029-03-01").json() for asset in assets]

    assert {asset.vendor_id for asset in assets} == {assets[2].vendor_id}
    assert {(b["covered_until"], b["remedy"], b["parts_fee"], b["covered_by"]) for b in bodies} == {
        ("2029-03-01", "repair", "free", "厂商保修（戴尔）")
    }
    assert warranty(api, assets[0], "2029-03-02").json()["remedy"] == "paid_repair"


def test_a_vendor_default_changed_in_the_registry_reaches_assets_registered_before(api_as, agent, make_asset):
    from aftersales.assets.models import Vendor

    asset = make_asset("SN-LENOVO-1", PURCHASED, vendor="lenovo")
    Vendor.objects.filter(name="联想").update(parts_months=24, labour_months=24)

    assert warranty(api_as(agent), asset, "2026-06-01").json()["covered_until"] == "2028-03-01"


def test_a_contract_asset_gets_the_project_warranty_and_on_site_service_by_default(api_as, agent, make_asset, customer):
    """Huawei: 1 year of vendor warranty, but a project asset has 3 years of engineering warranty (篇1 2.2)."""
    from aftersales.customers.models import Contract

    contract = Contract.objects.create(
        customer=customer, number="HT-2026-01", name="公共卫生网络", starts_on=PURCHASED, ends_on=dt.date(2029, 3, 1)
    )
    huawei = make_asset("SN-HW-PROJECT", PURCHASED, vendor="Huawei", contract_id=contract.pk)
    alone = make_asset("SN-HW-ALONE", PURCHASED, vendor="HUAWEI")

    project = warranty(api_as(agent), huawei, "2028-06-01").json()
    single = warranty(api_as(agent), alone, "2028-06-01").json()

    assert (project["remedy"], project["covered_until"], project["covered_by"]) == ("repair", "2029-03-01", "工程质保")
    assert project["onsite_until"] == "2029-03-01"
    assert (single["remedy"], single["covered_until"]) == ("paid_repair", "2027-03-01")
    assert huawei.vendor_id == alone.vendor_id


def test_on_defaults_to_today_in_china(api_as, agent, plain_asset, at_time):
    api = api_as(agent)
    # 2026-07-01 00:30 in China is still 2026-06-30 in UTC.
    with at_time(2026, 7, 1, 0, 30):
        body = warranty(api, plain_asset).json()

    assert body["on"] == "2026-07-01"
    assert body["day_number"] == 122


@pytest.mark.parametrize("on", ["2026-13-01", "yesterday", "2026/06/01"])
def test_malformed_date_is_422(api_as, agent, plain_asset, on):
    response = warranty(api_as(agent), plain_asset, on)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"


def test_date_before_purchase_is_400(api_as, agent, plain_asset):
    response = warranty(api_as(agent), plain_asset, "2026-02-28")

    assert response.status_code == 400
    assert response.json()["code"] == "before_purchase"
    assert response.json()["message_zh"] == "日期 2026-02-28 早于购买日期 2026-03-01"


def test_customer_sees_own_asset_and_gets_404_for_another_customers(
    api_as, make_user, agent, customer, province_customer, make_asset
):
    own = make_asset("SN-OWN", PURCHASED)
    foreign = make_asset("SN-FOREIGN", PURCHASED, customer_id=province_customer.pk)
    api = api_as(make_user("cust", "customer", customer=customer))

    assert warranty(api, own, "2026-06-01").status_code == 200
    response = warranty(api, foreign, "2026-06-01")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_unknown_asset_is_404_and_anonymous_is_401(client, api_as, agent):
    assert api_as(agent).get("/api/v1/assets/999999/warranty").status_code == 404
    assert client.get("/api/v1/assets/1/warranty").status_code == 401


# ---------------------------------------------------------------------------------------- request warranty


def test_ticket_warranty_uses_the_report_date_in_china(api_as, agent, plain_asset, make_ticket, at_time):
    with at_time(2026, 3, 20, 12):
        # 2026-03-09 00:30 in China (still 2026-03-08 in UTC): day 8 → exchange or repair.
        ticket = make_ticket(plain_asset, reported_at=dt.datetime(2026, 3, 8, 16, 30, tzinfo=dt.UTC))

    body = api_as(agent).get(f"/api/v1/tickets/{ticket.pk}/warranty").json()

    assert (body["on"], body["day_number"], body["remedy"]) == ("2026-03-09", 8, "exchange_or_repair")


def test_ticket_without_asset_is_404(api_as, agent, make_ticket):
    ticket = make_ticket(None)

    response = api_as(agent).get(f"/api/v1/tickets/{ticket.pk}/warranty")

    assert response.status_code == 404
    assert response.json()["message_en"] == "Asset of the request not found"


def test_ticket_warranty_of_another_customer_is_404(
    api_as, make_user, customer, province_customer, make_ticket, make_asset
):
    foreign_asset = make_asset("SN-FOREIGN-T", PURCHASED, customer_id=province_customer.pk)
    ticket = make_ticket(foreign_asset, customer_id=province_customer.pk)
    api = api_as(make_user("cust2", "customer", customer=customer))

    assert api.get(f"/api/v1/tickets/{ticket.pk}/warranty").status_code == 404
