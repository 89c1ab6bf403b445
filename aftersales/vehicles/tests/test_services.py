"""The writes of the 4S follow-up service on the real database: archive, pick-ups and their two calls, calls,
letters, events, maintenance reminders and the supervisor's reassignment."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.core.errors import DomainError
from aftersales.plans.models import WorkItem
from aftersales.vehicles import services
from aftersales.vehicles.models import Event, FollowUpCall, FollowUpReassignment, Letter, ServiceVisit, Vehicle

from .conftest import china

D = dt.date


def items(prefix: str = "vehicles:") -> list[tuple[str, str, dt.date, int | None, bool]]:
    return [
        (i.source_key, i.kind, i.due_on, i.assignee_id, i.done_at is not None)
        for i in WorkItem.objects.filter(source_key__startswith=prefix).order_by("source_key")
    ]


# ----------------------------------------------------------------------------------------------- archive


@pytest.mark.django_db
def test_archive_normalises_the_plate_and_derives_the_next_maintenance(now, agent, driver, follower):
    # when
    vehicle = services.vehicle_create(
        actor=agent,
        customer_id=driver.pk,
        plate="湘k·123 45",
        model="别克英朗",
        purchased_on=D(2025, 8, 31),
        interval_months=6,
        interval_km=5000,
        follow_up_user_id=follower.pk,
    )
    # then
    vehicle.refresh_from_db()
    assert (vehicle.plate, vehicle.next_maintenance_on, vehicle.next_maintenance_km) == (
        "湘K12345",
        D(2026, 2, 28),
        5000,
    )
    assert (vehicle.archived_at, vehicle.visited_at, vehicle.is_archived_late) == (now, now, False)
    assert vehicle.history.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("visited_at", "late"),
    [
        pytest.param(china(2026, 2, 28, 9), False, id="two-days-before"),
        pytest.param(china(2026, 2, 27, 23, 59), True, id="three-days-before"),
    ],
)
def test_archive_made_more_than_two_days_after_the_visit_is_flagged_late(now, make_vehicle, visited_at, late):
    vehicle = make_vehicle(visited_at=visited_at)
    assert Vehicle.objects.get(pk=vehicle.pk).is_archived_late is late


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "code"),
    [
        pytest.param({"plate": "ABC123"}, "invalid_plate", id="bad-plate"),
        pytest.param({"vin": "LSGPC54U0BF00000I"}, "invalid_vin", id="vin-with-I"),
        pytest.param({"model": " "}, "model_required", id="no-model"),
        pytest.param({"interval_months": 0}, "invalid_interval", id="zero-months"),
        pytest.param({"visited_at": china(2026, 3, 3)}, "in_future", id="future-visit"),
        pytest.param(
            {"purchased_on": D(2026, 1, 1), "last_service_on": D(2025, 12, 1)},
            "service_before_purchase",
            id="service-before-purchase",
        ),
    ],
)
def test_archive_refuses_bad_input_and_stores_nothing(now, agent, driver, fields, code):
    base = {"plate": "湘K12345", "model": "别克英朗"}
    with pytest.raises(DomainError) as exc:
        services.vehicle_create(actor=agent, customer_id=driver.pk, **{**base, **fields})
    assert exc.value.code == code
    assert Vehicle.objects.count() == 0


@pytest.mark.django_db
def test_the_same_plate_twice_is_a_conflict(vehicle, agent, driver):
    with pytest.raises(DomainError) as exc:
        services.vehicle_create(actor=agent, customer_id=driver.pk, plate="湘K 12345", model="别克GL8")
    assert (exc.value.code, exc.value.status, Vehicle.objects.count()) == ("duplicate_plate", 409, 1)


@pytest.mark.django_db
def test_the_follow_up_person_must_be_follow_up_staff(now, agent, driver, make_user):
    engineer = make_user("eng", "engineer")
    with pytest.raises(DomainError) as exc:
        services.vehicle_create(
            actor=agent, customer_id=driver.pk, plate="湘K12345", model="别克英朗", follow_up_user_id=engineer.pk
        )
    assert (exc.value.code, exc.value.status) == ("unknown_reference", 422)


@pytest.mark.django_db
def test_an_engineer_cannot_archive(now, make_user, driver):
    engineer = make_user("eng", "engineer")
    with pytest.raises(DomainError) as exc:
        services.vehicle_create(actor=engineer, customer_id=driver.pk, plate="湘K12345", model="别克英朗")
    assert exc.value.status == 403


# --------------------------------------------------------------------------------------------- pick-ups


@pytest.mark.django_db
def test_a_pick_up_schedules_the_two_follow_up_calls_for_the_follow_up_person(vehicle, agent, follower):
    # when the car is picked up on Monday 2026-03-02
    visit = services.visit_record_pickup(
        actor=agent,
        vehicle_id=vehicle.pk,
        kind="repair",
        picked_up_at=china(2026, 3, 2, 9),
        mileage_km=3100,
        work_items="更换刹车片",
    )
    # then call 1 is due by 03-09 (3 days to a week) and call 2 by 03-23 (from the latest call 1)
    assert items() == [
        (f"vehicles:visit:{visit.pk}:call1", "follow_up", D(2026, 3, 9), follower.pk, False),
        (f"vehicles:visit:{visit.pk}:call2", "follow_up", D(2026, 3, 23), follower.pk, False),
    ]
    first = WorkItem.objects.get(source_key=f"vehicles:visit:{visit.pk}:call1")
    assert (first.title, first.customer_id, first.link) == (
        "第一次跟踪电话：湘K12345 张伟（03-05至03-09）",
        vehicle.customer_id,
        f"/vehicles/{vehicle.pk}/",
    )


@pytest.mark.django_db
def test_a_vehicle_without_follow_up_person_puts_its_calls_in_the_callback_pool(now, make_vehicle, agent):
    vehicle = make_vehicle(person=None)
    services.visit_record_pickup(actor=agent, vehicle_id=vehicle.pk, kind="consultation")
    assert list(WorkItem.objects.values_list("assignee_id", "role")) == [(None, "callback"), (None, "callback")]


@pytest.mark.django_db
def test_a_maintenance_pick_up_becomes_the_last_service_and_closes_its_reminder(now, make_vehicle, agent, frozen_now):
    # given a car due on 2026-03-01 (bought 2025-09-01, 6 months) with its reminder
    vehicle = make_vehicle()
    assert Vehicle.objects.get(pk=vehicle.pk).next_maintenance_on == D(2026, 3, 1)
    services.maintenance_reminders_create(at=now)
    assert items("vehicles:maintenance:") == [
        (
            f"vehicles:maintenance:{vehicle.pk}:2026-03-01",
            "maintenance_reminder",
            D(2026, 3, 2),
            vehicle.follow_up_user_id,
            False,
        )
    ]
    # when it comes for maintenance at 4800 km
    services.visit_record_pickup(
        actor=agent, vehicle_id=vehicle.pk, kind="maintenance", mileage_km=4800, picked_up_at=china(2026, 3, 2, 9)
    )
    # then the next maintenance counts from today and the reminder is done
    vehicle.refresh_from_db()
    assert (vehicle.last_service_on, vehicle.last_service_km, vehicle.odometer_km) == (D(2026, 3, 2), 4800, 4800)
    assert (vehicle.next_maintenance_on, vehicle.next_maintenance_km) == (D(2026, 9, 2), 9800)
    assert items("vehicles:maintenance:")[0][4] is True
    assert vehicle.version == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "code"),
    [
        pytest.param({"kind": "wash"}, "invalid_visit_kind", id="unknown-kind"),
        pytest.param({"kind": "repair", "picked_up_at": china(2026, 3, 3)}, "in_future", id="future"),
        pytest.param(
            {"kind": "repair", "visited_at": china(2026, 3, 2, 9), "picked_up_at": china(2026, 3, 2, 8)},
            "pickup_before_visit",
            id="before-visit",
        ),
        pytest.param({"kind": "maintenance"}, "mileage_required", id="maintenance-without-mileage"),
    ],
)
def test_a_bad_pick_up_stores_nothing(vehicle, agent, fields, code):
    with pytest.raises(DomainError) as exc:
        services.visit_record_pickup(actor=agent, vehicle_id=vehicle.pk, **fields)
    assert exc.value.code == code
    assert (ServiceVisit.objects.count(), WorkItem.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_mileage_cannot_go_down(vehicle, agent):
    services.visit_record_pickup(
        actor=agent, vehicle_id=vehicle.pk, kind="repair", mileage_km=3000, picked_up_at=china(2026, 3, 1)
    )
    with pytest.raises(DomainError) as exc:
        services.visit_record_pickup(actor=agent, vehicle_id=vehicle.pk, kind="repair", mileage_km=2999)
    assert exc.value.code == "mileage_decreased"
    assert ServiceVisit.objects.count() == 1


# ------------------------------------------------------------------------------------------------- calls


@pytest.fixture
def visit(vehicle, agent):
    return services.visit_record_pickup(
        actor=agent, vehicle_id=vehicle.pk, kind="repair", picked_up_at=china(2026, 2, 23, 16)
    )


def call(actor, visit, call_no, at, **extra):
    return services.follow_up_call_record(
        actor=actor, purpose="follow_up", visit_id=visit.pk, call_no=call_no, called_at=at, **extra
    )


@pytest.mark.django_db
def test_call_one_completes_its_item_and_moves_call_two_to_fourteen_days_after_it(visit, follower, frozen_now):
    # given a pick-up on 2026-02-23: call 1 due by 03-02, call 2 planned by 03-16
    assert [i[2] for i in items()] == [D(2026, 3, 2), D(2026, 3, 16)]
    # when call 1 is made on 02-26 and reached
    with frozen_now(china(2026, 2, 26, 11)):
        first = call(follower, visit, 1, china(2026, 2, 26, 10), content="车况良好", satisfaction=5)
    # then item 1 is done, call 2 is due 03-06..03-12
    assert items() == [
        (f"vehicles:visit:{visit.pk}:call1", "follow_up", D(2026, 3, 2), follower.pk, True),
        (f"vehicles:visit:{visit.pk}:call2", "follow_up", D(2026, 3, 12), follower.pk, False),
    ]
    assert WorkItem.objects.get(source_key=f"vehicles:visit:{visit.pk}:call2").title == (
        "第二次跟踪电话：湘K12345 张伟（03-06至03-12）"
    )
    assert (first.is_on_time, first.work_item.source_key, first.customer_id) == (
        True,
        f"vehicles:visit:{visit.pk}:call1",
        visit.vehicle.customer_id,
    )


@pytest.mark.django_db
def test_an_unreached_attempt_is_logged_and_leaves_the_item_open(visit, follower, now):
    attempt = call(follower, visit, 1, china(2026, 2, 27, 15), is_reached=False, content="无人接听")
    assert (attempt.is_reached, attempt.work_item_id) == (False, None)
    assert [i[4] for i in items()] == [False, False]
    assert [i[2] for i in items()] == [D(2026, 3, 2), D(2026, 3, 16)]


@pytest.mark.django_db
def test_call_two_before_call_one_is_refused_and_nothing_is_stored(visit, follower, now):
    with pytest.raises(DomainError) as exc:
        call(follower, visit, 2, china(2026, 3, 1))
    assert (exc.value.code, exc.value.status) == ("first_call_missing", 409)
    assert FollowUpCall.objects.count() == 0
    assert [i[4] for i in items()] == [False, False]


@pytest.mark.django_db
def test_a_call_made_twice_is_refused(visit, follower, now):
    call(follower, visit, 1, china(2026, 2, 26))
    with pytest.raises(DomainError) as exc:
        call(follower, visit, 1, china(2026, 2, 27))
    assert (exc.value.code, FollowUpCall.objects.count()) == ("call_already_done", 1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("first_at", "second_at", "on_time"),
    [
        pytest.param(china(2026, 2, 25), china(2026, 3, 5), (False, True), id="call-1-too-early-call-2-day-8"),
        pytest.param(china(2026, 3, 2, 20), china(2026, 3, 16), (True, True), id="call-1-last-day-call-2-day-14"),
        pytest.param(china(2026, 2, 26), china(2026, 3, 13), (True, False), id="call-2-day-15-late"),
    ],
)
def test_on_time_follows_the_windows(visit, follower, now, first_at, second_at, on_time, frozen_now):
    with frozen_now(second_at + dt.timedelta(hours=1)):
        first = call(follower, visit, 1, first_at)
        second = call(follower, visit, 2, second_at)
    assert (first.is_on_time, second.is_on_time) == on_time
    assert [i[4] for i in items()] == [True, True]


@pytest.mark.django_db
def test_a_request_that_cannot_be_answered_goes_to_the_supervisor_within_two_days(visit, follower, now):
    made = call(follower, visit, 1, china(2026, 2, 28, 10), customer_requests="希望免费更换雨刮", needs_supervisor=True)
    report = WorkItem.objects.get(source_key=f"vehicles:call:{made.pk}:report")
    assert (report.kind, report.due_on, report.assignee_id, report.title) == (
        "follow_up",
        D(2026, 3, 2),
        follower.pk,
        "报告业务主管：张伟 的要求未能答复",
    )


@pytest.mark.django_db
def test_an_inbound_complaint_is_logged_without_a_work_item(vehicle, follower, now):
    made = services.follow_up_call_record(
        actor=follower, purpose="inbound_complaint", vehicle_id=vehicle.pk, customer_requests="保养后异响"
    )
    assert (made.customer_id, made.is_on_time, made.work_item_id, made.called_at) == (
        vehicle.customer_id,
        None,
        None,
        now,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "code"),
    [
        pytest.param({"purpose": "follow_up"}, "customer_required", id="nothing-named"),
        pytest.param(
            {"purpose": "inbound_consultation", "call_no": 1}, "call_no_only_for_follow_up", id="number-on-inbound"
        ),
        pytest.param({"purpose": "event_notice"}, "event_required", id="event-without-event"),
        pytest.param(
            {"purpose": "inbound_complaint", "is_reached": False}, "inbound_is_reached", id="inbound-unreached"
        ),
        pytest.param(
            {"purpose": "maintenance_reminder", "is_reached": False, "satisfaction": 4},
            "satisfaction_needs_reached",
            id="satisfaction-unreached",
        ),
    ],
)
def test_bad_calls_are_refused(vehicle, follower, fields, code):
    extra = {} if fields.get("purpose") == "follow_up" else {"vehicle_id": vehicle.pk}
    with pytest.raises(DomainError) as exc:
        services.follow_up_call_record(actor=follower, **extra, **fields)
    assert exc.value.code == code
    assert FollowUpCall.objects.count() == 0


# ----------------------------------------------------------------------------------------------- events


@pytest.mark.django_db
def test_an_event_puts_phone_and_letter_notices_on_each_targeted_customers_list(
    now, make_vehicle, supervisor, follower, colleague, driver, other_driver
):
    # given two buyers of 英朗 (one followed by 李明, one by 王芳) and a GL8
    make_vehicle("湘K12345")
    make_vehicle("湘K22222", customer=other_driver, person=colleague)
    make_vehicle("湘K33333", customer=other_driver, person=follower, model="别克GL8", vehicle_type="mpv")
    # when a free inspection week for sedans is decided on 03-02 for 04-18
    event = services.event_create(
        actor=supervisor, name="免费检测周", kind="free_service", event_on=D(2026, 4, 18), audience_vehicle_type="sedan"
    )
    # then phone notices are due 04-04 and letters 04-06, for each customer's follow-up person
    assert (event.phone_on, event.letter_on, event.is_short_notice, event.targeted_customers) == (
        D(2026, 4, 4),
        D(2026, 4, 6),
        False,
        2,
    )
    assert items("vehicles:event:") == [
        (f"vehicles:event:{event.pk}:letter:{driver.pk}", "event_letter", D(2026, 4, 6), follower.pk, False),
        (f"vehicles:event:{event.pk}:letter:{other_driver.pk}", "event_letter", D(2026, 4, 6), colleague.pk, False),
        (f"vehicles:event:{event.pk}:phone:{driver.pk}", "event_phone", D(2026, 4, 4), follower.pk, False),
        (f"vehicles:event:{event.pk}:phone:{other_driver.pk}", "event_phone", D(2026, 4, 4), colleague.pk, False),
    ]


@pytest.mark.django_db
def test_event_notices_are_recorded_in_the_call_record_and_the_letter_register(
    now, vehicle, supervisor, follower, driver
):
    event = services.event_create(actor=supervisor, name="车主联谊会", kind="social", event_on=D(2026, 3, 10))
    assert (event.phone_on, event.letter_on, event.is_short_notice) == (D(2026, 3, 2), D(2026, 3, 4), True)
    # when the customer is phoned and the invitation posted
    phoned = services.follow_up_call_record(
        actor=follower, purpose="event_notice", customer_id=driver.pk, event_id=event.pk
    )
    letter = services.letter_record(
        actor=follower, customer_id=driver.pk, event_id=event.pk, kind="invitation", subject="车主联谊会邀请函"
    )
    # then both items are done and the letter went to the customer's address
    assert [i[4] for i in items("vehicles:event:")] == [True, True]
    assert (phoned.is_on_time, letter.address, letter.sent_on, letter.work_item.kind) == (
        True,
        "湖南省娄底市娄星区乐坪大道1号",
        D(2026, 3, 2),
        "event_letter",
    )


@pytest.mark.django_db
def test_an_event_without_letters_has_phone_notices_only(now, vehicle, supervisor):
    services.event_create(actor=supervisor, name="优惠服务月", event_on=D(2026, 5, 1), with_letters=False)
    assert [i[1] for i in items("vehicles:event:")] == ["event_phone"]


@pytest.mark.django_db
def test_an_event_today_is_refused_and_only_supervisors_decide_events(now, vehicle, supervisor, follower):
    with pytest.raises(DomainError) as exc:
        services.event_create(actor=supervisor, name="今天的活动", event_on=D(2026, 3, 2))
    assert exc.value.code == "event_not_in_future"
    with pytest.raises(DomainError) as exc:
        services.event_create(actor=follower, name="优惠服务月", event_on=D(2026, 5, 1))
    assert exc.value.status == 403
    assert (Event.objects.count(), WorkItem.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_a_letter_needs_a_subject(now, follower, driver):
    with pytest.raises(DomainError) as exc:
        services.letter_record(actor=follower, customer_id=driver.pk, kind="reply", subject=" ")
    assert (exc.value.code, Letter.objects.count()) == ("subject_required", 0)


# -------------------------------------------------------------------------------------------- reminders


@pytest.mark.django_db
def test_reminders_are_created_two_weeks_ahead_due_a_week_before_and_only_once(now, make_vehicle):
    # given cars due 03-16 (14 days ahead), 03-17 (15 days ahead) and one without an interval
    due_16 = make_vehicle("湘K00016", purchased_on=D(2025, 9, 16))
    make_vehicle("湘K00017", purchased_on=D(2025, 9, 17))
    make_vehicle("湘K00000", interval_months=None, interval_km=None)
    # when the job runs twice today
    first = services.maintenance_reminders_create(at=now)
    second = services.maintenance_reminders_create(at=now)
    # then one reminder, due 03-09
    assert ((first.examined, first.created), (second.examined, second.created)) == ((1, 1), (1, 0))
    assert items("vehicles:maintenance:") == [
        (
            f"vehicles:maintenance:{due_16.pk}:2026-03-16",
            "maintenance_reminder",
            D(2026, 3, 9),
            due_16.follow_up_user_id,
            False,
        )
    ]
    # and tomorrow the second car's reminder comes
    assert services.maintenance_reminders_create(at=now + dt.timedelta(days=1)).created == 1
    assert WorkItem.objects.filter(kind="maintenance_reminder").count() == 2


@pytest.mark.django_db
def test_a_reached_reminder_call_completes_the_reminder(now, make_vehicle, follower):
    vehicle = make_vehicle(purchased_on=D(2025, 9, 10))
    services.maintenance_reminders_create(at=now)
    made = services.follow_up_call_record(
        actor=follower, purpose="maintenance_reminder", vehicle_id=vehicle.pk, content="约定 03-10 进厂保养"
    )
    assert (made.is_on_time, items("vehicles:maintenance:")[0][4]) == (True, True)


# ----------------------------------------------------------------------------------------- reassignment


@pytest.mark.django_db
def test_reassignment_moves_exactly_the_open_follow_ups_of_the_absent_person(
    now, make_vehicle, agent, supervisor, follower, colleague, other_driver
):
    # given 李明 with two pick-ups (one call done), and 王芳 with one pick-up, and a non-follow-up item of 李明
    from aftersales.plans import services as plans

    mine = make_vehicle("湘K12345")
    theirs = make_vehicle("湘K22222", customer=other_driver, person=colleague)
    first = services.visit_record_pickup(
        actor=agent, vehicle_id=mine.pk, kind="repair", picked_up_at=china(2026, 2, 20)
    )
    services.visit_record_pickup(actor=agent, vehicle_id=mine.pk, kind="maintenance", mileage_km=3000)
    services.visit_record_pickup(actor=agent, vehicle_id=theirs.pk, kind="repair")
    call(follower, first, 1, china(2026, 2, 25))
    plans.work_item_create(
        source_key="test:other", kind="inspection", title="巡检", due_on=D(2026, 3, 5), assignee_id=follower.pk
    )
    open_mine = set(
        WorkItem.objects.filter(assignee=follower, done_at__isnull=True, kind="follow_up").values_list("pk", flat=True)
    )
    assert len(open_mine) == 3
    # when the supervisor hands 李明's follow-ups to 王芳
    done = services.followups_reassign(
        actor=supervisor, from_user_id=follower.pk, to_user_id=colleague.pk, reason="病假"
    )
    # then exactly those three moved; the done call, the inspection and the vehicles stay
    assert (done.items_moved, done.vehicles_moved) == (3, 0)
    assert (
        set(
            WorkItem.objects.filter(
                assignee=colleague, source_key__startswith=f"vehicles:visit:{first.pk}:"
            ).values_list("pk", flat=True)
        )
        | set(WorkItem.objects.filter(assignee=colleague, pk__in=open_mine).values_list("pk", flat=True))
        == open_mine
    )
    assert WorkItem.objects.filter(assignee=follower).count() == 2  # the done call 1 and the inspection
    assert WorkItem.objects.filter(assignee=colleague).count() == 5
    assert Vehicle.objects.get(pk=mine.pk).follow_up_user_id == follower.pk
    assert FollowUpReassignment.objects.get().reason == "病假"


@pytest.mark.django_db
def test_reassignment_can_move_the_vehicles_for_good(now, make_vehicle, supervisor, follower, colleague):
    vehicle = make_vehicle()
    done = services.followups_reassign(
        actor=supervisor, from_user_id=follower.pk, to_user_id=colleague.pk, move_vehicles=True
    )
    vehicle.refresh_from_db()
    assert (done.items_moved, done.vehicles_moved, vehicle.follow_up_user_id) == (0, 1, colleague.pk)
    assert vehicle.history.count() == 2


@pytest.mark.django_db
def test_only_a_supervisor_reassigns(now, follower, colleague, make_user):
    with pytest.raises(DomainError) as exc:
        services.followups_reassign(actor=follower, from_user_id=follower.pk, to_user_id=colleague.pk)
    assert exc.value.status == 403
    assert FollowUpReassignment.objects.count() == 0
