"""The sale-to-service demo data (issue 13): a salesperson and a sales manager with opportunities in every stage of
篇5, one won deal whose installation waits for the acceptance signature (checklist counted, devices tested), and
one accepted (assets accepted, monthly inspection plan running, trainings scheduled), plus a lost deal.

Everything goes through the services as the people would do it; the stages are reached through their gates.
Idempotent: the users are matched by username, and the deals are made only when the salesperson has none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from aftersales.accounts.choices import Role
from aftersales.accounts.models import User
from aftersales.core import clock
from aftersales.customers.models import Contact, Customer
from aftersales.sales import services
from aftersales.sales.models import Opportunity

SALESPERSON = "zhou.sales"
SALES_MANAGER = "zheng.manager"
USERS = (
    (SALESPERSON, Role.SALESPERSON, "周伟", "13805511010"),
    (SALES_MANAGER, Role.SALES_MANAGER, "郑洋", "13805511111"),
)


@dataclass(frozen=True)
class Deal:
    customer: str
    name: str
    amount: str
    stage: str  # where the demo leaves it: qualify … negotiate, "won", "installed", "accepted", "lost"
    close_in_days: int
    competitors: tuple[str, ...] = ()
    next_step: str = ""


DEALS = (
    Deal(
        "马鞍山市雨山区人民政府办公室",
        "政务机房环境监测",
        "180000.00",
        "qualify",
        75,
        ("安瑞科技",),
        "收集客户全貌信息，拜访办公室主任",
    ),
    Deal(
        "蚌埠医学院第一附属医院网络中心",
        "机房动环监控系统",
        "420000.00",
        "lead",
        60,
        ("华信监控", "众合科技"),
        "拜访分管副院长，确认立项",
    ),
    Deal(
        "安庆石化信息中心",
        "有毒有害气体在线监测系统",
        "960000.00",
        "validate",
        45,
        ("中安仪表",),
        "与技术评估人审核初步方案",
    ),
    Deal(
        "阜阳市人民医院信息科", "数据中心监测升级", "650000.00", "negotiate", 20, ("华信监控",), "与采购经理谈付款条款"
    ),
    Deal("淮南矿业集团信息中心", "煤矿安全监测监控系统升级", "1380000.00", "installed", -40),
    Deal("黄山学院网络中心", "数据中心动环监测", "520000.00", "accepted", -100),
    Deal("池州学院图书馆", "机房温湿度监测", "90000.00", "lost", 10, ("低价厂商",)),
)

DEVICES = {
    "淮南矿业集团信息中心": (
        ("瓦斯监测主机", "华为", "KJ90X-H", "HN-KJ90-0001", "监测主机"),
        ("井下分站", "华为", "KJ90-F16", "HN-KJ90-0002", "监测分站"),
    ),
    "黄山学院网络中心": (("动环监控主机", "华为", "ECC800", "HS-ECC-0001", "监控主机"),),
}


def _user(report, username: str, role: str, name: str, phone: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username=username,
            password=report.password,
            role=role,
            first_name=name,
            email=f"{username}@aftersales.local",
            phone=phone,
        )
        report.users += 1
    report.user_lines.append(f"{username:<16} {Role(role).label}")
    return user


def _contact(customer: Customer, name: str, title: str) -> Contact:
    contact = customer.contacts.filter(name=name).first()
    return contact or Contact.objects.create(customer=customer, name=name, title=title)


def load(report, users: dict[str, User]) -> int:
    """Load the sales demo; returns the number of opportunities made (0 on a second run)."""
    for username, role, name, phone in USERS:
        users[username] = _user(report, username, role, name, phone)
    seller, manager = users[SALESPERSON], users[SALES_MANAGER]
    engineer = users.get("li.engineer") or User.objects.filter(role=Role.ENGINEER).order_by("id").first()
    if Opportunity.objects.filter(owner=seller).exists():
        return 0
    made = 0
    for number, deal in enumerate(DEALS, start=1):
        customer = Customer.objects.filter(name=deal.customer).first()
        if customer is None:
            continue
        _deal(deal, number, customer, seller=seller, manager=manager, engineer=engineer)
        made += 1
    return made


def _deal(deal: Deal, number: int, customer: Customer, *, seller: User, manager: User, engineer: User | None) -> None:
    today = clock.today()
    o = services.opportunity_create(
        actor=seller,
        customer_id=customer.pk,
        name=deal.name,
        amount=deal.amount,
        expected_close_on=today + dt.timedelta(days=deal.close_in_days),
        competitors=deal.competitors,
        next_step=deal.next_step,
        next_step_on=today + dt.timedelta(days=3) if deal.next_step else None,
    )
    if deal.stage == "qualify":
        return
    if deal.stage == "lost":
        services.opportunity_lose(
            actor=seller, opportunity_id=o.pk, reason="客户预算削减，选择低价方案", competitor="低价厂商"
        )
        return
    services.opportunity_update(
        actor=seller, opportunity_id=o.pk, need="现有监测点不足、报警滞后，存在安全隐患；客户希望今年立项改造"
    )
    services.opportunity_advance(actor=seller, opportunity_id=o.pk, to="lead", note="需求已确认")
    boss = _contact(customer, "王建国", "分管副总")
    services.buying_member_add(actor=seller, opportunity_id=o.pk, role="decision_maker", contact_id=boss.pk)
    services.buying_member_add(
        actor=seller,
        opportunity_id=o.pk,
        role="technical_evaluator",
        contact_id=_contact(customer, "刘工", "技术负责人").pk,
    )
    if deal.stage == "lead":
        return
    services.opportunity_advance(actor=seller, opportunity_id=o.pk, to="validate")
    services.opportunity_update(
        actor=seller,
        opportunity_id=o.pk,
        benefit_analysis="减少非计划停机，提前预警事故，降低人工巡检工时约40%。",
        difference_assessment="本地化7×24服务、1小时到场；系统兼容现有设备；三年质保、终身保修。",
    )
    proposal = services.proposal_create(
        actor=seller,
        opportunity_id=o.pk,
        title=f"{deal.name}实施方案",
        body="一、方案架构\n二、实施进度表\n三、培训计划",
    )
    services.proposal_send(actor=seller, proposal_id=proposal.pk)
    if deal.stage == "validate":
        return
    services.proposal_review(actor=seller, proposal_id=proposal.pk, approved=True, reviewed_by=boss.name)
    services.opportunity_advance(actor=seller, opportunity_id=o.pk, to="negotiate")
    services.opportunity_update(
        actor=seller, opportunity_id=o.pk, agreed_amount=deal.amount, terms="预付30%，验收后付60%，质保金10%"
    )
    if deal.stage == "negotiate":
        return
    starts_on = today + dt.timedelta(days=deal.close_in_days - 20)
    services.opportunity_advance(
        actor=manager,
        opportunity_id=o.pk,
        to="close",
        contract_number=f"XS-{today.year}-{number:04d}",
        starts_on=starts_on,
        ends_on=starts_on + dt.timedelta(days=3 * 365),
        reason="方案经客户审核通过，本地服务响应快",
    )
    o.refresh_from_db()
    installation = services.installation_create(
        actor=manager, contract_id=o.contract_id, engineer_id=engineer.pk if engineer else None
    )
    for description, vendor, model, serial, category in DEVICES.get(customer.name, ()):
        line = services.delivery_line_add(
            actor=manager,
            installation_id=installation.pk,
            description=description,
            vendor=vendor,
            model=model,
            serial=serial,
            category=category,
        )
        services.delivery_line_count(
            actor=manager, installation_id=installation.pk, line_id=line.pk, counted=1, counted_with="刘工"
        )
        services.device_test_record(
            actor=manager, installation_id=installation.pk, line_id=line.pk, item="硬件自检", result="passed"
        )
        services.device_test_record(
            actor=manager, installation_id=installation.pk, line_id=line.pk, item="软件功能测试", result="passed"
        )
    docs = services.delivery_line_add(
        actor=manager, installation_id=installation.pk, kind="document", description="说明书、维修保养手册及图纸"
    )
    services.delivery_line_count(
        actor=manager, installation_id=installation.pk, line_id=docs.pk, counted=1, counted_with="刘工"
    )
    if engineer is not None:
        task = services.site_task_schedule(
            actor=manager,
            installation_id=installation.pk,
            kind="installation",
            engineer_id=engineer.pk,
            scheduled_on=starts_on + dt.timedelta(days=14),
            told_on=starts_on,
        )
        services.site_task_done(
            actor=manager, installation_id=installation.pk, task_id=task.pk, done_on=task.scheduled_on
        )
    if deal.stage == "accepted":
        services.acceptance_sign(
            actor=manager,
            installation_id=installation.pk,
            signed_on=starts_on + dt.timedelta(days=30),
            customer_signatory=boss.name,
            engineer_signatory=engineer.get_full_name() if engineer else manager.get_full_name(),
            remarks="设备运行正常，同意验收。",
        )
