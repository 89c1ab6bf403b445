"""The service report keeps the customer's confirmation on one page and shows the warranty and the charges."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from decimal import Decimal

import pytest

from aftersales.dispatch import reports, selectors, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_visit(now, frozen_now, supervisor, make_engineer, make_ticket, province_customer, fuyang_asset, signature_url):
    from aftersales.parts import services as parts

    keeper_part = parts.part_create(
        actor=supervisor, part_number="0K9VC4", name="R740 主板", unit_cost_amount=Decimal("2350.00")
    )
    engineer = make_engineer("li", "阜阳市", name="李强")
    ticket = make_ticket(province_customer, asset_id=fuyang_asset.pk, contact_name="王主任")
    services.dispatch_assign(ticket_id=ticket.pk, actor=supervisor, engineer_id=engineer.pk)
    visit = services.visit_record_arrival(ticket_id=ticket.pk, actor=engineer.user)
    # enough work text that the confirmation would start near the bottom of a page
    work = "\n".join(f"第{i}步：检查电源、内存、硬盘和主板指示灯，记录告警日志。" for i in range(1, 43))
    with frozen_now(now + dt.timedelta(hours=2)):
        services.visit_update(
            visit_id=visit.pk,
            actor=engineer.user,
            work_done=work,
            signer_name="王主任",
            parts=[{"part_number": keeper_part.part_number, "description": "主板", "quantity": 1}],
            customer_remarks="响应及时。",
            satisfaction=5,
            signature=signature_url,
        )
    return selectors.visit_get(engineer.user, visit.pk)


def test_the_report_shows_the_warranty_decision_and_the_charges(long_visit):
    html = reports.visit_report_html(long_visit)
    assert 'id="warranty"' in html
    assert "处理方式" in html
    assert 'id="charges"' in html
    assert "备件 0K9VC4 × 1" in html
    assert '<div class="confirm" id="customer-confirm">' in html


def test_the_signature_block_is_never_split_across_pages(long_visit, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is missing: apt-get install poppler-utils")
    path = tmp_path / "report.pdf"
    path.write_bytes(reports.visit_report_pdf(long_visit))
    pages = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    texts = pages.stdout.split("\f")
    holding = [i for i, text in enumerate(texts) if "客户签字" in text]
    assert len(texts) >= 2
    assert holding
    page = texts[holding[-1]]
    for part in ("客户意见", "满意度", "响应及时", "王主任"):
        assert part in page, part
