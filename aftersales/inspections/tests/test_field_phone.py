"""The engineer's phone on an inspection: a date the date input accepts, "all normal", the checklist as cards."""

from __future__ import annotations

import re

import pytest

from aftersales.core.errors import DomainError
from aftersales.inspections import services
from aftersales.inspections.models import Finding, Inspection

pytestmark = pytest.mark.django_db


def test_the_new_inspection_form_prefills_an_iso_date(client, now, engineer, customer, contract, server):
    client.force_login(engineer)
    page = client.get("/inspections/new/", {"customer": customer.pk}).content.decode()
    value = re.search(r'type="date"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*type="date"', page)
    assert value is not None
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.group(1) or value.group(2))


def _started(engineer, customer, server, switch):
    inspection, _ = services.inspection_start(actor=engineer, customer_id=customer.pk, asset_ids=[server.pk, switch.pk])
    return inspection


def test_all_normal_marks_only_the_unchecked_items_of_one_device(now, engineer, customer, server, switch):
    inspection = _started(engineer, customer, server, switch)
    row = inspection.assets.get(asset=server)
    first = Finding.objects.filter(inspection_asset=row).order_by("position").first()
    services.finding_record(finding_id=first.pk, actor=engineer, result="issue", note="风扇异响")
    # when
    count = services.findings_all_normal(inspection_id=inspection.pk, actor=engineer, inspection_asset_id=row.pk)
    # then: the rest of the server's items are normal, the issue stays, the switch is untouched
    results = list(Finding.objects.filter(inspection_asset=row).values_list("result", flat=True))
    assert count == len(results) - 1
    assert sorted(set(results)) == ["issue", "ok"]
    assert set(Finding.objects.exclude(inspection_asset=row).values_list("result", flat=True)) == {"pending"}


def test_another_engineer_cannot_mark_all_normal(now, engineer, make_user, customer, server, switch):
    inspection = _started(engineer, customer, server, switch)
    other = make_user("other.eng", "engineer")
    with pytest.raises(DomainError) as refused:
        services.findings_all_normal(inspection_id=inspection.pk, actor=other)
    assert refused.value.status == 404
    assert set(Finding.objects.values_list("result", flat=True)) == {"pending"}


def test_the_page_offers_all_normal_and_cards(client, now, engineer, customer, server, switch):
    inspection = _started(engineer, customer, server, switch)
    client.force_login(engineer)
    page = client.get(f"/inspections/{inspection.pk}/").content.decode()
    assert "data-all-normal" in page
    assert "table-cards" in page
    posted = client.post(f"/inspections/{inspection.pk}/all-normal/", {})
    assert posted.status_code == 302
    assert Inspection.objects.get(pk=inspection.pk).assets.count() == 2
    assert not Finding.objects.filter(inspection_asset__inspection=inspection, result="pending").exists()
