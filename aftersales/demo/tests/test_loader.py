"""The demo data (`aftersales demo`, loaded by `make run`): complete, in every state, and idempotent."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.db import transaction
from django.test.utils import override_settings

from aftersales.accounts.choices import Role
from aftersales.accounts.models import User
from aftersales.assets.models import Asset
from aftersales.attachments.models import Attachment
from aftersales.core import clock
from aftersales.customers.models import Contact, Contract, Customer
from aftersales.demo import attachments as demo_files
from aftersales.demo import loader
from aftersales.demo import reports as reports_demo
from aftersales.dispatch.models import Visit
from aftersales.inspections.models import Inspection
from aftersales.network.models import Partner
from aftersales.notifications.models import Notification
from aftersales.portal.models import Reply
from aftersales.sla import reference
from aftersales.tickets.choices import OPEN, Status, Tier
from aftersales.tickets.models import Ticket, TicketEvent

pytestmark = pytest.mark.django_db
# A Friday morning in China; the clock is pinned so the late / due-soon counts are exact.
LOADED_AT = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
COUNTED = (
    Partner,
    Customer,
    Contact,
    Contract,
    Asset,
    User,
    Ticket,
    TicketEvent,
    Notification,
    Attachment,
    Reply,
    Visit,
    Inspection,
)


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def desk_week():
    """The requests of the desk's busy week (the management view's demo adds six months of worked history)."""
    return Ticket.objects.exclude(description__startswith=reports_demo.MARKER)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """One load shared by this module's tests (each test runs in a savepoint inside it), rolled back at the end;
    the demo's files are stored under a temporary media root."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with clock.frozen(LOADED_AT):
                yield loader.demo_load()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def test_demo_load_creates_the_archive_users_and_requests(loaded):
    # given the load at LOADED_AT (fixture)
    # when counting what it made
    counts = row_counts()
    # then
    assert (loaded.partners, loaded.customers, loaded.assets) == (72, 32, 74)
    assert {k: counts[k] for k in ("Partner", "Customer", "Contact", "Contract", "Asset", "User")} == {
        "Partner": 72,
        "Customer": 32,
        "Contact": 42,  # the desk's 32, and the buying centres of the sales pipeline
        "Contract": 4,  # two maintenance contracts, two won deals
        "Asset": 75,  # and the device of the accepted installation
        "User": 20,  # one per role and area (see the test of the users), the subsidy ledger's system account
    }
    assert desk_week().count() == 42
    assert Ticket.objects.filter(description__startswith=reports_demo.MARKER).count() == counts["Ticket"] - 42
    assert Counter(Partner.objects.values_list("kind", flat=True)) == {"alliance": 16, "service": 56}


def test_demo_requests_are_in_every_state_some_late_some_due_soon(loaded):
    # given the load at LOADED_AT (fixture)
    # when
    statuses = Counter(desk_week().values_list("status", flat=True))
    with clock.frozen(LOADED_AT):
        late_open = Ticket.objects.open().breached(at=LOADED_AT).count()
        due_soon = Ticket.objects.open().due_within(at=LOADED_AT, minutes=30).count()
    # then
    assert set(statuses) == set(Status.values)
    assert statuses == {
        "received": 5,
        "responded": 4,
        "escalated": 3,
        "dispatched": 5,
        "on_site": 4,
        "restored": 3,
        "resolved": 4,
        "closed": 7,
        "waiting_customer": 3,
        "reopened": 2,
        "cancelled": 2,
    }
    # late and due soon as each request's own clocks say: a climb by the sweep meets the escalation deadline, so
    # a request it climbed is late only when another deadline passed, and may be due soon (issue 9)
    assert (late_open, due_soon) == (15, 7)
    assert loaded.sweep is not None
    assert Ticket.objects.filter(status__in=OPEN, tier=Tier.LEADERSHIP).count() == 7


def test_demo_attaches_vendor_policies_through_contracts_and_assets(loaded):
    # given the load at LOADED_AT (fixture)
    # when
    contract_policies = dict(Contract.objects.values_list("number", "sla_policy__name"))
    asset_policies = Counter(Asset.objects.filter(sla_policy__isnull=False).values_list("sla_policy__name", flat=True))
    under_contract = Asset.objects.filter(contract__isnull=False).count()
    ticket_policies = Counter(desk_week().values_list("sla_policy__name", flat=True))
    # then
    assert contract_policies == {
        "WB-2026-0012": reference.HUAWEI_POLICY,
        "WB-2026-0031": reference.DELL_POLICY,
        "XS-2026-0005": None,  # the won deals' contracts (sales demo) name no SLA policy: the default applies
        "XS-2026-0006": None,
    }
    assert asset_policies == {reference.HUAWEI_POLICY: 3, reference.DELL_POLICY: 4}
    assert under_contract == 6
    assert ticket_policies == {reference.DEFAULT_POLICY: 34, reference.HUAWEI_POLICY: 6, reference.DELL_POLICY: 2}


def test_demo_users_sign_in_with_the_demo_password_and_the_customer_user_is_bound(loaded):
    # given the load at LOADED_AT (fixture)
    users = {u.username: u for u in User.objects.select_related("customer")}
    people = {name: u for name, u in users.items() if u.is_active}
    # then every role but the administrator's (made by `aftersales setup`) has a demo user with work to do
    assert {u.role for u in people.values()} == set(Role.values) - {Role.ADMIN}
    assert {name: u.role for name, u in people.items() if u.role in ("agent", "expert", "supervisor", "customer")} == {
        "zhang.agent": "agent",
        "wang.expert": "expert",
        "zhao.supervisor": "supervisor",
        "hospital.user": "customer",
    }
    assert all(u.check_password("demo-pass-2026") for u in people.values())
    # the subsidy ledger's records are made by a system account nobody can sign in with
    system = users["subsidy.demo"]
    assert (system.role, system.is_active, system.has_usable_password()) == ("admin", False, False)
    assert users["hospital.user"].customer.name == "合肥市第一人民医院信息科"
    assert Ticket.objects.filter(created_by=users["hospital.user"], channel="web").count() == 1


def test_loading_twice_adds_nothing(loaded):
    # given the first load (fixture)
    before = row_counts()
    # when
    with clock.frozen(LOADED_AT + dt.timedelta(minutes=5)):
        again = loader.demo_load()
    # then
    assert row_counts() == before
    assert not again.added_anything
    assert again.sweep is None


def test_demo_attaches_photos_and_a_pdf_and_writes_a_portal_conversation(loaded):
    # given the load (fixture)
    files = list(Attachment.objects.order_by("id"))
    # then: a photo and a PDF on requests, a photo on a visit, an inspection and a complaint
    assert Counter(a.owner_kind for a in files) == {"ticket": 2, "visit": 1, "inspection": 1, "complaint": 1}
    assert Counter(a.content_type for a in files) == {"image/jpeg": 4, "application/pdf": 1}
    for photo in (a for a in files if a.content_type == "image/jpeg"):
        assert max(photo.width, photo.height) == 1600  # drawn at 2400 px, shrunk on the way in
        assert photo.file.storage.exists(photo.file.name)
    assert (loaded.attachments, loaded.replies) == (5, 3)
    # the customer's photo is on the request the customer filed on the portal, with the conversation
    portal = Ticket.objects.get(created_by__username="hospital.user", channel="web")
    photo = next(a for a in files if a.owner_kind == "ticket" and a.content_type == "image/jpeg")
    assert (photo.owner_id, photo.uploaded_by.username) == (portal.pk, "hospital.user")
    conversation = list(Reply.objects.filter(ticket=portal).order_by("id").values_list("from_customer", "body"))
    assert conversation == [
        (True, demo_files.CUSTOMER_ASKS),
        (False, demo_files.AGENT_ANSWERS),
        (True, demo_files.CUSTOMER_THANKS),
    ]
    # the visit and the inspection are 李强's
    visit = Visit.objects.get()
    assert visit.recorded_by.username == "li.engineer"
    assert visit.ticket.status == Status.ON_SITE
    assert Inspection.objects.get().engineer.username == "li.engineer"


def test_demo_history_issues_parts_for_visits_and_leaves_todays_stock_as_the_store_set_it(loaded):
    """The parts consumed chart has data on a fresh install: each part issued to a visited request of the history
    was received for that request first (按单到货), so the stock today is what `parts.demo` received."""
    from aftersales.parts import demo as parts_demo
    from aftersales.parts.models import Stock, StockMove
    from aftersales.reports import selectors

    issues = list(StockMove.objects.filter(kind="issue").select_related("ticket", "part"))
    assert len(issues) >= 10
    for move in issues:
        assert move.ticket.description.startswith(reports_demo.MARKER)
        assert move.ticket.asset.model in next(p.models for p in parts_demo.PARTS if p.number == move.part.part_number)
        assert move.ticket.arrived_at < move.at
        assert StockMove.objects.filter(kind="receive", ticket=move.ticket, part=move.part, at=move.at).exists()
    received = {(p.number, name): n for p in parts_demo.PARTS for name, (n, _, _) in p.stock.items()}
    on_hand = {
        (s.part.part_number, s.location.name): s.on_hand for s in Stock.objects.select_related("part", "location")
    }
    assert on_hand == received
    with clock.frozen(LOADED_AT):
        today = clock.today()
        top = selectors.parts_figures(selectors.Filters(date_from=today - dt.timedelta(days=200), date_to=today))["top"]
    assert sum(row["quantity"] for row in top) == len(issues)
