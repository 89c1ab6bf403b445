"""The demo data of `aftersales demo` (also loaded by `make run`): a service company on its first busy week.

From the data files: the 72 partners of 篇1 4.3/4.4, the 32 demo customers with their contacts and assets,
two service contracts on the Huawei and Dell policies (篇1 3.1, 3.2) and a few assets attached to those
policies directly; one user per role; and 42 service requests in every state, reported minutes to days
ago, some late and some due within half an hour. Then one SLA sweep escalates the late ones.

Everything goes through the services, as a person would do it: customers by `customer_create`, requests by
`ticket_create` with `reported_at` in the past and moved by `ticket_apply_action` with `at=` times after
the report. Loading is idempotent: partners, customers, assets, contracts and users are matched by their
natural keys, and the requests are created only when the demo agent has none yet (that is the marker).
The whole load is one transaction, so an interrupted load leaves nothing half made.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.test.utils import override_settings

from aftersales.accounts.choices import Role
from aftersales.accounts.models import User
from aftersales.assets import services as assets
from aftersales.assets.models import Asset
from aftersales.core import clock
from aftersales.customers import services as customers
from aftersales.customers.models import Contract, Customer
from aftersales.demo import attachments as attachments_demo
from aftersales.demo import desk
from aftersales.demo import network as network_demo
from aftersales.demo import reports as reports_demo
from aftersales.demo import sales as sales_demo
from aftersales.demo import subsidy as subsidy_demo
from aftersales.network.models import Partner
from aftersales.sla import reference
from aftersales.sla import selectors as sla
from aftersales.sla.models import SlaPolicy
from aftersales.sla.policy import targets as sla_policy
from aftersales.tickets import services as tickets
from aftersales.tickets.models import Ticket

PACKAGE = Path(__file__).resolve().parents[1]
PARTNERS_FILE = PACKAGE / "network" / "data" / "partners.json"
CUSTOMERS_FILE = PACKAGE / "customers" / "data" / "demo_customers.json"
TICKETS_FILE = PACKAGE / "customers" / "data" / "demo_tickets.json"
HOME_PROVINCE = "安徽省"
DEFAULT_PASSWORD = "demo-pass-2026"  # noqa: S105  (published in the README; demo users only)
HOSPITAL = "合肥市第一人民医院信息科"


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    name: str
    phone: str
    customer_name: str = ""


DEMO_USERS = (
    DemoUser("zhang.agent", Role.AGENT, "张敏", "13805510101"),
    DemoUser("li.engineer", Role.ENGINEER, "李强", "13805510202"),
    DemoUser("wang.expert", Role.EXPERT, "王磊", "13805510303"),
    DemoUser("zhao.supervisor", Role.SUPERVISOR, "赵静", "13805510404"),
    DemoUser("hospital.user", Role.CUSTOMER, "李文涛", "13905516262", customer_name=HOSPITAL),
    DemoUser("sun.callback", Role.CALLBACK, "孙丽", "13805510505"),
    DemoUser("qian.warehouse", Role.WAREHOUSE, "钱峰", "13805510606"),
)
AGENT, ENGINEER, EXPERT, SUPERVISOR, CUSTOMER_USER = (u.username for u in DEMO_USERS[:5])
WAREHOUSE = "qian.warehouse"


@dataclass(frozen=True)
class DemoContract:
    number: str
    name: str
    customer_name: str
    vendor: str  # the customer's assets of this vendor are under the contract
    policy_name: str


CONTRACTS = (
    DemoContract("WB-2026-0012", "华为设备年度维保合同", HOSPITAL, "华为", reference.HUAWEI_POLICY),
    DemoContract(
        "WB-2026-0031", "戴尔服务器4小时上门服务合同", "徽商银行合肥分行科技部", "戴尔", reference.DELL_POLICY
    ),
)
# Assets attached to a vendor policy directly (not through a contract): (customer, vendor) → policy.
ASSET_POLICIES = {
    ("蚌埠医学院第一附属医院网络中心", "华为"): reference.HUAWEI_POLICY,
    ("阜阳市人民医院信息科", "戴尔"): reference.DELL_POLICY,
    ("芜湖长江精工机械有限公司", "戴尔"): reference.DELL_POLICY,
}

# Who does each action in the demo, and what they wrote.
ACTORS = {
    "respond": AGENT,
    "escalate": AGENT,
    "dispatch": AGENT,
    "arrive": ENGINEER,
    "restore": ENGINEER,
    "resolve": ENGINEER,
    "close": AGENT,
    "wait_customer": ENGINEER,
    "resume": ENGINEER,
    "reopen": AGENT,
    "cancel": AGENT,
}
NOTES = {
    "respond": "已电话联系报修人，确认故障现象",
    "escalate": "远程排查未果，提交专家组分析",
    "dispatch": "派工程师上门处理",
    "arrive": "工程师已到达现场",
    "restore": "更换故障部件后业务恢复运行",
    "resolve": "故障已排除，客户确认",
    "close": "电话回访，客户满意",
    "wait_customer": "等待客户安排停机窗口",
    "resume": "客户已确认停机时间，继续处理",
    "reopen": "客户反映故障再次出现",
    "cancel": "客户自行解决，撤销报修",
}

H = 60  # minutes in an hour
D = 24 * H


@dataclass(frozen=True)
class Scenario:
    """One demo request: how long ago it was reported and the actions applied since (minutes after the report).

    `due` = (deadline, minutes left) chooses the report time so that this deadline falls due soon instead.
    """

    age: int
    steps: tuple[tuple[str, int], ...] = ()
    due: tuple[str, int] | None = None
    by_customer: bool = False


def _s(age: int, *steps: tuple[str, int], due: tuple[str, int] | None = None, by_customer: bool = False) -> Scenario:
    return Scenario(age=age, steps=steps, due=due, by_customer=by_customer)


def _at(action: str, minutes: int) -> tuple[str, int]:
    return (action, minutes)


# 42 requests, in every state. Ages in minutes; late ones are late by design, `due` ones are due soon.
SCENARIOS: tuple[Scenario, ...] = (
    # received
    _s(3, due=("respond_by", 4)),
    _s(25),
    _s(3 * H),
    _s(2 * D),
    _s(2, by_customer=True),
    # responded
    _s(60, _at("respond", 4), due=("escalate_by", 15)),
    _s(90, _at("respond", 6)),
    _s(26 * H, _at("respond", 9)),
    _s(40, _at("respond", 3)),
    # escalated
    _s(150, _at("respond", 4), _at("escalate", 20)),
    _s(30 * H, _at("respond", 5), _at("escalate", 25)),
    _s(70, _at("respond", 2), _at("escalate", 10)),
    # dispatched
    _s(60, _at("respond", 3), _at("dispatch", 9), due=("arrive_by", 18)),
    _s(200, _at("respond", 5), _at("dispatch", 15)),
    _s(3 * D, _at("respond", 10), _at("dispatch", 60)),
    _s(100, _at("respond", 4), _at("escalate", 20), _at("dispatch", 40)),
    _s(60, _at("respond", 2), _at("dispatch", 6), due=("arrive_by", 25)),
    # on site
    _s(4 * H, _at("respond", 5), _at("dispatch", 12), _at("arrive", 55), due=("restore_by", 20)),
    _s(5 * H, _at("respond", 5), _at("dispatch", 15), _at("arrive", 70)),
    _s(130, _at("respond", 3), _at("dispatch", 10), _at("arrive", 50)),
    _s(
        2 * D,
        _at("respond", 8),
        _at("dispatch", 30),
        _at("wait_customer", 45),
        _at("resume", 4 * H),
        _at("arrive", 5 * H),
    ),
    # restored
    _s(6 * H, _at("respond", 4), _at("dispatch", 10), _at("arrive", 45), _at("restore", 150)),
    _s(28 * H, _at("respond", 5), _at("dispatch", 20), _at("arrive", 70), _at("restore", 210)),
    _s(3 * H, _at("respond", 3), _at("restore", 60)),
    # resolved
    _s(8 * H, _at("respond", 5), _at("dispatch", 15), _at("arrive", 50), _at("restore", 180), _at("resolve", 300)),
    _s(2 * D, _at("respond", 6), _at("resolve", 90)),
    _s(30 * H, _at("respond", 7), _at("dispatch", 20), _at("arrive", 80), _at("restore", 260), _at("resolve", 400)),
    _s(5 * H, _at("respond", 5), _at("resolve", 45)),
    # closed
    _s(
        14 * D,
        _at("respond", 4),
        _at("dispatch", 12),
        _at("arrive", 50),
        _at("restore", 170),
        _at("resolve", 200),
        _at("close", D + 200),
    ),
    _s(12 * D, _at("respond", 6), _at("resolve", 80), _at("close", 2 * D)),
    _s(
        10 * D,
        _at("respond", 3),
        _at("dispatch", 20),
        _at("arrive", 5 * H),
        _at("restore", 9 * H),
        _at("resolve", 10 * H),
        _at("close", 2 * D),
    ),
    _s(
        9 * D,
        _at("respond", 8),
        _at("escalate", 30),
        _at("dispatch", 60),
        _at("arrive", 120),
        _at("restore", 230),
        _at("resolve", 300),
        _at("close", D),
    ),
    _s(
        7 * D,
        _at("respond", 5),
        _at("wait_customer", 20),
        _at("resume", D),
        _at("resolve", D + 60),
        _at("close", 2 * D),
    ),
    _s(
        5 * D,
        _at("respond", 2),
        _at("dispatch", 10),
        _at("arrive", 40),
        _at("restore", 120),
        _at("resolve", 130),
        _at("close", D + 120),
    ),
    _s(3 * D, _at("respond", 9), _at("resolve", 50), _at("close", D)),
    # waiting for the customer (clocks paused)
    _s(5 * H, _at("respond", 5), _at("dispatch", 15), _at("wait_customer", 40)),
    _s(2 * D, _at("respond", 8), _at("wait_customer", 60)),
    _s(26 * H, _at("respond", 4), _at("dispatch", 12), _at("arrive", 50), _at("wait_customer", 90)),
    # reopened
    _s(
        4 * D,
        _at("respond", 5),
        _at("dispatch", 15),
        _at("arrive", 60),
        _at("restore", 150),
        _at("resolve", 180),
        _at("close", D),
        _at("reopen", 3 * D),
    ),
    _s(2 * D, _at("respond", 6), _at("resolve", 120), _at("reopen", D)),
    # cancelled
    _s(6 * H, _at("respond", 5), _at("cancel", 30)),
    _s(D, _at("cancel", 10)),
)


@dataclass
class DemoReport:
    """What a load added (zero everywhere on a second run)."""

    partners: int = 0
    customers: int = 0
    contacts: int = 0
    contracts: int = 0
    assets: int = 0
    users: int = 0
    tickets: int = 0
    actions: int = 0
    attachments: int = 0
    replies: int = 0
    sweep: tickets.SweepResult | None = None
    password: str = DEFAULT_PASSWORD
    user_lines: list[str] = field(default_factory=list)

    @property
    def added_anything(self) -> bool:
        return any(
            (
                self.partners,
                self.customers,
                self.contacts,
                self.contracts,
                self.assets,
                self.users,
                self.tickets,
                self.attachments,
                self.replies,
            )
        )


def _load_json(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return json.load(f)


def demo_password() -> str:
    """The demo users' password: AFTERSALES_DEMO_PASSWORD, else `demo-pass-2026`."""
    return os.environ.get("AFTERSALES_DEMO_PASSWORD") or DEFAULT_PASSWORD


def demo_load(*, password: str | None = None, send_mail: bool = False) -> DemoReport:
    """Load the demo data (idempotent). E-mails of the escalations are not sent unless `send_mail`."""
    report = DemoReport(password=password or demo_password())
    if send_mail:
        _load(report)
    else:
        # The in-app notifications are kept; only the e-mails (printed by the console backend) are dropped.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            _load(report)
    return report


@transaction.atomic
def _load(report: DemoReport) -> None:
    report.partners = _load_partners()
    users = _load_users(report, with_customer=False)
    agent = users[AGENT]
    _load_customers(report, agent)
    users.update(_load_users(report, with_customer=True))
    if not Ticket.objects.filter(created_by=agent).exists():
        _load_tickets(report, users)
        report.sweep = _sweep_until_settled()
    desk.load(report, users)  # engineers, the 7×24 rota, dispatches, the partner's work (issue 10)
    sales_demo.load(report, users)  # a salesperson, a sales manager, deals in every stage, installations (issue 13)
    network_demo.load(report, users)  # a supplier, 33 dealers across 安徽, the 150 km check (issue 13, 篇10)
    subsidy_demo.load(report, users)  # 肥西县's 家电下乡 programme: outlets, sales, claims in every state (issue 11)
    # The spare-parts store: parts, locations (one an engineer's van), loaners; idempotent on its own.
    from aftersales.parts import demo as parts_demo

    parts_demo.parts_demo_load(actor=users[WAREHOUSE], van_keeper=users[ENGINEER])
    reports_demo.load(report, users)  # six months of finished work, callbacks, complaints, reports (issue 12)
    attachments_demo.load(report, users)  # photos and a PDF, a visit, an inspection, a portal conversation (issue 10)


def _sweep_until_settled() -> tickets.SweepResult:
    """Run the SLA sweep as the running system would have: each sweep climbs one tier, so a request that is
    two days late climbs until no step is due any more (at most the three tiers above the desk)."""
    examined = escalated = notified = 0
    for _ in range(3):
        result = tickets.sla_sweep()
        examined, escalated, notified = (
            examined + result.examined,
            escalated + result.escalated,
            notified + result.notified,
        )
        if not result.escalated:
            break
    return tickets.SweepResult(examined=examined, escalated=escalated, notified=notified)


def _load_partners() -> int:
    """The 16 alliance and 56 service partners (篇1 4.3, 4.4), each in the region of its city."""
    existing = set(Partner.objects.values_list("kind", "name"))
    rows = []
    for item in _load_json(PARTNERS_FILE):
        if (item["kind"], item["name"]) in existing:
            continue
        region = customers.region_get_or_create(province=HOME_PROVINCE, city=item["city"])
        rows.append(
            Partner(
                kind=item["kind"],
                name=item["name"],
                address=item["address"],
                contact=item["contact"],
                phone=item["phone"],
                service_area=item["service_area"],
                region=region,
                county=item["county"],
            )
        )
    Partner.objects.bulk_create(rows)
    return len(rows)


def _load_users(report: DemoReport, *, with_customer: bool) -> dict[str, User]:
    users = {}
    for spec in DEMO_USERS:
        if bool(spec.customer_name) != with_customer:
            continue
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            customer = Customer.objects.filter(name=spec.customer_name).first() if spec.customer_name else None
            user = User.objects.create_user(
                username=spec.username,
                password=report.password,
                role=spec.role,
                customer=customer,
                first_name=spec.name,
                email=f"{spec.username}@aftersales.local",
                phone=spec.phone,
            )
            report.users += 1
        users[spec.username] = user
        report.user_lines.append(f"{spec.username:<16} {Role(spec.role).label}")
    return users


def _load_customers(report: DemoReport, actor: User) -> None:
    policies = dict(SlaPolicy.objects.values_list("name", "id"))
    today = clock.today()
    for item in _load_json(CUSTOMERS_FILE):
        customer = Customer.objects.filter(name=item["name"], address=item["address"]).first()
        if customer is None:
            customer = customers.customer_create(
                actor=actor,
                name=item["name"],
                address=item["address"],
                phone=item["phone"],
                kind=item["kind"],
                is_key_account=item["is_key_account"],
            )
            report.customers += 1
            if item.get("contact"):
                customers.contact_create(
                    actor=actor, customer_id=customer.pk, name=item["contact"], phone=item["phone"], is_primary=True
                )
                report.contacts += 1
        contracts = {}
        for spec in CONTRACTS:
            if spec.customer_name != customer.name:
                continue
            contract = Contract.objects.filter(number=spec.number).first()
            if contract is None:
                contract = customers.contract_create(
                    actor=actor,
                    customer_id=customer.pk,
                    number=spec.number,
                    name=spec.name,
                    starts_on=today - dt.timedelta(days=200),
                    ends_on=today + dt.timedelta(days=165),
                    sla_policy_id=policies[spec.policy_name],
                )
                report.contracts += 1
            contracts[spec.vendor] = contract
        for asset in item["assets"]:
            vendor = assets.vendor_get_or_create(name=asset["vendor"])  # any name in the vendor registry
            if Asset.objects.filter(vendor=vendor, serial=asset["serial"]).exists():
                continue
            contract = contracts.get(asset["vendor"])
            policy_name = ASSET_POLICIES.get((customer.name, asset["vendor"]))
            purchased_on = min(dt.date.fromisoformat(asset["purchased_on"]), today)
            accepted_on = dt.date.fromisoformat(asset["accepted_on"]) if asset.get("accepted_on") else None
            assets.asset_create(
                actor=actor,
                customer_id=customer.pk,
                vendor=asset["vendor"],
                model=asset["model"],
                serial=asset["serial"],
                purchased_on=purchased_on,
                accepted_on=min(accepted_on, today) if accepted_on else None,
                category=asset["category"],
                site=asset.get("site", ""),
                contract_id=contract.pk if contract else None,
                sla_policy_id=policies[policy_name] if policy_name else None,
            )
            report.assets += 1


@dataclass
class _Planned:
    scenario: Scenario
    data: dict
    customer: Customer
    asset: Asset | None
    reported_at: dt.datetime


def _pick_assets(faults: list[dict]) -> list[tuple[Customer, Asset | None]]:
    """For each fault, an asset of its category, spreading the requests over customers (first unused first)."""
    by_category: dict[str, list[Asset]] = {}
    for asset in Asset.objects.select_related("customer__region", "contract").order_by("customer_id", "id"):
        by_category.setdefault(asset.category, []).append(asset)
    used: dict[str, int] = {}
    picked = []
    for fault in faults:
        pool = by_category.get(fault.get("category", ""))
        if not pool:
            customer = Customer.objects.select_related("region").order_by("id").first()
            picked.append((customer, None))
            continue
        index = used.get(fault["category"], 0)
        used[fault["category"]] = index + 1
        asset = pool[index % len(pool)]
        picked.append((asset.customer, asset))
    return picked


def _policy_id(customer: Customer, asset: Asset | None, on: dt.date) -> int | None:
    """The policy that intake will choose (asset, valid contract, customer), to aim the `due` scenarios."""
    if asset is not None:
        if asset.sla_policy_id:
            return asset.sla_policy_id
        contract = asset.contract
        if contract is not None and contract.sla_policy_id and contract.starts_on <= on <= contract.ends_on:
            return contract.sla_policy_id
    return customer.sla_policy_id


def _report_time(
    scenario: Scenario, severity: int, customer: Customer, asset: Asset | None, now: dt.datetime
) -> dt.datetime:
    age = scenario.age
    if scenario.due is not None:
        name, left = scenario.due
        values = sla.policy_values(_policy_id(customer, asset, clock.local(now).date()))
        deadlines = sla_policy.deadlines_for(
            values.targets,
            values.calendar,
            sla_policy.Severity(severity),
            sla_policy.Zone(customer.region.zone),
            now,
        )
        due_at = getattr(deadlines, name)
        if due_at is not None:
            age = max(int((due_at - now).total_seconds() // 60) - left, 1)
    last_step = max((minutes for _, minutes in scenario.steps), default=0)
    return now - dt.timedelta(minutes=max(age, last_step + 2))


def _load_tickets(report: DemoReport, users: dict[str, User]) -> None:
    faults = _load_json(TICKETS_FILE)
    now = clock.now()
    hospital = Customer.objects.select_related("region").get(name=HOSPITAL)
    hospital_asset = Asset.objects.select_related("contract").filter(customer=hospital).order_by("id").first()
    planned = []
    for scenario, data, (customer, asset) in zip(SCENARIOS, faults, _pick_assets(faults), strict=False):
        if scenario.by_customer:
            customer, asset = hospital, hospital_asset
        reported_at = _report_time(scenario, int(data["severity"]), customer, asset, now)
        planned.append(_Planned(scenario, data, customer, asset, reported_at))
    # Oldest first, so request numbers follow the report times.
    planned.sort(key=lambda p: p.reported_at)
    engineer = users[ENGINEER]
    for plan in planned:
        contact = plan.customer.contacts.order_by("id").first()
        intake = tickets.ticket_create(
            actor=users[CUSTOMER_USER] if plan.scenario.by_customer else users[AGENT],
            customer_id=plan.customer.pk,
            asset_id=plan.asset.pk if plan.asset else None,
            channel="web" if plan.scenario.by_customer else plan.data["channel"],
            severity=int(plan.data["severity"]),
            title=plan.data["title"],
            description=plan.data["description"],
            reported_at=plan.reported_at,
            contact_name=contact.name if contact else "",
            contact_phone=contact.phone if contact else "",
        )
        report.tickets += 1
        ticket = intake.ticket
        for action, minutes in plan.scenario.steps:
            ticket = tickets.ticket_apply_action(
                ticket_id=ticket.pk,
                action=action,
                actor=users[ACTORS[action]],
                expected_version=ticket.version,
                at=plan.reported_at + dt.timedelta(minutes=minutes),
                note=NOTES[action],
                assignee_id=engineer.pk if action == "dispatch" else None,
            )
            report.actions += 1
