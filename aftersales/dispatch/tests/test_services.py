"""Tests of the field-service writes: dispatch and re-dispatch history, planned-visit notices, arrival, the
service report with its signature, the rota."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from django.core import mail

from aftersales.core import clock
from aftersales.core.errors import DomainError
from aftersales.customers.models import Contact
from aftersales.dispatch import services
from aftersales.dispatch.models import Dispatch, DutyShift, Visit, VisitPart
from aftersales.dispatch.tests.conftest import png_bytes
from aftersales.notifications.models import Notification
from aftersales.tickets import selectors as ticket_selectors
from aftersales.tickets import services as tickets
from aftersales.tickets.models import Ticket, TicketEvent

pytestmark = pytest.mark.django_db


def actions(ticket) -> list[str]:
    """The request's timeline, as its page shows it."""
    return [e.action for e in ticket_selectors.ticket_events(ticket)]


# ------------------------------------------------------------------------------------------------ dispatch


def test_dispatching_an_engineer_moves_the_request_and_tells_the_engineer(
    now, supervisor, make_engineer, make_ticket, province_customer
):
    # given
    engineer = make_engineer("li", "阜阳市", name="李强")
    ticket = make_ticket(province_customer)
    # when
    dispatch = services.dispatch_assign(
        ticket_id=ticket.pk, actor=supervisor, engineer_id=engineer.pk, note="带一块主板"
    )
    # then
    ticket.refresh_from_db()
    assert (ticket.status, ticket.assignee_id, ticket.dispatched_at) == ("dispatched", engineer.user_id, now)
    assert (dispatch.status, dispatch.dispatched_by, dispatch.dispatched_at, dispatch.partner) == (
        "active",
        supervisor,
        now,
        None,
    )
    assert actions(ticket) == ["create", "dispatch"]
    event = TicketEvent.objects.get(ticket=ticket, action="dispatch")
    assert event.note == "派工给 李强 / dispatched to 李强\n带一块主板"
    note = Notification.objects.get(user=engineer.user)
    assert (note.kind, note.link) == ("dispatch", f"/dispatch/visits/new/{ticket.pk}/")
    assert note.title.startswith("派工通知：SR-")


def test_a_re_dispatch_replaces_the_active_dispatch_and_keeps_the_history(
    now, supervisor, make_engineer, make_ticket, province_customer, fuyang_partner, partner_user
):
    # given
    engineer = make_engineer("li", "合肥市", name="李强")
    ticket = make_ticket(province_customer)
    first = services.dispatch_assign(ticket_id=ticket.pk, actor=supervisor, engineer_id=engineer.pk)
    # when
    second = services.dispatch_assign(
        ticket_id=ticket.pk, actor=supervisor, partner_id=fuyang_partner.pk, note="就近处理"
    )
    # then
    first.refresh_from_db()
    assert (first.status, first.ended_at, first.ended_by) == ("replaced", now, supervisor)
    assert second.status == "active"
    assert list(Dispatch.objects.filter(ticket=ticket).order_by("id").values_list("status", flat=True)) == [
        "replaced",
        "active",
    ]
    # the 处理人 follows: the partner's user, no longer 李强
    assert actions(ticket) == ["create", "dispatch", "redispatch", "update"]
    assert Ticket.objects.get(pk=ticket.pk).assignee_id == partner_user.pk
    event = TicketEvent.objects.get(ticket=ticket, action="redispatch")
    assert event.note == "改派：李强 → 阜阳云智电脑公司 / re-dispatched from 李强 to 阜阳云智电脑公司\n就近处理"
    assert (event.from_status, event.to_status) == ("dispatched", "dispatched")
    assert Notification.objects.filter(user=partner_user, kind="dispatch").count() == 1
    assert Ticket.objects.get(pk=ticket.pk).status == "dispatched"


def test_re_dispatching_to_another_engineer_makes_them_the_assignee(
    now, supervisor, make_engineer, make_ticket, province_customer
):
    a, b = make_engineer("a", "合肥市"), make_engineer("b", "阜阳市")
    ticket = make_ticket(province_customer)
    services.dispatch_assign(ticket_id=ticket.pk, actor=supervisor, engineer_id=a.pk)
    services.dispatch_assign(ticket_id=ticket.pk, actor=supervisor, engineer_id=b.pk)
    ticket.refresh_from_db()
    assert ticket.assignee_id == b.user_id
    assert actions(ticket) == ["create", "dispatch", "redispatch", "update"]


def test_a_partner_without_users_leaves_the_request_without_a_handler_not_the_old_engineer(
    now, supervisor, make_engineer, make_ticket, province_customer, make_partner
):
    a = make_engineer("a", "合肥市")
    lonely = make_partner("无账号伙伴", "阜阳市")
    ticket = make_ticket(province_customer)
    services.dispatch_assign(ticket_id=ticket.pk, actor=supervisor, engineer_id=a.pk)
    services.dispatch_assign(ticket_id=ticket.pk, actor=supervisor, partner_id=lonely.pk)
    ticket.refresh_from_db()
    assert ticket.assignee_id is None


def test_dispatch_by_the_engineer_user_and_unknown_targets_are_422(
    now, supervisor, make_engineer, make_ticket, province_customer
):
    a = make_engineer("a", "合肥市")
    ticket = make_ticket(province_customer)
    dispatch = services.dispatch_assign(ticket_id=ticket.pk, actor=supervisor, assignee_id=a.user_id)
    assert dispatch.engineer_id == a.pk
    for target in ({"assignee_id": supervisor.pk}, {"partner_id": 999_999}, {"engineer_id": 999_999}):
        with pytest.raises(DomainError) as caught:
            services.dispatch_assign(ticket_id=ticket.pk, actor=supervisor, **target)
        assert caught.value.status == 422
    with pytest.raises(DomainError) as caught:
        services.dispatch_assign(ticket_id=ticket.pk, actor=supervisor)
    assert caught.value.code == "dispatch_target"


def test_only_dispatchers_dispatch_and_a_refusal_writes_nothing(now, make_engineer, make_ticket, province_customer):
    # given
    engineer = make_engineer("li", "阜阳市")
    ticket = make_ticket(province_customer)
    # when
    with pytest.raises(DomainError) as refused:
        services.dispatch_assign(ticket_id=ticket.pk, actor=engineer.user, engineer_id=engineer.pk)
    # then
    assert (refused.value.status, refused.value.code) == (403, "forbidden")
    assert Dispatch.objects.count() == 0
    assert Ticket.objects.get(pk=ticket.pk).status == "received"
    assert actions(ticket) == ["create"]
    assert Notification.objects.count() == 0


@pytest.mark.parametrize(
    ("target", "code", "status"),
    [
        pytest.param({}, "dispatch_target", 400, id="nobody"),
        pytest.param({"engineer_id": 1, "partner_id": 1}, "dispatch_target", 400, id="both"),
        pytest.param({"partner_id": 999_999}, "unknown_reference", 422, id="unknown partner"),
    ],
)
def test_a_dispatch_names_exactly_one_existing_assignee(
    now, supervisor, make_ticket, province_customer, target, code, status
):
    ticket = make_ticket(province_customer)
    with pytest.raises(DomainError) as refused:
        services.dispatch_assign(ticket_id=ticket.pk, actor=supervisor, **target)
    assert (refused.value.code, refused.value.status) == (code, status)
    assert Dispatch.objects.count() == 0


def test_dispatching_the_same_assignee_again_is_a_conflict(
    now, supervisor, make_ticket, province_customer, fuyang_partner
):
    ticket = make_ticket(province_customer)
    services.dispatch_assign(ticket_id=ticket.pk, actor=supervisor, partner_id=fuyang_partner.pk)
    with pytest.raises(DomainError) as refused:
        services.dispatch_assign(ticket_id=ticket.pk, actor=supervisor, partner_id=fuyang_partner.pk)
    assert (refused.value.status, refused.value.code) == (409, "already_dispatched")
    assert refused.value.message_zh == "该请求已派给阜阳云智电脑公司"
    assert Dispatch.objects.count() == 1


def test_a_planned_visit_cannot_be_in_the_past(now, supervisor, make_ticket, province_customer, fuyang_partner):
    ticket = make_ticket(province_customer)
    with pytest.raises(DomainError) as refused:
        services.dispatch_assign(
            ticket_id=ticket.pk, actor=supervisor, partner_id=fuyang_partner.pk, planned_for=now - dt.timedelta(hours=1)
        )
    assert refused.value.code == "planned_in_past"
    assert Dispatch.objects.count() == 0


def test_cancelling_a_dispatch_keeps_it_as_history(now, supervisor, make_ticket, province_customer, fuyang_partner):
    ticket = make_ticket(province_customer)
    dispatch = services.dispatch_assign(ticket_id=ticket.pk, actor=supervisor, partner_id=fuyang_partner.pk)
    services.dispatch_cancel(dispatch_id=dispatch.pk, actor=supervisor, note="客户自行解决")
    dispatch.refresh_from_db()
    assert (dispatch.status, dispatch.ended_by) == ("cancelled", supervisor)
    assert actions(ticket) == ["create", "dispatch", "dispatch_cancel"]


# ----------------------------------------------------------------------------------- planned-visit notice


def test_a_planned_visit_is_announced_once_seven_days_ahead(
    now, supervisor, make_ticket, province_customer, fuyang_partner, make_user, django_capture_on_commit_callbacks
):
    # given: a visit planned 10 days out, a customer user and a contact with an e-mail address
    customer_user = make_user("fy.user", "customer", customer=province_customer)
    Contact.objects.create(customer=province_customer, name="王主任", email="wang@fy.example.cn")
    ticket = make_ticket(province_customer, severity=4, title="季度巡检")
    planned = now + dt.timedelta(days=10)
    dispatch = services.dispatch_assign(
        ticket_id=ticket.pk, actor=supervisor, partner_id=fuyang_partner.pk, planned_for=planned
    )
    mail.outbox.clear()
    # when: today nothing is due; 3 days later (7 days before) it is, and a second run finds nothing more
    early = services.visits_notify_upcoming(at=now)
    with django_capture_on_commit_callbacks(execute=True):
        due = services.visits_notify_upcoming(at=now + dt.timedelta(days=3, minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        again = services.visits_notify_upcoming(at=now + dt.timedelta(days=3, minutes=2))
    # then
    assert (early.dispatches, due.dispatches, again.dispatches) == (0, 1, 0)
    assert (due.messages, due.emails) == (1, 1)
    notice = Notification.objects.get(user=customer_user, kind="planned_visit")
    assert notice.title == "上门服务预约通知：2026-12-06 10:00"
    assert "阜阳云智电脑公司" in notice.body
    assert sorted(m.to[0] for m in mail.outbox) == ["fy.user@example.com", "wang@fy.example.cn"]
    dispatch.refresh_from_db()
    assert dispatch.customer_notified_at == now + dt.timedelta(days=3, minutes=1)


def test_a_replaced_planned_visit_is_not_announced(
    now, supervisor, make_ticket, province_customer, fuyang_partner, make_engineer
):
    engineer = make_engineer("li", "阜阳市")
    ticket = make_ticket(province_customer)
    services.dispatch_assign(
        ticket_id=ticket.pk, actor=supervisor, partner_id=fuyang_partner.pk, planned_for=now + dt.timedelta(days=2)
    )
    services.dispatch_assign(ticket_id=ticket.pk, actor=supervisor, engineer_id=engineer.pk)
    assert services.visits_notify_upcoming(at=now).dispatches == 0


# ------------------------------------------------------------------------------------------------ visits


@pytest.fixture
def dispatched(now, supervisor, make_engineer, make_ticket, province_customer, fuyang_asset):
    """A 阜阳 request with a Dell server, dispatched to the 阜阳 engineer 李强."""
    engineer = make_engineer("li", "阜阳市", name="李强")
    ticket = make_ticket(province_customer, asset_id=fuyang_asset.pk)
    services.dispatch_assign(ticket_id=ticket.pk, actor=supervisor, engineer_id=engineer.pk)
    return ticket, engineer


def test_recording_arrival_stamps_the_requests_arrival(dispatched, now, frozen_now):
    # given
    ticket, engineer = dispatched
    arrived = now + dt.timedelta(hours=2, minutes=10)
    # when: the engineer records it 20 minutes later, giving the real arrival time
    with frozen_now(arrived + dt.timedelta(minutes=20)):
        visit = services.visit_record_arrival(ticket_id=ticket.pk, actor=engineer.user, arrived_at=arrived)
    # then
    ticket.refresh_from_db()
    assert (ticket.status, ticket.arrived_at) == ("on_site", arrived)
    assert "arrive" not in tickets.clock_state(ticket, ticket.arrive_by + dt.timedelta(hours=1)).breached
    assert (visit.arrived_at, visit.engineer, visit.recorded_by, visit.dispatch.status) == (
        arrived,
        engineer,
        engineer.user,
        "active",
    )
    assert actions(ticket)[-1] == "arrive"
    assert TicketEvent.objects.get(ticket=ticket, action="arrive").at == arrived


def test_arrival_needs_a_dispatch_and_a_refusal_writes_nothing(now, make_engineer, make_ticket, province_customer):
    engineer = make_engineer("li", "阜阳市")
    ticket = make_ticket(province_customer)
    with pytest.raises(DomainError) as refused:
        services.visit_record_arrival(ticket_id=ticket.pk, actor=engineer.user)
    assert (refused.value.status, refused.value.code) == (409, "not_dispatched")
    assert Visit.objects.count() == 0
    assert Ticket.objects.get(pk=ticket.pk).arrived_at is None


def test_an_arrival_in_the_future_is_refused(dispatched, now):
    ticket, engineer = dispatched
    with pytest.raises(DomainError) as refused:
        services.visit_record_arrival(ticket_id=ticket.pk, actor=engineer.user, arrived_at=now + dt.timedelta(hours=1))
    assert refused.value.code == "action_in_future"
    assert Visit.objects.count() == 0


def test_a_partner_user_records_only_on_work_dispatched_to_its_partner(
    now, supervisor, make_ticket, province_customer, make_partner, partner_user
):
    # given: a request dispatched to another partner
    other = make_partner("阜阳宏达科技有限公司", "阜阳市", kind="service")
    ticket = make_ticket(province_customer)
    services.dispatch_assign(ticket_id=ticket.pk, actor=supervisor, partner_id=other.pk)
    # when
    with pytest.raises(DomainError) as refused:
        services.visit_record_arrival(ticket_id=ticket.pk, actor=partner_user)
    # then: as if it did not exist
    assert (refused.value.status, refused.value.code) == (404, "not_found")
    assert Visit.objects.count() == 0


def test_the_service_report_takes_parts_and_the_signature_then_is_final(dispatched, now, frozen_now, signature_url):
    # given
    ticket, engineer = dispatched
    visit = services.visit_record_arrival(ticket_id=ticket.pk, actor=engineer.user)
    later = now + dt.timedelta(hours=2)
    # when
    with frozen_now(later):
        services.visit_update(
            visit_id=visit.pk,
            actor=engineer.user,
            expected_version=1,
            work_done="更换主板，系统恢复",
            fault_cause="主板电容老化",
            departed_at=later,
            satisfaction=5,
            signer_name="王主任",
            parts=[
                {"part_number": "0K9VC4", "description": "PowerEdge R740 主板", "quantity": 1},
                {"part_number": "M393A4K40", "description": "32GB 内存", "quantity": 2},
            ],
            signature=signature_url,
        )
    # then
    visit.refresh_from_db()
    assert (visit.work_done, visit.fault_cause, visit.departed_at, visit.satisfaction) == (
        "更换主板，系统恢复",
        "主板电容老化",
        later,
        5,
    )
    assert (bytes(visit.signature_png), visit.signer_name, visit.signed_at, visit.version) == (
        png_bytes(),
        "王主任",
        later,
        2,
    )
    assert list(VisitPart.objects.filter(visit=visit).values_list("part_number", "quantity")) == [
        ("0K9VC4", 1),
        ("M393A4K40", 2),
    ]
    assert actions(ticket)[-1] == "visit_signed"
    # and: once signed, the report cannot change
    with pytest.raises(DomainError) as refused:
        services.visit_update(visit_id=visit.pk, actor=engineer.user, work_done="改写")
    assert (refused.value.status, refused.value.code) == (409, "visit_signed")
    assert Visit.objects.get(pk=visit.pk).work_done == "更换主板，系统恢复"


@pytest.mark.parametrize(
    ("signature", "code"),
    [
        pytest.param("data:image/jpeg;base64,/9j/4AAQ", "signature_not_png", id="jpeg"),
        pytest.param("data:image/png;base64,bm90IGEgcG5n", "signature_not_png", id="not a png inside"),
        pytest.param("data:image/png;base64,@@@", "signature_not_png", id="not base64"),
        pytest.param(
            "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 310_000).decode(),
            "signature_too_large",
            id="over 300 KB",
        ),
    ],
)
def test_a_bad_signature_is_refused_and_nothing_is_stored(dispatched, signature, code):
    ticket, engineer = dispatched
    visit = services.visit_record_arrival(ticket_id=ticket.pk, actor=engineer.user)
    with pytest.raises(DomainError) as refused:
        services.visit_update(
            visit_id=visit.pk,
            actor=engineer.user,
            work_done="已处理",
            signer_name="王主任",
            signature=signature,
            parts=[{"part_number": "X1", "quantity": 1}],
        )
    assert (refused.value.status, refused.value.code) == (400, code)
    visit.refresh_from_db()
    assert (visit.work_done, visit.signature_png, visit.version) == ("", None, 1)
    assert VisitPart.objects.count() == 0


def test_a_signature_needs_the_signers_name(dispatched, signature_url):
    ticket, engineer = dispatched
    visit = services.visit_record_arrival(ticket_id=ticket.pk, actor=engineer.user)
    with pytest.raises(DomainError) as refused:
        services.visit_update(visit_id=visit.pk, actor=engineer.user, signature=signature_url)
    assert refused.value.code == "signer_required"


def test_departure_before_arrival_is_refused(dispatched, now):
    ticket, engineer = dispatched
    visit = services.visit_record_arrival(ticket_id=ticket.pk, actor=engineer.user)
    with pytest.raises(DomainError) as refused:
        services.visit_update(visit_id=visit.pk, actor=engineer.user, departed_at=now - dt.timedelta(minutes=1))
    assert refused.value.code == "departure_before_arrival"


def test_a_stale_version_is_a_conflict(dispatched):
    ticket, engineer = dispatched
    visit = services.visit_record_arrival(ticket_id=ticket.pk, actor=engineer.user)
    services.visit_update(visit_id=visit.pk, actor=engineer.user, expected_version=1, work_done="第一次")
    with pytest.raises(DomainError) as refused:
        services.visit_update(visit_id=visit.pk, actor=engineer.user, expected_version=1, work_done="第二次")
    assert (refused.value.status, refused.value.code) == (409, "stale_version")


# ------------------------------------------------------------------------------------------------- rota


def test_the_weekly_rota_is_written_and_rewriting_it_replaces_it(now, supervisor, make_engineer):
    # given
    team = [make_engineer(f"e{i}", "合肥市", on_duty=False) for i in range(3)]
    DutyShift.objects.all().delete()
    monday = dt.date(2026, 11, 30)
    # when
    first = services.duty_rota_generate(actor=supervisor, engineer_ids=[e.pk for e in team], week_start=monday)
    second = services.duty_rota_generate(actor=supervisor, engineer_ids=[e.pk for e in team], week_start=monday)
    # then
    assert (first, second, DutyShift.objects.count()) == (14, 14, 14)
    at = dt.datetime(2026, 12, 2, 23, 0, tzinfo=clock.SHANGHAI)
    assert DutyShift.objects.filter(starts_at__lte=at, ends_at__gt=at).count() == 1


def test_only_supervisors_and_admins_write_the_rota(now, make_engineer):
    engineer = make_engineer("e1")
    with pytest.raises(DomainError) as refused:
        services.duty_rota_generate(actor=engineer.user, engineer_ids=[engineer.pk], week_start=dt.date(2026, 11, 30))
    assert refused.value.status == 403
