"""The PDF service report (服务报告): Chinese text with the CJK font really embedded, the parts table, signature."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys

import pytest

from aftersales.dispatch import reports, selectors, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_visit(
    now, frozen_now, supervisor, make_engineer, make_ticket, province_customer, fuyang_asset, signature_url
):
    engineer = make_engineer("li", "阜阳市", name="李强")
    ticket = make_ticket(province_customer, asset_id=fuyang_asset.pk, contact_name="王主任")
    services.dispatch_assign(ticket_id=ticket.pk, actor=supervisor, engineer_id=engineer.pk)
    visit = services.visit_record_arrival(ticket_id=ticket.pk, actor=engineer.user)
    with frozen_now(now + dt.timedelta(hours=2)):
        services.visit_update(
            visit_id=visit.pk,
            actor=engineer.user,
            work_done="更换主板后系统恢复正常，数据完整。",
            fault_cause="主板供电电容老化鼓包",
            departed_at=now + dt.timedelta(hours=2),
            signer_name="王主任",
            parts=[{"part_number": "0K9VC4", "description": "PowerEdge R740 主板", "quantity": 1}],
            loaner_issued="无",
            customer_remarks="响应及时，工程师专业。",
            satisfaction=5,
            signature=signature_url,
        )
    return selectors.visit_get(engineer.user, visit.pk)


def test_the_report_html_has_the_header_ticket_customer_asset_times_and_parts(signed_visit):
    html = reports.visit_report_html(signed_visit)
    assert "<h1>服务报告</h1>" in html
    assert signed_visit.ticket.number in html
    assert "阜阳市国土资源局" in html
    assert "戴尔 PowerEdge R740（序列号 FY-R740-01）" in html
    assert "2026-11-26 10:00" in html  # arrival
    assert "2026-11-26 12:00" in html  # departure
    assert "（现场 120 分钟）" in html
    assert '<td>0K9VC4</td><td>PowerEdge R740 主板</td><td class="num">1</td>' in html
    assert 'src="data:image/png;base64,' in html
    assert "counter(page)" in html


def test_the_pdf_embeds_a_cjk_font(signed_visit, tmp_path):
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts is missing: apt-get install poppler-utils")
    # when
    pdf = reports.visit_report_pdf(signed_visit)
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    # then: the Chinese glyphs come from an embedded (subset) Noto Sans CJK SC, not from tofu boxes
    assert pdf.startswith(b"%PDF-")
    fonts = [line.split()[0] for line in listing.splitlines()[2:]]
    cjk = [line for line in listing.splitlines()[2:] if "CJK" in line]
    assert any("Noto-Sans-CJK-SC" in name for name in fonts), listing
    assert all(line.split()[-5] == "yes" for line in cjk), listing  # the "emb" column


def test_the_pdf_text_reads_back_in_chinese(signed_visit, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is missing: apt-get install poppler-utils")
    path = tmp_path / "report.pdf"
    path.write_bytes(reports.visit_report_pdf(signed_visit))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    compact = "".join(text.split())  # the title is letter-spaced
    assert "服务报告" in compact
    assert "主板供电电容老化鼓包" in compact
    assert "第1页/共1页" in compact


def test_the_pdf_is_made_outside_the_web_worker(signed_visit, monkeypatch):
    """Issue 9, defect 10: WeasyPrint in the worker left it ~38 MB bigger per PDF; now it never loads there."""
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # importing it in this process now fails
    assert reports.visit_report_pdf(signed_visit).startswith(b"%PDF-")
