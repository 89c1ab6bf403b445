"""Vendor cases (厂商工单): SLA deadlines from the vendor's policy, the status table, versions, roles."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.core.clock import SHANGHAI
from aftersales.sla import reference
from aftersales.tickets.models import Ticket, TicketEvent
from aftersales.warranty.models import VendorCase

pytestmark = pytest.mark.django_db

REPORTED = dt.datetime(2026, 5, 4, 9, 0, tzinfo=SHANGHAI)  # a Monday
OPENED = REPORTED + dt.timedelta(minutes=30)


def local(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def open_case(api, ticket, **body):
    return api.post(f"/api/v1/tickets/{ticket.pk}/vendor-cases", body)


@pytest.fixture
def huawei_asset(make_asset, vendor_with_policy):
    vendor_with_policy("华为", reference.HUAWEI_POLICY)
    return make_asset("HW-21980-01", dt.date(2026, 1, 5), vendor="华为", model="S5735-L48T4X")


@pytest.fixture
def dell_asset(make_asset, vendor_with_policy):
    vendor_with_policy("戴尔", reference.DELL_POLICY)
    return make_asset("DELL-7XK2M93", dt.date(2026, 1, 5), vendor="戴尔")


@pytest.fixture
def expert(make_user):
    return make_user("expert", "expert")


@pytest.fixture
def opened_case(api_as, expert, make_ticket, dell_asset, frozen_now):
    """A Dell class-2 case opened at OPENED (ticket reported at REPORTED)."""
    with frozen_now(OPENED):
        ticket = make_ticket(dell_asset, severity=2, reported_at=REPORTED)
        response = open_case(api_as(expert), ticket, vendor_reference="DELL-SR-1001")
    assert response.status_code == 201, response.content
    return response.json()


@pytest.mark.parametrize(
    ("level", "report_minutes", "onsite_minutes"),
    [(1, 120, 240), (2, 1440, 1440), (3, 2880, 2880), (4, 5760, 5760)],
    ids=["level-1", "level-2", "level-3", "level-4"],
)
def test_huawei_levels_report_to_vendor_and_on_site(
    api_as, expert, make_ticket, huawei_asset, frozen_now, level, report_minutes, onsite_minutes
):
    with frozen_now(OPENED):
        ticket = make_ticket(huawei_asset, severity=level, reported_at=REPORTED)
        response = open_case(api_as(expert), ticket, vendor_reference=f"HW-{level}")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["sla_policy"] == reference.HUAWEI_POLICY
    assert local(body["report_by"]) == REPORTED + dt.timedelta(minutes=report_minutes)
    assert local(body["onsite_by"]) == OPENED + dt.timedelta(minutes=onsite_minutes)
    assert local(body["spare_by"]) == OPENED + dt.timedelta(hours=8)
    assert body["reported_late"] is False
    assert (body["status"], body["severity"], body["vendor"]) == ("opened", level, "华为")


def test_huawei_level_1_opened_after_2_hours_is_reported_late(api_as, expert, make_ticket, huawei_asset, frozen_now):
    with frozen_now(REPORTED + dt.timedelta(hours=2, minutes=1)):
        ticket = make_ticket(huawei_asset, severity=1, reported_at=REPORTED)
        body = open_case(api_as(expert), ticket).json()

    assert body["report_by"] == "2026-05-04T11:00:00+08:00"
    assert body["reported_late"] is True


def test_dell_on_site_within_4_hours_of_remote_confirmation(api_as, expert, make_ticket, dell_asset, frozen_now):
    confirmed = REPORTED + dt.timedelta(hours=1)
    with frozen_now(REPORTED + dt.timedelta(hours=2)):
        ticket = make_ticket(dell_asset, severity=2, reported_at=REPORTED)
        body = open_case(api_as(expert), ticket, confirmed_at=confirmed.isoformat()).json()

    assert body["confirmed_at"] == "2026-05-04T10:00:00+08:00"
    assert body["onsite_by"] == "2026-05-04T14:00:00+08:00"
    assert body["report_by"] == "2026-05-04T13:00:00+08:00"
    assert body["spare_by"] is None
    assert body["sla_policy"] == reference.DELL_POLICY


def test_dell_on_site_runs_24x7_through_the_night_and_class_4_has_no_report_target(
    api_as, expert, make_ticket, dell_asset, frozen_now
):
    night = dt.datetime(2026, 5, 9, 22, 0, tzinfo=SHANGHAI)  # Saturday night
    with frozen_now(night):
        ticket = make_ticket(dell_asset, severity=4, reported_at=night)
        body = open_case(api_as(expert), ticket).json()

    assert body["onsite_by"] == "2026-05-10T02:00:00+08:00"
    assert body["report_by"] is None


def test_vendor_without_policy_uses_the_requests_report_to_vendor_deadline(
    api_as, expert, make_ticket, make_asset, frozen_now
):
    asset = make_asset("LNV-001", dt.date(2026, 1, 5), vendor="联想")
    with frozen_now(OPENED):
        ticket = make_ticket(asset, severity=2, reported_at=REPORTED)
        body = open_case(api_as(expert), ticket).json()

    assert local(body["report_by"]) == Ticket.objects.get(pk=ticket.pk).vendor_by
    assert (body["onsite_by"], body["spare_by"], body["sla_policy"]) == (None, None, None)


def test_opening_climbs_the_request_to_the_vendor_tier_one_recorded_step_at_a_time(
    api_as, expert, make_ticket, dell_asset, frozen_now
):
    with frozen_now(OPENED):
        ticket = make_ticket(dell_asset, severity=3, reported_at=REPORTED)
        open_case(api_as(expert), ticket)

    ticket.refresh_from_db()
    assert (ticket.tier, ticket.status) == (3, "escalated")
    steps = list(TicketEvent.objects.filter(ticket=ticket, action="escalate").values_list("tier", "actor_id", "note"))
    assert steps == [
        (2, expert.pk, "已上报厂商：戴尔 / reported to the vendor: 戴尔"),
        (3, expert.pk, "已上报厂商：戴尔 / reported to the vendor: 戴尔"),
    ]


def test_class_1_request_already_at_the_expert_group_climbs_once(api_as, expert, make_ticket, dell_asset, frozen_now):
    with frozen_now(OPENED):
        ticket = make_ticket(dell_asset, severity=1, reported_at=REPORTED)
        open_case(api_as(expert), ticket)

    assert Ticket.objects.get(pk=ticket.pk).tier == 3
    assert TicketEvent.objects.filter(ticket=ticket, action="escalate").count() == 1


def test_request_waiting_for_the_customer_keeps_its_tier_but_the_case_is_recorded(
    api_as, expert, agent, make_ticket, dell_asset, frozen_now
):
    from aftersales.tickets import services as tickets

    with frozen_now(OPENED):
        ticket = make_ticket(dell_asset, severity=3, reported_at=REPORTED)
        tickets.ticket_apply_action(ticket_id=ticket.pk, action="respond", actor=agent)
        tickets.ticket_apply_action(ticket_id=ticket.pk, action="wait_customer", actor=agent)
        response = open_case(api_as(expert), ticket)

    assert response.status_code == 201
    ticket.refresh_from_db()
    assert (ticket.tier, ticket.status) == (1, "waiting_customer")
    assert VendorCase.objects.filter(ticket=ticket).count() == 1


def test_closed_request_cannot_open_a_case_and_nothing_is_stored(
    api_as, expert, agent, make_ticket, dell_asset, frozen_now
):
    from aftersales.tickets import services as tickets

    with frozen_now(OPENED):
        ticket = make_ticket(dell_asset, severity=3, reported_at=REPORTED)
        tickets.ticket_apply_action(ticket_id=ticket.pk, action="resolve", actor=agent)
        tickets.ticket_apply_action(ticket_id=ticket.pk, action="close", actor=agent)
        response = open_case(api_as(expert), ticket)

    assert response.status_code == 409
    assert response.json()["code"] == "ticket_finished"
    assert VendorCase.objects.count() == 0


def test_request_without_asset_needs_a_vendor(api_as, expert, make_ticket, vendor_with_policy, frozen_now):
    huawei = vendor_with_policy("华为", reference.HUAWEI_POLICY)
    with frozen_now(OPENED):
        ticket = make_ticket(None, severity=2, reported_at=REPORTED)
        refused = open_case(api_as(expert), ticket)
        chosen = open_case(api_as(expert), ticket, vendor_id=huawei.pk)

    assert refused.status_code == 400
    assert refused.json()["code"] == "vendor_required"
    assert chosen.status_code == 201
    assert chosen.json()["vendor"] == "华为"


def test_duplicate_vendor_reference_is_409_and_unknown_fields_422(api_as, expert, opened_case, frozen_now):
    ticket = Ticket.objects.get(pk=opened_case["ticket_id"])
    with frozen_now(OPENED + dt.timedelta(minutes=5)):
        duplicate = open_case(api_as(expert), ticket, vendor_reference="DELL-SR-1001")
        unknown = open_case(api_as(expert), ticket, status="closed")

    assert duplicate.status_code == 409
    assert duplicate.json()["code"] == "duplicate_vendor_reference"
    assert unknown.status_code == 422
    assert VendorCase.objects.count() == 1


# ------------------------------------------------------------------------------------------- status and RMA


def patch(api, case_id, **body):
    return api.patch(f"/api/v1/vendor-cases/{case_id}", body)


def test_rma_flow_to_closed_with_every_change_in_the_history(api_as, expert, opened_case, frozen_now):
    api = api_as(expert)
    case_id = opened_case["id"]
    with frozen_now(OPENED + dt.timedelta(hours=1)):
        acknowledged = patch(api, case_id, version=1, status="acknowledged").json()
    with frozen_now(OPENED + dt.timedelta(hours=2)):
        shipped = patch(
            api, case_id, version=2, status="part_shipped", rma_number="RMA-88121", part_description="PERC H755 阵列卡"
        ).json()
    with frozen_now(OPENED + dt.timedelta(hours=3)):
        received = patch(
            api,
            case_id,
            version=3,
            received_at=(OPENED + dt.timedelta(hours=3)).isoformat(),
            vendor_onsite_at=(OPENED + dt.timedelta(hours=3)).isoformat(),
            status="resolved",
        ).json()
        refused = patch(api, case_id, version=4, status="closed")
        returned = patch(
            api, case_id, version=4, defective_returned_at=(OPENED + dt.timedelta(hours=3)).isoformat(), status="closed"
        )

    assert acknowledged["acknowledged_at"] == "2026-05-04T10:30:00+08:00"
    assert (shipped["status"], shipped["shipped_at"], shipped["rma_number"]) == (
        "part_shipped",
        "2026-05-04T11:30:00+08:00",
        "RMA-88121",
    )
    assert (received["status"], received["resolved_at"], received["overdue"]) == (
        "resolved",
        "2026-05-04T12:30:00+08:00",
        False,
    )
    assert refused.status_code == 409
    assert refused.json()["code"] == "defective_part_not_returned"
    assert returned.status_code == 200
    assert (returned.json()["status"], returned.json()["version"], returned.json()["allowed_statuses"]) == (
        "closed",
        5,
        [],
    )
    detail = api.get(f"/api/v1/vendor-cases/{case_id}").json()
    assert [(h["status"], h["version"], h["user_id"]) for h in detail["history"]] == [
        ("opened", 1, expert.pk),
        ("acknowledged", 2, expert.pk),
        ("part_shipped", 3, expert.pk),
        ("resolved", 4, expert.pk),
        ("closed", 5, expert.pk),
    ]
    assert [(h["change"], h["change_zh"]) for h in detail["history"][:3]] == [
        ("opened", "上报厂商"),
        ("status,acknowledged_at", "状态、厂商受理时间"),
        ("rma_number,part_description,status,shipped_at", "RMA编号、备件说明、状态、备件发出时间"),
    ]
    assert [h["at"] for h in detail["history"]][:2] == ["2026-05-04T09:30:00+08:00", "2026-05-04T10:30:00+08:00"]


def test_stale_version_is_409_and_changes_nothing(api_as, expert, opened_case, frozen_now):
    api = api_as(expert)
    with frozen_now(OPENED + dt.timedelta(hours=1)):
        patch(api, opened_case["id"], version=1, vendor_reference="DELL-SR-1002")
        stale = patch(api, opened_case["id"], version=1, status="resolved")

    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_version"
    case = VendorCase.objects.get()
    assert (case.status, case.version, case.vendor_reference) == ("opened", 2, "DELL-SR-1002")


@pytest.mark.parametrize(
    ("path", "target", "allowed"),
    [
        ((), "part_shipped", True),
        (("part_shipped",), "acknowledged", False),
        (("resolved",), "acknowledged", True),
        (("resolved",), "part_shipped", False),
        (("closed",), "acknowledged", False),
    ],
    ids=["skip-ahead", "no-going-back", "fix-did-not-hold", "resolved-not-shipped", "closed-is-final"],
)
def test_status_table(api_as, expert, opened_case, frozen_now, path, target, allowed):
    api = api_as(expert)
    with frozen_now(OPENED + dt.timedelta(hours=1)):
        version = 1
        for step in path:
            version = patch(api, opened_case["id"], version=version, status=step).json()["version"]
        response = patch(api, opened_case["id"], version=version, status=target)

    assert (response.status_code == 200) is allowed
    if not allowed:
        assert response.json()["code"] in ("transition_not_allowed", "vendor_case_closed")


def test_reopening_a_resolved_case_clears_its_resolution(api_as, expert, opened_case, frozen_now):
    api = api_as(expert)
    with frozen_now(OPENED + dt.timedelta(hours=1)):
        patch(api, opened_case["id"], version=1, status="resolved")
        body = patch(api, opened_case["id"], version=2, status="acknowledged").json()

    assert (body["status"], body["resolved_at"]) == ("acknowledged", None)


def test_times_in_the_future_or_before_the_report_are_refused(api_as, expert, opened_case, frozen_now):
    api = api_as(expert)
    with frozen_now(OPENED + dt.timedelta(hours=1)):
        future = patch(api, opened_case["id"], version=1, shipped_at="2026-05-05T09:00:00+08:00")
        early = patch(api, opened_case["id"], version=1, shipped_at="2026-05-04T08:00:00+08:00")

    assert (future.status_code, future.json()["code"]) == (400, "time_in_future")
    assert (early.status_code, early.json()["code"]) == (400, "time_before_report")
    assert VendorCase.objects.get().version == 1


# ---------------------------------------------------------------------------------------------- overdue list


def test_overdue_list_and_marks(api_as, expert, opened_case, frozen_now):
    api = api_as(expert)
    with frozen_now(OPENED + dt.timedelta(hours=3, minutes=59)):
        before = api.get("/api/v1/vendor-cases", {"overdue": "true"}).json()["items"]
    with frozen_now(OPENED + dt.timedelta(hours=4)):
        late = api.get("/api/v1/vendor-cases", {"overdue": "true"}).json()["items"]
        not_late = api.get("/api/v1/vendor-cases", {"overdue": "false"}).json()["items"]
        patch(api, opened_case["id"], version=1, vendor_onsite_at=(OPENED + dt.timedelta(hours=4)).isoformat())
        after_arrival = api.get("/api/v1/vendor-cases", {"overdue": "true"}).json()["items"]

    assert before == []
    assert [(c["id"], c["overdue"], c["overdue_at"]) for c in late] == [
        (opened_case["id"], True, "2026-05-04T13:30:00+08:00")
    ]
    assert not_late == []
    assert after_arrival == []


def test_list_filters_by_status(api_as, expert, opened_case, frozen_now):
    api = api_as(expert)
    with frozen_now(OPENED + dt.timedelta(hours=1)):
        patch(api, opened_case["id"], version=1, status="acknowledged")

    assert [c["id"] for c in api.get("/api/v1/vendor-cases", {"status": "acknowledged"}).json()["items"]] == [
        opened_case["id"]
    ]
    assert api.get("/api/v1/vendor-cases", {"status": "opened"}).json()["items"] == []
    assert len(api.get("/api/v1/vendor-cases", {"status": "open"}).json()["items"]) == 1
    bad = api.get("/api/v1/vendor-cases", {"status": "lost"})
    assert (bad.status_code, bad.json()["code"]) == (400, "invalid_status")


def test_listing_vendor_cases_takes_one_query(expert, opened_case, frozen_now, django_assert_num_queries):
    from aftersales.warranty import presenters, selectors

    with django_assert_num_queries(1):
        page = selectors.vendor_case_list(expert, selectors.VendorCaseFilter())
        rows = [presenters.vendor_case_data(c) for c in page.items]

    assert [r["vendor_reference"] for r in rows] == ["DELL-SR-1001"]


# ------------------------------------------------------------------------------------------------------ roles


@pytest.mark.parametrize("role", ["agent", "expert", "supervisor", "admin"])
def test_desk_experts_supervisors_and_admins_work_with_vendor_cases(api_as, make_user, opened_case, role):
    api = api_as(make_user(f"u-{role}", role))

    assert api.get("/api/v1/vendor-cases").status_code == 200
    assert api.get(f"/api/v1/vendor-cases/{opened_case['id']}").status_code == 200


@pytest.mark.parametrize("role", ["engineer", "warehouse", "callback"])
def test_other_staff_are_refused_with_403(api_as, make_user, opened_case, role):
    api = api_as(make_user(f"u-{role}", role))
    ticket = Ticket.objects.get(pk=opened_case["ticket_id"])

    assert api.get("/api/v1/vendor-cases").status_code == 403
    assert patch(api, opened_case["id"], version=1, status="acknowledged").status_code == 403
    assert open_case(api, ticket).status_code == 403
    assert VendorCase.objects.get().version == 1


def test_customers_are_refused_even_for_their_own_request(api_as, make_user, customer, opened_case):
    api = api_as(make_user("cust", "customer", customer=customer))
    ticket = Ticket.objects.get(pk=opened_case["ticket_id"])
    assert ticket.customer_id == customer.pk

    for response in (
        api.get("/api/v1/vendor-cases"),
        api.get(f"/api/v1/vendor-cases/{opened_case['id']}"),
        patch(api, opened_case["id"], version=1, status="closed"),
        open_case(api, ticket),
    ):
        assert response.status_code == 403  # the access table: a role not granted is 403 for everyone
        assert response.json()["code"] == "forbidden"
    assert VendorCase.objects.count() == 1
    assert VendorCase.objects.get().status == "opened"


def test_partner_users_are_refused(api_as, make_user, customer, opened_case):
    from aftersales.network.models import Partner

    partner = Partner.objects.create(kind="service", name="阜阳某服务商", region=customer.region)
    api = api_as(make_user("partner1", "partner", partner=partner))

    assert api.get("/api/v1/vendor-cases").status_code == 403
    assert patch(api, opened_case["id"], version=1, status="closed").status_code == 403
