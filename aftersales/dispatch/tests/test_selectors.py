"""Tests of the field-service reads: dispatch candidates (ranking, duty, skills, deadline), query counts, my day."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.dispatch import selectors, services
from aftersales.tickets import selectors as tickets

pytestmark = pytest.mark.django_db


def names(rows) -> list[str]:
    return [r.name for r in rows]


@pytest.fixture
def fuyang_ticket(now, make_ticket, province_customer, fuyang_asset):
    """A class-2 fault of a Dell server in 阜阳, reported now, loaded as the pages load it."""
    ticket = make_ticket(province_customer, asset_id=fuyang_asset.pk)
    return tickets.ticket_get(ticket.created_by, ticket.pk)


def test_the_same_city_comes_first_then_the_soonest_arrival(fuyang_ticket, now, make_engineer, make_partner):
    # given
    make_engineer("hefei", "合肥市", name="合肥工程师")
    make_engineer("luan", "六安市", name="六安工程师")
    make_engineer("fuyang", "阜阳市", name="阜阳工程师")
    make_partner("阜阳云智电脑公司", "阜阳市")
    make_partner("黄山新世纪电脑公司", "黄山市", kind="service")
    # when
    rows = selectors.dispatch_candidates(fuyang_ticket, now)
    # then
    # equally near (both in 阜阳, same arrival): our engineer before the partner
    assert names(rows) == ["阜阳工程师", "阜阳云智电脑公司", "六安工程师", "合肥工程师", "黄山新世纪电脑公司"]
    assert [(r.kind, r.same_region, r.travel_minutes) for r in rows[:2]] == [
        ("engineer", True, 30),
        ("partner", True, 30),
    ]
    assert [r.distance_km for r in rows] == [0.0, 0.0, 187.9, 231.7, 554.8]
    assert (rows[2].travel_minutes, rows[2].eta) == (188, now + dt.timedelta(minutes=188))


def test_the_arrival_deadline_is_compared_for_each_candidate(fuyang_ticket, now, make_engineer, make_partner):
    # given: class 2 in the province must be on site within 6 hours
    make_engineer("hefei", "合肥市", name="合肥工程师")
    make_partner("黄山新世纪电脑公司", "黄山市", kind="service")
    # when
    rows = selectors.dispatch_candidates(fuyang_ticket, now)
    # then
    assert fuyang_ticket.arrive_by == now + dt.timedelta(hours=6)
    assert [(r.name, r.meets_arrive_by) for r in rows] == [("合肥工程师", True), ("黄山新世纪电脑公司", False)]


def test_off_duty_engineers_and_inactive_partners_are_left_out(fuyang_ticket, now, make_engineer, make_partner):
    make_engineer("night", "阜阳市", name="夜班工程师", on_duty=False)
    make_engineer("day", "合肥市", name="白班工程师")
    make_partner("停业伙伴", "阜阳市", is_active=False)
    assert names(selectors.dispatch_candidates(fuyang_ticket, now)) == ["白班工程师"]


def test_only_engineers_skilled_in_the_assets_vendor_and_category_qualify(
    fuyang_ticket, now, make_engineer, huawei, dell
):
    make_engineer("hw", "阜阳市", name="华为工程师", vendors=[huawei])
    make_engineer("net", "阜阳市", name="网络工程师", vendors=[dell], categories=["交换机"])
    make_engineer("srv", "合肥市", name="戴尔服务器工程师", vendors=[dell, huawei], categories=["服务器", "存储"])
    assert names(selectors.dispatch_candidates(fuyang_ticket, now)) == ["戴尔服务器工程师"]


def test_a_request_without_an_asset_takes_any_engineer_on_duty(
    now, make_ticket, province_customer, make_engineer, huawei
):
    make_engineer("hw", "阜阳市", name="华为工程师", vendors=[huawei], categories=[])
    ticket = make_ticket(province_customer)
    assert names(selectors.dispatch_candidates(ticket, now)) == ["华为工程师"]


def test_candidates_take_the_same_number_of_queries_for_few_and_many_engineers(
    fuyang_ticket,
    now,
    make_engineer,
    make_partner,
    django_assert_num_queries,
):
    # given
    make_partner("阜阳云智电脑公司", "阜阳市")
    make_engineer("e0", "阜阳市")
    with django_assert_num_queries(3):  # engineers, partners, regions
        assert len(selectors.dispatch_candidates(fuyang_ticket, now)) == 2
    # when: thirty more engineers
    for i in range(1, 31):
        make_engineer(f"e{i}", "合肥市" if i % 2 else "六安市")
    # then
    with django_assert_num_queries(3):
        assert len(selectors.dispatch_candidates(fuyang_ticket, now)) == 32


def test_the_engineer_list_takes_a_fixed_number_of_queries(now, make_engineer, supervisor, django_assert_num_queries):
    for i in range(12):
        make_engineer(f"e{i}", "合肥市")
    with django_assert_num_queries(4):
        page = selectors.engineer_list(supervisor, limit=10)
        items = [(e.user.username, [v.name for v in e.vendors.all()], len(e.current_shifts)) for e in page.items]
    assert items[0] == ("e0", ["戴尔"], 1)
    assert len(items) == 10
    assert page.next_cursor is not None


def test_my_day_lists_the_work_dispatched_to_me_and_planned_visits(
    now, supervisor, make_engineer, make_ticket, province_customer, customer
):
    # given
    me, other = make_engineer("me", "阜阳市"), make_engineer("other", "合肥市")
    today = make_ticket(province_customer, title="今天上门")
    planned = make_ticket(province_customer, title="下周巡检", severity=4)
    theirs = make_ticket(customer, title="别人的")
    services.dispatch_assign(ticket_id=today.pk, actor=supervisor, engineer_id=me.pk)
    services.dispatch_assign(
        ticket_id=planned.pk, actor=supervisor, engineer_id=me.pk, planned_for=now + dt.timedelta(days=3)
    )
    services.dispatch_assign(ticket_id=theirs.pk, actor=supervisor, engineer_id=other.pk)
    # when
    day = selectors.my_day(me.user)
    # then
    assert [d.ticket.title for d in day.work] == ["今天上门"]
    assert [d.ticket.title for d in day.upcoming] == ["下周巡检"]
    assert day.visits == []


def test_a_company_listed_twice_is_one_candidate_under_the_entry_of_its_users(
    fuyang_ticket, now, make_partner, make_user
):
    # given: the same company as alliance and as service partner; its engineer's account is on the second entry
    make_partner("阜阳双栖科技", "阜阳市", kind="alliance")
    second = make_partner("阜阳双栖科技", "阜阳市", kind="service")
    make_user("twin.partner", "partner", partner=second)
    # when
    rows = selectors.dispatch_candidates(fuyang_ticket, now)
    # then
    twins = [r for r in rows if r.name == "阜阳双栖科技"]
    assert [(r.kind, r.id) for r in twins] == [("partner", second.pk)]
