"""Writes of the 4S follow-up service (篇8): archive a vehicle, record a pick-up, a call, a letter, an event, the
maintenance reminders, and the supervisor's reassignment.

Each write is one transaction. Dated work goes to `plans.WorkItem` through `plans.services` with a
deterministic `source_key`, so repeating a write or a job never creates a second item:

- `vehicles:visit:<visit>:call1` / `:call2`  — the two follow-up calls of a pick-up (篇8 规定 4, 5)
- `vehicles:maintenance:<vehicle>:<due day>`  — the reminder before a maintenance falls due
- `vehicles:event:<event>:phone:<customer>` / `:letter:<customer>` — an event's phone notice and letter (规定 6)
- `vehicles:call:<call>:report`                — report an unanswered request to the supervisor (规定 4)

The dates come from `vehicles.policy.followup`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import reverse

from aftersales.accounts import access
from aftersales.accounts.models import User
from aftersales.core import clock
from aftersales.core.errors import conflict, invalid, not_found, stale_version, unknown_reference
from aftersales.customers import selectors as customer_selectors
from aftersales.customers.models import Customer
from aftersales.plans import services as plans
from aftersales.plans.models import WorkItem
from aftersales.vehicles.choices import (
    FOLLOW_UP_PERSON_ROLES,
    INBOUND_PURPOSES,
    POOL_ROLE,
    WORK_ITEM_KINDS,
    CallPurpose,
    EventKind,
    LetterKind,
    VehicleType,
    VisitKind,
)
from aftersales.vehicles.keys import (
    call_source_key,
    event_source_key,
    maintenance_prefix,
    maintenance_source_key,
    report_source_key,
)
from aftersales.vehicles.models import Event, FollowUpCall, FollowUpReassignment, Letter, ServiceVisit, Vehicle
from aftersales.vehicles.policy import followup

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE = re.compile(rf"^[{PROVINCES}][A-Z][A-Z0-9]{{4,6}}[挂学警港澳领]?$")
VIN = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")
MAX_INTERVAL_MONTHS = 60
MAX_INTERVAL_KM = 100_000
MAX_MILEAGE_KM = 3_000_000


# ---------------------------------------------------------------------------------------------- helpers


def _require(actor: Any, action: str) -> None:
    """The access table's rule for `action` (vehicles.desk, vehicles.events, vehicles.reassign)."""
    access.require(actor, action)


def _today() -> dt.date:
    return clock.today()


def _day(at: dt.datetime) -> dt.date:
    return clock.local(at).date()


def normalise_plate(plate: str) -> str:
    """车号 as stored: upper case, without spaces, dots or dashes (湘K·12345 → 湘K12345)."""
    return re.sub(r"[\s·.\-•]", "", plate or "").upper()


def _check_plate(plate: str) -> str:
    plate = normalise_plate(plate)
    if not PLATE.match(plate):
        raise invalid(
            "invalid_plate",
            "车号格式无效：{plate}（例如 湘K12345）",
            "Invalid plate number: {plate} (e.g. 湘K12345)",
            plate=plate,
        )
    return plate


def _check_vin(vin: str) -> str:
    vin = (vin or "").strip().upper()
    if vin and not VIN.match(vin):
        raise invalid(
            "invalid_vin",
            "车架号应为17位字母数字（不含 I、O、Q）：{vin}",
            "The VIN must be 17 letters and digits without I, O or Q: {vin}",
            vin=vin,
        )
    return vin


def _check_interval(months: int | None, km: int | None) -> None:
    if months is not None and not 1 <= months <= MAX_INTERVAL_MONTHS:
        raise invalid(
            "invalid_interval",
            "保养周期月数应为 1–{max}",
            "The interval in months must be 1–{max}",
            max=MAX_INTERVAL_MONTHS,
        )
    if km is not None and not 500 <= km <= MAX_INTERVAL_KM:
        raise invalid(
            "invalid_interval",
            "保养周期公里数应为 500–{max}",
            "The interval in km must be 500–{max}",
            max=MAX_INTERVAL_KM,
        )


def _check_mileage(km: int | None, field_zh: str, field_en: str) -> None:
    if km is not None and not 0 <= km <= MAX_MILEAGE_KM:
        raise invalid(
            "invalid_mileage",
            "{field_zh}无效：{km}",
            "Invalid {field_en}: {km}",
            field_zh=field_zh,
            field_en=field_en,
            km=km,
        )


def _not_future(at: dt.datetime | dt.date, what_zh: str, what_en: str) -> None:
    day = at if not isinstance(at, dt.datetime) else _day(at)
    if (isinstance(at, dt.datetime) and at > clock.now() + dt.timedelta(minutes=5)) or day > _today():
        raise invalid(
            "in_future", "{what_zh}不能晚于现在", "{what_en} cannot be in the future", what_zh=what_zh, what_en=what_en
        )


def _follow_up_person(user_id: int | None) -> User | None:
    if user_id is None:
        return None
    user = User.objects.filter(pk=user_id, is_active=True, role__in=FOLLOW_UP_PERSON_ROLES).first()
    if user is None:
        raise unknown_reference("跟踪业务员", "Follow-up person", user_id=user_id)
    return user


def _customer(actor: Any, customer_id: int) -> Customer:
    customer = customer_selectors.customer_visible(actor).filter(pk=customer_id).first()
    if customer is None:
        raise unknown_reference("客户", "Customer", customer_id=customer_id)
    return customer


def _vehicle_locked(vehicle_id: int) -> Vehicle:
    vehicle = Vehicle.objects.select_for_update().filter(pk=vehicle_id).first()
    if vehicle is None:
        raise not_found("车辆", "Vehicle")
    return vehicle


def _assignee(vehicle: Vehicle | None) -> dict[str, Any]:
    """Work of a vehicle goes to its follow-up person, or to the callback pool while it has none."""
    if vehicle is not None and vehicle.follow_up_user_id:
        return {"assignee_id": vehicle.follow_up_user_id}
    return {"role": str(POOL_ROLE)}


def _vehicle_link(vehicle_id: int) -> str:
    return reverse("vehicles:detail", args=[vehicle_id])


def _facts(vehicle: Vehicle) -> followup.MaintenanceFacts:
    return followup.MaintenanceFacts(
        interval_months=vehicle.interval_months,
        interval_km=vehicle.interval_km,
        purchased_on=vehicle.purchased_on,
        last_service_on=vehicle.last_service_on,
        last_service_km=vehicle.last_service_km,
        odometer_km=vehicle.odometer_km,
        odometer_on=vehicle.odometer_on,
    )


def _derive_next_maintenance(vehicle: Vehicle) -> None:
    due = followup.next_maintenance(_facts(vehicle))
    vehicle.next_maintenance_on, vehicle.next_maintenance_km = due.on, due.km


# ---------------------------------------------------------------------------------------------- vehicles


@transaction.atomic
def vehicle_create(
    *,
    actor: Any,
    customer_id: int,
    plate: str,
    model: str,
    vehicle_type: str = VehicleType.SEDAN,
    vin: str = "",
    purchased_on: dt.date | None = None,
    interval_months: int | None = 6,
    interval_km: int | None = 5000,
    last_service_on: dt.date | None = None,
    last_service_km: int | None = None,
    odometer_km: int | None = None,
    follow_up_user_id: int | None = None,
    visited_at: dt.datetime | None = None,
    wishes: str = "",
    next_contact_plan: str = "",
    notes: str = "",
) -> Vehicle:
    """Archive a customer's car (建立客户档案, 篇8 规定 2): made now for the visit at `visited_at` (default now);
    flagged late when made more than two days after it. The next maintenance is derived and stored."""
    _require(actor, "vehicles.desk")
    customer = _customer(actor, customer_id)
    plate = _check_plate(plate)
    vin = _check_vin(vin)
    model = (model or "").strip()
    if not model:
        raise invalid("model_required", "请填写车型", "The model is required")
    if vehicle_type not in VehicleType.values:
        raise invalid("invalid_vehicle_type", "未知车种：{value}", "Unknown vehicle type: {value}", value=vehicle_type)
    _check_interval(interval_months, interval_km)
    _check_mileage(last_service_km, "上次保养里程", "last service mileage")
    _check_mileage(odometer_km, "里程", "mileage")
    now = clock.now()
    visited_at = visited_at or now
    _not_future(visited_at, "来访时间", "The visit")
    for day, zh, en in (
        (purchased_on, "购车日期", "The purchase date"),
        (last_service_on, "上次保养日期", "The last service date"),
    ):
        if day is not None:
            _not_future(day, zh, en)
    if purchased_on and last_service_on and last_service_on < purchased_on:
        raise invalid("service_before_purchase", "上次保养日期早于购车日期", "The last service is before the purchase")
    person = _follow_up_person(follow_up_user_id)
    if Vehicle.objects.filter(plate=plate).exists():
        raise conflict(
            "duplicate_plate", "车号 {plate} 已在档案中", "Plate {plate} is already in the archive", plate=plate
        )
    if vin and Vehicle.objects.filter(vin=vin).exists():
        raise conflict("duplicate_vin", "车架号 {vin} 已在档案中", "VIN {vin} is already in the archive", vin=vin)
    vehicle = Vehicle(
        customer=customer,
        plate=plate,
        vin=vin,
        model=model[:64],
        vehicle_type=vehicle_type,
        purchased_on=purchased_on,
        interval_months=interval_months,
        interval_km=interval_km,
        last_service_on=last_service_on,
        last_service_km=last_service_km if last_service_on else None,
        follow_up_user=person,
        wishes=wishes,
        next_contact_plan=next_contact_plan,
        notes=notes,
        visited_at=visited_at,
        archived_at=now,
        archived_by=actor,
        is_archived_late=followup.is_archive_late(_day(visited_at), _day(now)),
    )
    if odometer_km is not None:
        vehicle.odometer_km, vehicle.odometer_on = odometer_km, _day(visited_at)
    elif last_service_on and last_service_km is not None:
        vehicle.odometer_km, vehicle.odometer_on = last_service_km, last_service_on
    _derive_next_maintenance(vehicle)
    vehicle.save()
    return vehicle


VEHICLE_EDITABLE = (
    "model",
    "vehicle_type",
    "vin",
    "purchased_on",
    "interval_months",
    "interval_km",
    "follow_up_user_id",
    "wishes",
    "next_contact_plan",
    "notes",
)


@transaction.atomic
def vehicle_update(*, actor: Any, vehicle_id: int, expected_version: int | None = None, **fields: Any) -> Vehicle:
    """Change the archive's editable fields (车型、车种、保养周期、跟踪业务员 …); the next maintenance is re-derived.
    Plate, visits and services change only through their own records."""
    _require(actor, "vehicles.desk")
    unknown = set(fields) - set(VEHICLE_EDITABLE)
    if unknown:
        raise invalid("not_editable", "不能修改：{fields}", "Not editable: {fields}", fields=", ".join(sorted(unknown)))
    vehicle = _vehicle_locked(vehicle_id)
    if expected_version is not None and expected_version != vehicle.version:
        raise stale_version(expected_version, vehicle.version)
    if "vin" in fields:
        fields["vin"] = _check_vin(fields["vin"])
        if fields["vin"] and Vehicle.objects.filter(vin=fields["vin"]).exclude(pk=vehicle.pk).exists():
            raise conflict(
                "duplicate_vin", "车架号 {vin} 已在档案中", "VIN {vin} is already in the archive", vin=fields["vin"]
            )
    if "model" in fields and not (fields["model"] or "").strip():
        raise invalid("model_required", "请填写车型", "The model is required")
    if "vehicle_type" in fields and fields["vehicle_type"] not in VehicleType.values:
        raise invalid(
            "invalid_vehicle_type", "未知车种：{value}", "Unknown vehicle type: {value}", value=fields["vehicle_type"]
        )
    _check_interval(fields.get("interval_months"), fields.get("interval_km"))
    if fields.get("purchased_on"):
        _not_future(fields["purchased_on"], "购车日期", "The purchase date")
    if "follow_up_user_id" in fields:
        _follow_up_person(fields["follow_up_user_id"])
    for name, value in fields.items():
        setattr(vehicle, name, value.strip() if isinstance(value, str) and name == "model" else value)
    _derive_next_maintenance(vehicle)
    vehicle.version += 1
    vehicle.save()
    return vehicle


# ------------------------------------------------------------------------------------------ pick-ups


def _call_title(call_no: int, vehicle: Vehicle, window: followup.Window) -> str:
    which = "第一次" if call_no == 1 else "第二次"
    return f"{which}跟踪电话：{vehicle.plate} {vehicle.customer.name}（{window.start_on:%m-%d}至{window.end_on:%m-%d}）"


@transaction.atomic
def visit_record_pickup(
    *,
    actor: Any,
    vehicle_id: int,
    kind: str,
    picked_up_at: dt.datetime | None = None,
    visited_at: dt.datetime | None = None,
    mileage_km: int | None = None,
    work_items: str = "",
) -> ServiceVisit:
    """Record a visit and the car's pick-up (接车出厂). Schedules the two follow-up calls for the vehicle's
    follow-up person (篇8 规定 4, 5); a maintenance visit becomes the last service, re-derives the next
    maintenance and closes the open maintenance reminders of the car."""
    _require(actor, "vehicles.desk")
    if kind not in VisitKind.values:
        raise invalid("invalid_visit_kind", "未知进厂类别：{value}", "Unknown visit kind: {value}", value=kind)
    vehicle = _vehicle_locked(vehicle_id)
    now = clock.now()
    picked_up_at = picked_up_at or now
    visited_at = visited_at or picked_up_at
    _not_future(picked_up_at, "接车时间", "The pick-up")
    if visited_at > picked_up_at:
        raise invalid("pickup_before_visit", "接车时间早于进厂时间", "The pick-up is before the visit")
    _check_mileage(mileage_km, "里程", "mileage")
    picked_on = _day(picked_up_at)
    if (
        mileage_km is not None
        and vehicle.odometer_km is not None
        and vehicle.odometer_on is not None
        and picked_on >= vehicle.odometer_on
        and mileage_km < vehicle.odometer_km
    ):
        raise invalid(
            "mileage_decreased",
            "里程 {km} 小于上次记录的 {last}",
            "Mileage {km} is below the last reading {last}",
            km=mileage_km,
            last=vehicle.odometer_km,
        )
    if kind == VisitKind.MAINTENANCE and mileage_km is None and vehicle.interval_km:
        raise invalid("mileage_required", "保养须填写里程", "A maintenance visit needs the mileage")
    visit = ServiceVisit.objects.create(
        vehicle=vehicle,
        kind=kind,
        visited_at=visited_at,
        picked_up_at=picked_up_at,
        mileage_km=mileage_km,
        work_items=work_items,
        recorded_by=actor,
        recorded_at=now,
        is_recorded_late=followup.is_archive_late(_day(visited_at), _day(now)),
    )
    if mileage_km is not None and (vehicle.odometer_on is None or picked_on >= vehicle.odometer_on):
        vehicle.odometer_km, vehicle.odometer_on = mileage_km, picked_on
    if kind == VisitKind.PURCHASE_DELIVERY and vehicle.purchased_on is None:
        vehicle.purchased_on = picked_on
    if kind == VisitKind.MAINTENANCE and (vehicle.last_service_on is None or picked_on >= vehicle.last_service_on):
        vehicle.last_service_on, vehicle.last_service_km = picked_on, mileage_km
        _close_maintenance_reminders(vehicle, actor, picked_on)
    _derive_next_maintenance(vehicle)
    vehicle.version += 1
    vehicle.save()
    for call_no in (1, 2):
        window = followup.call_window(call_no, picked_up_on=picked_on)
        plans.work_item_create(
            source_key=call_source_key(visit.pk, call_no),
            kind="follow_up",
            title=_call_title(call_no, vehicle, window),
            due_on=window.end_on,
            customer_id=vehicle.customer_id,
            link=_vehicle_link(vehicle.pk),
            **_assignee(vehicle),
        )
    return visit


def _close_maintenance_reminders(vehicle: Vehicle, actor: Any, serviced_on: dt.date) -> None:
    for item in WorkItem.objects.filter(
        source_key__startswith=maintenance_prefix(vehicle.pk), done_at__isnull=True
    ).order_by("pk"):
        plans.work_item_complete(item_id=item.pk, actor=actor, result=f"已于 {serviced_on} 进厂保养")


# ---------------------------------------------------------------------------------------------- calls


@dataclass(frozen=True)
class _CallTarget:
    customer: Customer
    vehicle: Vehicle | None
    visit: ServiceVisit | None
    event: Event | None


def _call_target(
    actor: Any,
    *,
    purpose: str,
    customer_id: int | None,
    vehicle_id: int | None,
    visit_id: int | None,
    event_id: int | None,
    call_no: int | None,
) -> _CallTarget:
    visit = vehicle = event = None
    if visit_id is not None:
        visit = ServiceVisit.objects.select_related("vehicle").filter(pk=visit_id).first()
        if visit is None:
            raise unknown_reference("接车记录", "Pick-up", visit_id=visit_id)
        if vehicle_id is not None and vehicle_id != visit.vehicle_id:
            raise invalid("visit_vehicle_mismatch", "接车记录不属于该车辆", "The pick-up is not of this vehicle")
        vehicle_id = visit.vehicle_id
    if vehicle_id is not None:
        vehicle = _vehicle_locked(vehicle_id) if visit is not None else Vehicle.objects.filter(pk=vehicle_id).first()
        if vehicle is None:
            raise unknown_reference("车辆", "Vehicle", vehicle_id=vehicle_id)
        if customer_id is not None and customer_id != vehicle.customer_id:
            raise invalid("vehicle_customer_mismatch", "车辆不属于该客户", "The vehicle is not this customer's")
        customer_id = vehicle.customer_id
    if event_id is not None:
        event = Event.objects.filter(pk=event_id).first()
        if event is None:
            raise unknown_reference("活动", "Event", event_id=event_id)
    if customer_id is None:
        raise invalid("customer_required", "请指定客户或车辆", "Name the customer or the vehicle")
    customer = _customer(actor, customer_id)
    if purpose == CallPurpose.FOLLOW_UP and (visit is None or call_no not in (1, 2)):
        raise invalid(
            "follow_up_needs_visit",
            "跟踪服务电话须指定接车记录和第几次（1 或 2）",
            "A follow-up call names the pick-up and its number (1 or 2)",
        )
    if purpose != CallPurpose.FOLLOW_UP and call_no is not None:
        raise invalid("call_no_only_for_follow_up", "只有跟踪服务电话有第几次", "Only follow-up calls have a number")
    if purpose == CallPurpose.EVENT_NOTICE and event is None:
        raise invalid("event_required", "活动通知电话须指定活动", "An event notice names the event")
    if purpose == CallPurpose.MAINTENANCE_REMINDER and vehicle is None:
        raise invalid("vehicle_required", "保养提醒电话须指定车辆", "A maintenance reminder names the vehicle")
    return _CallTarget(customer=customer, vehicle=vehicle, visit=visit, event=event)


def _first_call_on(visit: ServiceVisit) -> dt.date | None:
    first = (
        FollowUpCall.objects.filter(visit=visit, call_no=1, is_reached=True)
        .order_by("called_at")
        .values_list("called_at", flat=True)
        .first()
    )
    return _day(first) if first else None


def _open_item(source_key: str | None = None, *, prefix: str | None = None) -> WorkItem | None:
    qs = WorkItem.objects.filter(done_at__isnull=True)
    qs = qs.filter(source_key=source_key) if source_key else qs.filter(source_key__startswith=prefix)
    return qs.order_by("due_on", "pk").first()


def _item_for(target: _CallTarget, purpose: str, call_no: int | None) -> WorkItem | None:
    if purpose == CallPurpose.FOLLOW_UP and target.visit is not None and call_no is not None:
        return WorkItem.objects.filter(source_key=call_source_key(target.visit.pk, call_no)).first()
    if purpose == CallPurpose.MAINTENANCE_REMINDER and target.vehicle is not None:
        return _open_item(prefix=maintenance_prefix(target.vehicle.pk))
    if purpose == CallPurpose.EVENT_NOTICE and target.event is not None:
        key = event_source_key(target.event.pk, "phone", target.customer.pk)
        return WorkItem.objects.filter(source_key=key).first()
    return None


@transaction.atomic
def follow_up_call_record(
    *,
    actor: Any,
    purpose: str,
    called_at: dt.datetime | None = None,
    customer_id: int | None = None,
    vehicle_id: int | None = None,
    visit_id: int | None = None,
    call_no: int | None = None,
    event_id: int | None = None,
    is_reached: bool = True,
    vehicle_condition: str = "",
    content: str = "",
    customer_opinion: str = "",
    customer_requests: str = "",
    handling: str = "",
    satisfaction: int | None = None,
    next_action: str = "",
    needs_supervisor: bool = False,
) -> FollowUpCall:
    """Record a call in the call record (电话记录, 篇8 规定 7). A reached call completes its work item; a reached
    first follow-up call moves the second call's due day to the first call + 14 days (规定 5); an unreached
    attempt is logged and leaves the item open. A request that cannot be answered (`needs_supervisor`) puts
    "report to the supervisor" on the caller's list, due two days later (规定 4)."""
    _require(actor, "vehicles.desk")
    if purpose not in CallPurpose.values:
        raise invalid("invalid_purpose", "未知通话事由：{value}", "Unknown call purpose: {value}", value=purpose)
    if satisfaction is not None and not 1 <= satisfaction <= 5:
        raise invalid("invalid_satisfaction", "满意度应为 1–5", "Satisfaction must be 1–5")
    if satisfaction is not None and not is_reached:
        raise invalid("satisfaction_needs_reached", "未接通的电话没有满意度", "An unreached call has no satisfaction")
    if purpose in INBOUND_PURPOSES and not is_reached:
        raise invalid("inbound_is_reached", "客户来电总是已接通", "A call from the customer is always reached")
    target = _call_target(
        actor,
        purpose=purpose,
        customer_id=customer_id,
        vehicle_id=vehicle_id,
        visit_id=visit_id,
        event_id=event_id,
        call_no=call_no,
    )
    now = clock.now()
    called_at = called_at or now
    _not_future(called_at, "通话时间", "The call")
    called_on = _day(called_at)
    visit = target.visit if purpose == CallPurpose.FOLLOW_UP else None
    first_call_on = None
    if visit is not None and call_no is not None:  # a follow-up call (checked by _call_target)
        if called_at < visit.picked_up_at:
            raise invalid("call_before_pickup", "通话时间早于接车时间", "The call is before the pick-up")
        first_call_on = _first_call_on(visit)
        if call_no == 2 and first_call_on is None:
            raise conflict("first_call_missing", "请先完成第一次跟踪电话", "Make the first follow-up call first")
        if is_reached and FollowUpCall.objects.filter(visit=visit, call_no=call_no, is_reached=True).exists():
            raise conflict(
                "call_already_done", "第{no}次跟踪电话已完成", "Follow-up call {no} is already done", no=call_no
            )
    item = _item_for(target, purpose, call_no)
    is_on_time = None
    if visit is not None and call_no is not None:
        window = followup.call_window(call_no, picked_up_on=_day(visit.picked_up_at), first_call_on=first_call_on)
        is_on_time = window.contains(called_on)
    elif item is not None:
        is_on_time = called_on <= item.due_on
    call = FollowUpCall.objects.create(
        customer=target.customer,
        vehicle=target.vehicle,
        visit=target.visit,
        event=target.event,
        purpose=purpose,
        call_no=call_no,
        called_at=called_at,
        handled_by=actor,
        is_reached=is_reached,
        vehicle_condition=vehicle_condition,
        content=content,
        customer_opinion=customer_opinion,
        customer_requests=customer_requests,
        handling=handling,
        satisfaction=satisfaction,
        next_action=next_action,
        needs_supervisor=needs_supervisor,
        is_on_time=is_on_time,
        work_item=item if is_reached else None,
        recorded_at=now,
    )
    if is_reached and item is not None and item.done_at is None:
        plans.work_item_complete(item_id=item.pk, actor=actor, result=(content or customer_opinion)[:1000])
    if is_reached and purpose == CallPurpose.FOLLOW_UP and call_no == 1:
        _reschedule_second_call(target.visit, target.vehicle, called_on)
    if needs_supervisor:
        plans.work_item_create(
            source_key=report_source_key(call.pk),
            kind="follow_up",
            title=f"报告业务主管：{target.customer.name} 的要求未能答复",
            due_on=followup.report_deadline(called_on),
            assignee_id=actor.pk,
            customer_id=target.customer.pk,
            link=_vehicle_link(target.vehicle.pk) if target.vehicle else "",
        )
    return call


def _reschedule_second_call(visit: ServiceVisit | None, vehicle: Vehicle | None, first_call_on: dt.date) -> None:
    if visit is None or vehicle is None:
        return
    window = followup.second_call_window(first_call_on)
    plans.work_item_reschedule(
        source_key=call_source_key(visit.pk, 2), due_on=window.end_on, title=_call_title(2, vehicle, window)
    )


# -------------------------------------------------------------------------------------------- letters


@transaction.atomic
def letter_record(
    *,
    actor: Any,
    customer_id: int,
    kind: str,
    subject: str,
    sent_on: dt.date | None = None,
    vehicle_id: int | None = None,
    event_id: int | None = None,
    address: str = "",
    notes: str = "",
) -> Letter:
    """Record a letter sent (信函登记, 篇8 规定 8); an event's invitation completes that customer's letter item."""
    _require(actor, "vehicles.desk")
    if kind not in LetterKind.values:
        raise invalid("invalid_letter_kind", "未知信函类别：{value}", "Unknown letter kind: {value}", value=kind)
    subject = (subject or "").strip()
    if not subject:
        raise invalid("subject_required", "请填写事由", "The subject is required")
    customer = _customer(actor, customer_id)
    vehicle = event = None
    if vehicle_id is not None:
        vehicle = Vehicle.objects.filter(pk=vehicle_id, customer=customer).first()
        if vehicle is None:
            raise unknown_reference("车辆", "Vehicle", vehicle_id=vehicle_id)
    if event_id is not None:
        event = Event.objects.filter(pk=event_id).first()
        if event is None:
            raise unknown_reference("活动", "Event", event_id=event_id)
    sent_on = sent_on or _today()
    _not_future(sent_on, "寄出日期", "The sending date")
    item = None
    if event is not None:
        item = WorkItem.objects.filter(source_key=event_source_key(event.pk, "letter", customer.pk)).first()
    letter = Letter.objects.create(
        customer=customer,
        vehicle=vehicle,
        event=event,
        kind=kind,
        subject=subject[:200],
        address=(address or customer.address)[:256],
        sent_on=sent_on,
        sent_by=actor,
        notes=notes,
        work_item=item,
        recorded_at=clock.now(),
    )
    if item is not None and item.done_at is None:
        plans.work_item_complete(item_id=item.pk, actor=actor, result=f"{sent_on} 寄出{letter.get_kind_display()}")
    return letter


# --------------------------------------------------------------------------------------------- events


def event_audience(event: Event) -> list[tuple[int, int | None]]:
    """The customers an event targets, each with the follow-up person of its first followed vehicle:
    (customer id, user id or None), by customer id."""
    qs = Vehicle.objects.all()
    if event.audience_vehicle_type:
        qs = qs.filter(vehicle_type=event.audience_vehicle_type)
    if event.audience_model:
        qs = qs.filter(model__icontains=event.audience_model)
    if event.audience_purchased_from:
        qs = qs.filter(purchased_on__gte=event.audience_purchased_from)
    if event.audience_purchased_to:
        qs = qs.filter(purchased_on__lte=event.audience_purchased_to)
    people: dict[int, int | None] = {}
    for customer_id, user_id in qs.order_by("customer_id", "pk").values_list("customer_id", "follow_up_user_id"):
        if people.get(customer_id) is None:
            people[customer_id] = user_id
    return sorted(people.items())


@transaction.atomic
def event_create(
    *,
    actor: Any,
    name: str,
    event_on: dt.date,
    kind: str = EventKind.PROMOTION,
    place: str = "",
    content: str = "",
    with_letters: bool = True,
    audience_vehicle_type: str = "",
    audience_model: str = "",
    audience_purchased_from: dt.date | None = None,
    audience_purchased_to: dt.date | None = None,
) -> Event:
    """Decide a customer event (篇8 规定 6): for every targeted customer, a phone notice due two weeks before the
    event and, when letters are sent, an invitation due two days after the phone notice."""
    _require(actor, "vehicles.events")
    name = (name or "").strip()
    if not name:
        raise invalid("name_required", "请填写活动名称", "The event name is required")
    if kind not in EventKind.values:
        raise invalid("invalid_event_kind", "未知活动类别：{value}", "Unknown event kind: {value}", value=kind)
    if audience_vehicle_type and audience_vehicle_type not in VehicleType.values:
        raise invalid(
            "invalid_vehicle_type", "未知车种：{value}", "Unknown vehicle type: {value}", value=audience_vehicle_type
        )
    decided_on = _today()
    try:
        notice = followup.event_notice_dates(event_on, decided_on)
    except followup.EventDatesError:
        raise invalid("event_not_in_future", "活动日期须晚于今天", "The event must be after today") from None
    event = Event.objects.create(
        name=name[:128],
        kind=kind,
        event_on=event_on,
        place=place[:200],
        content=content,
        decided_on=decided_on,
        phone_on=notice.phone_on,
        letter_on=notice.letter_on,
        is_short_notice=notice.is_short_notice,
        with_letters=with_letters,
        audience_vehicle_type=audience_vehicle_type,
        audience_model=audience_model[:64],
        audience_purchased_from=audience_purchased_from,
        audience_purchased_to=audience_purchased_to,
        created_by=actor,
    )
    audience = event_audience(event)
    names = dict(Customer.objects.filter(pk__in=[c for c, _ in audience]).values_list("pk", "name"))
    link = reverse("vehicles:event_detail", args=[event.pk])
    for customer_id, user_id in audience:
        who = {"assignee_id": user_id} if user_id else {"role": str(POOL_ROLE)}
        plans.work_item_create(
            source_key=event_source_key(event.pk, "phone", customer_id),
            kind="event_phone",
            title=f"活动电话通知：{names[customer_id]}（{event.name} {event.event_on:%m-%d}）",
            due_on=notice.phone_on,
            customer_id=customer_id,
            link=link,
            **who,
        )
        if with_letters:
            plans.work_item_create(
                source_key=event_source_key(event.pk, "letter", customer_id),
                kind="event_letter",
                title=f"寄出活动邀请函：{names[customer_id]}（{event.name} {event.event_on:%m-%d}）",
                due_on=notice.letter_on,
                customer_id=customer_id,
                link=link,
                **who,
            )
    event.targeted_customers = len(audience)
    event.save(update_fields=["targeted_customers"])
    return event


# -------------------------------------------------------------------------------------- reminders (job)


@dataclass(frozen=True)
class ReminderRun:
    """What one run of the reminder job did: vehicles due within the horizon, reminders created."""

    examined: int
    created: int


REMINDER_BATCH = 500


def maintenance_reminders_create(*, at: dt.datetime | None = None) -> ReminderRun:
    """Create the maintenance-due reminders (通知客户按期保养, 篇8 二.2) for every car whose next maintenance is
    within the reminder horizon; each due day gets one reminder, so running it again creates nothing."""
    today = _day(at or clock.now())
    horizon = today + dt.timedelta(days=followup.REMINDER_LEAD_DAYS * 2)
    qs = (
        Vehicle.objects.filter(next_maintenance_on__isnull=False, next_maintenance_on__lte=horizon)
        .select_related("customer")
        .order_by("pk")
    )
    examined = created = 0
    batch: list[Vehicle] = []
    for vehicle in qs.iterator(chunk_size=REMINDER_BATCH):
        batch.append(vehicle)
        if len(batch) >= REMINDER_BATCH:
            created += _reminders_for(batch, today)
            examined += len(batch)
            batch = []
    if batch:
        created += _reminders_for(batch, today)
        examined += len(batch)
    return ReminderRun(examined=examined, created=created)


def _reminders_for(vehicles: list[Vehicle], today: dt.date) -> int:
    keys = {v.pk: maintenance_source_key(v.pk, v.next_maintenance_on) for v in vehicles if v.next_maintenance_on}
    existing = set(WorkItem.objects.filter(source_key__in=keys.values()).values_list("source_key", flat=True))
    created = 0
    for vehicle in vehicles:
        due_on = vehicle.next_maintenance_on
        if due_on is None or keys[vehicle.pk] in existing or not followup.is_reminder_time(due_on, today):
            continue
        km = f"，{vehicle.next_maintenance_km} 公里" if vehicle.next_maintenance_km else ""
        with transaction.atomic():
            _, was_created = plans.work_item_create(
                source_key=keys[vehicle.pk],
                kind="maintenance_reminder",
                title=f"保养提醒：{vehicle.plate} {vehicle.customer.name}（{due_on:%Y-%m-%d} 到期{km}）",
                due_on=followup.maintenance_reminder_on(due_on, today),
                customer_id=vehicle.customer_id,
                link=_vehicle_link(vehicle.pk),
                **_assignee(vehicle),
            )
        created += int(was_created)
    return created


# ------------------------------------------------------------------------------------------ reassignment


@transaction.atomic
def followups_reassign(
    *,
    actor: Any,
    from_user_id: int,
    to_user_id: int,
    move_vehicles: bool = False,
    reason: str = "",
) -> FollowUpReassignment:
    """The supervisor hands every open follow-up of an absent person to another in one step (篇8 (四)). The open
    calls, reminders and event notices move; with `move_vehicles` the person's vehicles move too, so that
    future follow-ups also go to the new person (otherwise the handover is temporary)."""
    _require(actor, "vehicles.reassign")
    if from_user_id == to_user_id:
        raise invalid("same_person", "接替人员不能是原跟踪业务员本人", "The new person must differ from the absent one")
    if not User.objects.filter(pk=from_user_id).exists():
        raise unknown_reference("原跟踪业务员", "Absent person", user_id=from_user_id)
    _follow_up_person(to_user_id)
    items = plans.work_items_reassign(
        from_user_id=from_user_id, to_user_id=to_user_id, actor=actor, kinds=WORK_ITEM_KINDS
    )
    vehicles = 0
    if move_vehicles:
        vehicles = _vehicles_move(from_user_id, to_user_id)
    return FollowUpReassignment.objects.create(
        from_user_id=from_user_id,
        to_user_id=to_user_id,
        actor=actor,
        at=clock.now(),
        move_vehicles=move_vehicles,
        items_moved=items,
        vehicles_moved=vehicles,
        reason=reason[:200],
    )


def _vehicles_move(from_user_id: int, to_user_id: int) -> int:
    """Move the vehicles one by one so that each keeps its history row (who followed it when)."""
    moved = 0
    for vehicle in Vehicle.objects.select_for_update().filter(follow_up_user_id=from_user_id).order_by("pk"):
        vehicle.follow_up_user_id = to_user_id
        vehicle.version += 1
        vehicle.save(update_fields=["follow_up_user", "version", "updated_at"])
        moved += 1
    return moved
