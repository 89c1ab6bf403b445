"""SLA targets and deadlines (服务级别目标与期限) and the escalation ladder (逐级上报).

The rule (SPEC §2; 篇1 3.1, 3.2, 4.9, 4.12, 4.13):

- A request is classified into one of four classes (事件分类): 1 严重故障 (system down), 2 主要故障
  (seriously affects operation), 3 一般故障 (partly limits use), 4 非故障 (not our fault, still helped).
- An SLA policy gives, per class, the minutes allowed to respond (响应时间), to hand the problem to
  the next support tier (问题提交最长时间), to restore the system (恢复系统目标), to resolve it, to
  arrive on site (by zone: 合肥市, rest of 安徽省, elsewhere), to report to the vendor's TSC and to
  bring leadership on site. ``None`` means no target. The default is the 篇1 4.9 table; Huawei (3.1)
  and Dell (3.2) vendor commitments are provided too.
- Every deadline is computed at intake on the policy's working-time calendar: the target's working
  minutes are added to the report time, then pushed back by the working time spent waiting for the
  customer (see :mod:`aftersales.sla.policy.worktime`).
- Unsolved requests climb the tiers desk 服务台 → expert group 专家组 → vendor TSC 厂商 → leadership
  on site 领导 ("故障不解决，工程师不撤离"). The ladder is the escalate, vendor and leadership
  deadlines in that order, each clamped so the ladder never goes back in time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum, StrEnum

from aftersales.sla.policy.worktime import WorkCalendar, add_working_minutes, shift_for_pauses

__all__ = [
    "DEFAULT_TARGETS",
    "DELL_TARGETS",
    "ESCALATION_TIERS",
    "HUAWEI_TARGETS",
    "ClassTargets",
    "Deadlines",
    "Severity",
    "SlaTargets",
    "Tier",
    "Zone",
    "arrival_by_zone",
    "deadlines_for",
    "due_tier",
    "escalation_ladder",
    "next_escalation_at",
]


class Severity(IntEnum):
    """Request class (事件分类, SPEC §2; 篇1 4.9); 1 is the most severe."""

    CRITICAL = 1
    MAJOR = 2
    MINOR = 3
    NON_FAULT = 4

    @property
    def label_zh(self) -> str:
        """The Chinese name used in the 篇1 4.9 table."""
        return _SEVERITY_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """The English name."""
        return _SEVERITY_LABELS[self][1]


_SEVERITY_LABELS: dict[Severity, tuple[str, str]] = {
    Severity.CRITICAL: ("严重故障", "critical fault"),
    Severity.MAJOR: ("主要故障", "major fault"),
    Severity.MINOR: ("一般故障", "minor fault"),
    Severity.NON_FAULT: ("非故障", "non-fault"),
}


class Zone(StrEnum):
    """Where the site lies, for on-site arrival targets (SPEC §2; 篇1 4.9): 合肥市, rest of 安徽省, elsewhere."""

    LOCAL = "local"
    PROVINCE = "province"
    ELSEWHERE = "elsewhere"


class Tier(IntEnum):
    """Escalation tier (SPEC §2; 篇1 4.9, 4.12, 4.13): desk → expert group → vendor TSC → leadership on site."""

    DESK = 1
    EXPERT_GROUP = 2
    VENDOR = 3
    LEADERSHIP = 4

    @property
    def label_zh(self) -> str:
        """The Chinese name of the tier."""
        return _TIER_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """The English name of the tier."""
        return _TIER_LABELS[self][1]


_TIER_LABELS: dict[Tier, tuple[str, str]] = {
    Tier.DESK: ("服务台", "service desk"),
    Tier.EXPERT_GROUP: ("专家组", "expert group"),
    Tier.VENDOR: ("厂商TSC", "vendor TSC"),
    Tier.LEADERSHIP: ("领导", "leadership"),
}

ESCALATION_TIERS: tuple[Tier, ...] = tuple(Tier)
"""The tiers in escalation order."""

ArrivalMinutes = tuple[tuple[Zone, int | None], ...]


def _check_minutes(value: int | None, name: str) -> None:
    """Refuse negative or non-integer targets."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a non-negative integer number of minutes or None, got {value!r}")


def arrival_by_zone(local: int | None, province: int | None, elsewhere: int | None = None) -> ArrivalMinutes:
    """Build the on-site arrival targets per zone (合肥市, rest of 安徽省, elsewhere) in minutes (SPEC §2; 篇1 4.9)."""
    return ((Zone.LOCAL, local), (Zone.PROVINCE, province), (Zone.ELSEWHERE, elsewhere))


@dataclass(frozen=True, slots=True)
class ClassTargets:
    """The targets of one request class, in working minutes from the report; ``None`` = no target.

    ``escalate_minutes`` is 问题提交最长时间 (0 = immediately), ``vendor_minutes`` the report to the
    vendor's TSC (tier 3) and ``leadership_minutes`` leadership on site (tier 4). A zone missing
    from ``arrive_minutes`` has no arrival target. SPEC §2; 篇1 4.9.
    """

    respond_minutes: int | None
    escalate_minutes: int | None
    restore_minutes: int | None
    resolve_minutes: int | None
    arrive_minutes: ArrivalMinutes
    vendor_minutes: int | None
    leadership_minutes: int | None

    def __post_init__(self) -> None:
        """Check the minutes and store arrival targets as a tuple of pairs in zone order (hashable)."""
        for name in ("respond_minutes", "escalate_minutes", "restore_minutes", "resolve_minutes"):
            _check_minutes(getattr(self, name), name)
        _check_minutes(self.vendor_minutes, "vendor_minutes")
        _check_minutes(self.leadership_minutes, "leadership_minutes")
        pairs = tuple(self.arrive_minutes.items()) if isinstance(self.arrive_minutes, Mapping) else self.arrive_minutes
        arrival: dict[Zone, int | None] = {}
        for zone, minutes in pairs:
            zone_value = Zone(zone)
            if zone_value in arrival:
                raise ValueError(f"arrive_minutes names zone {zone_value.value!r} twice")
            _check_minutes(minutes, f"arrive_minutes[{zone_value.value}]")
            arrival[zone_value] = minutes
        object.__setattr__(self, "arrive_minutes", tuple((zone, arrival[zone]) for zone in Zone if zone in arrival))

    def arrive_minutes_in(self, zone: Zone) -> int | None:
        """The on-site arrival target for ``zone``; ``None`` when there is none (SPEC §2; 篇1 4.9)."""
        for target_zone, minutes in self.arrive_minutes:
            if target_zone == zone:
                return minutes
        return None


@dataclass(frozen=True, slots=True)
class SlaTargets:
    """An SLA policy's targets: one :class:`ClassTargets` for each of the four classes (SPEC §2; 篇1 4.9)."""

    per_class: tuple[tuple[Severity, ClassTargets], ...]

    def __post_init__(self) -> None:
        """Require exactly one entry per class and store them in class order."""
        pairs = tuple(self.per_class.items()) if isinstance(self.per_class, Mapping) else self.per_class
        by_class: dict[Severity, ClassTargets] = {}
        for severity, targets in pairs:
            key = Severity(severity)
            if key in by_class:
                raise ValueError(f"per_class names class {int(key)} twice")
            by_class[key] = targets
        missing = [int(severity) for severity in Severity if severity not in by_class]
        if missing:
            raise ValueError(f"per_class lacks targets for class(es) {missing}")
        object.__setattr__(self, "per_class", tuple((severity, by_class[severity]) for severity in Severity))

    def for_class(self, severity: Severity) -> ClassTargets:
        """The targets of the class ``severity`` (SPEC §2)."""
        return self.per_class[Severity(severity) - 1][1]

    def replacing(self, changes: Mapping[Severity, ClassTargets]) -> SlaTargets:
        """Return a copy with the targets of some classes replaced; the others are kept (SPEC §2)."""
        return SlaTargets(tuple((severity, changes.get(severity, targets)) for severity, targets in self.per_class))


def _default_class(
    respond: int,
    escalate: int,
    restore: int | None,
    local: int,
    province: int,
    vendor: int | None,
    leadership: int | None,
) -> ClassTargets:
    return ClassTargets(
        respond_minutes=respond,
        escalate_minutes=escalate,
        restore_minutes=restore,
        resolve_minutes=None,
        arrive_minutes=arrival_by_zone(local, province, None),
        vendor_minutes=vendor,
        leadership_minutes=leadership,
    )


DEFAULT_TARGETS = SlaTargets(
    (
        (Severity.CRITICAL, _default_class(5, 0, 240, 40, 300, 240, 480)),
        (Severity.MAJOR, _default_class(10, 30, 240, 60, 360, 240, 480)),
        (Severity.MINOR, _default_class(10, 60, 240, 60, 480, 240, 480)),
        (Severity.NON_FAULT, _default_class(10, 60, None, 120, 600, None, None)),
    )
)
"""The default service level table 故障响应时间表 (SPEC §2; 篇1 4.9).

Respond 5/10/10/10 min; escalate immediately/0.5 h/1 h/1 h; restore 4 h (n/a for class 4); on
site in 合肥市 40 min/1 h/1 h/2 h and in the rest of 安徽省 5/6/8/10 h; no target elsewhere and no
resolve target. The table does not time tiers 3 and 4: the vendor TSC is brought in when the
restore target (4 h) passes and leadership goes on site at 8 h, for classes 1–3 only.
"""


def _huawei_class(severity: Severity, respond: int, on_site: int, report_to_vendor: int) -> ClassTargets:
    default = DEFAULT_TARGETS.for_class(severity)
    return ClassTargets(
        respond_minutes=respond,
        escalate_minutes=default.escalate_minutes,
        restore_minutes=default.restore_minutes,
        resolve_minutes=default.resolve_minutes,
        arrive_minutes=arrival_by_zone(on_site, on_site, on_site),
        vendor_minutes=report_to_vendor,
        leadership_minutes=default.leadership_minutes,
    )


HUAWEI_TARGETS = SlaTargets(
    (
        (Severity.CRITICAL, _huawei_class(Severity.CRITICAL, 60, 240, 120)),
        (Severity.MAJOR, _huawei_class(Severity.MAJOR, 120, 1440, 1440)),
        (Severity.MINOR, _huawei_class(Severity.MINOR, 120, 2880, 2880)),
        (Severity.NON_FAULT, _huawei_class(Severity.NON_FAULT, 120, 5760, 5760)),
    )
)
"""Huawei 3Com fault levels 1–4 (SPEC §2; 篇1 3.1).

Respond 1 h/2 h/2 h/2 h; on site "by the fastest local transport" (taken as 4 h, our
assumption)/24 h/48 h/96 h in every zone; report to Huawei 2 h/24 h/48 h/96 h. Escalation,
restore and leadership targets are those of the default table.
"""


def _dell_class(severity: Severity) -> ClassTargets:
    default = DEFAULT_TARGETS.for_class(severity)
    return ClassTargets(
        respond_minutes=default.respond_minutes,
        escalate_minutes=default.escalate_minutes,
        restore_minutes=default.restore_minutes,
        resolve_minutes=default.resolve_minutes,
        arrive_minutes=arrival_by_zone(240, 240, 240),
        vendor_minutes=default.vendor_minutes,
        leadership_minutes=default.leadership_minutes,
    )


DELL_TARGETS = SlaTargets(tuple((severity, _dell_class(severity)) for severity in Severity))
"""Dell: an authorised engineer on site within 4 hours, 24×7, in every zone (SPEC §2; 篇1 3.2).

Dell's clock starts when its phone support has confirmed the fault remotely; pass that instant
as ``reported_at`` and a 7×24 calendar (e.g. as ``arrive_calendar``). Other targets are the default
table's.
"""


@dataclass(frozen=True, slots=True)
class Deadlines:
    """The deadlines of one request, fixed at intake (SPEC §2); ``None`` where the policy sets no target.

    ``uncertain`` when any deadline used a date of a year without holiday data.
    """

    respond_by: datetime | None
    escalate_by: datetime | None
    restore_by: datetime | None
    arrive_by: datetime | None
    resolve_by: datetime | None
    vendor_by: datetime | None
    leadership_by: datetime | None
    uncertain: bool


def deadlines_for(
    targets: SlaTargets,
    calendar: WorkCalendar,
    severity: Severity,
    zone: Zone,
    reported_at: datetime,
    pauses: Sequence[tuple[datetime, datetime]] = (),
    *,
    arrive_calendar: WorkCalendar | None = None,
) -> Deadlines:
    """Compute every deadline of a request reported at ``reported_at`` (SPEC §2; 篇1 3.1, 3.2, 4.9).

    Each deadline is the class's target in working minutes of ``calendar`` added to ``reported_at``,
    then pushed back by the working time of the customer-wait ``pauses``. The arrival deadline uses
    the target of ``zone`` and, when given, ``arrive_calendar`` (Dell's on-site promise is 24×7 while
    its phone support keeps office hours).
    """
    class_targets = targets.for_class(severity)
    computed: dict[tuple[int, int], datetime] = {}
    uncertain = False
    calendars = (calendar, calendar if arrive_calendar is None else arrive_calendar)

    def deadline(minutes: int | None, calendar_index: int = 0) -> datetime | None:
        nonlocal uncertain
        if minutes is None:
            return None
        key = (minutes, calendar_index)
        known = computed.get(key)
        if known is not None:
            return known
        used_calendar = calendars[calendar_index]
        result = add_working_minutes(used_calendar, reported_at, minutes)
        if pauses:
            shifted = shift_for_pauses(used_calendar, result.at, pauses)
            uncertain = uncertain or result.uncertain or shifted.uncertain
            computed[key] = shifted.at
        else:
            uncertain = uncertain or result.uncertain
            computed[key] = result.at
        return computed[key]

    return Deadlines(
        respond_by=deadline(class_targets.respond_minutes),
        escalate_by=deadline(class_targets.escalate_minutes),
        restore_by=deadline(class_targets.restore_minutes),
        arrive_by=deadline(class_targets.arrive_minutes_in(zone), 1),
        resolve_by=deadline(class_targets.resolve_minutes),
        vendor_by=deadline(class_targets.vendor_minutes),
        leadership_by=deadline(class_targets.leadership_minutes),
        uncertain=uncertain,
    )


def escalation_ladder(deadlines: Deadlines) -> tuple[tuple[Tier, datetime], ...]:
    """The escalation steps of a request: (tier, when it is due), in tier order (SPEC §2; 篇1 4.9, 4.13).

    Steps are expert group at ``escalate_by``, vendor TSC at ``vendor_by`` and leadership at
    ``leadership_by``; a step without a deadline is skipped, and a step due before the previous one
    is clamped to it so the ladder never goes back in time.
    """
    steps: list[tuple[Tier, datetime]] = []
    for tier, due_at in (
        (Tier.EXPERT_GROUP, deadlines.escalate_by),
        (Tier.VENDOR, deadlines.vendor_by),
        (Tier.LEADERSHIP, deadlines.leadership_by),
    ):
        if due_at is None:
            continue
        if steps and due_at < steps[-1][1]:
            due_at = steps[-1][1]
        steps.append((tier, due_at))
    return tuple(steps)


def due_tier(deadlines: Deadlines, at: datetime) -> Tier:
    """The tier an unsolved request should have reached at ``at`` (SPEC §2; 篇1 4.9, 4.13).

    The highest ladder step due at or before ``at``; the service desk when none is due yet.
    """
    reached = Tier.DESK
    for tier, due_at in escalation_ladder(deadlines):
        if due_at > at:
            break
        reached = tier
    return reached


def next_escalation_at(deadlines: Deadlines, current_tier: Tier) -> datetime | None:
    """When a request at ``current_tier`` is next due to climb; ``None`` when no higher step exists (SPEC §2)."""
    for tier, due_at in escalation_ladder(deadlines):
        if tier > current_tier:
            return due_at
    return None
