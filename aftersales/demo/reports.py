"""The management view's demo data (issue 12): six months of finished work, so every chart of the dashboard,
the assessment and the periodic reports show something on a fresh install.

- 96 requests reported over the past six months on the demo customers' equipment, worked through the ticket
  services with their real times (the clock pinned at each step, as if the desk had worked them then): most met
  their deadlines, some responded or restored late; the engineer 李强 handled those that needed a visit;
- their callbacks (回访) recorded by 孙丽 with satisfaction scores (3 to 5), so the satisfaction trend has data;
- a spare part for each visit to a device the demo store stocks parts for (`parts.demo`): ordered for the request,
  received and issued by 钱峰 half an hour after the engineer arrived, so the parts consumed have data and the
  store's stock today is as `parts.demo` set it;
- three complaints over the months, two replied (one late), one open;
- the periodic service report of last month for the first key customer, and a technical analysis report
  (技术分析报告) of one fault;
- the per-day SLA rollup, counted once.

Idempotent: the history is made only when no request carries its marker in the description.
"""

from __future__ import annotations

import datetime as dt
import random

from aftersales.core import clock

MARKER = "（历史数据）"
MONTHS = 6
PER_MONTH = 16
TITLES = (
    ("服务器无法开机", "服务器"),
    ("核心交换机端口频繁断开", "交换机"),
    ("存储阵列硬盘告警", "存储"),
    ("打印机卡纸且无法识别", "打印机"),
    ("UPS 电池告警", "UPS"),
    ("数据库服务器响应缓慢", "服务器"),
)


def load(report, users) -> int:
    """Make the history (once); returns how many requests it added."""
    from aftersales.assets.models import Asset
    from aftersales.tickets.models import Ticket

    if Ticket.objects.filter(description__startswith=MARKER).exists():
        return 0
    assets = list(Asset.objects.select_related("customer").order_by("pk")[:40])
    if not assets:
        return 0
    rng = random.Random(12)  # noqa: S311 (demo data, not a secret)
    now = clock.now()
    made = 0
    for month in range(MONTHS, 0, -1):
        for i in range(PER_MONTH):
            reported = now - dt.timedelta(days=30 * month - i * 1.8, hours=rng.randint(0, 9))
            asset = assets[rng.randrange(len(assets))]
            _one(rng, users, asset, reported, now)
            made += 1
    _complaints(users, now)
    _documents(users, now)
    from aftersales.reports import services

    services.sla_rollup(full=True)
    return made


def _at(at: dt.datetime):
    return clock.frozen(at)


def _one(rng, users, asset, reported: dt.datetime, now: dt.datetime) -> None:
    from aftersales.followups.models import Callback
    from aftersales.followups.services import callback_record
    from aftersales.tickets import services as tickets

    title, _ = TITLES[rng.randrange(len(TITLES))]
    agent, engineer = users["zhang.agent"], users["li.engineer"]
    with _at(reported):
        ticket = tickets.ticket_create(
            actor=agent,
            customer_id=asset.customer_id,
            asset_id=asset.pk,
            channel="phone",
            severity=rng.choice((2, 3, 3, 3, 4)),
            title=title,
            description=f"{MARKER}{title}，客户来电报修。",
            reported_at=reported,
        ).ticket
    late = rng.random() < 0.18
    steps = [
        ("respond", rng.randint(35, 90) if late else rng.randint(3, 25), agent),
        ("dispatch", 40, agent),
        ("arrive", rng.randint(200, 600) if late else rng.randint(60, 150), engineer),
        ("restore", rng.randint(600, 2400) if late else rng.randint(160, 400), engineer),
        ("resolve", 2500 if late else 420, engineer),
        ("close", 4000, agent),
    ]
    elapsed = 0
    for action, minutes, actor in steps:
        elapsed = max(elapsed + 1, minutes)
        at = reported + dt.timedelta(minutes=elapsed)
        if at >= now:
            break
        with _at(at):
            ticket = tickets.ticket_apply_action(
                ticket_id=ticket.pk,
                action=action,
                actor=actor,
                expected_version=ticket.version,
                at=at,
                note="",
                assignee_id=engineer.pk if action == "dispatch" else None,
            )
        if action == "arrive":
            _part_issued(users, ticket, asset, at + dt.timedelta(minutes=30))
    callback = Callback.objects.filter(ticket=ticket, status="pending").first()
    if callback is not None and ticket.resolved_at is not None:
        at = ticket.resolved_at + dt.timedelta(days=1)
        if at < now:
            with _at(at):
                callback_record(
                    callback_id=callback.pk,
                    actor=users["sun.callback"],
                    resolved=True,
                    satisfaction=rng.choice((3, 4, 4, 5, 5, 5)),
                    courtesy=rng.choice((4, 5)),
                    answered_by="信息科",
                )


def _part_issued(users, ticket, asset, at: dt.datetime) -> None:
    """The part the visit replaced (one unit), when the demo store stocks one for the device's model: received
    for the request (按单到货) and issued to it (领用出库) at the central warehouse."""
    from aftersales.parts import demo as parts_demo
    from aftersales.parts import services as parts
    from aftersales.parts.models import Location, Part

    number = next((p.number for p in parts_demo.PARTS if asset.model in p.models), None)
    part = Part.objects.filter(part_number=number).first() if number else None
    store = Location.objects.filter(name=parts_demo.CENTRAL).first()
    if part is None or store is None:
        return
    keeper = users["qian.warehouse"]
    with _at(at):
        parts.part_receive(
            actor=keeper, part_id=part.pk, location_id=store.pk, quantity=1, ticket_id=ticket.pk, note="按单到货"
        )
        parts.part_issue(
            actor=keeper, part_id=part.pk, location_id=store.pk, quantity=1, ticket_id=ticket.pk, note="现场更换"
        )


def _complaints(users, now: dt.datetime) -> None:
    from aftersales.complaints import services as complaints
    from aftersales.tickets.models import Ticket

    history = list(Ticket.objects.filter(description__startswith=MARKER).order_by("pk")[:60:20])
    for index, ticket in enumerate(history):
        received = ticket.reported_at + dt.timedelta(days=2)
        with _at(received):
            complaint = complaints.complaint_open(
                source="hotline",
                customer_id=ticket.customer_id,
                summary="工程师到场晚于约定时间",
                actor=users["zhao.supervisor"],
                ticket_id=ticket.pk,
                received_at=received,
            )
        if index == 2:
            continue  # left open
        replied = received + (dt.timedelta(days=3) if index == 1 else dt.timedelta(minutes=50))
        with _at(replied):
            complaints.complaint_apply_action(
                complaint_id=complaint.pk,
                action="reply",
                actor=users["zhao.supervisor"],
                expected_version=complaint.version,
                at=replied,
                text="已与客户沟通，致歉并调整派工安排。",
            )


def _documents(users, now: dt.datetime) -> None:
    from aftersales.customers.models import Customer
    from aftersales.reports import services
    from aftersales.tickets.models import Ticket

    supervisor = users["zhao.supervisor"]
    key = Customer.objects.filter(is_key_account=True).order_by("pk").first()
    if key is not None:
        last_month = clock.today().replace(day=1) - dt.timedelta(days=1)
        report = services.periodic_report_create(
            actor=supervisor, customer_id=key.pk, period="month", starts_on=last_month
        )
        services.periodic_report_update(
            actor=supervisor,
            report_id=report.pk,
            risks="部分服务器已超出厂商保修期，备件供应存在风险。",
            recommendations="建议对超保设备签订延保服务，并在下季度增加一次机房巡检。",
        )
    ticket = Ticket.objects.filter(description__startswith=MARKER, restored_at__isnull=False).order_by("pk").first()
    if ticket is not None:
        services.analysis_create(
            actor=users["li.engineer"],
            ticket_id=ticket.pk,
            title=f"{ticket.number} {ticket.title} 技术分析报告",
            symptom=ticket.title,
            cause="电源模块老化导致供电电压波动，触发设备保护性关机。",
            actions="更换电源模块，检查并紧固电源线缆，复测 48 小时运行正常。",
            prevention="对同批次设备的电源模块做一次全面检查；机房 UPS 每季度做放电测试。",
        )
