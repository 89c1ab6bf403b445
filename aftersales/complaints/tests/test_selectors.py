"""Complaint reads: the assessment counts (考核) exactly, and the list's query count."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.complaints import presenters, selectors, services
from aftersales.complaints.tests.conftest import china
from aftersales.core.errors import DomainError


def _resolve(complaint, actor, *, upheld: bool) -> None:
    services.complaint_reply(complaint_id=complaint.pk, actor=actor, text="已回复")
    services.complaint_resolve(
        complaint_id=complaint.pk, actor=actor, root_cause="原因", corrective_action="措施", upheld=upheld
    )


def test_complaint_counts_per_engineer_and_partner_in_the_period(
    frozen_now, customer, open_complaint, supervisor, make_engineer, make_partner
):
    # given: entered on 2026-12-02 about November and its edges (China dates)
    partner = make_partner("阜阳云智电脑公司")
    zhang = make_engineer("zhang", "张工")
    li = make_engineer("yunzhi.li", "李伟", partner=partner)
    with frozen_now(china(2026, 12, 2, 9, 0)):
        in_period = [
            open_complaint(customer, engineer_id=zhang.pk, received_at=china(2026, 11, 1, 0, 0)),
            open_complaint(customer, engineer_id=zhang.pk, received_at=china(2026, 11, 15, 9, 0)),
            open_complaint(customer, engineer_id=zhang.pk, received_at=china(2026, 11, 30, 23, 59)),
            open_complaint(customer, engineer_id=li.pk, received_at=china(2026, 11, 20, 9, 0)),
            open_complaint(customer, partner_id=partner.pk, received_at=china(2026, 11, 21, 9, 0)),
            open_complaint(customer, received_at=china(2026, 11, 22, 9, 0)),  # against the company: no row
        ]
        open_complaint(customer, engineer_id=zhang.pk, received_at=china(2026, 10, 31, 23, 59))
        open_complaint(customer, engineer_id=li.pk, received_at=china(2026, 12, 1, 0, 0))
        _resolve(in_period[0], supervisor, upheld=True)
        _resolve(in_period[1], supervisor, upheld=False)
        _resolve(in_period[3], supervisor, upheld=True)
        _resolve(in_period[4], supervisor, upheld=True)
        # when
        result = selectors.complaint_counts(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    # then
    assert [(r.name, r.partner_name, r.total, r.upheld) for r in result.engineers] == [
        ("张工", "", 3, 1),
        ("李伟", "阜阳云智电脑公司", 1, 1),
    ]
    assert [(r.id, r.name, r.total, r.upheld) for r in result.partners] == [(partner.pk, "阜阳云智电脑公司", 2, 2)]


def test_an_inverted_period_is_refused(db):
    with pytest.raises(DomainError) as error:
        selectors.complaint_counts(dt.date(2026, 11, 30), dt.date(2026, 11, 1))
    assert error.value.code == "invalid_period"


def test_the_list_and_its_rows_cost_one_query(
    now, customer, open_complaint, supervisor, make_engineer, make_partner, django_assert_num_queries
):
    # given
    partner = make_partner("阜阳云智电脑公司")
    engineer = make_engineer("yunzhi.li", "李伟", partner=partner)
    for n in range(5):
        open_complaint(customer, engineer_id=engineer.pk, summary=f"投诉{n}")
    # when: the page and the presenter of every row (customer, engineer, partner, policy come with the page)
    with django_assert_num_queries(1):
        page = selectors.complaint_list(supervisor, selectors.ComplaintFilter(overdue=False), limit=50)
        rows = [presenters.complaint_data(c) for c in page.items]
    # then
    assert [r["engineer_name"] for r in rows] == ["李伟"] * 5
