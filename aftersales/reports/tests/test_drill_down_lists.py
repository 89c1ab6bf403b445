"""The dashboard's charts that drill down to lists other than the queue (complaints, parts consumed,
satisfaction): each point's link opens its list filtered to exactly the rows the point counts. On hand-built
rows around the period (Beijing dates), in and out of the region and customer filtered, the page behind each
point's link lists as many rows as the point shows."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from aftersales.reports import dashboard, services
from aftersales.reports.selectors import Filters
from aftersales.reports.tests.conftest import NOW, china

PERIOD = Filters(date_from=dt.date(2026, 11, 1), date_to=dt.date(2026, 11, 10))


def rows_on(client, link: str, marker: str) -> int:
    """The rows the page at `link` lists (every page of a cursor-paged list)."""
    count = 0
    url = link
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        count += len(re.findall(marker, html))
        more = re.search(r'href="(\?[^"]*cursor=[^"]*)"', html)
        url = (link.split("?")[0] + more.group(1).replace("&amp;", "&")) if more else None
    return count


@pytest.fixture
def complaints(now, supervisor, customer, province_customer):
    """Complaints of each reply outcome, in the period and just outside it, for two customers (two regions)."""
    from aftersales.complaints import services
    from aftersales.complaints.models import Complaint

    def make(received, *, reply_by, replied_at=None, customer_obj=customer):
        c = services.complaint_open(source="hotline", customer_id=customer_obj.pk, summary="到场晚了", actor=supervisor)
        Complaint.objects.filter(pk=c.pk).update(received_at=received, reply_by=reply_by, replied_at=replied_at)

    make(china(2026, 11, 2, 9), reply_by=china(2026, 11, 2, 11), replied_at=china(2026, 11, 2, 10))  # on time
    make(china(2026, 11, 3, 9), reply_by=china(2026, 11, 3, 11), replied_at=china(2026, 11, 3, 12))  # late
    make(china(2026, 11, 9, 9), reply_by=china(2026, 11, 9, 11))  # overdue
    make(china(2026, 11, 10, 11), reply_by=china(2026, 11, 10, 13))  # pending
    make(china(2026, 11, 1, 0, 5), reply_by=china(2026, 11, 1, 2), customer_obj=province_customer)  # overdue
    make(  # on time, another region
        china(2026, 11, 4, 9),
        reply_by=china(2026, 11, 4, 11),
        replied_at=china(2026, 11, 4, 9, 30),
        customer_obj=province_customer,
    )
    make(china(2026, 10, 31, 23, 55), reply_by=china(2026, 11, 1, 1))  # the day before the period (Beijing)
    make(china(2026, 11, 11, 0, 5), reply_by=china(2026, 11, 11, 2))  # after the period


@pytest.mark.parametrize("narrow", ["none", "region", "customer"])
def test_each_complaints_point_lists_what_it_counts(client, complaints, supervisor, customer, narrow):
    filters = {
        "none": PERIOD,
        "region": Filters(PERIOD.date_from, PERIOD.date_to, region_id=customer.region_id),
        "customer": Filters(PERIOD.date_from, PERIOD.date_to, customer_id=customer.pk),
    }[narrow]
    client.force_login(supervisor)
    charts = dashboard.other_charts(filters, NOW)
    points = charts["complaints"]
    assert [p["value"] for p in points] == ([2, 1, 2, 1] if narrow == "none" else [1, 1, 1, 1])
    for point in points:
        assert rows_on(client, point["link"], 'class="complaint-row') == point["value"], point
    whole = dashboard.chart_links(filters)["complaints"]
    assert rows_on(client, whole, 'class="complaint-row') == charts["complaints_total"]


def test_a_bad_reply_outcome_is_ignored_like_the_lists_other_filters(client, complaints, supervisor):
    client.force_login(supervisor)
    assert rows_on(client, "/complaints/?reply=sometime", 'class="complaint-row') == 8
    assert rows_on(client, "/complaints/?received_from=2026-13-01&reply=late", 'class="complaint-row') == 1


@pytest.fixture
def consumed(frozen_now, make_ticket, make_user, customer, province_customer):
    """Parts issued in the period and just outside it (Beijing dates), to requests of two customers in two
    regions and to no request; the demo's receipts stand in the same ledger and are no consumption."""
    from aftersales.parts import demo as parts_demo
    from aftersales.parts.models import Location, Part, Stock
    from aftersales.parts.services.stock import part_issue, part_receive

    warehouse = make_user("store", "warehouse")
    with frozen_now(china(2026, 10, 1, 9)):
        parts_demo.parts_demo_load(actor=warehouse)
        location = Location.objects.order_by("pk").first()
        for part in Part.objects.order_by("pk")[:2]:
            part_receive(actor=warehouse, part_id=part.pk, location_id=location.pk, quantity=20)
    first, second = Stock.objects.filter(location=location).order_by("part_id")[:2]
    here = make_ticket(china(2026, 11, 1, 8))
    there = make_ticket(china(2026, 11, 1, 8), customer_obj=province_customer)
    for at, stock, quantity, ticket in (
        (china(2026, 11, 2, 9), first, 2, here),
        (china(2026, 11, 5, 9), first, 1, there),
        (china(2026, 11, 10, 11), first, 1, here),
        (china(2026, 10, 31, 23, 30), first, 3, here),  # the day before the period
        (china(2026, 11, 11, 0, 10), first, 4, here),  # the day after
        (china(2026, 11, 3, 9), second, 1, None),  # out of the store with no request
        (china(2026, 11, 4, 9), second, 2, there),
    ):
        with frozen_now(at):
            part_issue(
                actor=warehouse,
                part_id=stock.part_id,
                location_id=stock.location_id,
                quantity=quantity,
                ticket_id=ticket.pk if ticket else None,
            )
    return warehouse, Part.objects.get(pk=first.part_id), Part.objects.get(pk=second.part_id)


def ledger_rows(client, link: str) -> tuple[int, int]:
    """The moves the ledger page at `link` lists and the units they move (every page)."""
    rows = units = 0
    url = link
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        quantities = [int(q) for q in re.findall(r'class="move-row" data-quantity="(\d+)"', html)]
        rows, units = rows + len(quantities), units + sum(quantities)
        more = re.search(r'href="(\?[^"]*cursor=[^"]*)"', html)
        url = (link.split("?")[0] + more.group(1).replace("&amp;", "&")) if more else None
    return rows, units


@pytest.mark.parametrize(
    ("narrow", "expected"),
    [("none", {"first": (3, 4), "second": (2, 3)}), ("region", {"first": (2, 3)}), ("customer", {"first": (2, 3)})],
)
@pytest.mark.parametrize("held", [None, 10**6, 1], ids=["live", "rollup", "rollup-per-customer"])
def test_each_parts_point_lists_the_issues_it_sums(
    client, frozen_now, monkeypatch, consumed, customer, narrow, expected, held
):
    """`expected`: per part, the issues its point's ledger lists and the units the point shows — counted live, or
    from the rollup for the days before its run (2026-11-06: both customers' issues and one to no request) and
    live after; with
    `held` 1 every customer is a large one (its rows of its own)."""
    warehouse, first, second = consumed
    if held:
        monkeypatch.setattr(services, "CUSTOMER_ROLLUP_MIN", held)
        services.sla_rollup(full=True, at=china(2026, 11, 6, 10))
    names = {"first": f"{first.part_number} {first.name}", "second": f"{second.part_number} {second.name}"}
    filters = {
        "none": PERIOD,
        "region": Filters(PERIOD.date_from, PERIOD.date_to, region_id=customer.region_id),
        "customer": Filters(PERIOD.date_from, PERIOD.date_to, customer_id=customer.pk),
    }[narrow]
    client.force_login(warehouse)
    with frozen_now(NOW):
        points = dashboard.other_charts(filters, NOW)["parts"]
        assert {p["name"]: p["value"] for p in points} == {names[k]: units for k, (_rows, units) in expected.items()}
        by_name = {names[k]: v for k, v in expected.items()}
        for point in points:
            assert ledger_rows(client, point["link"]) == by_name[point["name"]], point


def test_a_bad_ledger_filter_is_ignored_like_the_stock_lists(client, consumed):
    warehouse, first, _second = consumed
    client.force_login(warehouse)
    everything = ledger_rows(client, f"/parts/{first.pk}/ledger/")
    assert ledger_rows(client, f"/parts/{first.pk}/ledger/?consumed=1&from=2026-11-31&to=x")[0] == 5
    assert ledger_rows(client, f"/parts/{first.pk}/ledger/?consumed=yes-please&region_id=abc")[0] == 5
    assert everything[0] > 5  # the receipts too


TWO_MONTHS = Filters(date_from=dt.date(2026, 10, 20), date_to=dt.date(2026, 11, 10))


@pytest.fixture
def scores(now, make_ticket, customer, province_customer):
    """Callback scores and survey ratings in October and November of the period and just outside it (Beijing
    dates), for two customers in two regions; callbacks without a score and questions without a rating too."""
    from aftersales.followups.models import Callback, Question, Survey, SurveyAnswer, SurveyInvitation

    def callback(done_at, satisfaction, customer_obj=customer):
        ticket = make_ticket(done_at - dt.timedelta(days=2), customer_obj=customer_obj, status="closed")
        Callback.objects.create(
            ticket=ticket,
            customer=customer_obj,
            resolved_at=done_at - dt.timedelta(days=1),
            due_on=done_at.date(),
            status="done" if satisfaction else "unreachable",
            satisfaction=satisfaction,
            done_at=done_at,
        )

    callback(china(2026, 10, 20, 0, 10), 5)
    callback(china(2026, 10, 31, 23, 50), 3)
    callback(china(2026, 11, 1, 0, 10), 4)
    callback(china(2026, 11, 9, 10), 2, province_customer)
    callback(china(2026, 11, 9, 11), None)  # not reached: no score
    callback(china(2026, 10, 19, 23, 50), 1)  # before the period
    callback(china(2026, 11, 11, 0, 10), 1)  # after it

    def invitation(n, responded_at, ratings, customer_obj=customer):
        survey = Survey.objects.create(name=f"调查{n}", starts_on=dt.date(2026, 10, 1), ends_on=dt.date(2026, 12, 31))
        inv = SurveyInvitation.objects.create(
            survey=survey,
            customer=customer_obj,
            name="王",
            channel="email",
            nonce=f"n{n}",
            expires_at=china(2026, 12, 31),
            responded_at=responded_at,
        )
        for position, rating in enumerate(ratings, start=1):
            question = Question.objects.create(survey=survey, position=position, kind="rating", text=f"题{position}")
            SurveyAnswer.objects.create(invitation=inv, question=question, rating=rating)
        text = Question.objects.create(survey=survey, position=len(ratings) + 1, kind="text", text="建议")
        SurveyAnswer.objects.create(invitation=inv, question=text, text="很好")

    invitation(1, china(2026, 10, 25, 9), [5, 4])
    invitation(2, china(2026, 11, 1, 0, 5), [3])
    invitation(3, china(2026, 11, 2, 9), [2, 2, 1], province_customer)
    invitation(4, china(2026, 10, 19, 23, 55), [1])  # before the period
    invitation(5, china(2026, 11, 11, 0, 5), [1])  # after it


@pytest.mark.parametrize(
    ("narrow", "callbacks", "surveys"),
    [
        ("none", {"2026-10": 2, "2026-11": 2}, {"2026-10": 2, "2026-11": 4}),
        ("region", {"2026-10": 2, "2026-11": 1}, {"2026-10": 2, "2026-11": 1}),
        ("customer", {"2026-10": 2, "2026-11": 1}, {"2026-10": 2, "2026-11": 1}),
    ],
)
@pytest.mark.parametrize("held", [None, 10**6, 1], ids=["live", "rollup", "rollup-per-customer"])
def test_each_satisfaction_point_lists_the_scores_it_averages(
    client, monkeypatch, scores, supervisor, customer, narrow, callbacks, surveys, held
):
    if held:  # the days before 2026-11-03 from the rollup (both customers' ratings), the rest live: November adds both
        monkeypatch.setattr(services, "CUSTOMER_ROLLUP_MIN", held)  # 1: every customer a large one
        services.sla_rollup(full=True, at=china(2026, 11, 3, 10))
    filters = {
        "none": TWO_MONTHS,
        "region": Filters(TWO_MONTHS.date_from, TWO_MONTHS.date_to, region_id=customer.region_id),
        "customer": Filters(TWO_MONTHS.date_from, TWO_MONTHS.date_to, customer_id=customer.pk),
    }[narrow]
    client.force_login(supervisor)
    chart = dashboard.other_charts(filters, NOW)["satisfaction"]
    assert chart["months"] == ["2026-10", "2026-11"]
    for kind, expected in (("callbacks", callbacks), ("survey", surveys)):
        for month, point in zip(chart["months"], chart[kind], strict=True):
            assert point["n"] == expected[month], (kind, month)
            listed = [
                int(s) for s in re.findall(r'class="rated-row" data-score="(\d)"', client.get(point["link"]).text)
            ]
            assert len(listed) == point["n"], (kind, month, point["link"])
            assert round(sum(listed) / len(listed), 2) == point["value"], (kind, month)


def test_a_bad_satisfaction_filter_is_ignored_and_without_rated_the_board_stays(client, scores, supervisor):
    client.force_login(supervisor)
    page = client.get("/followups/callbacks/?rated=1&from=2026-11-31&to=2026-11-10&region_id=x").text
    assert len(re.findall(r'class="rated-row"', page)) == 5  # from ignored: every score up to 2026-11-10
    assert 'class="rated-row"' not in client.get("/followups/callbacks/?from=2026-11-01").text


def test_the_complaints_api_reads_the_drill_down_filters_and_refuses_an_unknown_reply(client, complaints, supervisor):
    """The API lists what the page lists (one filter for both); a bad `reply` there is refused as a bad `status`
    is (400, invalid_reply)."""
    client.force_login(supervisor)
    for point in dashboard.other_charts(PERIOD, NOW)["complaints"]:
        query = point["link"].split("?", 1)[1]
        response = client.get(f"/api/v1/complaints?{query}&limit=200")
        assert response.status_code == 200, response.content
        assert len(response.json()["items"]) == point["value"], point
    response = client.get("/api/v1/complaints?reply=sometime")
    assert response.status_code == client.get("/api/v1/complaints?status=sometime").status_code == 400
    assert "invalid_reply" in response.text


def test_the_drill_down_lists_read_in_one_query_each(
    django_assert_num_queries, scores, complaints, consumed, supervisor, customer
):
    """Each list behind a point is one query for its page, however many rows (no query per row)."""
    from aftersales.complaints import selectors as complaint_selectors
    from aftersales.followups import selectors as followups
    from aftersales.parts import selectors as parts

    rated = followups.Rated(start=TWO_MONTHS.start, end=TWO_MONTHS.end, region_id=customer.region_id)
    warehouse, first, _second = consumed
    with django_assert_num_queries(1):
        rows = followups.rated_callback_list(supervisor, rated).items
        assert [c.ticket.number and c.customer.name for c in rows]
    with django_assert_num_queries(1):
        rows = followups.rated_answer_list(supervisor, rated).items
        assert [a.invitation.survey.name + a.invitation.customer.name + a.question.text for a in rows]
    with django_assert_num_queries(1):
        rows = parts.move_list(warehouse, part_id=first.pk, consumed=parts.Consumed(start=PERIOD.start)).items
        assert [m.part.name + m.location.name + m.ticket.number for m in rows]
    with django_assert_num_queries(1):
        rows = complaint_selectors.complaint_list(
            supervisor, complaint_selectors.ComplaintFilter(reply="overdue", region_id=customer.region_id)
        ).items
        assert [c.customer.name for c in rows]
