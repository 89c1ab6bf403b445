"""The desk's demo data (issue 10): field engineers with skills, a 7×24 on-call rota, and the dispatches behind
the demo's dispatched requests, so that every field role has work on a fresh install.

- 李强 (li.engineer) and two more engineers of ours (周涛 in 芜湖, 吴刚 in 阜阳) get engineer profiles with the
  vendors and product categories of the demo equipment; a partner engineer (陈伟, chen.partner) works for a
  合肥 partner company.
- The rota: every engineer on call around the clock, this week and the next (7×24 值班表), written by
  `duty_rota_generate` with one 24-hour shift a day.
- The demo requests that were moved to 已派工 by the lifecycle get the dispatch record a dispatcher would have
  made (to 李强, at the time of the dispatch step); two open requests are then re-dispatched to the partner
  through `dispatch_assign`, so the partner's user has work and the request's 处理人 follows.

Idempotent: users and profiles are matched by username, the rota is rewritten for the same weeks (same
shifts), dispatches are made only for requests that have none, and the partner's work only when it has none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from aftersales.accounts.choices import Role
from aftersales.accounts.models import User
from aftersales.assets.models import Asset, Vendor
from aftersales.core import clock
from aftersales.customers import services as customers
from aftersales.dispatch import services as dispatch
from aftersales.dispatch.choices import DispatchStatus
from aftersales.dispatch.models import Dispatch, Engineer
from aftersales.dispatch.policy import rota
from aftersales.network.models import Partner
from aftersales.tickets.choices import DONE, Status
from aftersales.tickets.models import Ticket

HOME_PROVINCE = "安徽省"
PARTNER_COMPANY = "巢湖电力实业总公司"


@dataclass(frozen=True)
class DemoEngineer:
    username: str
    name: str
    phone: str
    city: str
    county: str
    role: str = Role.ENGINEER


ENGINEERS = (
    DemoEngineer("li.engineer", "李强", "13805510202", "合肥市", "蜀山区"),
    DemoEngineer("zhou.engineer", "周涛", "13805530707", "芜湖市", "镜湖区"),
    DemoEngineer("wu.engineer", "吴刚", "13805580808", "阜阳市", "颍州区"),
    DemoEngineer("chen.partner", "陈伟", "13805650909", "合肥市", "巢湖市", role=Role.PARTNER),
)
PARTNER_USER = "chen.partner"


@dataclass
class DeskReport:
    engineers: int = 0
    users: int = 0
    shifts: int = 0
    dispatches: int = 0
    partner_dispatches: int = 0


def load(report, users: dict[str, User]) -> DeskReport:
    """Load the desk's demo data beside the main demo (`report` is the loader's DemoReport: password, lines)."""
    desk = DeskReport()
    supervisor = users["zhao.supervisor"]
    partner = Partner.objects.filter(name=PARTNER_COMPANY, is_active=True).order_by("id").first()
    vendor_ids = list(Vendor.objects.filter(assets__isnull=False).distinct().values_list("id", flat=True))
    categories = sorted({c for c in Asset.objects.values_list("category", flat=True) if c})
    team = []
    for spec in ENGINEERS:
        user = _user(report, spec, partner, desk)
        users[spec.username] = user
        engineer = Engineer.objects.filter(user=user).first()
        if engineer is None:
            region = customers.region_get_or_create(province=HOME_PROVINCE, city=spec.city)
            engineer = dispatch.engineer_create(
                actor=supervisor,
                user_id=user.pk,
                home_region_id=region.pk,
                vendor_ids=vendor_ids,
                categories=categories,
                certifications=[("华为认证网络工程师 HCIP", "华为", None)] if spec.role == Role.ENGINEER else [],
            )
            desk.engineers += 1
        team.append(engineer.pk)
    monday = clock.today() - dt.timedelta(days=clock.today().weekday())
    for week in (monday, monday + dt.timedelta(days=7)):
        desk.shifts += dispatch.duty_rota_generate(
            actor=supervisor, engineer_ids=team, week_start=week, pattern=_pattern(team)
        )
    li = Engineer.objects.get(user__username="li.engineer")
    desk.dispatches = _record_dispatches(li, users["zhang.agent"])
    if partner is not None:
        desk.partner_dispatches = _partner_work(partner, supervisor)
    return desk


def _pattern(team: list[int]) -> tuple[rota.ShiftTemplate, ...]:
    """One 24-hour shift a day staffed by the whole team: everyone on call around the clock."""
    return (rota.ShiftTemplate("全天", dt.time(0, 0), 24, headcount=len(team)),)


def _user(report, spec: DemoEngineer, partner: Partner | None, desk: DeskReport) -> User:
    user = User.objects.filter(username=spec.username).first()
    if user is None:
        user = User.objects.create_user(
            username=spec.username,
            password=report.password,
            role=spec.role,
            first_name=spec.name,
            email=f"{spec.username}@aftersales.local",
            phone=spec.phone,
            partner=partner if spec.role == Role.PARTNER else None,
            county=spec.county,
        )
        desk.users += 1
        report.users += 1
        report.user_lines.append(f"{spec.username:<16} {Role(spec.role).label}")
    elif not user.county:
        user.county = spec.county
        user.save(update_fields=["county"])
    return user


def _record_dispatches(engineer: Engineer, agent: User) -> int:
    """The dispatch record of every demo request that the lifecycle moved to 已派工 without one (at that time)."""
    missing = (
        Ticket.objects.filter(dispatched_at__isnull=False)
        .exclude(dispatches__isnull=False)
        .order_by("id")
        .only("id", "status", "dispatched_at")
    )
    rows = [
        Dispatch(
            ticket=ticket,
            engineer=engineer,
            dispatched_by=agent,
            dispatched_at=ticket.dispatched_at,
            note="派工程师上门处理",
            status=DispatchStatus.ACTIVE,
        )
        for ticket in missing
    ]
    Dispatch.objects.bulk_create(rows)
    return len(rows)


def _partner_work(partner: Partner, supervisor: User) -> int:
    """Two open requests re-dispatched to the partner company (its user then sees and works them)."""
    if Dispatch.objects.filter(partner=partner).exists():
        return 0
    open_dispatched = (
        Ticket.objects.filter(status=Status.DISPATCHED, dispatches__status=DispatchStatus.ACTIVE)
        .exclude(status__in=DONE)
        .order_by("-id")
        .values_list("id", flat=True)[:2]
    )
    count = 0
    for ticket_id in list(open_dispatched):
        dispatch.dispatch_assign(
            ticket_id=ticket_id,
            actor=supervisor,
            partner_id=partner.pk,
            note="就近安排合作伙伴上门 / the nearest partner goes",
        )
        count += 1
    return count
