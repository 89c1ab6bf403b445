"""A small world for the access tests: one user per role, and for every kind of object the table scopes one
that lies outside the scoped callers' scope (another customer's, another partner's, someone else's).

The customer user belongs to customer A and the partner user to partner P1; everything in `foreign` belongs to
customer B, is dispatched to partner P2, run or kept by another engineer. Built through the services where a
service exists, as a person would.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field

ROLES = ("agent", "engineer", "expert", "supervisor", "customer", "admin", "partner", "warehouse", "callback")
ROLES += ("supplier", "dealer")  # the dealer network (aftersales/network/tests/walk_world.py)


@dataclass
class World:
    users: dict = field(default_factory=dict)  # role → User
    tokens: dict = field(default_factory=dict)  # role → bearer token
    foreign: dict = field(default_factory=dict)  # parameter name (ticket_id…) → id of a foreign object
    own: dict = field(default_factory=dict)  # the customer user's own objects (customer_id, asset_id, ticket_id)


def _token(user) -> str:
    from aftersales.accounts.models import ApiToken

    token = secrets.token_urlsafe(24)
    from aftersales.core import clock

    ApiToken.objects.create(user=user, digest=ApiToken.digest_of(token), expires_at=clock.now() + dt.timedelta(days=1))
    return token


def build() -> World:
    from aftersales.accounts.models import User
    from aftersales.assets import services as assets
    from aftersales.bulletins.models import Bulletin, BulletinDelivery
    from aftersales.complaints import services as complaints
    from aftersales.core import clock
    from aftersales.customers import services as customers
    from aftersales.customers.models import Region
    from aftersales.dispatch import services as dispatch
    from aftersales.dispatch.models import DutyShift
    from aftersales.inspections import services as inspections
    from aftersales.inspections.models import Finding
    from aftersales.network.models import Partner
    from aftersales.network.tests import walk_world as network_world
    from aftersales.notifications.models import Notification
    from aftersales.parts import services as parts
    from aftersales.plans import services as plans
    from aftersales.tickets import services as tickets

    w = World()
    region = Region.objects.get(name="阜阳市")
    p1 = Partner.objects.create(kind="alliance", name="合作伙伴一", region=region, phone="0558-1234567")
    p2 = Partner.objects.create(kind="alliance", name="合作伙伴二", region=region, phone="0558-7654321")

    def user(name, role, **extra):
        return User.objects.create_user(
            username=name, password="pw-Secret-123", role=role, email=f"{name}@example.com", **extra
        )

    admin = user("w.admin", "admin", is_staff=True, is_superuser=True)
    agent = user("w.agent", "agent")
    supervisor = user("w.supervisor", "supervisor")
    a = customers.customer_create(actor=agent, name="客户甲", address="合肥市庐阳区淮河路390号")
    b = customers.customer_create(actor=agent, name="客户乙", address="阜阳市清河路博物馆东")
    asset_a = assets.asset_create(
        actor=agent,
        customer_id=a.pk,
        vendor="戴尔",
        model="R750",
        serial="A-1",
        category="服务器",
        purchased_on=dt.date(2026, 3, 1),
    )
    asset_b = assets.asset_create(
        actor=agent,
        customer_id=b.pk,
        vendor="戴尔",
        model="R750",
        serial="B-1",
        category="服务器",
        purchased_on=dt.date(2026, 3, 1),
    )
    w.users = {
        "agent": agent,
        "engineer": user("w.engineer", "engineer"),
        "expert": user("w.expert", "expert"),
        "supervisor": supervisor,
        "customer": user("w.customer", "customer", customer=a),
        "admin": admin,
        "partner": user("w.partner", "partner", partner=p1),
        "warehouse": user("w.warehouse", "warehouse"),
        "callback": user("w.callback", "callback"),
    }
    network_users, network_foreign = network_world.build(user)
    w.users.update(network_users)
    w.tokens = {role: _token(u) for role, u in w.users.items()}

    # Someone else's work: another engineer, and a partner-2 engineer whom customer B's request is dispatched to.
    other = user("w.other", "engineer")
    p2_user = user("w.p2", "partner", partner=p2)
    p2_engineer = dispatch.engineer_create(
        actor=supervisor, user_id=p2_user.pk, home_region_id=region.pk, categories=["服务器"], partner_id=p2.pk
    )
    now = clock.now()
    DutyShift.objects.create(
        engineer=p2_engineer, starts_at=now - dt.timedelta(hours=2), ends_at=now + dt.timedelta(hours=10)
    )
    ticket_a = tickets.ticket_create(
        actor=agent, customer_id=a.pk, asset_id=asset_a.pk, channel="phone", severity=3, title="甲的请求"
    ).ticket
    ticket_b = tickets.ticket_create(
        actor=agent, customer_id=b.pk, asset_id=asset_b.pk, channel="phone", severity=3, title="乙的请求"
    ).ticket
    sent = dispatch.dispatch_assign(ticket_id=ticket_b.pk, actor=supervisor, engineer_id=p2_engineer.pk)
    visit = dispatch.visit_record_arrival(ticket_id=ticket_b.pk, actor=p2_user)
    inspection, _ = inspections.inspection_start(actor=other, customer_id=b.pk)
    finding = Finding.objects.filter(inspection_asset__inspection=inspection).first()
    complaint = complaints.complaint_open(source="hotline", customer_id=b.pk, summary="乙的投诉", actor=agent)
    central = parts.location_create(actor=w.users["warehouse"], name="中心库")
    item, _ = plans.work_item_create(
        source_key="walk:other", kind="callback", title="别人的待办", due_on=now.date(), assignee_id=other.pk
    )
    bulletin = Bulletin.objects.create(kind="notice", title="通知", body="正文", author=supervisor)
    delivery = BulletinDelivery.objects.create(bulletin=bulletin, customer=b, delivered_at=now)
    notification = Notification.objects.create(user=other, kind="test", title="别人的通知", created_at=now)
    w.foreign = {
        "customer_id": b.pk,
        "asset_id": asset_b.pk,
        "asset_ids": [asset_b.pk],
        "ticket_id": ticket_b.pk,
        "dispatch_id": sent.pk,
        "visit_id": visit.pk,
        "location_id": central.pk,
        "to_location_id": central.pk,
        "inspection_id": inspection.pk,
        "finding_id": finding.pk if finding else 0,
        "complaint_id": complaint.pk,
        "delivery_id": delivery.pk,
        "item_id": item.pk,
        "work_item_id": item.pk,
        "notification_id": notification.pk,
        **network_foreign,
    }
    w.own = {"customer_id": a.pk, "asset_id": asset_a.pk, "ticket_id": ticket_a.pk}
    return w
