"""Pages of the management view (issue 12). Who may open each: the access table (reports.access_rules)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core import signing
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aftersales.core import clock, xlsx
from aftersales.core.errors import DomainError
from aftersales.reports import dashboard, documents, exports, selectors, services
from aftersales.reports.forms import AnalysisForm, DashboardFilterForm, PeriodicReportForm, ReportTextForm
from aftersales.reports.models import Export, PeriodicReport, TechnicalReport


def _error(request: HttpRequest, exc: DomainError) -> str:
    return exc.message(getattr(request, "LANGUAGE_CODE", "zh-hans"))


# ------------------------------------------------------------------------------------------------ dashboard


@require_GET
def dashboard_page(request: HttpRequest) -> HttpResponse:
    """The management dashboard (管理看板): the home page of supervisors and administrators."""
    form = DashboardFilterForm(request.GET)
    filters = form.filters()
    return render(
        request,
        "reports/dashboard.html",
        {"form": form, "filters": filters, "query": urlencode(filters.as_query()), "nav": "reports", "desk": False},
    )


@require_GET
def dashboard_data(request: HttpRequest) -> JsonResponse:
    filters = DashboardFilterForm(request.GET, choices=False).filters()
    try:
        return JsonResponse(dashboard.dashboard_data(request.user, filters))
    except DomainError as exc:
        return JsonResponse(exc.as_json(), status=exc.status)


@require_GET
def desk_page(request: HttpRequest) -> HttpResponse:
    """The desk's smaller dashboard (agents and experts): open work now, this month's response and arrival."""
    return render(request, "reports/desk.html", {"nav": "reports_desk", "desk": True})


@require_GET
def desk_data(request: HttpRequest) -> JsonResponse:
    return JsonResponse(dashboard.desk_data(request.user))


# ------------------------------------------------------------------------------------------------ assessment


def _assessment_context(request: HttpRequest) -> dict:
    form = DashboardFilterForm(request.GET, choices=False)
    filters = form.filters()
    kind = request.GET.get("kind") if request.GET.get("kind") in ("engineer", "partner") else "engineer"
    rows = selectors.assessment(request.user, filters, kind)
    return {"filters": filters, "kind": kind, "rows": rows, "query": urlencode(filters.as_query())}


@require_GET
def assessment_page(request: HttpRequest) -> HttpResponse:
    """The assessment of engineers and partners (篇6 (6)): a ranking a manager can export."""
    return render(request, "reports/assessment.html", {**_assessment_context(request), "nav": "reports"})


@require_GET
def assessment_xlsx(request: HttpRequest) -> HttpResponse:
    context = _assessment_context(request)
    content = documents.assessment_xlsx(context["rows"], context["filters"], context["kind"])
    name = f"考核排名_{context['filters'].date_from}_{context['filters'].date_to}.xlsx"
    return xlsx.download(content, name, f"assessment-{context['filters'].date_from}.xlsx")


# ------------------------------------------------------------------------------------------ periodic reports


@require_GET
def periodic_list(request: HttpRequest) -> HttpResponse:
    reports = PeriodicReport.objects.select_related("customer").order_by("-starts_on", "-id")[:200]
    return render(
        request,
        "reports/periodic_list.html",
        {"reports": reports, "form": PeriodicReportForm(initial={"starts_on": clock.today()}), "nav": "reports"},
    )


@require_POST
def periodic_new(request: HttpRequest) -> HttpResponse:
    form = PeriodicReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择客户、周期和日期"))
        return redirect("reports:periodic_list")
    try:
        report = services.periodic_report_create(
            actor=request.user,
            customer_id=form.cleaned_data["customer"],
            period=form.cleaned_data["period"],
            starts_on=form.cleaned_data["starts_on"],
        )
    except DomainError as exc:
        messages.error(request, _error(request, exc))
        return redirect("reports:periodic_list")
    return redirect("reports:periodic_detail", report_id=report.pk)


def _report(report_id: int) -> PeriodicReport:
    report = PeriodicReport.objects.select_related("customer").filter(pk=report_id).first()
    if report is None:
        raise Http404
    return report


def periodic_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report(report_id)
    form = ReportTextForm(
        request.POST or None, initial={"risks": report.risks, "recommendations": report.recommendations}
    )
    if request.method == "POST" and form.is_valid():
        services.periodic_report_update(actor=request.user, report_id=report.pk, **form.cleaned_data)
        messages.success(request, _("已保存"))
        return redirect("reports:periodic_detail", report_id=report.pk)
    data = documents.periodic_data(report)
    return render(
        request,
        "reports/periodic_detail.html",
        {"report": report, "form": form, "data": data, "charts": documents.periodic_charts(data), "nav": "reports"},
    )


@require_GET
def periodic_pdf(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report(report_id)
    return _pdf_response(documents.periodic_pdf(report), documents.periodic_filename(report, "pdf"), request)


@require_GET
def periodic_xlsx(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report(report_id)
    return xlsx.download(
        documents.periodic_xlsx(report), documents.periodic_filename(report, "xlsx"), f"report-{report.pk}.xlsx"
    )


@require_POST
def periodic_send(request: HttpRequest, report_id: int) -> HttpResponse:
    try:
        sent_to = services.periodic_report_send(actor=request.user, report_id=report_id)
        messages.success(request, _("已发送给：%(to)s") % {"to": "、".join(sent_to)})
    except DomainError as exc:
        messages.error(request, _error(request, exc))
    return redirect("reports:periodic_detail", report_id=report_id)


@require_GET
def periodic_shared(request: HttpRequest, token: str) -> HttpResponse:
    """The PDF behind the link e-mailed to the customer's contacts (signed, valid 60 days)."""
    try:
        data = signing.loads(token, salt="reports.periodic", max_age=60 * 86400)
    except signing.BadSignature:
        raise Http404 from None
    report = _report(int(data["report"]))
    return _pdf_response(documents.periodic_pdf(report), documents.periodic_filename(report, "pdf"), request)


def _pdf_response(content: bytes, filename: str, request: HttpRequest) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "attachment" if request.GET.get("download") else "inline"
    response["Content-Disposition"] = xlsx.attachment_disposition(filename, "report.pdf").replace(
        "attachment", disposition, 1
    )
    return response


# ------------------------------------------------------------------------------------- technical analysis


def analysis_new(request: HttpRequest, ticket_id: int) -> HttpResponse:
    from aftersales.tickets import selectors as tickets

    ticket = tickets.ticket_get(request.user, ticket_id)
    form = AnalysisForm(request.POST or None, initial={"title": f"{ticket.number} {ticket.title} 技术分析报告"[:200]})
    if request.method == "POST" and form.is_valid():
        report = services.analysis_create(actor=request.user, ticket_id=ticket.pk, **form.cleaned_data)
        messages.success(request, _("技术分析报告已保存"))
        return redirect("reports:analysis_detail", analysis_id=report.pk)
    return render(request, "reports/analysis_form.html", {"form": form, "ticket": ticket, "nav": "queue"})


def _analysis(request: HttpRequest, analysis_id: int) -> TechnicalReport:
    qs = TechnicalReport.objects.select_related("ticket", "ticket__customer", "ticket__asset", "author")
    if request.user.is_customer_user:
        qs = qs.filter(ticket__customer_id=request.user.customer_id)
    report = qs.filter(pk=analysis_id).first()
    if report is None:
        raise Http404
    return report


def analysis_detail(request: HttpRequest, analysis_id: int) -> HttpResponse:
    report = _analysis(request, analysis_id)
    form = AnalysisForm(request.POST or None, initial={f: getattr(report, f) for f in AnalysisForm.base_fields})
    if request.method == "POST" and form.is_valid():
        services.analysis_update(actor=request.user, analysis_id=report.pk, **form.cleaned_data)
        messages.success(request, _("已保存"))
        return redirect("reports:analysis_detail", analysis_id=report.pk)
    return render(request, "reports/analysis_detail.html", {"report": report, "form": form, "nav": "queue"})


@require_GET
def analysis_pdf(request: HttpRequest, analysis_id: int) -> HttpResponse:
    report = _analysis(request, analysis_id)
    return _pdf_response(documents.analysis_pdf(report), f"技术分析报告_{report.ticket.number}.pdf", request)


# ------------------------------------------------------------------------------------------------ exports


@require_GET
def export_list(request: HttpRequest) -> HttpResponse:
    rows = Export.objects.filter(created_by=request.user).order_by("-id")[:50]
    kinds = [(k, label) for k, label in exports.kind_choices() if exports.may_export(request.user, k)]
    # A link from a list with its filters (/reports/exports/?kind=queue&status=open&severity=1) pre-fills them.
    chosen = request.GET.get("kind", "")
    carried = {k: v for k, v in request.GET.items() if k in exports.QUEUE_FILTERS and v}
    return render(
        request,
        "reports/export_list.html",
        {"exports": rows, "kinds": kinds, "chosen": chosen, "carried": carried, "nav": "reports_exports"},
    )


@require_POST
def export_start(request: HttpRequest) -> HttpResponse:
    kind = request.POST.get("kind", "")
    params = {k: v for k, v in request.POST.items() if k not in ("kind", "csrfmiddlewaretoken") and v}
    try:
        export = services.export_start(actor=request.user, kind=kind, params=params)
    except DomainError as exc:
        messages.error(request, _error(request, exc))
        return redirect("reports:export_list")
    return redirect(f"{_export_list_url()}#export-{export.pk}")


def _export_list_url() -> str:
    from django.urls import reverse

    return reverse("reports:export_list")


def _export(request: HttpRequest, export_id: int) -> Export:
    export = Export.objects.filter(pk=export_id, created_by=request.user).first()
    if export is None:
        raise Http404
    return export


@require_GET
def export_status(request: HttpRequest, export_id: int) -> HttpResponse:
    """The progress row of one export (htmx polls it every second until it is done)."""
    return render(request, "reports/_export_row.html", {"export": _export(request, export_id)})


@require_GET
def export_download(request: HttpRequest, export_id: int) -> HttpResponse:
    export = _export(request, export_id)
    path = exports.file_path(export)
    if path is None:
        raise Http404
    response = FileResponse(path.open("rb"), content_type=xlsx.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = xlsx.attachment_disposition(exports.filename(export), f"export-{export.pk}.xlsx")
    return response
