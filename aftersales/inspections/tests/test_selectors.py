"""Query counts of the inspection reads: the list and one inspection with its devices and findings."""

from __future__ import annotations

import pytest

from aftersales.inspections import selectors, services

pytestmark = pytest.mark.django_db


def test_the_list_takes_one_query_whatever_its_length(planned, engineer, customer, django_assert_num_queries):
    services.inspection_start(actor=engineer, work_item_id=planned.pk)
    services.inspection_start(actor=engineer, customer_id=customer.pk)
    with django_assert_num_queries(1):
        page = selectors.inspection_list(engineer)
        rows = [(i.customer.name, i.engineer.username, i.issue_count, i.pending_count) for i in page.items]
    assert rows == [("合肥市第一人民医院信息科", "li.qiang", 0, 18)] * 2


def test_one_inspection_with_everything_takes_three_queries(planned, engineer, django_assert_num_queries):
    inspection, _ = services.inspection_start(actor=engineer, work_item_id=planned.pk)
    with django_assert_num_queries(3):
        loaded = selectors.inspection_get(engineer, inspection.pk)
        titles = [
            (row.asset.vendor.name, row.template.name, [(f.item_title, f.ticket) for f in row.findings.all()])
            for row in loaded.assets.all()
        ]
    assert [t[:2] for t in titles] == [("华为", "交换机巡检表"), ("戴尔", "服务器巡检表")]
