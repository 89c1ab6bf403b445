"""API: the 4S follow-up service (篇8) — vehicles in the archive, pick-ups, follow-up calls, letters, events, the
registers as Excel, the summaries, and the supervisor's reassignment.

Mounted at /api/v1/ with full paths. Agents, callback staff, supervisors and admins use it; a customer (or
partner) user gets 404 on every path, other staff 403. Events and reassignment need a supervisor or admin.
"""

from __future__ import annotations

from ninja import Query, Router, Status

from aftersales.core import clock, xlsx
from aftersales.core.schemas import ERRORS, ParamDate, ParamText
from aftersales.plans.models import WorkItem
from aftersales.vehicles import excel, selectors, services
from aftersales.vehicles.models import Event, FollowUpCall, FollowUpReassignment, Letter, ServiceVisit, Vehicle
from aftersales.vehicles.schemas import (
    CallIn,
    CallOut,
    EventIn,
    FollowUpReassignIn,
    FollowUpReassignOut,
    LetterIn,
    LetterOut,
    PickupIn,
    PickupOut,
    SummaryOut,
    VehicleEventOut,
    VehicleIn,
    VehicleOut,
    VehiclePage,
    VehiclePatchIn,
)

router = Router(tags=["vehicles"])


def vehicle_out(v: Vehicle) -> dict:
    return {
        "id": v.pk,
        "customer_id": v.customer_id,
        "customer_name": v.customer.name,
        "plate": v.plate,
        "vin": v.vin,
        "model": v.model,
        "vehicle_type": v.vehicle_type,
        "purchased_on": v.purchased_on,
        "interval_months": v.interval_months,
        "interval_km": v.interval_km,
        "last_service_on": v.last_service_on,
        "last_service_km": v.last_service_km,
        "odometer_km": v.odometer_km,
        "next_maintenance_on": v.next_maintenance_on,
        "next_maintenance_km": v.next_maintenance_km,
        "follow_up_user_id": v.follow_up_user_id,
        "follow_up_user": selectors.person_label(v.follow_up_user),
        "visited_at": clock.local(v.visited_at),
        "archived_at": clock.local(v.archived_at),
        "is_archived_late": v.is_archived_late,
        "wishes": v.wishes,
        "version": v.version,
    }


def item_out(item: WorkItem | None) -> dict | None:
    if item is None:
        return None
    return {
        "id": item.pk,
        "kind": item.kind,
        "title": item.title,
        "due_on": item.due_on,
        "assignee_id": item.assignee_id,
        "role": item.role,
        "done_at": clock.local(item.done_at) if item.done_at else None,
    }


def pickup_out(visit: ServiceVisit) -> dict:
    return {
        "id": visit.pk,
        "vehicle_id": visit.vehicle_id,
        "kind": visit.kind,
        "visited_at": clock.local(visit.visited_at),
        "picked_up_at": clock.local(visit.picked_up_at),
        "mileage_km": visit.mileage_km,
        "work_items": visit.work_items,
        "is_recorded_late": visit.is_recorded_late,
        "next_maintenance_on": visit.vehicle.next_maintenance_on,
        "calls": [
            {
                "call_no": p.call_no,
                "window_start_on": p.window.start_on,
                "window_end_on": p.window.end_on,
                "work_item": item_out(p.item),
            }
            for p in selectors.visit_call_plan(visit)
        ],
    }


def call_out(call: FollowUpCall) -> dict:
    return {
        "id": call.pk,
        "purpose": call.purpose,
        "call_no": call.call_no,
        "customer_id": call.customer_id,
        "vehicle_id": call.vehicle_id,
        "visit_id": call.visit_id,
        "event_id": call.event_id,
        "called_at": clock.local(call.called_at),
        "reached": call.is_reached,
        "is_on_time": call.is_on_time,
        "satisfaction": call.satisfaction,
        "handled_by": selectors.person_label(call.handled_by),
        "work_item_id": call.work_item_id,
    }


def letter_out(letter: Letter) -> dict:
    return {
        "id": letter.pk,
        "customer_id": letter.customer_id,
        "vehicle_id": letter.vehicle_id,
        "event_id": letter.event_id,
        "kind": letter.kind,
        "subject": letter.subject,
        "address": letter.address,
        "sent_on": letter.sent_on,
        "sent_by": selectors.person_label(letter.sent_by),
        "work_item_id": letter.work_item_id,
    }


def event_out(event: Event) -> dict:
    return {
        "id": event.pk,
        "name": event.name,
        "kind": event.kind,
        "event_on": event.event_on,
        "decided_on": event.decided_on,
        "phone_on": event.phone_on,
        "letter_on": event.letter_on,
        "is_short_notice": event.is_short_notice,
        "with_letters": event.with_letters,
        "targeted_customers": event.targeted_customers,
    }


def reassignment_out(r: FollowUpReassignment) -> dict:
    return {
        "id": r.pk,
        "from_user_id": r.from_user_id,
        "to_user_id": r.to_user_id,
        "items_moved": r.items_moved,
        "vehicles_moved": r.vehicles_moved,
        "move_vehicles": r.move_vehicles,
        "at": clock.local(r.at),
    }


def summary_row_out(row: selectors.SummaryRow) -> dict:
    return {
        **{
            name: getattr(row, name)
            for name in (
                "label",
                "person_id",
                "archives",
                "archives_late",
                "pickups",
                "calls_out",
                "calls_reached",
                "calls_in",
                "follow_ups",
                "follow_ups_on_time",
                "letters",
                "items_due",
                "items_done_on_time",
                "items_open",
            )
        },
        "reached_rate": row.reached_rate,
        "satisfaction_average": row.satisfaction_average,
    }


# ------------------------------------------------------------------------------------------------- vehicles


@router.get("/vehicles", response={200: VehiclePage, **ERRORS}, operation_id="list_vehicles")
def list_vehicles(
    request,
    q: ParamText = "",
    customer_id: int | None = None,
    follow_up_user_id: int | None = None,
    cursor: ParamText | None = None,
    limit: int = Query(50, ge=1, le=200),
):
    """Vehicles in the archive, newest first; `q` matches plate, model, VIN, customer name or phone."""
    page = selectors.vehicle_list(
        request.user, q=q, customer_id=customer_id, follow_up_user_id=follow_up_user_id, cursor=cursor, limit=limit
    )
    return {"items": [vehicle_out(v) for v in page.items], "next_cursor": page.next_cursor}


@router.post("/vehicles", response={201: VehicleOut, **ERRORS}, operation_id="create_vehicle")
def create_vehicle(request, payload: VehicleIn):
    """Archive a customer's car (建立客户档案); flagged late when made more than 2 days after the visit (篇8)."""
    selectors.vehicles_access(request.user)
    vehicle = services.vehicle_create(actor=request.user, **payload.model_dump())
    return Status(201, vehicle_out(selectors.vehicle_get(request.user, vehicle.pk)))


@router.get("/vehicles/summary", response={200: SummaryOut, **ERRORS}, operation_id="get_vehicle_summary")
def get_vehicle_summary(
    request,
    year: int = Query(..., ge=2000, le=2100),
    month: int | None = Query(None, ge=1, le=12),
    person_id: int | None = None,
):
    """每月小结 (with `month`) or 年末总结 (without, month by month): calls, reached rate, satisfaction, letters."""
    period = selectors.Period.month(year, month) if month else selectors.Period.year(year)
    summary = selectors.summary_for(request.user, period, person_id=person_id, by_month=month is None)
    return {
        "start_on": period.start_on,
        "end_on": period.end_on,
        "rows": [summary_row_out(r) for r in summary.rows],
        "total": summary_row_out(summary.total),
        "months": [summary_row_out(r) for r in summary.months],
    }


@router.get(
    "/vehicles/registers/{name}.xlsx",
    response={200: None, **ERRORS},
    operation_id="export_vehicle_register",
    openapi_extra={
        "responses": {
            "200": {
                "description": "登记表 Excel",
                "content": {excel.XLSX_CONTENT_TYPE: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def export_vehicle_register(
    request,
    name: ParamText,
    start_on: ParamDate | None = None,
    end_on: ParamDate | None = None,
    person_id: int | None = None,
):
    """One of the four registers of 篇8 as Excel: `archive` (客户档案基本资料表), `calls` (跟踪服务电话记录表),
    `call-register` (跟踪服务电话登记表), `letters` (跟踪服务信函登记表); this month unless a period is given."""
    selectors.vehicles_access(request.user)
    register = excel.register_get(name)
    flt = selectors.register_filter(start_on=start_on, end_on=end_on, person_id=person_id)
    return xlsx.download(
        excel.register_export(user=request.user, register=register, flt=flt),
        excel.register_filename(register, flt),
        excel.register_ascii_filename(register, flt),
    )


@router.post("/vehicles/reassign", response={200: FollowUpReassignOut, **ERRORS}, operation_id="reassign_follow_ups")
def reassign_follow_ups(request, payload: FollowUpReassignIn):
    """The supervisor hands an absent person's open follow-ups (calls, reminders, event notices) to another;
    with `move_vehicles` their vehicles move for good (篇8: 指定跟踪业务员不在岗时由业务主管临时指派)."""
    selectors.vehicles_access(request.user)
    return reassignment_out(services.followups_reassign(actor=request.user, **payload.model_dump()))


@router.get("/vehicles/{vehicle_id}", response={200: VehicleOut, **ERRORS}, operation_id="get_vehicle")
def get_vehicle(request, vehicle_id: int):
    return vehicle_out(selectors.vehicle_get(request.user, vehicle_id))


@router.patch("/vehicles/{vehicle_id}", response={200: VehicleOut, **ERRORS}, operation_id="update_vehicle")
def update_vehicle(request, vehicle_id: int, payload: VehiclePatchIn):
    """Change the archive: model, type, VIN, purchase date, maintenance interval (the next maintenance is
    re-derived), follow-up person, wishes, notes. null clears a date, an interval or the follow-up person."""
    selectors.vehicle_get(request.user, vehicle_id)
    fields = payload.model_dump(exclude_unset=True)
    version = fields.pop("version", None)
    for name in ("model", "vehicle_type", "vin", "wishes", "next_contact_plan", "notes"):
        if name in fields and fields[name] is None:
            del fields[name]  # text is never null: null means "leave as is"
    services.vehicle_update(actor=request.user, vehicle_id=vehicle_id, expected_version=version, **fields)
    return vehicle_out(selectors.vehicle_get(request.user, vehicle_id))


@router.post("/vehicles/{vehicle_id}/pickups", response={201: PickupOut, **ERRORS}, operation_id="create_pickup")
def create_pickup(request, vehicle_id: int, payload: PickupIn):
    """Record a visit and the car's pick-up (接车出厂): the first follow-up call falls due 3–7 days later, the
    second in the 7 days after the week that follows the first (篇8 规定 4–5); both go on the follow-up
    person's list."""
    selectors.vehicle_get(request.user, vehicle_id)
    visit = services.visit_record_pickup(actor=request.user, vehicle_id=vehicle_id, **payload.model_dump())
    return Status(201, pickup_out(ServiceVisit.objects.select_related("vehicle").get(pk=visit.pk)))


# -------------------------------------------------------------------------------------- calls, letters, events


@router.post("/follow-up-calls", response={201: CallOut, **ERRORS}, operation_id="create_follow_up_call")
def create_follow_up_call(request, payload: CallIn):
    """Record a call (跟踪服务电话记录): a reached call completes its work item; call 1 reschedules call 2."""
    selectors.vehicles_access(request.user)
    fields = payload.model_dump()
    fields["is_reached"] = fields.pop("reached")
    call = services.follow_up_call_record(actor=request.user, **fields)
    return Status(201, call_out(call))


@router.post("/vehicle-letters", response={201: LetterOut, **ERRORS}, operation_id="create_vehicle_letter")
def create_vehicle_letter(request, payload: LetterIn):
    """Register a letter sent (跟踪服务信函登记): notice, invitation or reply; an event's invitation completes the
    customer's letter item."""
    selectors.vehicles_access(request.user)
    return Status(201, letter_out(services.letter_record(actor=request.user, **payload.model_dump())))


@router.post("/vehicle-events", response={201: VehicleEventOut, **ERRORS}, operation_id="create_vehicle_event")
def create_vehicle_event(request, payload: EventIn):
    """Decide a customer event: phone notices due 2 weeks ahead, letters 2 days after, for every targeted customer."""
    selectors.vehicles_access(request.user)
    return Status(201, event_out(services.event_create(actor=request.user, **payload.model_dump())))
