"""The programme's forms and ledger as files: 家电下乡销售网点备案登记表 and 补贴资金申报（退还）表 as PDF, the county's
direct-subsidy ledger (资金台账) and monthly statement as Excel and PDF (篇4 二(一)3 二(三)3, 篇9 七(三)).

PDFs through aftersales.core.pdf (WeasyPrint in its renderer process, Noto Sans CJK), Excel through
aftersales.core.xlsx (text stays text, dates are dates).
"""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

from aftersales.core import clock, pdf, xlsx
from aftersales.subsidy import selectors
from aftersales.subsidy.choices import ClaimStatus, ReturnStatus
from aftersales.subsidy.models import Claim, Outlet
from aftersales.subsidy.services import category_name

LEDGER_ROWS = 20_000
PDF_ROWS = 1_000  # rows of the detailed sheet (the statement's totals cover every claim)


def _pdf_response(content: bytes, filename: str, fallback: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = xlsx.attachment_disposition(filename, fallback).replace("attachment", "inline", 1)
    return response


def _ledger_context(user, month: str, county: str = "", limit: int = LEDGER_ROWS) -> dict:
    ledger = selectors.ledger(user, month, county=county)
    rows = list(selectors.ledger_rows(user, month, county=county, limit=limit))
    for row in ledger.by_category:
        row["name"] = category_name(row["category"])
    return {
        "ledger": ledger,
        "rows": rows,
        "county": county or getattr(user, "county", "") or "全部区县",
        "printed_at": clock.local(clock.now()).strftime("%Y-%m-%d %H:%M"),
        "truncated": ledger.claims_paid > len(rows),
        "category_name": category_name,
    }


def ledger_xlsx(user, month: str, *, county: str = "") -> bytes:
    with translation.override("zh-hans"):
        return _ledger_xlsx(user, month, county)


def _ledger_xlsx(user, month: str, county: str) -> bytes:
    context = _ledger_context(user, month, county)
    ledger = context["ledger"]
    book = xlsx.Workbook(title=f"家电下乡补贴资金台账 {month}")
    summary = book.sheet(
        "月度统计",
        [("品类", 20), ("拨付笔数", 12), ("补贴金额（元）", 18)],
        banner=f"{context['county']} 家电下乡补贴资金使用情况统计表 · {month}",
        number_formats={2: "#,##0.00"},
    )
    for row in ledger.by_category:
        summary.append([row["name"], row["claims_paid"], row["amount"]])
    summary.append(["合计", ledger.claims_paid, ledger.amount], bold=True)
    summary.append(["其中：中央财政负担", None, ledger.central_amount])
    summary.append(["其中：省级财政负担", None, ledger.provincial_amount])
    summary.append(["本月退回补贴", None, ledger.refunded_amount])
    detail = book.sheet(
        "直补资金台账",
        [
            ("申报编号", 10),
            ("乡镇", 12),
            ("户号", 14),
            ("购买人", 10),
            ("品类", 14),
            ("型号", 18),
            ("销售价格", 12),
            ("补贴金额", 12),
            ("中央", 12),
            ("省级", 12),
            ("申报日期", 12),
            ("拨付日期", 12),
            ("状态", 12),
        ],
        number_formats={6: "#,##0.00", 7: "#,##0.00", 8: "#,##0.00", 9: "#,##0.00"},
    )
    for c in context["rows"]:
        detail.append(
            [
                c.pk,
                c.township,
                c.household_no,
                c.sale_item.sale.buyer_name,
                category_name(c.category),
                c.sale_item.model,
                c.sale_item.price,
                c.amount,
                c.central_amount,
                c.provincial_amount,
                c.filed_on,
                c.paid_on,
                str(ClaimStatus(c.status).label),
            ]
        )
    return book.to_bytes()


def ledger_xlsx_response(user, month: str, *, county: str = "") -> HttpResponse:
    return xlsx.download(ledger_xlsx(user, month, county=county), f"补贴资金台账-{month}.xlsx", f"ledger-{month}.xlsx")


def ledger_html(user, month: str, *, county: str = "") -> str:
    with translation.override("zh-hans"):
        return render_to_string("subsidy/ledger_pdf.html", _ledger_context(user, month, county, PDF_ROWS))


def ledger_pdf_response(user, month: str, *, county: str = "") -> HttpResponse:
    return _pdf_response(
        pdf.html_to_pdf(ledger_html(user, month, county=county)), f"补贴资金台账-{month}.pdf", f"ledger-{month}.pdf"
    )


def claim_form_html(claim: Claim) -> str:
    """补贴资金申报（退还）表 of one claim: the buyer, the item, the four checks, the amounts, and the refund part
    ("补贴已退，可退货") when the subsidy came back."""
    item = claim.sale_item
    sale = item.sale
    ret = claim.returns.order_by("-pk").first()
    context = {
        "claim": claim,
        "item": item,
        "sale": sale,
        "outlet": sale.outlet,
        "programme": claim.programme,
        "category": category_name(claim.category),
        "status": ClaimStatus(claim.status).label,
        "ret": ret,
        "ret_status": ReturnStatus(ret.status).label if ret else "",
        "refunded": claim.status == ClaimStatus.REFUNDED,
        "rate_percent": f"{claim.programme.rate * 100:.0f}",
        "printed_at": clock.local(clock.now()).strftime("%Y-%m-%d %H:%M"),
    }
    with translation.override("zh-hans"):
        return render_to_string("subsidy/claim_form_pdf.html", context)


def claim_form_response(claim: Claim) -> HttpResponse:
    return _pdf_response(pdf.html_to_pdf(claim_form_html(claim)), f"补贴申报表-{claim.pk}.pdf", f"claim-{claim.pk}.pdf")


def outlet_form_html(outlet: Outlet) -> str:
    """家电下乡销售网点备案登记表 of one outlet."""
    context = {
        "outlet": outlet,
        "enterprise": outlet.enterprise,
        "programme": outlet.programme,
        "periods": list(outlet.periods.all()),
        "printed_at": clock.local(clock.now()).strftime("%Y-%m-%d %H:%M"),
    }
    with translation.override("zh-hans"):
        return render_to_string("subsidy/outlet_form_pdf.html", context)


def outlet_form_response(outlet: Outlet) -> HttpResponse:
    return _pdf_response(
        pdf.html_to_pdf(outlet_form_html(outlet)), f"网点备案登记表-{outlet.pk}.pdf", f"outlet-{outlet.pk}.pdf"
    )
