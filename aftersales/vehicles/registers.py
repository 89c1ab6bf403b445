"""The four registers of 篇8 (本制度使用以下四张表格), their columns and how each cell is read from a row.

One definition serves the register pages and the Excel export, so both always show the same columns.

篇8 lists the content of the customer archive (二.1: 客户名称、地址、电话、送修或来访日期，送修车辆的车型、车号、
车种、维修养护项目，保养周期、下一次保养期，客户希望得到的服务，在本公司维修、保养记录); those are the archive's
columns, in that order, followed by the follow-up person and the archive day that 规定 1–2 ask for. The other
three tables are "附后" in the seed but not reproduced, so their columns are taken from what the rules say the
staff must record: 规定 4 and (1)–(7) for the call record (车辆运用情况, 对本公司服务的意见, the customer's
要求、希望或投诉 and how it was handled), 规定 7 for the call register (every call, ours and the customer's),
规定 8 for the letter register (通知、邀请函、答复函).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_noop

from aftersales.core import clock
from aftersales.vehicles import selectors
from aftersales.vehicles.choices import INBOUND_PURPOSES, CallPurpose
from aftersales.vehicles.models import FollowUpCall, Vehicle


@dataclass(frozen=True)
class RegisterColumn:
    header: str  # the Chinese column name (also the msgid of its English translation)
    width: int
    value: Callable[[Any], Any]  # row → str, int, date or None


@dataclass(frozen=True)
class Register:
    name: str  # in URLs: archive, calls, call-register, letters
    title: str  # the table's name in 篇8
    columns: tuple[RegisterColumn, ...]
    rows: Callable[[Any, selectors.RegisterFilter], list[Any]]
    numbered: bool = False  # a 序号 column first

    @property
    def headers(self) -> list[str]:
        return (["序号"] if self.numbered else []) + [c.header for c in self.columns]

    def table(self, rows: list[Any]) -> list[list[Any]]:
        """The cells of `rows`, column by column (序号 first when numbered)."""
        out = []
        for number, row in enumerate(rows, start=1):
            cells = [column.value(row) for column in self.columns]
            out.append([number, *cells] if self.numbered else cells)
        return out


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("是" if value else "否")


def _local_day(at: dt.datetime | None) -> dt.date | None:
    return clock.local(at).date() if at else None


def _person(user: Any) -> str:
    return selectors.person_label(user)


# ------------------------------------------------------------------------------------------------ archive


def _last_visit(vehicle: Vehicle) -> Any:
    visits = list(vehicle.visits.all())
    return visits[-1] if visits else None


def _visit_day(vehicle: Vehicle) -> dt.date | None:
    last = _last_visit(vehicle)
    return _local_day(last.visited_at if last else vehicle.visited_at)


def _interval(vehicle: Vehicle) -> str:
    parts = []
    if vehicle.interval_km:
        parts.append(f"{vehicle.interval_km}公里")
    if vehicle.interval_months:
        parts.append(f"{vehicle.interval_months}个月")
    return "或".join(parts)


def _next_due(vehicle: Vehicle) -> str:
    parts = []
    if vehicle.next_maintenance_on:
        parts.append(f"{vehicle.next_maintenance_on:%Y-%m-%d}")
    if vehicle.next_maintenance_km:
        parts.append(f"{vehicle.next_maintenance_km}公里")
    return " / ".join(parts)


def _history(vehicle: Vehicle) -> str:
    lines = []
    for visit in vehicle.visits.all():
        km = f" {visit.mileage_km}公里" if visit.mileage_km is not None else ""
        items = f"：{visit.work_items}" if visit.work_items else ""
        lines.append(f"{clock.local(visit.picked_up_at):%Y-%m-%d} {visit.get_kind_display()}{km}{items}")
    return "；".join(lines)


ARCHIVE = Register(
    "archive",
    "客户档案基本资料表",
    (
        RegisterColumn(gettext_noop("客户名称"), 24, lambda v: v.customer.name),
        RegisterColumn(gettext_noop("地址"), 32, lambda v: v.customer.address),
        RegisterColumn(gettext_noop("电话"), 15, lambda v: v.customer.phone),
        RegisterColumn(gettext_noop("送修或来访日期"), 13, _visit_day),
        RegisterColumn(gettext_noop("车型"), 18, lambda v: v.model),
        RegisterColumn(gettext_noop("车号"), 11, lambda v: v.plate),
        RegisterColumn(gettext_noop("车种"), 8, lambda v: v.get_vehicle_type_display()),
        RegisterColumn(
            gettext_noop("维修养护项目"), 28, lambda v: (_last_visit(v).work_items if _last_visit(v) else "")
        ),
        RegisterColumn(gettext_noop("保养周期"), 16, _interval),
        RegisterColumn(gettext_noop("下一次保养期"), 20, _next_due),
        RegisterColumn(gettext_noop("客户希望得到的服务"), 28, lambda v: v.wishes),
        RegisterColumn(gettext_noop("在本公司维修、保养记录"), 48, _history),
        RegisterColumn(gettext_noop("跟踪业务员"), 10, lambda v: _person(v.follow_up_user)),
        RegisterColumn(gettext_noop("建档日期"), 12, lambda v: _local_day(v.archived_at)),
        RegisterColumn(gettext_noop("逾期建档"), 9, lambda v: _yes_no(v.is_archived_late)),
    ),
    selectors.archive_rows,
)


# -------------------------------------------------------------------------------------------------- calls


def _purpose(call: FollowUpCall) -> str:
    if call.purpose == CallPurpose.FOLLOW_UP and call.call_no:
        return "第一次跟踪服务" if call.call_no == 1 else "第二次跟踪服务"
    text = str(call.get_purpose_display())
    return f"{text}：{call.event.name}" if call.event_id and call.event else text


def _direction(call: FollowUpCall) -> str:
    return "来电" if call.purpose in INBOUND_PURPOSES else "去电"


CALLS = Register(
    "calls",
    "跟踪服务电话记录表",
    (
        RegisterColumn(gettext_noop("通话时间"), 17, lambda c: f"{clock.local(c.called_at):%Y-%m-%d %H:%M}"),
        RegisterColumn(gettext_noop("客户名称"), 24, lambda c: c.customer.name),
        RegisterColumn(gettext_noop("电话"), 15, lambda c: c.customer.phone),
        RegisterColumn(gettext_noop("车号"), 11, lambda c: c.vehicle.plate if c.vehicle else ""),
        RegisterColumn(gettext_noop("通话事由"), 16, _purpose),
        RegisterColumn(gettext_noop("是否接通"), 9, lambda c: _yes_no(c.is_reached)),
        RegisterColumn(gettext_noop("车辆运用情况"), 24, lambda c: c.vehicle_condition),
        RegisterColumn(gettext_noop("谈话要点"), 32, lambda c: c.content),
        RegisterColumn(gettext_noop("对本公司服务的意见"), 24, lambda c: c.customer_opinion),
        RegisterColumn(gettext_noop("客户要求、希望或投诉"), 24, lambda c: c.customer_requests),
        RegisterColumn(gettext_noop("处理情况"), 24, lambda c: c.handling),
        RegisterColumn(gettext_noop("满意度"), 8, lambda c: c.satisfaction),
        RegisterColumn(gettext_noop("下一步"), 20, lambda c: c.next_action),
        RegisterColumn(gettext_noop("经办业务员"), 10, lambda c: _person(c.handled_by)),
    ),
    selectors.call_rows,
)

CALL_REGISTER = Register(
    "call-register",
    "跟踪服务电话登记表",
    (
        RegisterColumn(gettext_noop("日期"), 12, lambda c: _local_day(c.called_at)),
        RegisterColumn(gettext_noop("时间"), 7, lambda c: f"{clock.local(c.called_at):%H:%M}"),
        RegisterColumn(gettext_noop("客户名称"), 24, lambda c: c.customer.name),
        RegisterColumn(gettext_noop("电话"), 15, lambda c: c.customer.phone),
        RegisterColumn(gettext_noop("车号"), 11, lambda c: c.vehicle.plate if c.vehicle else ""),
        RegisterColumn(gettext_noop("去电/来电"), 9, _direction),
        RegisterColumn(gettext_noop("通话事由"), 16, _purpose),
        RegisterColumn(gettext_noop("是否接通"), 9, lambda c: _yes_no(c.is_reached)),
        RegisterColumn(gettext_noop("按时"), 6, lambda c: _yes_no(c.is_on_time)),
        RegisterColumn(gettext_noop("经办业务员"), 10, lambda c: _person(c.handled_by)),
    ),
    selectors.call_rows,
    numbered=True,
)


# ------------------------------------------------------------------------------------------------ letters


LETTERS = Register(
    "letters",
    "跟踪服务信函登记表",
    (
        RegisterColumn(gettext_noop("寄出日期"), 12, lambda letter: letter.sent_on),
        RegisterColumn(gettext_noop("客户名称"), 24, lambda letter: letter.customer.name),
        RegisterColumn(gettext_noop("寄送地址"), 32, lambda letter: letter.address),
        RegisterColumn(gettext_noop("车号"), 11, lambda letter: letter.vehicle.plate if letter.vehicle else ""),
        RegisterColumn(gettext_noop("信函类别"), 9, lambda letter: letter.get_kind_display()),
        RegisterColumn(gettext_noop("事由"), 28, lambda letter: letter.subject),
        RegisterColumn(gettext_noop("相关活动"), 20, lambda letter: letter.event.name if letter.event else ""),
        RegisterColumn(gettext_noop("经办业务员"), 10, lambda letter: _person(letter.sent_by)),
        RegisterColumn(gettext_noop("备注"), 20, lambda letter: letter.notes),
    ),
    selectors.letter_rows,
    numbered=True,
)

REGISTERS: dict[str, Register] = {r.name: r for r in (ARCHIVE, CALLS, CALL_REGISTER, LETTERS)}
TITLES = [
    gettext_noop("客户档案基本资料表"),
    gettext_noop("跟踪服务电话记录表"),
    gettext_noop("跟踪服务电话登记表"),
    gettext_noop("跟踪服务信函登记表"),
    gettext_noop("序号"),
]
