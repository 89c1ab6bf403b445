"""Demo data of the dealer network (篇10): one supplier with two brands, 31 dealers across the 16 cities of 安徽 with
their outlets (sales, parts and service points at real city and county addresses), two sales outlets beyond the
150 km rule, one dealer overdue with its registration, one withdrawn authorisation, a few sales, and the demo users
of the supplier (zhou.supplier) and of a dealer (sun.dealer).

Idempotent: dealers are found by their credit code, outlets by dealer and name; a second run adds nothing.
The brands and companies are invented (皖风 is no real make); the places are real.
"""

# ruff: noqa: RUF001, RUF003, RUF100

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from stdnum.cn import uscc

from aftersales.accounts.choices import Role
from aftersales.accounts.models import User
from aftersales.core import clock
from aftersales.network import services
from aftersales.network.models import Authorisation, Brand, Dealer, Outlet, Sale, Supplier

SUPPLIER_NAME = "皖风汽车销售有限公司"
BRAND, EV = "皖风", "皖风新能源"
SUPPLIER_USER = ("zhou.supplier", "周建国", "13805516001")
DEALER_USER = ("sun.dealer", "孙丽", "13805516002")
FULL = ("sales", "parts", "service")  # a 4S shop: one outlet of each kind


def _code(n: int) -> str:
    base = f"91340100MA2W{n:05d}"
    return base + uscc.calc_check_digit(base)


@dataclass(frozen=True)
class DemoDealer:
    n: int
    name: str
    address: str
    brand: str
    kinds: tuple[str, ...]
    licence_days_ago: int = 900
    registered_after: int | None = 30  # days after the licence; None: not registered


DEALERS = (
    # 皖风: a 4S dealer in every city
    DemoDealer(1, "合肥皖风汽车销售服务有限公司", "安徽省合肥市蜀山区长江西路688号", BRAND, FULL),
    DemoDealer(2, "芜湖皖风汽车销售服务有限公司", "安徽省芜湖市镜湖区赭山东路18号", BRAND, FULL),
    DemoDealer(3, "蚌埠皖风汽车销售服务有限公司", "安徽省蚌埠市蚌山区东海大道1288号", BRAND, FULL),
    DemoDealer(4, "淮南皖风汽车销售服务有限公司", "安徽省淮南市田家庵区洞山中路9号", BRAND, FULL),
    DemoDealer(5, "马鞍山皖风汽车销售服务有限公司", "安徽省马鞍山市雨山区湖南西路66号", BRAND, FULL),
    DemoDealer(6, "淮北皖风汽车销售服务有限公司", "安徽省淮北市相山区人民中路102号", BRAND, FULL),
    DemoDealer(7, "铜陵皖风汽车销售服务有限公司", "安徽省铜陵市铜官区长江西路35号", BRAND, FULL),
    DemoDealer(8, "安庆皖风汽车销售服务有限公司", "安徽省安庆市迎江区华中东路128号", BRAND, FULL),
    DemoDealer(9, "黄山皖风汽车销售服务有限公司", "安徽省黄山市屯溪区黄山东路58号", BRAND, FULL),
    DemoDealer(10, "滁州皖风汽车销售服务有限公司", "安徽省滁州市琅琊区丰乐大道211号", BRAND, FULL),
    DemoDealer(11, "阜阳皖风汽车销售服务有限公司", "安徽省阜阳市颍州区清河西路88号", BRAND, FULL),
    DemoDealer(12, "宿州皖风汽车销售服务有限公司", "安徽省宿州市埇桥区汴河中路16号", BRAND, FULL),
    DemoDealer(13, "六安皖风汽车销售服务有限公司", "安徽省六安市金安区梅山北路39号", BRAND, FULL),
    DemoDealer(14, "亳州皖风汽车销售服务有限公司", "安徽省亳州市谯城区芍花路77号", BRAND, FULL),
    DemoDealer(15, "池州皖风汽车销售服务有限公司", "安徽省池州市贵池区长江中路20号", BRAND, FULL),
    DemoDealer(16, "宣城皖风汽车销售服务有限公司", "安徽省宣城市宣州区鳌峰西路6号", BRAND, FULL),
    # 皖风: county showrooms (sales only), served by the city 4S shops nearby
    DemoDealer(17, "肥东皖风汽车销售有限公司", "安徽省合肥市肥东县店埠镇龙泉路12号", BRAND, ("sales",)),
    DemoDealer(18, "砀山皖风汽车销售有限公司", "安徽省宿州市砀山县梨都大道100号", BRAND, ("sales",)),
    DemoDealer(19, "金寨皖风汽车销售有限公司", "安徽省六安市金寨县梅山镇红军大道8号", BRAND, ("sales",)),
    DemoDealer(20, "宿松皖风汽车销售有限公司", "安徽省安庆市宿松县孚玉镇人民路5号", BRAND, ("sales",)),
    DemoDealer(21, "广德皖风汽车销售有限公司", "安徽省宣城市广德市桃州镇万桂山路3号", BRAND, ("sales",)),
    # 界首: licensed 75 days ago and not registered (overdue); 天长: 30 days ago (still pending)
    DemoDealer(22, "界首皖风汽车销售有限公司", "安徽省阜阳市界首市人民路66号", BRAND, ("sales",), 75, None),
    DemoDealer(23, "歙县皖风汽车销售有限公司", "安徽省黄山市歙县徽城镇新安路1号", BRAND, ("sales",)),
    DemoDealer(24, "利辛皖风汽车销售有限公司", "安徽省亳州市利辛县城关镇文州路9号", BRAND, ("sales",)),
    DemoDealer(
        25, "天长皖风汽车销售有限公司", "安徽省滁州市天长市千秋大道88号", BRAND, ("sales",), 30, None
    ),  # pending
    DemoDealer(26, "无为皖风汽车销售有限公司", "安徽省芜湖市无为市无城镇环城路2号", BRAND, ("sales",)),
    DemoDealer(27, "萧县皖风汽车销售有限公司", "安徽省宿州市萧县龙城镇凤城路7号", BRAND, ("sales",)),
    # 皖风新能源: 4S in 合肥, 芜湖 and 阜阳, a parts depot in 黄山; showrooms in 砀山 and 黟县 beyond 150 km
    DemoDealer(28, "合肥皖风新能源汽车有限公司", "安徽省合肥市包河区徽州大道1888号", EV, FULL),
    DemoDealer(29, "芜湖皖风新能源汽车有限公司", "安徽省芜湖市鸠江区九华北路33号", EV, FULL),
    DemoDealer(30, "阜阳皖风新能源汽车有限公司", "安徽省阜阳市颍东区向阳路18号", EV, ("sales", "parts", "service")),
    DemoDealer(31, "黄山皖风新能源汽车有限公司", "安徽省黄山市屯溪区迎宾大道66号", EV, ("parts",)),
    DemoDealer(32, "砀山皖风新能源汽车销售有限公司", "安徽省宿州市砀山县砀城镇人民路38号", EV, ("sales",)),
    DemoDealer(33, "黟县皖风新能源汽车销售有限公司", "安徽省黄山市黟县碧阳镇五里亭路2号", EV, ("sales",)),
)
WITHDRAWN = 24  # 利辛: its 皖风 authorisation withdrawn (经营不规范)
DEALER_OF_USER = 1  # sun.dealer works at the 合肥 4S shop
KIND_NAMES = {"sales": "展厅", "parts": "配件库", "service": "服务站"}


def _user(report, username: str, name: str, phone: str, **binding) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        role = Role.SUPPLIER if "supplier" in binding else Role.DEALER
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


def load(report, users=None) -> dict[str, int]:
    """Load the dealer network's demo data; returns what it added (dealers, outlets, sales)."""
    added = {"dealers": 0, "outlets": 0, "sales": 0}
    supplier, _ = Supplier.objects.get_or_create(
        credit_code=_code(0), defaults={"name": SUPPLIER_NAME, "phone": "0551-65550000"}
    )
    for name in (BRAND, EV):
        Brand.objects.get_or_create(name=name, defaults={"supplier": supplier})
    actor = _user(report, *SUPPLIER_USER, supplier=supplier)
    today = clock.today()
    dealers: dict[int, Dealer] = {}
    for spec in DEALERS:
        dealer = Dealer.objects.filter(credit_code=_code(spec.n)).first()
        if dealer is None:
            licence = today - dt.timedelta(days=spec.licence_days_ago)
            registered = None if spec.registered_after is None else licence + dt.timedelta(days=spec.registered_after)
            dealer = services.dealer_create(
                actor=actor,
                name=spec.name,
                credit_code=_code(spec.n),
                brands=[spec.brand],
                shop_name=spec.name.replace("有限公司", ""),
                address=spec.address,
                phone=f"0551-6{spec.n:03d}8888",
                licence_on=licence,
                registered_on=registered,
                territory=spec.address[3:6],
                valid_from=licence + dt.timedelta(days=10),
                contract_no=f"WF-SQ-{licence.year}-{spec.n:03d}",
            )
            added["dealers"] += 1
        dealers[spec.n] = dealer
        for kind in spec.kinds:
            name = f"{spec.name.replace('有限公司', '')}{KIND_NAMES[kind]}"
            if not Outlet.objects.filter(dealer=dealer, name=name).exists():
                services.outlet_create(
                    actor=actor, dealer_id=dealer.pk, brand=spec.brand, kind=kind, name=name, address=spec.address
                )
                added["outlets"] += 1
    withdrawn = Authorisation.objects.filter(dealer=dealers[WITHDRAWN], withdrawn_on__isnull=True).first()
    if withdrawn is not None:
        services.authorisation_withdraw(
            actor=actor,
            authorisation_id=withdrawn.pk,
            reason="店铺名称、标识与授权不一致，经整改仍不符合（第二十七条）",
            withdrawn_on=today - dt.timedelta(days=20),
        )
    seller = _user(report, *DEALER_USER, dealer=dealers[DEALER_OF_USER])
    showroom = Outlet.objects.filter(dealer=dealers[DEALER_OF_USER], kind="sales").first()
    if showroom is not None and not Sale.objects.filter(outlet=showroom).exists():
        for days, buyer, product, serial in (
            (12, "王海涛", "皖风S3 1.5T 舒适型", "LWF3S0A10R0000121"),
            (5, "陈晓燕", "皖风S5 2.0T 豪华型", "LWF5S0A10R0000357"),
            (1, "合肥市某物流有限公司", "皖风V6 厢式货车", "LWF6V0A10R0000412"),
        ):
            services.sale_record(
                actor=seller,
                network_outlet_id=showroom.pk,
                sold_on=today - dt.timedelta(days=days),
                buyer=buyer,
                product=product,
                serial=serial,
            )
            added["sales"] += 1
    return added
