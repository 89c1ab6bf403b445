"""The printable documents: the periodic service report (PDF with embedded CJK fonts and SVG charts, Excel),
its scheduled generation and sending on the first working day, the technical analysis report."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pytest
from django.core import mail

from aftersales.reports.tests.conftest import china

pytestmark = pytest.mark.django_db


def fonts_of(content: bytes, tmp_path) -> str:
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts is missing: apt-get install poppler-utils")
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


def embedded_cjk(listing: str) -> bool:
    rows = [line.split() for line in listing.splitlines()[2:] if line.strip()]
    cjk = [r for r in rows if "CJK" in r[0]]
    # pdffonts columns: name type encoding emb sub uni object ID — "emb" is the 4th from the end
    return bool(cjk) and all(r[-5] == "yes" for r in cjk)


@pytest.fixture
def report(db, customer, supervisor, make_ticket, asset, now):
    from aftersales.reports import services

    make_ticket(
        china(2026, 10, 5, 9),
        asset=asset,
        respond_by=china(2026, 10, 5, 9, 30),
        responded_at=china(2026, 10, 5, 9, 5),
        restore_by=china(2026, 10, 5, 17),
        restored_at=china(2026, 10, 5, 18),
    )
    r = services.periodic_report_create(
        actor=supervisor, customer_id=customer.pk, period="month", starts_on=dt.date(2026, 10, 9)
    )
    return services.periodic_report_update(
        actor=supervisor, report_id=r.pk, risks="核心交换机已运行七年，建议更换", recommendations="增加季度巡检"
    )


def test_periodic_report_pdf_has_embedded_cjk_fonts_and_svg_charts(report, tmp_path):
    from aftersales.reports import documents

    assert (report.starts_on, report.ends_on) == (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    html = documents.periodic_html(report)
    assert html.count("<svg") == 3
    assert "核心交换机已运行七年" in html
    assert "100.0%" in html  # respond met; restore missed → 0.0%
    content = documents.periodic_pdf(report)
    assert content.startswith(b"%PDF")
    assert embedded_cjk(fonts_of(content, tmp_path))


def test_periodic_report_excel(report):
    import openpyxl

    from aftersales.reports import documents

    book = openpyxl.load_workbook(io.BytesIO(documents.periodic_xlsx(report)))
    sla = book["SLA达成"]
    rows = [[c.value for c in row] for row in sla.iter_rows(min_row=3)]
    assert rows[0] == ["响应", 1, 1, 100]
    assert rows[2] == ["恢复", 1, 0, 0]
    assert book["风险与建议"]["B3"].value == "核心交换机已运行七年，建议更换"


def test_pages_of_a_periodic_report(client, supervisor, report):
    client.force_login(supervisor)
    assert client.get(f"/reports/periodic/{report.pk}/").status_code == 200
    response = client.get(f"/reports/periodic/{report.pk}/report.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert client.get(f"/reports/periodic/{report.pk}/report.xlsx").status_code == 200


def test_first_working_day_of_the_period():
    from aftersales.reports import services

    # 2026-10-01..07 are the National Day holidays: October's first working day is Thursday the 8th.
    assert services.first_working_day(dt.date(2026, 10, 1)) == dt.date(2026, 10, 8)
    assert services.periodic_reports_due(dt.date(2026, 10, 8)) == [
        ("month", dt.date(2026, 9, 1)),
        ("quarter", dt.date(2026, 7, 1)),
    ]
    assert services.periodic_reports_due(dt.date(2026, 10, 1)) == []
    assert services.periodic_reports_due(dt.date(2026, 11, 2)) == [("month", dt.date(2026, 10, 1))]


def test_scheduled_reports_are_sent_once_to_key_customers_contacts(
    customer, other_customer, now, django_capture_on_commit_callbacks
):
    from aftersales.customers.models import Contact
    from aftersales.reports import services
    from aftersales.reports.models import PeriodicReport

    customer.is_key_account = True
    customer.save(update_fields=["is_key_account"])
    Contact.objects.create(customer=customer, name="李主任", email="li@example.com")
    Contact.objects.create(customer=other_customer, name="不是重点", email="x@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.periodic_reports_generate(today=dt.date(2026, 11, 2)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.periodic_reports_generate(today=dt.date(2026, 11, 2)) == 0  # sent already
    (report,) = PeriodicReport.objects.all()
    assert (report.customer_id, report.period, report.starts_on, report.status) == (
        customer.pk,
        "month",
        dt.date(2026, 10, 1),
        "sent",
    )
    assert [m.to for m in mail.outbox] == [["li@example.com"]]
    assert "/reports/shared/" in mail.outbox[0].body


def test_the_shared_link_opens_the_pdf_without_signing_in(client, report):
    from aftersales.reports import services

    response = client.get(f"/reports/shared/{services.share_token(report)}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert client.get("/reports/shared/forged-token/").status_code == 404


def test_technical_analysis_report_from_the_request_page(client, make_user, make_ticket, asset, tmp_path, now):
    from aftersales.reports.models import TechnicalReport

    engineer = make_user("eng", "engineer")
    ticket = make_ticket(china(2026, 11, 2, 9), asset=asset, title="存储阵列掉盘")
    client.force_login(engineer)
    page = client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert f"/reports/analysis/new/{ticket.pk}/" in page
    response = client.post(
        f"/reports/analysis/new/{ticket.pk}/",
        {
            "title": "存储阵列掉盘技术分析",
            "symptom": "两块硬盘离线",
            "cause": "背板供电不稳",
            "actions": "更换背板",
            "prevention": "季度巡检电源",
        },
    )
    report = TechnicalReport.objects.get()
    assert response["Location"] == f"/reports/analysis/{report.pk}/"
    content = client.get(f"/reports/analysis/{report.pk}/report.pdf").content
    assert embedded_cjk(fonts_of(content, tmp_path))
    from aftersales.reports import documents

    assert "背板供电不稳" in documents.analysis_html(report)
