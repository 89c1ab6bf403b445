"""Issue 11's API contract, line by line (paths, fields, status codes, error codes as written)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from aftersales.subsidy.models import Claim, Outlet, Programme, Return, Sale, SaleItem
from aftersales.subsidy.tests.conftest import COUNTY, claim, credit_code, pdf_check, resident_id, sell

API = "/api/v1/subsidy"
pytestmark = pytest.mark.django_db


def outlet_body(programme, enterprise, **kw):
    return {
        "programme_id": programme.pk,
        "enterprise_id": enterprise.pk,
        "name": "合家福官亭店",
        "address": "肥西县官亭镇官亭大街18号",
        "kind": "direct",
        "level": "township",
        "area_m2": 80,
        "operators": 2,
        "can_invoice": True,
        "has_terminal": True,
        **kw,
    }


def sale_body(outlet, serial=50, **kw):
    return {
        "outlet_id": outlet.pk,
        "invoice_no": f"3400{serial:08d}",
        "sold_on": "2026-11-02",
        "buyer_name": "李四",
        "buyer_id_number": resident_id(serial),
        "household_no": f"HH{serial:06d}",
        "township": "上派镇",
        "items": [
            {
                "category": "fridge",
                "model": "美的 BCD-215",
                "price": "2299.00",
                "label_card_no": f"LC{serial:08d}",
                "serial_no": f"SN{serial:08d}",
            }
        ],
        **kw,
    }


def claim_body(item, **kw):
    sale = item.sale
    return {
        "sale_item_id": item.pk,
        "filed_on": "2026-11-09",
        "id_number": sale.buyer_id_number,
        "household_no": sale.household_no,
        "label_card_no": item.label_card_no,
        "bank_account": "6228480000000000001",
        **kw,
    }


# ------------------------------------------------------------------------------------------- programmes


def test_post_programmes_with_defaults(api_as, admin, now):
    r = api_as(admin).post(
        f"{API}/programmes",
        {"name": "寿县家电下乡", "county": "寿县", "starts_on": "2026-01-01", "ends_on": "2029-12-31"},
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["id"] == Programme.objects.get(county="寿县").pk
    assert body["rate"] == "0.13"
    assert body["central_share"] == "0.80"
    assert body["caps"] == {"tv": "2000.00", "fridge": "2500.00", "mobile": "1000.00", "washer": "2000.00"}


def test_post_programmes_with_own_rate_share_and_caps(api_as, admin, now):
    r = api_as(admin).post(
        f"{API}/programmes",
        {
            "name": "试点",
            "county": "寿县",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "rate": "0.15",
            "central_share": "0.75",
            "caps": {"tv": "3000.00", "aircon": "4000.00"},
        },
    )
    assert r.status_code == 201, r.content
    assert r.json()["caps"] == {"tv": "3000.00", "aircon": "4000.00"}
    assert r.json()["rate"] == "0.15"


def test_post_programmes_is_admin_only(api_as, users, now):
    body = {"name": "x", "county": COUNTY, "starts_on": "2026-01-01", "ends_on": "2026-12-31"}
    assert api_as(users["county"]).post(f"{API}/programmes", body).status_code == 403


# ------------------------------------------------------------------------------------------ enterprises


def test_post_enterprises(api_as, admin, now):
    r = api_as(admin).post(f"{API}/enterprises", {"name": "苏宁易购合肥分公司", "credit_code": credit_code(77)})
    assert r.status_code == 201, r.content
    assert set(r.json()) >= {"id"}


def test_post_enterprises_invalid_credit_code_is_422(api_as, admin, now):
    code = credit_code(78)
    bad = code[:-1] + ("0" if code[-1] != "0" else "1")
    r = api_as(admin).post(f"{API}/enterprises", {"name": "x", "credit_code": bad})
    assert r.status_code == 422
    assert r.json()["code"] == "invalid_credit_code"


# ---------------------------------------------------------------------------------------------- outlets


def test_post_outlets_pending_with_review_by(api_as, admin, programme, enterprise, now):
    r = api_as(admin).post(f"{API}/outlets", outlet_body(programme, enterprise, filed_on="2026-09-30"))
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["status"] == "pending"
    assert body["review_by"] == "2026-10-09"  # 2 working days after 09-30 across National Day
    assert Outlet.objects.filter(pk=body["id"]).exists()


def test_post_outlets_filed_on_defaults_to_today(api_as, admin, programme, enterprise, now):
    r = api_as(admin).post(f"{API}/outlets", outlet_body(programme, enterprise))
    assert r.status_code == 201
    assert r.json()["filed_on"] == "2026-11-16"
    assert r.json()["review_by"] == "2026-11-18"


def test_post_outlets_by_the_enterprise_for_itself_only(api_as, users, programme, enterprise, admin, now):
    ent = api_as(users["enterprise"])
    assert ent.post(f"{API}/outlets", outlet_body(programme, enterprise)).status_code == 201
    from aftersales.subsidy import services

    other = services.enterprise_create(actor=admin, name="国美", credit_code=credit_code(9))
    r = ent.post(f"{API}/outlets", outlet_body(programme, other, name="国美官亭店"))
    assert r.status_code == 422  # another enterprise is an unknown reference to it


def test_post_outlets_unmet_conditions_one_reason_each_nothing_stored(api_as, admin, programme, enterprise, now):
    before = Outlet.objects.count()
    r = api_as(admin).post(
        f"{API}/outlets",
        outlet_body(
            programme, enterprise, level="county", area_m2=100, operators=1, can_invoice=False, has_terminal=False
        ),
    )
    assert r.status_code == 422
    assert [x["code"] for x in r.json()["reasons"]] == [
        "area_too_small",
        "too_few_operators",
        "no_tax_invoice",
        "no_terminal",
    ]
    assert all(x["zh"] and x["en"] for x in r.json()["reasons"])
    assert Outlet.objects.count() == before


def test_post_outlets_same_outlet_by_another_enterprise_is_409(api_as, admin, programme, enterprise, now):
    from aftersales.subsidy import services

    api = api_as(admin)
    assert api.post(f"{API}/outlets", outlet_body(programme, enterprise)).status_code == 201
    other = services.enterprise_create(actor=admin, name="国美", credit_code=credit_code(9))
    r = api.post(
        f"{API}/outlets", outlet_body(programme, other, name=" 合家福官亭店", address="肥西县官亭镇 官亭大街18号")
    )
    assert r.status_code == 409
    assert r.json()["code"] == "outlet_filed_elsewhere"


def test_review_approve_and_reject(api_as, users, programme, enterprise, admin, now):
    api = api_as(admin)
    a = api.post(f"{API}/outlets", outlet_body(programme, enterprise, filed_on="2026-11-02")).json()["id"]
    b = api.post(f"{API}/outlets", outlet_body(programme, enterprise, name="B", filed_on="2026-11-02")).json()["id"]
    commerce = api_as(users["commerce"])
    r = commerce.post(f"{API}/outlets/{a}/review", {"decision": "approve", "reason": "", "decided_on": "2026-11-03"})
    assert (r.status_code, r.json()) == (200, {"status": "approved"})
    r = commerce.post(f"{API}/outlets/{b}/review", {"decision": "reject", "reason": "面积不实"})
    assert (r.status_code, r.json()) == (200, {"status": "rejected"})
    assert Outlet.objects.get(pk=b).decided_on == dt.date(2026, 11, 16)  # today by default


def test_review_not_before_filed_on(api_as, users, programme, enterprise, admin, now):
    a = api_as(admin).post(f"{API}/outlets", outlet_body(programme, enterprise, filed_on="2026-11-02")).json()["id"]
    r = api_as(users["commerce"]).post(
        f"{API}/outlets/{a}/review", {"decision": "approve", "reason": "", "decided_on": "2026-11-01"}
    )
    assert r.status_code == 422


def test_review_by_another_countys_bureau_is_404(api_as, users, programme, enterprise, admin, now):
    a = api_as(admin).post(f"{API}/outlets", outlet_body(programme, enterprise)).json()["id"]
    r = api_as(users["foreign_commerce"]).post(f"{API}/outlets/{a}/review", {"decision": "approve", "reason": ""})
    assert r.status_code == 404


def test_an_outlet_is_approved_from_decided_on(api_as, users, programme, enterprise, admin, now):
    a = api_as(admin).post(f"{API}/outlets", outlet_body(programme, enterprise, filed_on="2026-11-02")).json()["id"]
    api_as(users["commerce"]).post(
        f"{API}/outlets/{a}/review", {"decision": "approve", "reason": "", "decided_on": "2026-11-05"}
    )
    outlet = Outlet.objects.get(pk=a)
    r = api_as(admin).post(f"{API}/sales", sale_body(outlet, sold_on="2026-11-04"))
    assert r.status_code == 422
    assert "outlet_not_approved" in [x["code"] for x in r.json()["reasons"]]
    assert api_as(admin).post(f"{API}/sales", sale_body(outlet, sold_on="2026-11-05")).status_code == 201


def test_suspend_and_restore_with_dates(api_as, users, outlet, admin, now):
    commerce = api_as(users["commerce"])
    r = commerce.post(f"{API}/outlets/{outlet.pk}/suspend", {"on": "2026-11-10"})
    assert (r.status_code, r.json()) == (200, {"status": "suspended"})
    r = commerce.post(f"{API}/outlets/{outlet.pk}/restore", {"on": "2026-11-12"})
    assert (r.status_code, r.json()) == (200, {"status": "approved"})
    api = api_as(admin)
    assert api.post(f"{API}/sales", sale_body(outlet, serial=1, sold_on="2026-11-09")).status_code == 201
    r = api.post(f"{API}/sales", sale_body(outlet, serial=2, sold_on="2026-11-11"))
    assert r.status_code == 422  # suspended that day
    assert api.post(f"{API}/sales", sale_body(outlet, serial=3, sold_on="2026-11-12")).status_code == 201
    assert commerce.post(f"{API}/outlets/{outlet.pk}/restore", {}).status_code == 409


# ------------------------------------------------------------------------------------------------ sales


def test_post_sales(api_as, users, outlet, now):
    r = api_as(users["clerk"]).post(f"{API}/sales", sale_body(outlet, entered_on="2026-11-05"))
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["entry_deadline"] == "2026-11-05"
    assert body["entered_late"] is False
    [item] = body["items"]
    assert item["category"] == "fridge"
    assert item["price"] == "2299.00"
    assert item["label_card_no"] == "LC00000050"
    assert item["id"] == SaleItem.objects.get().pk


def test_post_sales_entered_late_is_kept_and_flagged(api_as, users, outlet, now):
    r = api_as(users["clerk"]).post(f"{API}/sales", sale_body(outlet))  # entered today, 11-16
    assert r.status_code == 201
    assert r.json()["entered_late"] is True
    assert Sale.objects.get().entered_on == dt.date(2026, 11, 16)


def test_post_sales_entered_on_not_in_the_future(api_as, users, outlet, now):
    r = api_as(users["clerk"]).post(f"{API}/sales", sale_body(outlet, entered_on="2026-11-17"))
    assert r.status_code == 422
    assert Sale.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"sold_on": "2025-12-31", "entered_on": "2026-01-02"}, "outside_programme"),
        ({"sold_on": "2026-01-02"}, "outlet_not_approved"),  # approved from 01-05
        ({"items": []}, "no_items"),
        ({"buyer_id_number": "340123198001010012"}, "invalid_id_number"),
        (
            {
                "items": [
                    {"category": "aircon", "model": "m", "price": "100.00", "label_card_no": "N1", "serial_no": "S"}
                ]
            },
            "unknown_category",
        ),
        (
            {
                "items": [
                    {"category": "tv", "model": "m", "price": "100.00", "label_card_no": "LC00000001", "serial_no": "S"}
                ]
            },
            "label_card_used",
        ),
    ],
)
def test_post_sales_refusals_store_nothing(api_as, users, outlet, now, change, code):
    sell(users["clerk"], outlet, serial=1)
    before = (Sale.objects.count(), SaleItem.objects.count())
    r = api_as(users["clerk"]).post(f"{API}/sales", sale_body(outlet, **change))
    assert r.status_code == 422, r.content
    assert code in [x["code"] for x in r.json()["reasons"]]
    assert (Sale.objects.count(), SaleItem.objects.count()) == before


def test_post_sales_for_another_outlet_is_refused(api_as, users, other_outlet, now):
    r = api_as(users["clerk"]).post(f"{API}/sales", sale_body(other_outlet))
    assert r.status_code == 422
    assert Sale.objects.count() == 0


def test_get_sales(api_as, users, outlet, now):
    sale = sell(users["clerk"], outlet)
    r = api_as(users["clerk"]).get(f"{API}/sales/{sale.pk}")
    assert r.status_code == 200
    assert r.json()["id"] == sale.pk
    assert r.json()["items"][0]["price"] == "1999.00"
    assert api_as(users["other_clerk"]).get(f"{API}/sales/{sale.pk}").status_code == 404
    assert api_as(users["township"]).get(f"{API}/sales/{sale.pk}").status_code == 200
    assert api_as(users["other_township"]).get(f"{API}/sales/{sale.pk}").status_code == 404
    assert api_as(users["foreign_county"]).get(f"{API}/sales/{sale.pk}").status_code == 404


# ----------------------------------------------------------------------------------------------- claims


def test_post_claims(api_as, users, outlet, now):
    item = sell(users["clerk"], outlet).items.get()
    r = api_as(users["township"]).post(f"{API}/claims", claim_body(item))
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["status"] == "filed"
    assert (body["amount"], body["central_amount"], body["provincial_amount"]) == ("259.87", "207.90", "51.97")
    # later of entry (11-02) and claim (11-09): 30 working days after 11-09
    assert body["pay_by"] == "2026-12-21"


def test_post_claims_every_failed_check_listed_nothing_stored(api_as, users, outlet, now):
    over = sell(users["clerk"], outlet, serial=1, items=None)
    from aftersales.subsidy import services

    item = over.items.get()
    claim(users["township"], item)  # the household's TV is claimed
    second = sell(
        users["clerk"],
        outlet,
        serial=2,
        sold_on=dt.date(2026, 11, 14),
        items=[services.ItemIn("tv", "TCL", Decimal("2100.00"), "LC-OVER", "SN-OVER")],
    )
    Sale.objects.filter(pk=second.pk).update(household_no=over.household_no, buyer_id_number=over.buyer_id_number)
    item2 = second.items.get()
    before = Claim.objects.count()
    r = api_as(users["township"]).post(
        f"{API}/claims",
        claim_body(
            item2,
            id_number=resident_id(3),
            household_no=over.household_no,
            label_card_no="LC-WRONG",
            filed_on="2026-11-16",
        ),
    )
    assert r.status_code == 422
    assert [x["code"] for x in r.json()["reasons"]] == [
        "id_mismatch",
        "price_above_cap",
        "label_card_mismatch",
        "household_category_taken",
        "too_early",
    ]
    assert all(set(x) == {"code", "zh", "en"} for x in r.json()["reasons"])
    assert Claim.objects.count() == before


def test_post_claims_only_by_the_households_township(api_as, users, outlet, now):
    item = sell(users["clerk"], outlet).items.get()
    r = api_as(users["other_township"]).post(f"{API}/claims", claim_body(item))
    assert r.status_code == 422
    assert api_as(users["clerk"]).post(f"{API}/claims", claim_body(item)).status_code == 403
    assert Claim.objects.count() == 0


def test_verify_and_pay(api_as, users, outlet, now):
    item = sell(users["clerk"], outlet).items.get()
    c = claim(users["township"], item)
    county = api_as(users["county"])
    assert county.post(f"{API}/claims/{c.pk}/pay", {"paid_on": "2026-11-16"}).status_code == 409  # not verified
    r = county.post(f"{API}/claims/{c.pk}/verify", {"decision": "pass", "reason": ""})
    assert (r.status_code, r.json()) == (200, {"status": "verified"})
    r = county.post(f"{API}/claims/{c.pk}/pay", {"paid_on": "2026-11-16"})
    assert (r.status_code, r.json()) == (200, {"status": "paid", "paid_late": False})
    assert county.post(f"{API}/claims/{c.pk}/pay", {"paid_on": "2026-11-16"}).status_code == 409


def test_verify_fail_and_a_late_payment(api_as, users, outlet, frozen_now, now):
    c1 = claim(users["township"], sell(users["clerk"], outlet, serial=1).items.get())
    c2 = claim(users["township"], sell(users["clerk"], outlet, serial=2).items.get())
    county = api_as(users["county"])
    r = county.post(f"{API}/claims/{c1.pk}/verify", {"decision": "fail", "reason": "户口簿不符"})
    assert r.json() == {"status": "failed"}
    assert county.post(f"{API}/claims/{c1.pk}/pay", {"paid_on": "2026-11-16"}).status_code == 409
    county.post(f"{API}/claims/{c2.pk}/verify", {"decision": "pass", "reason": ""})
    from aftersales.subsidy import services

    with frozen_now(dt.datetime(2027, 1, 5, 2, 0, tzinfo=dt.UTC)):  # (a token would have expired by then)
        paid = services.claim_pay(actor=users["county"], claim_id=c2.pk, paid_on=dt.date(2026, 12, 22))
    assert (paid.status, paid.paid_late) == ("paid", True)  # due 12-21


def test_get_claims_filters_and_overdue(api_as, users, outlet, frozen_now, now):
    c1 = claim(users["township"], sell(users["clerk"], outlet, serial=1).items.get())
    c2 = claim(users["township"], sell(users["clerk"], outlet, serial=2).items.get())
    county = api_as(users["county"])
    county.post(f"{API}/claims/{c2.pk}/verify", {"decision": "pass", "reason": ""})
    assert [c["id"] for c in county.get(f"{API}/claims", {"status": "filed"}).json()] == [c1.pk]
    assert county.get(f"{API}/claims", {"overdue": "true"}).json() == []
    with frozen_now(dt.datetime(2026, 12, 22, 2, 0, tzinfo=dt.UTC)):
        overdue = api_as(users["county"]).get(f"{API}/claims", {"overdue": "true"}).json()
    assert sorted(c["id"] for c in overdue) == [c1.pk, c2.pk]
    r = county.get(f"{API}/claims/{c1.pk}")
    assert r.status_code == 200
    assert r.json()["amount"] == "259.87"


def test_claims_isolation(api_as, users, outlet, now):
    c = claim(users["township"], sell(users["clerk"], outlet).items.get())
    assert api_as(users["township"]).get(f"{API}/claims/{c.pk}").status_code == 200
    for who in ("other_township", "foreign_county", "other_clerk"):
        assert api_as(users[who]).get(f"{API}/claims/{c.pk}").status_code == 404, who
    for who in ("clerk", "enterprise"):  # their outlet's sale: they know of it, but may not read claims
        assert api_as(users[who]).get(f"{API}/claims/{c.pk}").status_code == 403, who
    assert api_as(users["other_township"]).get(f"{API}/claims").json() == []
    assert (
        api_as(users["foreign_county"])
        .post(f"{API}/claims/{c.pk}/verify", {"decision": "pass", "reason": ""})
        .status_code
        == 404
    )


# ---------------------------------------------------------------------------------------------- returns


def _claimed(users, outlet, serial, state):
    from aftersales.subsidy import services

    item = sell(users["clerk"], outlet, serial=serial).items.get()
    if state is None:
        return item, None
    c = claim(users["township"], item)
    if state in ("verified", "paid", "failed"):
        services.claim_verify(
            actor=users["county"], claim_id=c.pk, decision="fail" if state == "failed" else "pass", reason="x"
        )
    if state == "paid":
        services.claim_pay(actor=users["county"], claim_id=c.pk, paid_on=dt.date(2026, 11, 13))
    return item, c


@pytest.mark.parametrize(
    ("state", "status", "claim_after"),
    [
        (None, "returned", None),
        ("filed", "returned", "cancelled"),
        ("failed", "returned", "failed"),
        ("verified", "pre_return", "verified"),
        ("paid", "awaiting_refund", "paid"),
    ],
)
def test_post_returns_by_the_claims_state(api_as, users, outlet, now, state, status, claim_after):
    item, c = _claimed(users, outlet, 1, state)
    r = api_as(users["clerk"]).post(f"{API}/returns", {"sale_item_id": item.pk, "requested_on": "2026-11-16"})
    assert r.status_code == 201, r.content
    assert r.json()["status"] == status
    assert set(r.json()) >= {"id", "status"}
    if c is not None:
        c.refresh_from_db()
        assert c.status == claim_after
    item.refresh_from_db()
    assert item.status == ("returned" if status == "returned" else "returning")


def test_pre_return_becomes_awaiting_refund_when_paid_then_refunded(api_as, users, outlet, now):
    item, c = _claimed(users, outlet, 1, "verified")
    ret = api_as(users["clerk"]).post(f"{API}/returns", {"sale_item_id": item.pk, "requested_on": "2026-11-16"}).json()
    township = api_as(users["township"])
    assert township.post(f"{API}/returns/{ret['id']}/confirm-refund", {"refunded_on": "2026-11-16"}).status_code == 409
    api_as(users["county"]).post(f"{API}/claims/{c.pk}/pay", {"paid_on": "2026-11-16"})
    assert api_as(users["clerk"]).get(f"{API}/returns/{ret['id']}").json()["status"] == "awaiting_refund"
    r = township.post(f"{API}/returns/{ret['id']}/confirm-refund", {"refunded_on": "2026-11-16"})
    assert (r.status_code, r.json()["status"]) == (200, "returned")
    c.refresh_from_db()
    assert c.status == "refunded"


def test_confirm_refund_of_a_paid_claim_frees_the_households_category(api_as, users, outlet, now):
    from aftersales.subsidy import services

    item, _c = _claimed(users, outlet, 1, "paid")
    ret = services.return_request(actor=users["clerk"], sale_item_id=item.pk, requested_on=dt.date(2026, 11, 14))
    assert ret.status == "awaiting_refund"
    r = api_as(users["township"]).post(f"{API}/returns/{ret.pk}/confirm-refund", {"refunded_on": "2026-11-16"})
    assert r.status_code == 200
    assert r.json()["status"] == "returned"
    assert Return.objects.get(pk=ret.pk).card_recovered
    # the same household buys another TV: its claim passes the fourth check
    again = sell(users["clerk"], outlet, serial=2, sold_on=dt.date(2026, 11, 10))
    Sale.objects.filter(pk=again.pk).update(
        household_no=item.sale.household_no, buyer_id_number=item.sale.buyer_id_number
    )
    again.refresh_from_db()
    assert claim(users["township"], again.items.get(), filed_on=dt.date(2026, 11, 16)).status == "filed"


def test_returns_isolation_and_get(api_as, users, outlet, now):
    item, _ = _claimed(users, outlet, 1, None)
    assert (
        api_as(users["other_clerk"])
        .post(f"{API}/returns", {"sale_item_id": item.pk, "requested_on": "2026-11-16"})
        .status_code
        == 422
    )
    ret = api_as(users["clerk"]).post(f"{API}/returns", {"sale_item_id": item.pk, "requested_on": "2026-11-16"}).json()
    assert api_as(users["clerk"]).get(f"{API}/returns/{ret['id']}").status_code == 200
    assert api_as(users["other_clerk"]).get(f"{API}/returns/{ret['id']}").status_code == 404
    assert (
        api_as(users["clerk"])
        .post(f"{API}/returns", {"sale_item_id": item.pk, "requested_on": "2026-11-16"})
        .status_code
        == 409
    )


# ----------------------------------------------------------------------------------------------- ledger


def test_get_ledger_month(api_as, users, outlet, now):
    from aftersales.subsidy import services

    for serial, state in ((1, "paid"), (2, "paid"), (3, "verified")):
        _claimed(users, outlet, serial, state)
    item, _c = _claimed(users, outlet, 4, "paid")
    ret = services.return_request(actor=users["clerk"], sale_item_id=item.pk, requested_on=dt.date(2026, 11, 14))
    services.return_confirm_refund(actor=users["township"], return_id=ret.pk, refunded_on=dt.date(2026, 11, 16))
    r = api_as(users["county"]).get(f"{API}/ledger", {"month": "2026-11"})
    assert r.status_code == 200
    assert r.json() == {
        "month": "2026-11",
        "claims_paid": 3,
        "amount": "779.61",
        "central_amount": "623.70",
        "provincial_amount": "155.91",
        "refunded_amount": "259.87",
        "by_category": [{"category": "tv", "claims_paid": 3, "amount": "779.61"}],
    }
    assert api_as(users["foreign_county"]).get(f"{API}/ledger", {"month": "2026-11"}).json()["claims_paid"] == 0
    assert api_as(users["township"]).get(f"{API}/ledger", {"month": "2026-11"}).status_code == 403
    assert api_as(users["county"]).get(f"{API}/ledger", {"month": "2026-13"}).status_code == 422


def test_ledger_as_xlsx_and_pdf(api_as, users, outlet, now, tmp_path):
    import io

    import openpyxl

    _claimed(users, outlet, 1, "paid")
    county = api_as(users["county"])
    r = county.get(f"{API}/ledger.xlsx", {"month": "2026-11"})
    assert r.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    assert book.sheetnames == ["月度统计", "直补资金台账"]
    assert [c.value for c in book["直补资金台账"][2]][7] == 259.87
    r = county.get(f"{API}/ledger.pdf", {"month": "2026-11"})
    assert r.status_code == 200
    text = pdf_check(r.content, tmp_path)  # real CJK glyphs embedded
    assert "家电下乡补贴资金使用情况统计表" in text
    assert "259.87" in text


# ------------------------------------------------------------------------------------------------ users


def test_post_users_new_roles(api_as, admin, enterprise, outlet, now):
    api = api_as(admin)
    base = {"password": "Subsidy-Pass-2026!"}
    cases = [
        ({"username": "e1", "role": "enterprise", "enterprise_id": enterprise.pk}, 201),
        ({"username": "c1", "role": "outlet_clerk", "outlet_id": outlet.pk}, 201),
        ({"username": "m1", "role": "commerce", "county": COUNTY}, 201),
        ({"username": "t1", "role": "township_finance", "county": COUNTY, "township": "上派镇"}, 201),
        ({"username": "f1", "role": "county_finance", "county": COUNTY}, 201),
        ({"username": "e2", "role": "enterprise", "enterprise_id": 999999}, 422),
        ({"username": "c2", "role": "outlet_clerk", "outlet_id": 999999}, 422),
        ({"username": "e3", "role": "enterprise"}, 422),
        ({"username": "c3", "role": "outlet_clerk"}, 422),
        ({"username": "t2", "role": "township_finance", "county": COUNTY}, 422),
        ({"username": "f2", "role": "county_finance"}, 422),
    ]
    from aftersales.accounts.models import User

    for body, status in cases:
        r = api.post("/api/v1/users", {**base, **body})
        assert r.status_code == status, (body, r.content)
    assert User.objects.get(username="t1").township == "上派镇"
    assert User.objects.get(username="c1").subsidy_outlet_id == outlet.pk
    assert not User.objects.filter(username__in=["e2", "c2", "e3", "c3", "t2", "f2"]).exists()
