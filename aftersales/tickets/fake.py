"""Realistic synthetic data for demos and benchmarks (`aftersales fake --tickets N`).

Customers across the 16 cities of 安徽省 (and a few elsewhere), their installed equipment, and N
service requests with a realistic mix of classes, channels, states and timestamps. Deadlines and the
derived lateness fields come from the one rule every write uses (`tickets.services.settle_lateness`, i.e.
`tickets.policy.lateness.settle` on the default policy), so the data looks exactly as if every request had
been taken and worked through the services while the SLA sweep ran.

This is the one place allowed to write statuses directly (STYLE §5): `_ticket_rows` writes each
request's status together with its events — a class 1 request's climb at intake and one line for the status
it is in (the "received" line is the request's own row, as for requests taken by intake).

`late_percent` of the open requests are *late*: their next escalation step is already due at `now`
(the sweep's work); every other open request sits exactly at the tier the sweep would have given it.
Rows are inserted with `executemany` (`core.bulk.rows_insert`) in batches, one transaction per batch,
with explicit ids: the ORM's bulk_create would stamp `created_at` with today's date on two-year-old
requests, and is about three times slower at a million rows.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import json
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection, models, transaction
from simple_history.utils import bulk_create_with_history

from aftersales.accounts.choices import Role
from aftersales.accounts.models import User
from aftersales.assets import services as asset_services
from aftersales.assets.models import Asset, Vendor
from aftersales.core import bulk, clock
from aftersales.customers import services as customer_services
from aftersales.customers.choices import CustomerKind
from aftersales.customers.models import Contact, Customer, Region
from aftersales.sla import selectors as sla_selectors
from aftersales.sla.policy import targets as sla_policy
from aftersales.tickets import services
from aftersales.tickets.choices import Status, Tier
from aftersales.tickets.models import Ticket, TicketEvent

GENERATOR_VERSION = 1
"""Bump when the generated data changes, so cached benchmark databases are rebuilt."""

DATA_DIR = Path(__file__).resolve().parents[1] / "customers" / "data"

# Class mix of a year of requests at an IT service company (most are 一般故障).
SEVERITY_WEIGHTS = ((1, 5), (2, 20), (3, 55), (4, 20))
CHANNEL_WEIGHTS = (
    ("phone", 55),
    ("email", 12),
    ("web", 12),
    ("api", 8),
    ("qr", 6),
    ("walk_in", 4),
    ("fax", 2),
    ("letter", 1),
)
OPEN_STATUS_WEIGHTS = (
    (Status.RECEIVED, 10),
    (Status.RESPONDED, 20),
    (Status.ESCALATED, 8),
    (Status.DISPATCHED, 15),
    (Status.ON_SITE, 10),
    (Status.RESTORED, 12),
    (Status.WAITING_CUSTOMER, 15),
    (Status.REOPENED, 3),
)
# A late request is one the sweep must climb, so it is being worked on, not paused or restored.
LATE_STATUS_WEIGHTS = (
    (Status.RECEIVED, 25),
    (Status.RESPONDED, 35),
    (Status.DISPATCHED, 20),
    (Status.ON_SITE, 15),
    (Status.REOPENED, 5),
)
DONE_STATUS_WEIGHTS = ((Status.CLOSED, 85), (Status.RESOLVED, 8), (Status.CANCELLED, 7))
# The action that led into each status, and the status it usually came from (for the status's event).
STATUS_ACTION = {
    Status.RESPONDED: ("respond", Status.RECEIVED),
    Status.ESCALATED: ("escalate", Status.RESPONDED),
    Status.DISPATCHED: ("dispatch", Status.RESPONDED),
    Status.ON_SITE: ("arrive", Status.DISPATCHED),
    Status.RESTORED: ("restore", Status.ON_SITE),
    Status.RESOLVED: ("resolve", Status.RESTORED),
    Status.CLOSED: ("close", Status.RESOLVED),
    Status.WAITING_CUSTOMER: ("wait_customer", Status.RESPONDED),
    Status.REOPENED: ("reopen", Status.CLOSED),
    Status.CANCELLED: ("cancel", Status.RECEIVED),
}

# Share of customers per city (合肥 is the home market); the rest of the country gets a few.
CITY_WEIGHTS = {
    "合肥市": 34,
    "芜湖市": 7,
    "蚌埠市": 5,
    "淮南市": 4,
    "马鞍山市": 4,
    "淮北市": 3,
    "铜陵市": 3,
    "安庆市": 5,
    "黄山市": 2,
    "滁州市": 4,
    "阜阳市": 5,
    "宿州市": 3,
    "六安市": 4,
    "亳州市": 3,
    "池州市": 2,
    "宣城市": 3,
}
ELSEWHERE = (
    ("江苏省", "南京市", "025", 3),
    ("上海市", "上海市", "021", 2),
    ("浙江省", "杭州市", "0571", 1),
    ("湖北省", "武汉市", "027", 1),
    ("北京市", "北京市", "010", 1),
)
AREA_CODES = {
    "合肥市": "0551",
    "芜湖市": "0553",
    "蚌埠市": "0552",
    "淮南市": "0554",
    "马鞍山市": "0555",
    "淮北市": "0561",
    "铜陵市": "0562",
    "安庆市": "0556",
    "黄山市": "0559",
    "滁州市": "0550",
    "阜阳市": "0558",
    "宿州市": "0557",
    "六安市": "0564",
    "亳州市": "0558",
    "池州市": "0566",
    "宣城市": "0563",
}
ORGANISATIONS = (
    "人民医院信息科",
    "中医院设备科",
    "教育体育局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源和规划局",
    "第一中学",
    "实验小学",
    "农村商业银行科技部",
    "税务局信息中心",
    "公安局科技信息化科",
    "档案馆",
    "图书馆",
    "供电公司信息中心",
    "自来水公司调度中心",
    "科技有限公司",
    "精密机械有限公司",
    "物流有限公司",
    "电子商务有限公司",
    "职业技术学院网络中心",
    "妇幼保健院",
    "疾病预防控制中心",
    "不动产登记中心",
    "政务服务中心",
    "燃气有限公司",
)
ROADS = (
    "长江路",
    "淮河路",
    "黄山路",
    "人民路",
    "解放路",
    "建设路",
    "胜利路",
    "文化路",
    "迎宾大道",
    "和平路",
    "中山路",
    "光明大道",
    "新华路",
    "花园路",
    "滨湖大道",
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗"
GIVEN = (
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "涛",
    "明",
    "超",
    "秀英",
    "志强",
    "晓梅",
    "建国",
    "海燕",
    "文涛",
    "立新",
)
# Equipment: (category, vendor, models); persons own only desktops, laptops and printers.
EQUIPMENT = (
    ("服务器", "华为", ("2288H V5", "RH2288H V3")),
    ("服务器", "戴尔", ("PowerEdge R750", "PowerEdge R650")),
    ("服务器", "浪潮", ("NF5280M6", "NF5270M6")),
    ("服务器", "联想", ("ThinkSystem SR650", "ThinkSystem SR588")),
    ("服务器", "H3C", ("UniServer R4900 G5",)),
    ("存储", "华为", ("OceanStor 5310 V5", "OceanStor Dorado 3000 V6")),
    ("存储", "戴尔", ("PowerVault ME5024", "Unity XT 380")),
    ("存储", "浪潮", ("AS2200G5",)),
    ("交换机", "华为", ("S5735-L48T4X", "CE6881-48S6CQ")),
    ("交换机", "H3C", ("S5130S-52S-EI", "S12508G-AF")),
    ("交换机", "思科", ("Catalyst 9300-48T",)),
    ("路由器", "华为", ("AR6140-16G4XG", "AR651")),
    ("路由器", "H3C", ("MSR3620",)),
    ("防火墙", "华为", ("USG6555E", "USG6525E")),
    ("防火墙", "H3C", ("SecPath F1070",)),
    ("UPS", "华为", ("UPS2000-G-10KRTL", "UPS5000-E-60K")),
    ("台式机", "联想", ("ThinkCentre M90t", "启天M437")),
    ("台式机", "戴尔", ("OptiPlex 7090 MT",)),
    ("台式机", "惠普", ("EliteDesk 800 G6",)),
    ("笔记本", "联想", ("ThinkPad T14 Gen 3", "ThinkPad E14")),
    ("笔记本", "戴尔", ("Latitude 5430",)),
    ("打印机", "惠普", ("LaserJet Pro M404dn", "LaserJet Enterprise M607dn")),
    ("打印机", "联想", ("LJ2655DN",)),
)
PERSONAL_CATEGORIES = frozenset({"台式机", "笔记本", "打印机"})
SITES = ("中心机房", "行政楼3楼机房", "办公楼弱电间", "数据中心A区", "门诊楼5楼", "财务室", "一楼大厅", "网络中心")
VENDOR_PREFIX = {"华为": "2102", "戴尔": "DL", "浪潮": "IN", "联想": "LN", "H3C": "210235", "思科": "FOC", "惠普": "CN"}
STAFF = ((Role.AGENT, 8), (Role.ENGINEER, 20), (Role.EXPERT, 3), (Role.SUPERVISOR, 2))

MINUTE = dt.timedelta(minutes=1)
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class FakeResult:
    """What one run of the generator wrote, and the instant it treated as now."""

    customers: int
    assets: int
    tickets: int
    events: int
    open: int
    late: int
    now: dt.datetime
    seconds: float
    cpu_seconds: float


class _Builder:
    """Make model instances through Django's positional fast path (what loading a row does), not kwargs.

    Unnamed fields get their default; this is about five times faster than `Model(**kwargs)` for a wide row.
    """

    def __init__(self, model: type[models.Model]):
        self.model = model
        fields = model._meta.concrete_fields
        self.index = {f.attname: i for i, f in enumerate(fields)}
        self.defaults = [f.get_default() for f in fields]
        self.mutable = [i for i, value in enumerate(self.defaults) if isinstance(value, (list, dict))]

    def __call__(self, **values: Any) -> Any:
        row = self.defaults.copy()
        for i in self.mutable:
            row[i] = type(row[i])()
        index = self.index
        for name, value in values.items():
            row[index[name]] = value
        return self.model(*row)


class _Picker:
    """Weighted choice with a prebuilt cumulative table (random.choices rebuilds it on every call)."""

    def __init__(self, rng: random.Random, weighted: Sequence[tuple[Any, float]]):
        self.rng = rng
        self.values = [v for v, _ in weighted]
        self.cumulative = list(itertools.accumulate(w for _, w in weighted))
        self.total = self.cumulative[-1]

    def __call__(self) -> Any:
        return self.values[bisect.bisect(self.cumulative, self.rng.random() * self.total)]


# ------------------------------------------------------------------------------------------------ archive


def _staff(prefix: str) -> dict[str, list[int]]:
    """A few agents, engineers, experts and supervisors (no password: they cannot sign in)."""
    ids: dict[str, list[int]] = {}
    for role, count in STAFF:
        for n in range(1, count + 1):
            user, created = User.objects.get_or_create(
                username=f"{prefix}-{role}-{n:02d}",
                defaults={
                    "role": role,
                    "email": f"{prefix}-{role}-{n:02d}@example.com",
                    "first_name": _person(random.Random(f"{role}{n}")),  # noqa: S311 (fake names)
                },
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            ids.setdefault(role, []).append(user.pk)
    return ids


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _regions() -> list[tuple[Region, str, float]]:
    """(region, area code, weight) for the 16 cities of 安徽省 and a few cities elsewhere."""
    by_name = {r.name: r for r in Region.objects.filter(name__in=CITY_WEIGHTS)}
    regions = [(by_name[name], AREA_CODES[name], weight) for name, weight in CITY_WEIGHTS.items() if name in by_name]
    for province, city, code, weight in ELSEWHERE:
        regions.append((customer_services.region_get_or_create(province=province, city=city), code, weight))
    return regions


def _districts() -> dict[str, list[str]]:
    data = json.loads((DATA_DIR / "anhui_regions.json").read_text(encoding="utf-8"))
    return {c["name"]: [d["name"] for d in c.get("counties", ())] or [""] for c in data["cities"]}


@dataclass(frozen=True)
class _Reporter:
    """What a request needs of its customer."""

    id: int
    region_id: int
    zone: str
    phone: str
    contact: str
    kind: str


def _customers(rng: random.Random, count: int) -> list[_Reporter]:
    regions = _regions()
    pick_region = _Picker(rng, [((r, code), w) for r, code, w in regions])
    districts = _districts()
    start = (Customer.objects.aggregate(m=models.Max("id"))["m"] or 0) + 1
    rows = []
    for n in range(start, start + count):
        region, code = pick_region()
        district = rng.choice(districts.get(region.name, [""]))
        place = f"{region.name}{district}" if region.province == "安徽省" else region.name
        address = f"{'' if region.province == region.name else region.province}{place}{rng.choice(ROADS)}{n}号"
        if rng.random() < 0.1:
            kind, name = CustomerKind.PERSON, _person(rng)
        else:
            kind, name = CustomerKind.ORGANISATION, f"{place}{rng.choice(ORGANISATIONS)}"
        number = rng.randrange(6000_0000, 6999_9999) if len(code) == 4 else rng.randrange(5000_0000, 8999_9999)
        rows.append(
            Customer(
                name=name,
                kind=kind,
                address=address,
                province=region.province,
                district=district,
                region=region,
                phone=f"{code}-{number}",
                is_key_account=kind == CustomerKind.ORGANISATION and rng.random() < 0.05,
            )
        )
    created = bulk_create_with_history(rows, Customer, batch_size=2000, default_change_reason="fake")
    contacts = [
        Contact(
            customer_id=c.pk,
            name=_person(rng),
            phone=f"1{rng.choice('35789')}{rng.randrange(10**8, 10**9)}",
            is_primary=True,
        )
        for c in created
    ]
    Contact.objects.bulk_create(contacts, batch_size=2000)
    zones = {r.pk: r.zone for r, _, _ in regions}
    return [
        _Reporter(
            id=c.pk, region_id=c.region_id, zone=zones[c.region_id], phone=c.phone, contact=contact.name, kind=c.kind
        )
        for c, contact in zip(created, contacts, strict=True)
    ]


def _assets(rng: random.Random, customers: list[_Reporter], today: dt.date) -> dict[int, list[tuple[int, str]]]:
    """1–6 devices per organisation, one per person; returns (asset id, category) per customer id."""
    vendors = {name: asset_services.vendor_get_or_create(name=name) for _, name, _ in EQUIPMENT}
    personal = [e for e in EQUIPMENT if e[0] in PERSONAL_CATEGORIES]
    tag = (Asset.objects.aggregate(m=models.Max("id"))["m"] or 0) + 1
    rows = []
    for customer in customers:
        kit = personal if customer.kind == CustomerKind.PERSON else EQUIPMENT
        for _ in range(1 if customer.kind == CustomerKind.PERSON else rng.randint(1, 6)):
            category, vendor_name, models_ = rng.choice(kit)
            vendor: Vendor = vendors[vendor_name]
            purchased_on = today - dt.timedelta(days=rng.randrange(30, 6 * 365))
            rows.append(
                Asset(
                    customer_id=customer.id,
                    vendor=vendor,
                    model=rng.choice(models_),
                    category=category,
                    serial=f"{VENDOR_PREFIX.get(vendor_name, 'SN')}F{tag:09d}",
                    site=rng.choice(SITES),
                    purchased_on=purchased_on,
                    accepted_on=purchased_on + dt.timedelta(days=rng.randrange(3, 40)),
                    warranty_months=vendor.warranty_months,
                )
            )
            tag += 1
    created = bulk_create_with_history(rows, Asset, batch_size=2000, default_change_reason="fake")
    by_customer: dict[int, list[tuple[int, str]]] = {}
    for asset in created:
        by_customer.setdefault(asset.customer_id, []).append((asset.pk, asset.category))
    return by_customer


# ------------------------------------------------------------------------------------------------ tickets


def _report_time(rng: random.Random, now: dt.datetime, min_age: dt.timedelta, max_age: dt.timedelta) -> dt.datetime:
    """An instant between max_age and min_age ago, most of them in office hours (China time)."""
    at = now - min_age - (max_age - min_age) * rng.random()
    if rng.random() < 0.85:
        local = clock.local(at)
        minute = rng.randrange(8 * 60, 18 * 60)
        shaped = local.replace(hour=minute // 60, minute=minute % 60, second=rng.randrange(60))
        while shaped > now - min_age:
            shaped -= DAY
        if shaped >= now - max_age:
            at = shaped.astimezone(dt.UTC)
    return at.replace(microsecond=0)


def _ladder(ticket: Ticket) -> tuple[tuple[sla_policy.Tier, dt.datetime], ...]:
    return sla_policy.escalation_ladder(
        sla_policy.Deadlines(
            respond_by=ticket.respond_by,
            escalate_by=ticket.escalate_by,
            restore_by=ticket.restore_by,
            arrive_by=ticket.arrive_by,
            resolve_by=ticket.resolve_by,
            vendor_by=ticket.vendor_by,
            leadership_by=ticket.leadership_by,
            uncertain=ticket.deadline_uncertain,
        )
    )


def _due_tier(ladder: Sequence[tuple[sla_policy.Tier, dt.datetime]], at: dt.datetime) -> int:
    reached = int(Tier.DESK)
    for tier, due in ladder:
        if due > at:
            break
        reached = int(tier)
    return reached


def _delay(
    rng: random.Random,
    reported_at: dt.datetime,
    deadline: dt.datetime | None,
    fallback: dt.timedelta,
    late_share: float,
) -> dt.timedelta:
    """How long after the report an event came: mostly within the target, sometimes late."""
    target = (deadline - reported_at) if deadline is not None else fallback
    target = max(target, 2 * MINUTE)
    share = rng.uniform(1.05, 3.0) if rng.random() < late_share else rng.uniform(0.2, 0.95)
    return target * share


def _stamp(rng: random.Random, t: Ticket, status: str, now: dt.datetime) -> dt.datetime:
    """Stamp the clock events `status` implies, in order and never after now; return the status's event time."""
    r = t.reported_at
    offsets: dict[str, dt.timedelta] = {}
    respond = _delay(rng, r, t.respond_by, 10 * MINUTE, 0.06)
    if status != Status.RECEIVED and not (status == Status.CANCELLED and rng.random() < 0.5):
        offsets["responded"] = respond
    if status == Status.ESCALATED:
        offsets["escalated"] = respond + rng.uniform(2, 40) * MINUTE
    visit = status in (Status.DISPATCHED, Status.ON_SITE) or (
        status in (Status.RESTORED, Status.RESOLVED, Status.CLOSED, Status.WAITING_CUSTOMER, Status.REOPENED)
        and rng.random() < 0.6
    )
    if visit:
        offsets["dispatched"] = respond + rng.uniform(5, 60) * MINUTE
        if status != Status.DISPATCHED and not (status == Status.WAITING_CUSTOMER and rng.random() < 0.5):
            arrive = _delay(rng, r, t.arrive_by, 12 * HOUR, 0.08)
            offsets["arrived"] = max(arrive, offsets["dispatched"] + 10 * MINUTE)
    if status in (Status.RESTORED, Status.RESOLVED, Status.CLOSED):
        restore = _delay(rng, r, t.restore_by, 8 * HOUR, 0.10)
        offsets["restored"] = max([restore, *(o + 15 * MINUTE for o in offsets.values())])
        if status != Status.RESTORED:
            offsets["resolved"] = offsets["restored"] + rng.uniform(0, 48) * HOUR
        if status == Status.CLOSED:
            offsets["closed"] = offsets["resolved"] + rng.uniform(1, 72) * HOUR
    if status == Status.WAITING_CUSTOMER:
        offsets["paused"] = max(offsets.values()) + rng.uniform(10, 24 * 60) * MINUTE
    if status == Status.REOPENED:
        offsets["reopened"] = max(offsets.values(), default=respond) + rng.uniform(1, 10) * DAY
    if status == Status.CANCELLED:
        offsets["cancelled"] = max(offsets.values(), default=0 * MINUTE) + rng.uniform(10, 48 * 60) * MINUTE
    # Squeeze the whole story into the time that has passed since the report.
    span = now - r - dt.timedelta(seconds=1)
    longest = max(offsets.values(), default=None)
    scale = span / longest if longest is not None and longest > span else 1.0
    last = r
    for name, offset in offsets.items():
        at = (r + offset * scale).replace(microsecond=0)
        last = max(last, at)
        if name != "reopened":
            setattr(t, f"{name}_at", at)
    if status == Status.WAITING_CUSTOMER:
        t.resume_status = Status.DISPATCHED if visit and t.arrived_at is None else Status.RESPONDED
        if t.arrived_at is not None:
            t.resume_status = Status.ON_SITE
    return last


def _ticket_rows(
    rng: random.Random,
    t: Ticket,
    status: str,
    *,
    late: bool,
    now: dt.datetime,
    agent_id: int,
    engineer_id: int,
    new_event: Callable[..., TicketEvent] = TicketEvent,
) -> list[TicketEvent]:
    """Put a new request into `status` (with tier, stamps and derived fields) and return its timeline lines.

    The single helper allowed to write a status outside `ticket_apply_action` (STYLE §5, bulk generator).
    """
    services.settle_lateness(t, recompute_deadlines=True)
    ladder = _ladder(t)
    if late and ladder and ladder[-1][1] > now:
        # Report it earlier so that its top escalation step is already due.
        t.reported_at -= ladder[-1][1] - now + rng.uniform(5, 600) * MINUTE
        services.settle_lateness(t, recompute_deadlines=True)
        ladder = _ladder(t)
    event_at = _stamp(rng, t, status, now)
    t.status = status
    stop = t.restored_at or t.resolved_at or t.cancelled_at or t.paused_at or now
    tier = _due_tier(ladder, stop)
    if late:
        tier = int(ladder[-2][0]) if len(ladder) > 1 else int(Tier.DESK)
    if status == Status.ESCALATED:
        tier = max(tier, int(Tier.EXPERT))
    t.tier = tier
    if tier > Tier.DESK:
        first_step = ladder[0][1] if ladder and ladder[0][1] <= stop else None
        t.escalated_at = min(x for x in (t.escalated_at, first_step) if x is not None)
    if status not in (Status.RECEIVED, Status.CANCELLED) or t.responded_at is not None:
        t.assignee_id = engineer_id if t.dispatched_at is not None else agent_id
    services.settle_lateness(t)
    t.created_at = min(t.reported_at + rng.uniform(0, 8) * MINUTE, now).replace(microsecond=0)
    t.updated_at = max(t.created_at, event_at)

    def climb(tier: int, at: dt.datetime, note: str) -> TicketEvent:
        return new_event(
            ticket_id=t.pk,
            action="auto_escalate",
            from_status=Status.RECEIVED,
            to_status=Status.RECEIVED,
            tier=tier,
            actor_id=None,
            at=at,
            recorded_at=max(at, t.created_at),
            note=note,
            changes={},
        )

    events = []  # the "received" line is the row itself (`selectors.ticket_events`), as intake writes it
    at_once = t.escalate_by is not None and t.escalate_by <= t.reported_at  # class 1 climbs at intake
    if at_once:
        events.append(climb(Tier.EXPERT, t.reported_at, services.INTAKE_CLIMB_NOTE))
    if status == Status.RECEIVED and t.tier > (Tier.EXPERT if at_once else Tier.DESK):
        # untouched but late: the sweep's climb to where it stands
        climbed_at = next((due for tier, due in ladder if tier == t.tier), event_at)
        events.append(climb(t.tier, climbed_at, services.SWEEP_NOTES[t.tier]))
    if status != Status.RECEIVED:
        action, from_status = STATUS_ACTION[Status(status)]
        if status == Status.WAITING_CUSTOMER:
            from_status = t.resume_status
        events.append(
            new_event(
                ticket_id=t.pk,
                action=action,
                from_status=from_status,
                to_status=status,
                tier=t.tier,
                actor_id=t.assignee_id or agent_id,
                at=event_at,
                recorded_at=max(event_at, t.created_at),
                note="",
                changes={},
            )
        )
        t.version = 2
    return events


def _reset_sequences(*model_classes: type[models.Model]) -> None:
    """PostgreSQL keeps a sequence per table; after explicit ids it must be moved past them."""
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), list(model_classes))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


@sla_selectors.generation_read_once()  # the SLA configuration's generation read once, not per request
def fake_generate(
    *,
    tickets: int,
    customers: int | None = None,
    open_percent: float = 5.0,
    late_percent: float = 1.0,
    seed: int = 2026,
    now: dt.datetime | None = None,
    days: int = 730,
    batch_size: int = 5000,
    progress: Callable[[int, int], None] | None = None,
) -> FakeResult:
    """Write `customers` customers with their assets and `tickets` service requests (see the module docstring).

    `open_percent` of the requests are still open (the rest are closed, resolved or cancelled), and
    `late_percent` of the open ones are due for escalation at `now`. Same seed, same `now`, empty
    database: same data.
    """
    started, cpu_started = time.perf_counter(), time.process_time()
    now = (now or clock.now()).replace(microsecond=0)
    rng = random.Random(seed)  # noqa: S311 (reproducible fake data, not secrets)
    customer_count = customers if customers is not None else max(10, min(50_000, tickets // 20))
    open_count = round(tickets * open_percent / 100)
    late_count = round(open_count * late_percent / 100)
    with transaction.atomic():
        staff = _staff("fake")
        archive = _customers(rng, customer_count)
        assets = _assets(rng, archive, clock.local(now).date())
    faults = json.loads((DATA_DIR / "demo_tickets.json").read_text(encoding="utf-8"))
    faults_by_category: dict[str, list[dict]] = {}
    for fault in faults:
        faults_by_category.setdefault(fault["category"], []).append(fault)
    # A few customers report much more than the rest (a Zipf-like spread).
    pick_customer = _Picker(rng, [(c, 1.0 / (rank + 1) ** 0.7) for rank, c in enumerate(archive)])
    pick_severity = _Picker(rng, SEVERITY_WEIGHTS)
    pick_channel = _Picker(rng, CHANNEL_WEIGHTS)
    pick_open = _Picker(rng, OPEN_STATUS_WEIGHTS)
    pick_late = _Picker(rng, LATE_STATUS_WEIGHTS)
    pick_done = _Picker(rng, DONE_STATUS_WEIGHTS)
    policy_id = sla_selectors.policy_values(None).policy_id
    kinds = ["late"] * late_count + ["open"] * (open_count - late_count) + ["done"] * (tickets - open_count)
    rng.shuffle(kinds)
    next_ticket = (Ticket.objects.aggregate(m=models.Max("id"))["m"] or 0) + 1
    next_event = (TicketEvent.objects.aggregate(m=models.Max("id"))["m"] or 0) + 1
    event_count = 0
    max_age = days * DAY
    new_ticket, new_event = _Builder(Ticket), _Builder(TicketEvent)
    for start in range(0, tickets, batch_size):
        rows: list[Ticket] = []
        events: list[TicketEvent] = []
        for kind in kinds[start : start + batch_size]:
            customer = pick_customer()
            owned = assets.get(customer.id, ())
            asset_id, category = rng.choice(owned) if owned and rng.random() < 0.75 else (None, "")
            choices = faults_by_category.get(category, faults)
            fault = rng.choice(choices)
            if kind == "late":
                status, reported_at = pick_late(), _report_time(rng, now, 8 * HOUR + 10 * MINUTE, 7 * DAY)
            elif kind == "open":
                status = pick_open()
                age = min(max_age, max(MINUTE, rng.expovariate(1 / 15) * DAY))
                reported_at = _report_time(rng, now, MINUTE, age + MINUTE)
            else:
                status, reported_at = pick_done(), _report_time(rng, now, 2 * HOUR, max_age)
            ticket = new_ticket(
                id=next_ticket,
                customer_id=customer.id,
                asset_id=asset_id,
                channel=pick_channel(),
                severity=pick_severity(),
                title=fault["title"],
                description=fault["description"],
                status=Status.RECEIVED,
                tier=Tier.DESK,
                zone=customer.zone,
                region_id=customer.region_id,
                sla_policy_id=policy_id,
                reported_at=reported_at,
                created_by_id=rng.choice(staff[Role.AGENT]),
                contact_name=customer.contact,
                contact_phone=customer.phone,
                pauses=[],
            )
            next_ticket += 1
            new_events = _ticket_rows(
                rng,
                ticket,
                status,
                late=kind == "late",
                now=now,
                agent_id=ticket.created_by_id,
                engineer_id=rng.choice(staff[Role.ENGINEER]),
                new_event=new_event,
            )
            for event in new_events:
                event.id = next_event
                next_event += 1
            rows.append(ticket)
            events.extend(new_events)
        with transaction.atomic():
            bulk.rows_insert(Ticket, rows)
            bulk.rows_insert(TicketEvent, events)
        event_count += len(events)
        if progress is not None:
            progress(start + len(rows), tickets)
    _reset_sequences(Ticket, TicketEvent)
    return FakeResult(
        customers=len(archive),
        assets=sum(len(v) for v in assets.values()),
        tickets=tickets,
        events=event_count,
        open=open_count,
        late=late_count,
        now=now,
        seconds=time.perf_counter() - started,
        cpu_seconds=time.process_time() - cpu_started,
    )
