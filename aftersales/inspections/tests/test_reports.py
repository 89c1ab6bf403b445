"""The inspection feedback form (巡检反馈信息单) as PDF: Chinese text with the CJK font embedded, results, signature."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from aftersales.inspections import reports, selectors, services
from aftersales.inspections.models import Finding

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(planned, engineer, server, signature_url):
    inspection, _ = services.inspection_start(actor=engineer, work_item_id=planned.pk)
    for finding in Finding.objects.filter(inspection_asset__inspection=inspection):
        services.finding_record(finding_id=finding.pk, actor=engineer, result="ok")
    raid = Finding.objects.get(inspection_asset__asset=server, item_title="硬盘状态(RAID)")
    services.finding_record(finding_id=raid.pk, actor=engineer, result="issue", note="阵列降级，2号盘预警")
    services.inspection_finding_to_ticket(finding_id=raid.pk, actor=engineer, severity=2)
    services.inspection_sign(
        inspection_id=inspection.pk,
        actor=engineer,
        signer_name="王主任",
        signature=signature_url,
        customer_remarks="巡检细致",
        satisfaction=5,
    )
    services.inspection_apply_action(inspection_id=inspection.pk, action="complete", actor=engineer)
    return selectors.inspection_get(engineer, inspection.pk)


def test_the_form_html_has_the_header_results_issues_and_signature(signed):
    html = reports.feedback_html(signed)
    ticket = Finding.objects.get(result="issue").ticket
    assert "<h1>巡检反馈信息单</h1>" in html
    assert f"巡检单号 {signed.number} · 合同 HT-2026-001" in html
    assert "合肥市第一人民医院信息科" in html
    assert "服务器 · 戴尔 PowerEdge R750（序列号 7XK2M93） · 信息中心机房" in html
    assert "正常 17 项，异常 1 项，不适用 0 项" in html
    assert f"<td>PowerEdge R750 / 硬盘状态(RAID)</td><td>阵列降级，2号盘预警</td><td>{ticket.number}</td>" in html
    assert "<th>满意度</th><td>很满意</td>" in html
    assert 'src="data:image/png;base64,' in html
    assert "counter(page)" in html


def test_the_pdf_embeds_a_cjk_font(signed, tmp_path):
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts is missing: apt-get install poppler-utils")
    # when
    pdf = reports.feedback_pdf(signed)
    path = tmp_path / "feedback.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    # then
    assert pdf.startswith(b"%PDF-")
    fonts = [line.split()[0] for line in listing.splitlines()[2:]]
    cjk = [line for line in listing.splitlines()[2:] if "CJK" in line]
    assert any("Noto-Sans-CJK-SC" in name for name in fonts), listing
    assert cjk
    assert all(line.split()[-5] == "yes" for line in cjk), listing  # the "emb" column


def test_the_pdf_text_reads_back_in_chinese(signed, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is missing: apt-get install poppler-utils")
    path = tmp_path / "feedback.pdf"
    path.write_bytes(reports.feedback_pdf(signed))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    compact = "".join(text.split())
    assert "巡检反馈信息单" in compact
    assert "阵列降级，2号盘预警" in compact
    assert "巡检完成：17项正常，1项异常，0项不适用" in compact
    assert "第1页/共2页" in compact
