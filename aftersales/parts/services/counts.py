"""Stock counts (盘点, 篇1 2.7): open with a snapshot, enter counted quantities, close with adjustments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Sum

from aftersales.accounts.models import User
from aftersales.core import clock
from aftersales.core.errors import conflict, invalid, not_found, unknown_reference
from aftersales.parts.choices import CountStatus, MoveKind
from aftersales.parts.models import Location, Part, Stock, StockCount, StockCountLine, StockMove
from aftersales.parts.policy import ledger
from aftersales.parts.services._common import _balance, _location, _refused, _write, ensure_can_keep_store

MAX_COUNT_LINES = 5_000


@dataclass(frozen=True)
class CountEntry:
    """What a counter found of one part (盘点录入)."""

    part_id: int
    counted: int
    note: str = ""


def _count_for_update(count_id: int) -> StockCount:
    count = StockCount.objects.select_for_update(of=("self",)).select_related("location").filter(pk=count_id).first()
    if count is None:
        raise not_found("盘点", "Stock count")
    if count.status != CountStatus.OPEN:
        raise conflict(
            "parts_count_not_open",
            "该盘点已{status}，不能再修改",
            "This stock count is {status_en}",
            status=count.get_status_display(),
            status_en=count.status,
        )
    return count


@transaction.atomic
def stock_count_open(*, actor: User, location_id: int, note: str = "") -> StockCount:
    """Start a stock count (盘点) of a location: the book quantity of every part there is the expected one."""
    ensure_can_keep_store(actor)
    location = _location(location_id)
    if StockCount.objects.filter(location=location, status=CountStatus.OPEN).exists():
        raise conflict(
            "parts_count_already_open",
            "「{name}」已有进行中的盘点",
            "{name} already has a count in progress",
            name=location.name,
        )
    try:
        with transaction.atomic():
            count = StockCount.objects.create(location=location, opened_by=actor, opened_at=clock.now(), note=note)
    except IntegrityError as exc:
        raise conflict(
            "parts_count_already_open",
            "「{name}」已有进行中的盘点",
            "{name} already has a count in progress",
            name=location.name,
        ) from exc
    StockCountLine.objects.bulk_create(
        [
            StockCountLine(count=count, part_id=part_id, expected=on_hand)
            for part_id, on_hand in Stock.objects.filter(location=location)
            .order_by("part_id")
            .values_list("part_id", "on_hand")
        ]
    )
    return count


def _book_at(part_id: int, location_id: int, at: dt.datetime) -> int:
    """The book quantity of a part at a location at an instant, from the ledger."""
    total = StockMove.objects.filter(part_id=part_id, location_id=location_id, at__lte=at).aggregate(
        total=Sum("on_hand_delta")
    )["total"]
    return total or 0


@transaction.atomic
def stock_count_record(*, actor: User, count_id: int, entries: Sequence[CountEntry]) -> StockCount:
    """Enter counted quantities; a part found that was not on the list is added (expected: the book at opening)."""
    ensure_can_keep_store(actor)
    count = _count_for_update(count_id)
    if len(entries) > MAX_COUNT_LINES:
        raise invalid(
            "parts_count_too_many_lines",
            "一次最多录入 {limit} 行",
            "At most {limit} lines at once",
            limit=MAX_COUNT_LINES,
        )
    part_ids = {e.part_id for e in entries}
    if len(part_ids) != len(entries):
        raise invalid("parts_count_duplicate_part", "同一备件录入了多次", "The same part was entered more than once")
    known = set(Part.objects.filter(pk__in=part_ids).values_list("pk", flat=True))
    if part_ids - known:
        raise unknown_reference("备件", "Part", part_ids=sorted(part_ids - known))
    lines = {line.part_id: line for line in count.lines.filter(part_id__in=part_ids)}
    for entry in entries:
        if isinstance(entry.counted, bool) or not isinstance(entry.counted, int) or entry.counted < 0:
            raise _refused(ledger.Refusal.COUNT_NEGATIVE)
        line = lines.get(entry.part_id)
        if line is None:
            line = StockCountLine(
                count=count, part_id=entry.part_id, expected=_book_at(entry.part_id, count.location_id, count.opened_at)
            )
        line.counted = entry.counted
        line.note = entry.note[:200]
        line.save()
    count.version += 1
    count.save(update_fields=["version", "updated_at"])
    return count


@transaction.atomic
def stock_count_close(*, actor: User, count_id: int) -> StockCount:
    """Finish a count: each line's discrepancy against the book now is recorded and written as a count adjustment.

    The count says what is on the shelf when it closes, so on_hand becomes the counted quantity; moves made
    while the count was open are already in the book and are not counted twice. Every line must be counted,
    and no count may fall below what is reserved there; otherwise nothing is stored.
    """
    ensure_can_keep_store(actor)
    count = _count_for_update(count_id)
    lines = list(count.lines.select_related("part").order_by("part_id"))
    missing = [line.part.part_number for line in lines if line.counted is None]
    if missing:
        raise conflict(
            "parts_count_incomplete",
            "还有 {n} 个备件未录入实盘数量：{parts}",
            "{n} parts have no counted quantity yet: {parts}",
            n=len(missing),
            parts=", ".join(missing[:10]),
        )
    rows = _locked_rows_for_count(count.location, [line.part_id for line in lines])
    at = clock.now()
    for line in lines:
        stock = rows[line.part_id]
        plan = ledger.plan_count_adjust(_balance(stock), line.counted)  # type: ignore[arg-type]  (checked above)
        if plan.refusal is not None:
            raise _refused(
                plan.refusal,
                part=f"{line.part.part_number} {line.part.name}",
                counted=line.counted,
                reserved=stock.reserved,
            )
        line.book_at_close = stock.on_hand
        line.discrepancy = plan.effect.on_hand_delta if plan.effect else 0
        line.save(update_fields=["book_at_close", "discrepancy"])
        if line.discrepancy:
            _write(
                stock,
                plan,
                kind=MoveKind.COUNT_ADJUST,
                quantity=abs(line.discrepancy),
                actor=actor,
                at=at,
                note=line.note or f"盘点 #{count.pk}",
                stock_count=count,
            )
    count.status = CountStatus.CLOSED
    count.closed_by = actor
    count.closed_at = at
    count.version += 1
    count.save(update_fields=["status", "closed_by", "closed_at", "version", "updated_at"])
    return count


def _locked_rows_for_count(location: Location, part_ids: list[int]) -> dict[int, Stock]:
    """Stock rows of the counted parts at the location (created when missing), locked in primary-key order."""
    existing = set(Stock.objects.filter(location=location, part_id__in=part_ids).values_list("part_id", flat=True))
    for part_id in part_ids:
        if part_id not in existing:
            Stock.objects.get_or_create(part_id=part_id, location=location)
    rows = Stock.objects.select_for_update().filter(location=location, part_id__in=part_ids).order_by("pk")
    return {row.part_id: row for row in rows}


@transaction.atomic
def stock_count_cancel(*, actor: User, count_id: int) -> StockCount:
    """Abandon an open count: nothing is adjusted; the lines stay as history."""
    ensure_can_keep_store(actor)
    count = _count_for_update(count_id)
    count.status = CountStatus.CANCELLED
    count.closed_by = actor
    count.closed_at = clock.now()
    count.version += 1
    count.save(update_fields=["status", "closed_by", "closed_at", "version", "updated_at"])
    return count
