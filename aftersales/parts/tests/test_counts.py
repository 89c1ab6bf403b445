"""Stock counts (盘点): snapshot, entry, close with discrepancies written as count adjustments."""

from __future__ import annotations

import pytest

from aftersales.core.errors import DomainError
from aftersales.parts import selectors, services
from aftersales.parts.models import Stock, StockCount, StockMove

pytestmark = pytest.mark.django_db


def entry(part, counted, note=""):
    return services.CountEntry(part_id=part.pk, counted=counted, note=note)


def test_closing_a_count_records_discrepancies_and_adjusts_the_book(keeper, part, make_part, warehouse, stocked):
    # given 5 power modules and 2 disks on the books
    stocked(5)
    disk = make_part(part_number="DELL-0X8K", name="硬盘")
    services.part_receive(actor=keeper, part_id=disk.pk, location_id=warehouse.pk, quantity=2)
    count = services.stock_count_open(actor=keeper, location_id=warehouse.pk, note="11月月度盘点")
    expected = {line.part_id: line.expected for line in count.lines.all()}
    # when the shelf has 4 modules and 3 disks, and a fan that is not on the books
    fan = make_part(part_number="FAN-01", name="风扇模块")
    services.stock_count_record(
        actor=keeper, count_id=count.pk, entries=[entry(part, 4, "一个模块找不到"), entry(disk, 3), entry(fan, 1)]
    )
    services.stock_count_close(actor=keeper, count_id=count.pk)
    # then
    closed = selectors.stock_count_get(keeper, count.pk)
    assert expected == {part.pk: 5, disk.pk: 2}
    assert closed.status == "closed"
    assert [
        (x.part.part_number, x.expected, x.counted, x.book_at_close, x.discrepancy) for x in closed.ordered_lines
    ] == [("02310XYZ", 5, 4, 5, -1), ("DELL-0X8K", 2, 3, 2, 1), ("FAN-01", 0, 1, 0, 1)]
    adjustments = StockMove.objects.filter(kind="count_adjust").order_by("part__part_number")
    assert [(m.part.part_number, m.quantity, m.on_hand_delta, m.stock_count_id, m.note) for m in adjustments] == [
        ("02310XYZ", 1, -1, count.pk, "一个模块找不到"),
        ("DELL-0X8K", 1, 1, count.pk, f"盘点 #{count.pk}"),
        ("FAN-01", 1, 1, count.pk, f"盘点 #{count.pk}"),
    ]
    assert {s.part.part_number: s.on_hand for s in Stock.objects.select_related("part")} == {
        "02310XYZ": 4,
        "DELL-0X8K": 3,
        "FAN-01": 1,
    }
    assert selectors.ledger_check(deep=True) == []


def test_moves_during_a_count_are_not_counted_twice(keeper, part, warehouse, stocked):
    # given a count opened on 5 units, then 2 issued while it runs
    stocked(5)
    count = services.stock_count_open(actor=keeper, location_id=warehouse.pk)
    services.part_issue(actor=keeper, part_id=part.pk, location_id=warehouse.pk, quantity=2)
    # when the shelf shows 3
    services.stock_count_record(actor=keeper, count_id=count.pk, entries=[entry(part, 3)])
    services.stock_count_close(actor=keeper, count_id=count.pk)
    # then no discrepancy and no adjustment
    line = count.lines.get()
    assert (line.expected, line.counted, line.book_at_close, line.discrepancy) == (5, 3, 3, 0)
    assert StockMove.objects.filter(kind="count_adjust").count() == 0


def test_a_count_cannot_close_until_every_line_is_counted(keeper, part, make_part, warehouse, stocked):
    stocked(5)
    disk = make_part(part_number="DELL-0X8K", name="硬盘")
    services.part_receive(actor=keeper, part_id=disk.pk, location_id=warehouse.pk, quantity=2)
    count = services.stock_count_open(actor=keeper, location_id=warehouse.pk)
    services.stock_count_record(actor=keeper, count_id=count.pk, entries=[entry(part, 0)])
    with pytest.raises(DomainError) as refused:
        services.stock_count_close(actor=keeper, count_id=count.pk)
    assert refused.value.code == "parts_count_incomplete"
    assert refused.value.message_zh == "还有 1 个备件未录入实盘数量：DELL-0X8K"
    assert StockCount.objects.get().status == "open"
    assert StockMove.objects.filter(kind="count_adjust").count() == 0


def test_a_count_below_the_reservations_is_refused_and_stores_nothing(
    keeper, part, make_part, warehouse, ticket, stocked
):
    # given 5, of which 3 reserved, and a second part that would be adjusted first
    stocked(5)
    services.part_reserve(actor=keeper, part_id=part.pk, location_id=warehouse.pk, quantity=3, ticket_id=ticket.pk)
    fan = make_part(part_number="A-FAN", name="风扇")
    count = services.stock_count_open(actor=keeper, location_id=warehouse.pk)
    services.stock_count_record(actor=keeper, count_id=count.pk, entries=[entry(part, 2), entry(fan, 4)])
    # when
    with pytest.raises(DomainError) as refused:
        services.stock_count_close(actor=keeper, count_id=count.pk)
    # then
    assert refused.value.code == "parts_count_below_reserved"
    assert StockMove.objects.filter(kind="count_adjust").count() == 0
    assert Stock.objects.get(part=part).on_hand == 5
    assert not Stock.objects.filter(part=fan).exists()
    assert StockCount.objects.get().status == "open"
    assert list(count.lines.values_list("book_at_close", flat=True)) == [None, None]


def test_one_open_count_per_location_and_history_is_kept(keeper, part, warehouse, stocked):
    stocked(1)
    first = services.stock_count_open(actor=keeper, location_id=warehouse.pk)
    with pytest.raises(DomainError) as refused:
        services.stock_count_open(actor=keeper, location_id=warehouse.pk)
    services.stock_count_cancel(actor=keeper, count_id=first.pk)
    second = services.stock_count_open(actor=keeper, location_id=warehouse.pk)
    assert refused.value.code == "parts_count_already_open"
    assert [(c.pk, c.status, c.line_count) for c in selectors.stock_count_list(keeper)] == [
        (second.pk, "open", 1),
        (first.pk, "cancelled", 1),
    ]
    with pytest.raises(DomainError) as closed:
        services.stock_count_record(actor=keeper, count_id=first.pk, entries=[entry(part, 1)])
    assert closed.value.code == "parts_count_not_open"


def test_engineers_do_not_run_stock_counts(engineer, warehouse):
    with pytest.raises(DomainError) as refused:
        services.stock_count_open(actor=engineer, location_id=warehouse.pk)
    assert refused.value.status == 403
    assert StockCount.objects.count() == 0
