"""Demo data of the 家电下乡 subsidy ledger (篇3, 篇4, 篇9): 肥西县's programme with its real townships, three
winning enterprises with outlets in the county town and the townships (one pending review, one rejected, one
suspended), about 300 sales over the last four months (some entered late), claims in every state (filed,
verified, failed, paid on time and late, cancelled by a return, refunded, overdue), returns in every state, group
purchases, and a demo user of each of the programme's roles.

Everything goes through the services, so the data obeys the rules it shows. Idempotent: the programme is found
by its name; a second run adds nothing. The enterprises and people are invented; the places are real.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from aftersales.accounts.choices import Role
from aftersales.accounts.models import User
from aftersales.core import clock
from aftersales.subsidy import services
from aftersales.subsidy.models import Claim, Enterprise, Outlet, Programme, SaleItem
from aftersales.subsidy.policy.identity import credit_check_char, id_check_char

PROGRAMME = "肥西县家电下乡补贴（2026—2029）"
COUNTY = "肥西县"
TOWNSHIPS = [
    "上派镇",
    "三河镇",
    "官亭镇",
    "山南镇",
    "花岗镇",
    "紫蓬镇",
    "桃花镇",
    "丰乐镇",
    "高刘镇",
    "严店乡",
    "铭传乡",
    "柿树岗乡",
]
ENTERPRISES = [
    (1, "皖中惠民家电连锁有限公司"),
    (2, "合肥乡信电器销售有限公司"),
    (3, "安徽农家乐家电有限公司"),
]
# (enterprise, name, address, kind, level, township, area, state)
OUTLETS = [
    (1, "惠民家电上派店", "肥西县上派镇馆驿路168号", "direct", "county", "上派镇", 320, "approved"),
    (1, "惠民家电三河店", "肥西县三河镇古镇大道56号", "franchise", "township", "三河镇", 120, "approved"),
    (1, "惠民家电官亭店", "肥西县官亭镇官亭街道12号", "authorised", "township", "官亭镇", 70, "approved"),
    (2, "乡信电器山南店", "肥西县山南镇山南街88号", "franchise", "township", "山南镇", 95, "approved"),
    (2, "乡信电器花岗店", "肥西县花岗镇花岗路21号", "authorised", "township", "花岗镇", 60, "suspended"),
    (2, "乡信电器紫蓬店", "肥西县紫蓬镇紫蓬路9号", "direct", "township", "紫蓬镇", 55, "pending"),
    (3, "农家乐家电桃花店", "肥西县桃花镇繁华大道2201号", "direct", "county", "桃花镇", 260, "approved"),
    (3, "农家乐家电丰乐店", "肥西县丰乐镇丰乐街3号", "authorised", "township", "丰乐镇", 52, "rejected"),
]
MODELS = {
    "tv": [("海信 HZ43E3D", "1699.00"), ("创维 43A3", "1599.00"), ("TCL 50V6", "1999.00"), ("长虹 55D5", "2299.00")],
    "fridge": [("美的 BCD-215", "1899.00"), ("海尔 BCD-190", "1499.00"), ("美菱 BCD-272", "2499.00")],
    "mobile": [("华为 畅享60", "999.00"), ("荣耀 X50i", "899.00"), ("小米 Redmi 13C", "699.00")],
    "washer": [("小天鹅 TB80", "1299.00"), ("海尔 EB80M", "1099.00"), ("美的 MB80", "999.00")],
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = ["德明", "秀英", "桂兰", "建国", "玉兰", "志强", "春梅", "国华", "海燕", "光荣", "淑珍", "长林", "红霞", "家宝"]
SALES = 300
USERS = [
    # username, role, name, phone, binding
    ("hu.enterprise", Role.ENTERPRISE, "胡晓东", "13905510101", "enterprise"),
    ("liu.clerk", Role.OUTLET_CLERK, "刘小梅", "13905510102", "outlet"),
    ("zheng.commerce", Role.COMMERCE, "郑卫国", "13905510103", "county"),
    ("wu.township", Role.TOWNSHIP_FINANCE, "吴丽华", "13905510104", "township"),
    ("chen.finance", Role.COUNTY_FINANCE, "陈志远", "13905510105", "county"),
]


def _credit(n: int) -> str:
    first = f"91340123MA2Q{n:05d}"
    return first + credit_check_char(first)


def _resident_id(rng: random.Random, serial: int) -> str:
    born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 50))
    first = f"340123{born:%Y%m%d}{serial % 1000:03d}"
    return first + id_check_char(first)


def _user(report, username, role, name, phone, **binding) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username=username,
            password=report.password,
            role=role,
            first_name=name,
            email=f"{username}@aftersales.local",
            phone=phone,
            **binding,
        )
        report.users += 1
    report.user_lines.append(f"{username:<16} {Role(user.role).label}")
    return user


def _admin() -> User:
    admin = (
        User.objects.filter(is_superuser=True).order_by("pk").first() or User.objects.filter(role=Role.ADMIN).first()
    )
    if admin is None:
        # `aftersales demo` without `setup` (and the tests): the ledger is recorded by a system account that
        # cannot sign in (inactive, no usable password), never by a person's account made up for it.
        admin, created = User.objects.get_or_create(
            username="subsidy.demo",
            defaults={"role": Role.ADMIN, "is_active": False, "first_name": "演示数据（系统）"},
        )
        if created:
            admin.set_unusable_password()
            admin.save(update_fields=["password"])
    return admin


def load(report, users=None) -> dict[str, int]:
    """Load the programme, its outlets, sales, claims and returns once; the demo users every time (found by name)."""
    added = {"sales": 0, "claims": 0, "returns": 0}
    programme = Programme.objects.filter(name=PROGRAMME).first()
    if programme is None:
        _load_ledger(added)
        programme = Programme.objects.get(name=PROGRAMME)
    main = Outlet.objects.get(programme=programme, name=OUTLETS[0][1])
    bindings = {
        "enterprise": {"subsidy_enterprise": main.enterprise},
        "outlet": {"subsidy_outlet": main},
        "county": {"county": COUNTY},
        "township": {"county": COUNTY, "township": "上派镇"},
    }
    for username, role, name, phone, binding in USERS:
        _user(report, username, role, name, phone, **bindings[binding])
    return added


def _load_ledger(added: dict[str, int]) -> None:
    admin = _admin()
    today = clock.today()
    rng = random.Random(20261001)  # noqa: S311  (demo data, not secrets)
    programme = services.programme_create(
        actor=admin,
        name=PROGRAMME,
        county=COUNTY,
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2029, 12, 31),
        townships=TOWNSHIPS,
    )
    enterprises = {}
    for n, name in ENTERPRISES:
        enterprises[n] = Enterprise.objects.filter(credit_code=_credit(n)).first() or services.enterprise_create(
            actor=admin, name=name, credit_code=_credit(n)
        )
    outlets = []
    opened = dt.date(2026, 3, 2)
    for n, name, address, kind, level, township, area, state in OUTLETS:
        filed_on = today - dt.timedelta(days=1) if state == "pending" else opened
        outlet = services.outlet_file(
            actor=admin,
            programme_id=programme.pk,
            enterprise_id=enterprises[n].pk,
            name=name,
            address=address,
            kind=kind,
            level=level,
            area_m2=Decimal(area),
            operators=3 if level == "county" else 2,
            can_invoice=True,
            has_terminal=True,
            filed_on=filed_on,
            township=township,
            licence_no=f"340123{6000000 + len(outlets):09d}",
            area_exception="肥西县商务局：丰乐镇偏远，面积例外" if area < 50 else "",
        )
        if state == "rejected":
            services.outlet_review(
                actor=admin, outlet_id=outlet.pk, decision="reject", reason="未提交授权书", decided_on=opened
            )
        elif state != "pending":
            services.outlet_review(actor=admin, outlet_id=outlet.pk, decision="approve", decided_on=opened)
        if state == "suspended":
            services.outlet_suspend(
                actor=admin,
                outlet_id=outlet.pk,
                on=today - dt.timedelta(days=20),
                reason="多次逾期录入销售信息，整改不力",
            )
        outlet.refresh_from_db()
        if state in ("approved", "suspended"):
            outlets.append(outlet)
    suspended_on = today - dt.timedelta(days=20)
    # sales: most at the county town outlet (the demo clerk's), from four months ago to yesterday
    card = 0
    items: list[SaleItem] = []
    for n in range(SALES):
        outlet = outlets[0] if rng.random() < 0.5 else rng.choice(outlets)
        sold_on = today - dt.timedelta(days=rng.randrange(1, 120))
        if outlet.status == "suspended" and sold_on >= suspended_on:
            sold_on = suspended_on - dt.timedelta(days=rng.randrange(1, 60))
        late = rng.random() < (0.25 if outlet.name.endswith("花岗店") else 0.06)
        entered_on = min(today, sold_on + dt.timedelta(days=rng.randrange(7, 15) if late else rng.randrange(0, 2)))
        township = "上派镇" if rng.random() < 0.45 else (outlet.township or rng.choice(TOWNSHIPS))
        count = 2 if rng.random() < 0.1 else 1
        lines = []
        for category in rng.sample(list(MODELS), count):
            model, price = rng.choice(MODELS[category])
            card += 1
            lines.append(
                services.ItemIn(category, model, Decimal(price), f"AH26{card:07d}", f"SN{rng.randrange(10**9):09d}")
            )
        sale = services.sale_create(
            actor=admin,
            outlet_id=outlet.pk,
            invoice_no=f"0340012{n:05d}",
            sold_on=sold_on,
            entered_on=entered_on,
            buyer_name=rng.choice(SURNAMES) + rng.choice(GIVEN),
            buyer_id_number=_resident_id(rng, n),
            household_no=f"3401230{n:06d}",
            township=township,
            items=lines,
        )
        added["sales"] += 1
        items.extend(sale.items.all())
    _claims_and_returns(admin, rng, items, today, added)
    _group_orders(admin, outlets[0], today)


def _claims_and_returns(admin, rng, items, today, added) -> None:
    """About four in five items are claimed; the claims then move through every state, some items returned."""
    for item in items:
        sale = item.sale
        earliest = sale.sold_on + dt.timedelta(days=3)
        if earliest > today or rng.random() < 0.2:
            continue
        filed_on = min(today, earliest + dt.timedelta(days=rng.randrange(0, 20)))
        try:
            claim = services.claim_file(
                actor=admin,
                sale_item_id=item.pk,
                filed_on=filed_on,
                id_number=sale.buyer_id_number,
                household_no=sale.household_no,
                label_card_no=item.label_card_no,
                bank_account=f"6228480{rng.randrange(10**11):011d}",
            )
        except services.SubsidyError:
            continue  # e.g. a TV sold above its cap: the office told the buyer at once, nothing stored
        added["claims"] += 1
        age = (today - filed_on).days
        roll = rng.random()
        if age < 5 or roll < 0.08:
            continue  # waiting for verification (some of the oldest are overdue)
        failed = roll < 0.13
        services.claim_verify(
            actor=admin,
            claim_id=claim.pk,
            decision="fail" if failed else "pass",
            reason="身份证明与户口簿不符" if failed else "",
        )
        if failed or roll < 0.22:
            continue  # failed, or verified waiting for payment
        span = max(1, min(age, 55))
        paid_on = min(today, filed_on + dt.timedelta(days=rng.randrange(1, span + 1)))
        services.claim_pay(actor=admin, claim_id=claim.pk, paid_on=paid_on)
    # returns under 三包 in every state: before a claim, on a filed, verified, failed and paid claim
    for wanted in ("none", "filed", "verified", "failed", "paid", "paid_refunded"):
        candidates = [i for i in items if _state(i) == wanted.replace("_refunded", "")]
        if not candidates:
            continue
        item = rng.choice(candidates)
        requested_on = min(today, max(item.sale.sold_on, today - dt.timedelta(days=3)))
        ret = services.return_request(actor=admin, sale_item_id=item.pk, requested_on=requested_on)
        added["returns"] += 1
        if wanted == "paid_refunded":
            services.return_confirm_refund(actor=admin, return_id=ret.pk, refunded_on=today)


def _state(item: SaleItem) -> str:
    if item.status != "sold":
        return "busy"
    claim = Claim.objects.filter(sale_item=item).order_by("-pk").first()
    return claim.status if claim else "none"


def _group_orders(admin, outlet, today) -> None:
    now = clock.now()
    on_time = services.group_order_create(
        actor=admin,
        outlet_id=outlet.pk,
        buyer="上派镇三岗村村委会（集中采购）",
        units=12,
        distance_km=Decimal("18.5"),
        ordered_at=now - dt.timedelta(days=6),
    )
    services.group_order_deliver(actor=admin, group_order_id=on_time.pk, delivered_at=now - dt.timedelta(days=5))
    late = services.group_order_create(
        actor=admin,
        outlet_id=outlet.pk,
        buyer="三河镇养老服务中心",
        units=20,
        distance_km=Decimal("31.0"),
        ordered_at=now - dt.timedelta(days=10),
    )
    services.group_order_deliver(actor=admin, group_order_id=late.pk, delivered_at=now - dt.timedelta(days=7))
    services.group_order_create(
        actor=admin,
        outlet_id=outlet.pk,
        buyer="官亭镇中心小学",
        units=10,
        distance_km=Decimal("42.0"),
        ordered_at=now - dt.timedelta(days=3),
    )
