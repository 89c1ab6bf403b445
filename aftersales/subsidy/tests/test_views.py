"""The pages of each role: they open for their role only, show their work, and write through the services."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.subsidy.models import Claim, Outlet, Return, Sale
from aftersales.subsidy.tests.conftest import claim, pdf_check, resident_id, sell

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


def test_public_page_without_sign_in(client, outlet, other_outlet, now):
    r = client.get("/subsidy/public/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "合家福上派店" in html
    assert "合家福三河店" in html
    assert "2000.00" in html
    assert "260.00" in html  # the most a TV at its cap is subsidised
    Outlet.objects.filter(pk=other_outlet.pk).update(status="suspended")
    from aftersales.subsidy import services

    Outlet.objects.filter(pk=other_outlet.pk).update(status="approved")
    services.outlet_suspend(actor=None or _admin(), outlet_id=other_outlet.pk, on=dt.date(2026, 11, 10))
    assert "合家福三河店" not in client.get("/subsidy/public/").content.decode()


def _admin():
    from aftersales.accounts.models import User

    return User.objects.get(username="sub-admin")


def test_clerk_enters_a_sale_on_the_phone_form(login, users, outlet, now):
    c = login(users["clerk"])
    assert c.get("/subsidy/sales/new/").status_code == 200
    r = c.post(
        "/subsidy/sales/new/",
        {
            "invoice_no": "34001234",
            "sold_on": "2026-11-13",
            "buyer_name": "王五",
            "buyer_id_number": resident_id(5),
            "household_no": "HH5",
            "township": "上派镇",
            "item1_label_card_no": "lc-100",
            "item1_category": "washer",
            "item1_model": "小天鹅 TB80",
            "item1_price": "1599.00",
            "item1_serial_no": "S100",
        },
    )
    sale = Sale.objects.get()
    assert r.status_code == 302
    assert r["Location"] == f"/subsidy/sales/{sale.pk}/"
    assert sale.items.get().label_card_no == "LC-100"
    assert sale.entry_deadline == dt.date(2026, 11, 18)
    assert not sale.entered_late
    page = c.get(r["Location"]).content.decode()
    assert "LC-100" in page


def test_a_refused_sale_lists_every_reason(login, users, outlet, now):
    c = login(users["clerk"])
    r = c.post(
        "/subsidy/sales/new/",
        {
            "invoice_no": "1",
            "sold_on": "2025-06-01",
            "buyer_name": "王五",
            "buyer_id_number": "340123198001010012",
            "household_no": "HH5",
            "township": "上派镇",
            "item1_label_card_no": "X",
            "item1_category": "tv",
            "item1_model": "m",
            "item1_price": "100",
            "item1_serial_no": "s",
        },
    )
    assert r.status_code == 422
    html = r.content.decode()
    assert "销售日期不在实施期内" in html
    assert "身份证号码无效" in html
    assert Sale.objects.count() == 0


def test_claim_desk_checklist_and_acceptance(login, users, outlet, now):
    item = sell(users["clerk"], outlet).items.get()
    c = login(users["township"])
    r = c.get("/subsidy/claims/desk/", {"card": item.label_card_no})
    assert r.status_code == 200
    assert "张三" in r.content.decode()
    body = {
        "sale_item_id": item.pk,
        "filed_on": "2026-11-16",
        "id_number": resident_id(99),
        "household_no": item.sale.household_no,
        "label_card_no": "WRONG",
        "bank_account": "622848",
    }
    r = c.post("/subsidy/claims/desk/", body)
    assert r.status_code == 422
    html = r.content.decode()
    assert 'class="check-id_mismatch" data-state="failed"' in html
    assert 'class="check-label_card_mismatch" data-state="failed"' in html
    assert 'class="check-price_above_cap" data-state="ok"' in html
    assert Claim.objects.count() == 0
    r = c.post(
        "/subsidy/claims/desk/", {**body, "id_number": item.sale.buyer_id_number, "label_card_no": item.label_card_no}
    )
    claim_row = Claim.objects.get()
    assert r.status_code == 302
    assert r["Location"] == f"/subsidy/claims/{claim_row.pk}/"


def test_another_townships_item_is_not_found_at_the_desk(login, users, outlet, now):
    item = sell(users["clerk"], outlet).items.get()
    r = login(users["other_township"]).get("/subsidy/claims/desk/", {"card": item.label_card_no})
    assert 'id="card-not-found"' in r.content.decode()


def test_claim_form_pdf(login, users, outlet, now, tmp_path):
    c = claim(users["township"], sell(users["clerk"], outlet).items.get())
    r = login(users["township"]).get(f"/subsidy/claims/{c.pk}/form.pdf")
    assert r.status_code == 200
    text = pdf_check(r.content, tmp_path)
    assert "补贴资金申报（退还）表" in text
    assert "259.87" in text
    assert login(users["other_township"]).get(f"/subsidy/claims/{c.pk}/form.pdf").status_code == 404


def test_county_queues_verify_and_pay(login, users, outlet, now):
    c1 = claim(users["township"], sell(users["clerk"], outlet, serial=1).items.get())
    page = login(users["county"])
    html = page.get("/subsidy/claims/").content.decode()
    assert f'data-claim="{c1.pk}"' in html
    page.post(f"/subsidy/claims/{c1.pk}/verify/", {"decision": "pass"})
    assert Claim.objects.get().status == "verified"
    html = page.get("/subsidy/claims/", {"queue": "pay"}).content.decode()
    assert f'data-claim="{c1.pk}"' in html
    page.post(f"/subsidy/claims/{c1.pk}/pay/", {"on": "2026-11-16"})
    assert Claim.objects.get().status == "paid"
    assert login(users["township"]).post(f"/subsidy/claims/{c1.pk}/verify/", {"decision": "pass"}).status_code in (
        403,
        404,
    )


def test_ledger_page_and_files(login, users, outlet, now, tmp_path):
    from aftersales.subsidy import services

    c = claim(users["township"], sell(users["clerk"], outlet).items.get())
    services.claim_verify(actor=users["county"], claim_id=c.pk, decision="pass")
    services.claim_pay(actor=users["county"], claim_id=c.pk, paid_on=dt.date(2026, 11, 13))
    page = login(users["county"])
    html = page.get("/subsidy/ledger/", {"month": "2026-11"}).content.decode()
    assert 'id="ledger-amount">259.87<' in html
    assert "ledger-chart-data" in html
    assert "echarts.min.js" in html
    assert page.get("/subsidy/ledger.xlsx", {"month": "2026-11"}).status_code == 200
    assert "259.87" in pdf_check(page.get("/subsidy/ledger.pdf", {"month": "2026-11"}).content, tmp_path)
    assert login(users["township"]).get("/subsidy/ledger/").status_code == 404


def test_commerce_reviews_sees_late_outlets_and_suspends(login, users, programme, enterprise, outlet, now, tmp_path):
    from aftersales.subsidy import services

    pending = services.outlet_file(
        actor=users["enterprise"],
        programme_id=programme.pk,
        enterprise_id=enterprise.pk,
        name="合家福山南店",
        address="肥西县山南镇",
        kind="authorised",
        level="township",
        area_m2=60,
        operators=2,
        can_invoice=True,
        has_terminal=True,
    )
    sell(users["clerk"], outlet, sold_on=dt.date(2026, 11, 2), entered_on=dt.date(2026, 11, 16))  # late
    page = login(users["commerce"])
    html = page.get("/subsidy/outlets/").content.decode()
    assert "合家福山南店" in html
    assert "2026-11-18" in html  # review by
    page.post(f"/subsidy/outlets/{pending.pk}/review/", {"decision": "approve"})
    assert Outlet.objects.get(pk=pending.pk).status == "approved"
    html = page.get("/subsidy/outlets/late/").content.decode()
    assert "合家福上派店" in html
    page.post(f"/subsidy/outlets/{outlet.pk}/suspend/", {"reason": "逾期录入"})
    assert Outlet.objects.get(pk=outlet.pk).status == "suspended"
    text = pdf_check(page.get(f"/subsidy/outlets/{outlet.pk}/form.pdf").content, tmp_path)
    assert "家电下乡销售网点备案登记表" in text
    assert login(users["foreign_commerce"]).get(f"/subsidy/outlets/{outlet.pk}/form.pdf").status_code == 404


def test_clerk_returns_and_township_confirms_the_refund(login, users, outlet, now):
    from aftersales.subsidy import services

    item = sell(users["clerk"], outlet).items.get()
    c = claim(users["township"], item)
    services.claim_verify(actor=users["county"], claim_id=c.pk, decision="pass")
    services.claim_pay(actor=users["county"], claim_id=c.pk, paid_on=dt.date(2026, 11, 13))
    login(users["clerk"]).post(f"/subsidy/items/{item.pk}/return/", {"on": "2026-11-16"})
    ret = Return.objects.get()
    assert ret.status == "awaiting_refund"
    desk = login(users["township"]).get("/subsidy/claims/desk/").content.decode()
    assert "refund-button" in desk
    login(users["township"]).post(f"/subsidy/returns/{ret.pk}/refund/", {"on": "2026-11-16"})
    ret.refresh_from_db()
    assert ret.status == "returned"


@pytest.mark.parametrize(
    ("who", "url", "status"),
    [
        ("clerk", "/subsidy/", 302),
        ("township", "/subsidy/", 302),
        ("clerk", "/subsidy/claims/", 404),
        ("clerk", "/subsidy/ledger/", 404),
        ("township", "/subsidy/sales/new/", 404),
        ("agent", "/subsidy/sales/", 404),
        ("enterprise", "/subsidy/outlets/", 200),
        ("county", "/subsidy/sales/", 200),
    ],
)
def test_who_opens_what(login, users, who, url, status, now):
    assert login(users[who]).get(url).status_code == status


def test_group_orders_deadline_and_late_list(login, users, outlet, now, frozen_now):
    from aftersales.subsidy.models import GroupOrder

    clerk = login(users["clerk"])
    clerk.post("/subsidy/group-orders/", {"buyer": "上派镇三岗村", "units": "12", "distance_km": "20"})
    order = GroupOrder.objects.get()
    assert order.deliver_by == order.ordered_at + dt.timedelta(hours=48)
    with frozen_now(now + dt.timedelta(hours=50)):
        html = login(users["commerce"]).get("/subsidy/group-orders/", {"late": "1"}).content.decode()
        assert "上派镇三岗村" in html
        clerk = login(users["clerk"])
        clerk.post(f"/subsidy/group-orders/{order.pk}/deliver/")
    order.refresh_from_db()
    assert order.delivered_late
    assert login(users["township"]).get("/subsidy/group-orders/").status_code == 404


def test_admin_home_and_english_pages(login, admin, users, outlet, now):
    page = login(admin)
    r = page.get("/subsidy/")
    assert r.status_code == 200
    assert "肥西县家电下乡（2026）" in r.content.decode()
    page.cookies["django_language"] = "en"
    for url in ("/subsidy/public/", "/subsidy/claims/", "/subsidy/ledger/", "/subsidy/outlets/", "/subsidy/sales/"):
        assert page.get(url).status_code == 200, url
