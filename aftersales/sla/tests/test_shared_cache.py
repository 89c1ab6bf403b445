"""The SLA policies cached per worker process follow every change at once (issue 9, defect 1).

A change of a policy, a calendar or the holiday table writes a new configuration generation in its own
transaction; intake reads the generation in its one statement, so a worker that cached the old policy drops
it at its next request. Two real processes on one SQLite file show it as gunicorn's workers would see it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test.utils import CaptureQueriesContext

from aftersales.core import clock
from aftersales.core.testing.processes import Worker, shared_database
from aftersales.sla import selectors
from aftersales.sla.models import Calendar, CalendarHours, HolidayDate, HolidayYear, SlaPolicy, SlaTarget
from aftersales.sla.policy.targets import Severity as PolicySeverity
from aftersales.sla.reference import DEFAULT_POLICY, OFFICE
from aftersales.sla.tests.test_admin import form_data, target_prefix
from aftersales.tickets import services as ticket_services
from aftersales.tickets.models import Ticket
from aftersales.tickets.tests.test_lateness import recomputed, stored

CST = dt.timezone(dt.timedelta(hours=8))
REPORTED = dt.datetime(2026, 11, 20, 9, 0, tzinfo=CST)  # a Friday
NOTICE = "year,name,kind,start,end\n2027,元旦,off,2027-01-01,2027-01-03\n"


def take(agent, customer, severity: int = 3) -> Ticket:
    with clock.frozen(REPORTED):
        return ticket_services.ticket_create(
            actor=agent, customer_id=customer.pk, channel="phone", severity=severity, title="打印服务器无法连接"
        ).ticket


def respond_target(severity: int = 3) -> int:
    return SlaTarget.objects.get(policy__name=DEFAULT_POLICY, severity=severity).respond_minutes


def set_respond_target(minutes: int, severity: int = 3) -> None:
    target = SlaTarget.objects.get(policy__name=DEFAULT_POLICY, severity=severity)
    target.respond_minutes = minutes
    target.save()


seen_inside: list = []


@pytest.fixture(autouse=True)
def _forget_what_was_seen():
    seen_inside.clear()


def change_then_fail(look) -> None:
    """Give class 3 forty-five minutes, note what `look()` sees inside the transaction, then roll it back."""
    with transaction.atomic():
        set_respond_target(45)
        seen_inside.append(look())
        raise RuntimeError


# ------------------------------------------------------------------------------------ every write path


def _admin_policy_change(client, admin_user, tmp_path) -> None:
    client.force_login(admin_user)
    url = f"/admin/sla/slapolicy/{SlaPolicy.objects.get(name=DEFAULT_POLICY).pk}/change/"
    data = form_data(client.get(url))
    data[f"{target_prefix(data, 3)}-respond_minutes"] = "45"
    assert client.post(url, data).status_code == 302


def _admin_holiday_import(client, admin_user, tmp_path) -> None:
    client.force_login(admin_user)
    upload = SimpleUploadedFile("2027.csv", NOTICE.encode(), content_type="text/csv")
    assert client.post("/admin/sla/holidayyear/import/", {"file": upload}).status_code == 302


def _command_holiday_import(client, admin_user, tmp_path) -> None:
    path = tmp_path / "2027.csv"
    path.write_text(NOTICE, encoding="utf-8")
    call_command("holidays", "import", str(path))


WRITES = {
    "target saved": lambda *_: set_respond_target(45),
    "policy saved": lambda *_: SlaPolicy.objects.filter(name=DEFAULT_POLICY).get().save(),
    "calendar saved": lambda *_: Calendar.objects.get(name=OFFICE).save(),
    "opening hours deleted": lambda *_: CalendarHours.objects.filter(calendar__name=OFFICE).first().delete(),
    "holiday added": lambda *_: HolidayDate.objects.create(on=dt.date(2026, 11, 20), kind="holiday", name="测试"),
    "holidays deleted": lambda *_: HolidayDate.objects.filter(on__year=2026).delete(),
    "holiday year deleted": lambda *_: HolidayYear.objects.filter(year=2026).delete(),
    "admin policy change": _admin_policy_change,
    "admin holiday import": _admin_holiday_import,
    "command holiday import": _command_holiday_import,
}


@pytest.mark.django_db
@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_every_change_of_the_configuration_writes_a_new_generation_in_its_transaction(
    write, client, admin_user, tmp_path
):
    before = selectors.current_generation()
    write(client, admin_user, tmp_path)
    assert selectors.current_generation() != before


@pytest.mark.django_db
def test_the_generation_is_written_in_the_changes_transaction():
    before = selectors.current_generation()
    with pytest.raises(RuntimeError):
        change_then_fail(lambda: selectors.current_generation() != before)
    assert seen_inside == [True]
    assert selectors.current_generation() == before
    assert respond_target() != 45


# ----------------------------------------------------------------------------------- a stale worker


@pytest.mark.django_db
def test_a_worker_holding_the_old_policy_takes_the_next_request_on_the_new_one(agent, customer):
    # given: a worker that cached the default policy (class 3: respond within 10 minutes)
    first = take(agent, customer)
    assert first.respond_by == REPORTED + dt.timedelta(minutes=respond_target())
    other_worker = selectors._state  # what another process still holds after this one changes the policy
    # when: an admin (in this process) gives class 3 forty-five minutes; the other worker's cache is untouched
    set_respond_target(45)
    selectors._state = other_worker
    # then its next intake uses the new target, and stores what the lateness rule recomputes now
    second = take(agent, customer)
    assert second.respond_by == REPORTED + dt.timedelta(minutes=45)
    row = Ticket.objects.get(pk=second.pk)
    assert stored(row) == recomputed(row, REPORTED).columns()


@pytest.mark.django_db
def test_a_rolled_back_change_leaves_no_trace_in_the_cache(agent, customer):
    # given: a change this process read the policy under (as a recompute does), then rolled back
    old = respond_target()
    with pytest.raises(RuntimeError):
        change_then_fail(lambda: selectors.policy_values(None).targets.for_class(PolicySeverity(3)).respond_minutes)
    assert seen_inside == [45]
    # then the next intake uses the policy as committed
    assert take(agent, customer).respond_by == REPORTED + dt.timedelta(minutes=old)


@pytest.mark.django_db
def test_intake_reads_the_generation_in_its_one_statement(agent, customer, django_assert_num_queries):
    take(agent, customer)  # the policy in this process's cache
    with django_assert_num_queries(2):  # the one read (customer, region, asset, duplicates, generation), the INSERT
        take(agent, customer)
    # after a change the cache is read again once, then intake is back to one read and one INSERT
    set_respond_target(45)
    with CaptureQueriesContext(transaction.get_connection()) as reloaded:
        take(agent, customer)
    assert len(reloaded) > 2
    with django_assert_num_queries(2):
        take(agent, customer)


# --------------------------------------------------------------------------------- two real processes

WORKER = r"""
import datetime as dt, json, sys
import django
django.setup()
from django.db import connection
from django.test.utils import CaptureQueriesContext
from aftersales.accounts.models import User
from aftersales.core import clock
from aftersales.customers import services as customers
from aftersales.sla.models import SlaTarget
from aftersales.sla.reference import DEFAULT_POLICY
from aftersales.tickets import services
from aftersales.tickets.models import Ticket
from aftersales.tickets.tests.test_lateness import recomputed, stored

for line in sys.stdin:
    command, *args = line.split()
    if command == "setup":
        agent = User.objects.create_user(username="agent", password="pw-Secret-123", role="agent")
        customer = customers.customer_create(actor=agent, name="合肥市档案馆", address="合肥市蜀山区长江西路100号")
        answer = {"agent": agent.pk, "customer": customer.pk}
    elif command == "intake":
        agent = User.objects.get(pk=int(args[0]))
        with CaptureQueriesContext(connection) as queries:
            ticket = services.ticket_create(
                actor=agent, customer_id=int(args[1]), channel="phone", severity=3, title="打印服务器无法连接"
            ).ticket
        minutes = (ticket.respond_by - ticket.reported_at) / dt.timedelta(minutes=1)
        answer = {"ticket": ticket.pk, "respond_minutes": minutes, "queries": len(queries)}
    elif command == "target":
        target = SlaTarget.objects.get(policy__name=DEFAULT_POLICY, severity=3)
        target.respond_minutes = int(args[0])
        target.save()
        answer = {"respond_minutes": target.respond_minutes}
    elif command == "check":
        row = Ticket.objects.get(pk=int(args[0]))
        answer = {"as_recomputed": stored(row) == recomputed(row, clock.now()).columns()}
    print(json.dumps(answer), flush=True)
"""


def test_two_worker_processes_see_a_policy_change_at_the_next_request(tmp_path):
    """Worker B caches the policy; worker A changes it; B's very next intake uses the new target (no 30 s wait)."""
    env = shared_database(tmp_path)
    a, b = Worker(WORKER, env), Worker(WORKER, env)
    try:
        ids = a("setup")
        cold = b("intake", ids["agent"], ids["customer"])  # B reads the policy into its cache
        warm = b("intake", ids["agent"], ids["customer"])
        assert a("target", int(cold["respond_minutes"]) + 35) == {"respond_minutes": cold["respond_minutes"] + 35}
        changed = b("intake", ids["agent"], ids["customer"])
        after = b("intake", ids["agent"], ids["customer"])
        assert warm == {**warm, "respond_minutes": cold["respond_minutes"], "queries": 2}
        assert changed["respond_minutes"] == cold["respond_minutes"] + 35
        assert after == {**after, "respond_minutes": cold["respond_minutes"] + 35, "queries": 2}
        assert a("check", changed["ticket"]) == {"as_recomputed": True}
        assert a("check", after["ticket"]) == {"as_recomputed": True}
    finally:
        a.close()
        b.close()


@pytest.mark.django_db
def test_a_bulk_job_reads_the_generation_once(django_assert_num_queries):
    selectors.policy_values(None)  # cached
    with selectors.generation_read_once(), django_assert_num_queries(0):
        for _ in range(3):
            selectors.policy_values(None)
    with django_assert_num_queries(1):  # outside the block: the generation, then the cached policy
        selectors.policy_values(None)
    # a change made within the block is seen within it
    with selectors.generation_read_once():
        set_respond_target(45)
        assert selectors.policy_values(None).targets.for_class(PolicySeverity(3)).respond_minutes == 45
