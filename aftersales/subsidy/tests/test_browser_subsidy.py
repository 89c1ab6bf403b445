"""One browser journey of the 家电下乡 ledger against the live server: the outlet clerk enters a sale on a phone,
the township office takes the claim with its checklist, the county verifies and pays, the clerk records a
return under 三包, and the township confirms the buyer refunded the subsidy ("补贴已退，可退货")."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from aftersales.core.testing.browser import PHONE, sign_in
from aftersales.subsidy.tests.conftest import COUNTY, TOWNSHIPS, credit_code, resident_id


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sale_claim_payment_return(new_page, live_server, make_user):
    from aftersales.core import clock
    from aftersales.subsidy import services
    from aftersales.subsidy.models import Claim, Return, Sale

    today = clock.today()
    public = new_page()  # the public 公告 needs no sign-in (and the first request warms the live server up)
    public.goto(f"{live_server.url}/subsidy/public/")
    admin = make_user("sub-admin", "admin", is_staff=True, is_superuser=True)
    programme = services.programme_create(
        actor=admin,
        name="肥西县家电下乡",
        county=COUNTY,
        starts_on=today - dt.timedelta(days=200),
        ends_on=today + dt.timedelta(days=800),
        townships=TOWNSHIPS,
    )
    enterprise = services.enterprise_create(actor=admin, name="皖中惠民家电连锁有限公司", credit_code=credit_code(3))
    outlet = services.outlet_file(
        actor=admin,
        programme_id=programme.pk,
        enterprise_id=enterprise.pk,
        name="惠民家电上派店",
        address="肥西县上派镇馆驿路168号",
        kind="direct",
        level="county",
        area_m2=Decimal(320),
        operators=3,
        can_invoice=True,
        has_terminal=True,
        filed_on=today - dt.timedelta(days=100),
        township="上派镇",
    )
    services.outlet_review(
        actor=admin, outlet_id=outlet.pk, decision="approve", decided_on=today - dt.timedelta(days=99)
    )
    make_user("clerk", "outlet_clerk", subsidy_outlet=outlet)
    make_user("shangpai", "township_finance", county=COUNTY, township="上派镇")
    make_user("czj", "county_finance", county=COUNTY)
    sold_on = today - dt.timedelta(days=4)

    # the clerk enters the sale on a phone (label card typed as a scanner would, then Enter)
    phone = new_page(**PHONE)
    sign_in(phone, live_server, "clerk")
    phone.goto(f"{live_server.url}/subsidy/sales/new/")
    phone.fill("#id_item1_label_card_no", "ah26000123")
    phone.press("#id_item1_label_card_no", "Enter")  # a scanner's Enter moves on, it does not submit
    assert phone.evaluate("document.activeElement.id") == "id_item1_category"
    phone.select_option("#id_item1_category", "fridge")
    phone.fill("#id_item1_model", "美的 BCD-215")
    phone.fill("#id_item1_price", "2299.00")
    phone.fill("#id_item1_serial_no", "SN2026001")
    phone.fill("#id_invoice_no", "03400123")
    phone.fill("#id_sold_on", sold_on.isoformat())
    phone.fill("#id_buyer_name", "王德明")
    phone.fill("#id_buyer_id_number", resident_id(7))
    phone.fill("#id_household_no", "340123000777")
    phone.select_option("#id_township", "上派镇")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.click("#sale-submit")
    phone.wait_for_url(re.compile(r"/subsidy/sales/\d+/$"))
    assert phone.inner_text("#sale-invoice") == "03400123"
    sale = Sale.objects.get()
    item = sale.items.get()
    assert item.label_card_no == "AH26000123"

    # the township office: look up the card, a wrong ID first (checklist), then the right one
    desk = new_page()
    sign_in(desk, live_server, "shangpai")
    desk.goto(f"{live_server.url}/subsidy/claims/desk/")
    desk.fill("#lookup-card", "AH26000123")
    desk.click("#card-lookup button")
    assert desk.inner_text("#desk-buyer") == "王德明"
    desk.fill("#id_id_number", resident_id(8))
    desk.fill("#id_household_no", "340123000777")
    desk.fill("#id_label_card_no", "AH26000123")
    desk.fill("#id_bank_account", "6228480000000000777")
    desk.click("#claim-submit")
    desk.wait_for_selector("#claim-reasons")
    assert desk.get_attribute(".check-id_mismatch", "data-state") == "failed"
    assert desk.get_attribute(".check-price_above_cap", "data-state") == "ok"
    assert Claim.objects.count() == 0
    desk.fill("#id_id_number", resident_id(7))
    desk.fill("#id_bank_account", "6228480000000000777")
    desk.click("#claim-submit")
    desk.wait_for_url(re.compile(r"/subsidy/claims/\d+/$"))
    assert "298.87" in desk.inner_text("#claim-amount")  # 2299.00 × 13%
    assert desk.inner_text("#claim-status") == "已申报"
    claim = Claim.objects.get()

    # the county verifies and pays
    county = new_page()
    sign_in(county, live_server, "czj")
    county.goto(f"{live_server.url}/subsidy/claims/")
    county.click(f'tr[data-claim="{claim.pk}"] a')
    county.click("#verify-pass")
    county.wait_for_selector("#pay-button")
    assert county.inner_text("#claim-status") == "核查通过"
    county.click("#pay-button")
    county.wait_for_selector("#claim-status")
    assert county.inner_text("#claim-status") == "已拨付"

    # the clerk records the return: the subsidy was paid, so it waits for the refund
    phone.goto(f"{live_server.url}/subsidy/sales/{sale.pk}/")
    phone.click(".return-button")
    phone.wait_for_selector(".item-return")
    assert phone.inner_text(".return-status") == "待退回补贴"

    # the township confirms the refund; the return completes and the claim is refunded
    desk.goto(f"{live_server.url}/subsidy/claims/desk/")
    desk.click(".refund-button")
    desk.wait_for_selector("#claim-return")
    assert desk.inner_text("#claim-return") == "已退货"
    assert desk.inner_text("#claim-status") == "补贴已退回"
    assert Return.objects.get().status == "returned"
    assert Claim.objects.get().status == "refunded"
    public.goto(f"{live_server.url}/subsidy/public/")
    assert "惠民家电上派店" in public.inner_text("#public-outlets")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_roles_pages_fit_a_phone_and_a_wide_screen_in_both_languages(new_page, live_server, make_user):
    from aftersales.core import clock
    from aftersales.subsidy import services

    warm = new_page()
    warm.goto(f"{live_server.url}/subsidy/public/")
    today = clock.today()
    admin = make_user("sub-admin", "admin", is_staff=True, is_superuser=True)
    programme = services.programme_create(
        actor=admin,
        name="肥西县家电下乡补贴（2026—2029）",
        county=COUNTY,
        starts_on=today - dt.timedelta(days=200),
        ends_on=today + dt.timedelta(days=800),
        townships=TOWNSHIPS,
    )
    enterprise = services.enterprise_create(actor=admin, name="皖中惠民家电连锁有限公司", credit_code=credit_code(3))
    outlet = services.outlet_file(
        actor=admin,
        programme_id=programme.pk,
        enterprise_id=enterprise.pk,
        name="惠民家电上派店（县城直营旗舰店）",
        address="肥西县上派镇馆驿路168号惠民广场一楼",
        kind="direct",
        level="county",
        area_m2=Decimal(320),
        operators=3,
        can_invoice=True,
        has_terminal=True,
        filed_on=today - dt.timedelta(days=100),
        township="上派镇",
    )
    services.outlet_review(
        actor=admin, outlet_id=outlet.pk, decision="approve", decided_on=today - dt.timedelta(days=99)
    )
    sale = services.sale_create(
        actor=admin,
        outlet_id=outlet.pk,
        invoice_no="034001230001",
        sold_on=today - dt.timedelta(days=20),
        entered_on=today - dt.timedelta(days=5),
        buyer_name="王德明",
        buyer_id_number=resident_id(7),
        household_no="340123000777",
        township="上派镇",
        items=[services.ItemIn("fridge", "美的 BCD-215WTPZM(E)", Decimal("2299.00"), "AH26000123", "SN2026001")],
    )
    item = sale.items.get()
    claim = services.claim_file(
        actor=admin,
        sale_item_id=item.pk,
        filed_on=today,
        id_number=sale.buyer_id_number,
        household_no=sale.household_no,
        label_card_no=item.label_card_no,
        bank_account="6228480000000000777",
    )
    make_user("clerk", "outlet_clerk", subsidy_outlet=outlet)
    make_user("shangpai", "township_finance", county=COUNTY, township="上派镇")
    make_user("czj", "county_finance", county=COUNTY)
    make_user("swj", "commerce", county=COUNTY)
    make_user("ent", "enterprise", subsidy_enterprise=enterprise)
    pages = {
        None: ["/subsidy/public/"],
        "clerk": ["/subsidy/sales/new/", "/subsidy/sales/", f"/subsidy/sales/{sale.pk}/", "/subsidy/group-orders/"],
        "shangpai": [f"/subsidy/claims/desk/?card={item.label_card_no}", f"/subsidy/claims/{claim.pk}/"],
        "czj": ["/subsidy/claims/", "/subsidy/ledger/", f"/subsidy/claims/{claim.pk}/"],
        "swj": ["/subsidy/outlets/", "/subsidy/outlets/late/", "/subsidy/group-orders/?late=1"],
        "ent": ["/subsidy/outlets/", "/subsidy/sales/"],
        "sub-admin": ["/subsidy/"],
    }
    for width in (390, 1440):
        for language in ("zh-hans", "en"):
            for username, paths in pages.items():
                page = new_page(viewport={"width": width, "height": 900})
                page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
                if username:
                    sign_in(page, live_server, username)
                for path in paths:
                    page.goto(f"{live_server.url}{path}")
                    assert page.evaluate("document.documentElement.scrollWidth") <= width, (width, language, path)
                page.context.close()
