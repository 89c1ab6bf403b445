"""PostgreSQL's statistics of how a device's vendor, model and category go together (assets/0006): the planner
expects as many devices of a model as there are, not the three shares multiplied (decision 021 §13)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection

from aftersales.assets.models import Asset, Vendor

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's extended statistics"),
]


def expected_rows(sql: str, params: list) -> float:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE assets_asset")  # counts this transaction's own rows
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]  # psycopg parses the json
        return (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]["Plan Rows"]


def test_the_planner_knows_a_model_names_its_vendor_and_category(customer):
    # given: 100 devices; a model always of one vendor and one category
    first, second = Vendor.objects.order_by("id")[:2]
    kinds = [("SecPath F1070", first, "防火墙", 40), ("S5735", second, "交换机", 40)]
    kinds += [("F1000", first, "交换机", 10), ("USG6000", second, "防火墙", 10)]
    Asset.objects.bulk_create(
        Asset(
            customer=customer,
            vendor=vendor,
            model=model,
            category=category,
            serial=f"{model}-{i}",
            purchased_on=dt.date(2026, 1, 5),
        )
        for model, vendor, category, n in kinds
        for i in range(n)
    )
    # when: the top-faults drill-down's condition
    sql = "SELECT id FROM assets_asset WHERE vendor_id = %s AND model = %s AND category = %s"
    rows = expected_rows(sql, [first.pk, "SecPath F1070", "防火墙"])
    # then: about the 40 there are (the shares multiplied would give 100 × 0.4 × 0.5 × 0.5 = 10)
    assert 30 <= rows <= 50
