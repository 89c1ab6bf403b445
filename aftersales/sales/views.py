"""Pages of the sale-to-service area: the board by stage, the forecast by month, an opportunity with its gates,
buying centre and proposals; installation projects with their checklist, tasks, tests, the acceptance signed on
a phone (two signature pads) and its PDF; trainings with their sign-in sheet. Who may open each page: the access
table (sales.access_rules); POSTs go to one service each and come back to the page with a message."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aftersales.accounts import access
from aftersales.accounts.models import User
from aftersales.core import clock
from aftersales.core.errors import DomainError
from aftersales.sales import documents, selectors, services
from aftersales.sales.choices import InstallationStatus, Stage, Status
from aftersales.sales.forms import (
    AcceptanceForm,
    AdvanceForm,
    AttendeeForm,
    BuyingMemberForm,
    CountForm,
    DeviceTestForm,
    LineForm,
    LoseForm,
    OpportunityEditForm,
    OpportunityForm,
    ProposalForm,
    ProposalReviewForm,
    ProposalVersionForm,
    TaskForm,
    TrainingHeldForm,
)
from aftersales.sales.policy import gates, schedule


def _lang(request: HttpRequest) -> str:
    return getattr(request, "LANGUAGE_CODE", "") or ""


def _error(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, exc.message(_lang(request)))


def _form_error(request: HttpRequest, form) -> None:
    parts = [
        f"{form.fields[name].label or name}: {' '.join(errs)}" if name in form.fields else " ".join(errs)
        for name, errs in form.errors.items()
    ]
    messages.error(request, _("输入有误：{errors}").format(errors="；".join(parts)))


def _get(loader, *args):
    try:
        return loader(*args)
    except DomainError as exc:
        raise Http404(exc.message_en) from None


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _gate_labels(found, language: str) -> list[str]:
    return [i.en if language.startswith("en") else i.zh for i in found]


# ------------------------------------------------------------------------------------------- pipeline


@require_GET
def board(request: HttpRequest) -> HttpResponse:
    """商机看板: open opportunities by stage, with value and next step."""
    columns = selectors.opportunity_board(request.user)
    closed = selectors.opportunity_list(request.user).exclude(status=Status.OPEN).order_by("-closed_on", "-id")[:20]
    return render(
        request,
        "sales/board.html",
        {"nav": "sales", "columns": columns, "closed": closed, "can_create": access.may(request.user, "sales.create")},
    )


@require_GET
def forecast(request: HttpRequest) -> HttpResponse:
    """销售预测: by month, open value (weighted by stage) and won value."""
    months = selectors.forecast(request.user)
    top = max([m.open_amount + m.won_amount for m in months] or [1]) or 1
    rows = [
        {
            "m": m,
            "open_pct": int(m.weighted_amount * 100 / top),
            "won_pct": int(m.won_amount * 100 / top),
        }
        for m in months
    ]
    return render(request, "sales/forecast.html", {"nav": "sales", "rows": rows})


def opportunity_new(request: HttpRequest) -> HttpResponse:
    customers = selectors.customer_choices(request.user)
    form = OpportunityForm(request.POST or None, customers=customers)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                opportunity = services.opportunity_create(actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                _error(request, exc)
                status = exc.status
            else:
                messages.success(request, _("已创建商机 {number}").format(number=opportunity.number))
                return redirect("sales:opportunity_detail", opportunity_id=opportunity.pk)
        else:
            status = 400
    return render(request, "sales/opportunity_new.html", {"nav": "sales", "form": form}, status=status)


@require_GET
def opportunity_detail(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    opportunity = _get(selectors.opportunity_get, request.user, opportunity_id)
    language = _lang(request)
    gate_rows = []
    missing = services.opportunity_gates(opportunity)
    here = gates.ORDER.index(gates.Stage(opportunity.stage))
    for index, stage in enumerate(Stage):
        gate_rows.append(
            {
                "stage": stage.value,
                "label": stage.label,
                "done": index <= here,
                "current": index == here,
                "missing": _gate_labels(missing[stage.value], language),
            }
        )
    next_stage = Stage(gates.ORDER[here + 1].value) if here + 1 < len(gates.ORDER) else None
    contacts = selectors.customer_contacts(opportunity.customer_id)
    edit = OpportunityEditForm(
        initial={
            "amount": opportunity.amount,
            "expected_close_on": opportunity.expected_close_on,
            "competitors": "、".join(opportunity.competitors or []),
            "need": opportunity.need,
            "benefit_analysis": opportunity.benefit_analysis,
            "difference_assessment": opportunity.difference_assessment,
            "agreed_amount": opportunity.agreed_amount,
            "terms": opportunity.terms,
            "next_step": opportunity.next_step,
            "next_step_on": opportunity.next_step_on,
            "warranty_months": opportunity.warranty_months,
            "version": opportunity.version,
        }
    )
    installation = next(iter(opportunity.installations.all()), None)
    return render(
        request,
        "sales/opportunity_detail.html",
        {
            "nav": "sales",
            "o": opportunity,
            "gate_rows": gate_rows,
            "next_stage": next_stage,
            "is_open": opportunity.status == Status.OPEN,
            "can_write": access.allowed(request.user, "sales.write", opportunity_id=opportunity.pk),
            "can_install": opportunity.contract_id is not None
            and installation is None
            and access.allowed(request.user, "installations.plan", opportunity_id=opportunity.pk),
            "installation": installation,
            "edit_form": edit,
            "advance_form": AdvanceForm(initial={"starts_on": clock.today()}),
            "lose_form": LoseForm(),
            "member_form": BuyingMemberForm(contacts=contacts),
            "proposal_form": ProposalForm(),
            "version_form": ProposalVersionForm(),
            "review_form": ProposalReviewForm(initial={"reviewed_on": clock.today()}),
            "stages": Stage,
        },
    )


def _back(opportunity_id: int):
    return redirect("sales:opportunity_detail", opportunity_id=opportunity_id)


@require_POST
def opportunity_edit(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    form = OpportunityEditForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return _back(opportunity_id)
    data = dict(form.cleaned_data)
    version = data.pop("version")
    try:
        services.opportunity_update(actor=request.user, opportunity_id=opportunity_id, expected_version=version, **data)
    except DomainError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已保存"))
    return _back(opportunity_id)


@require_POST
def opportunity_advance(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    form = AdvanceForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return _back(opportunity_id)
    try:
        opportunity = services.opportunity_advance(
            actor=request.user, opportunity_id=opportunity_id, **form.cleaned_data
        )
    except services.GateError as exc:
        messages.error(
            request,
            _("还不能进入该阶段：{items}").format(items="；".join(_gate_labels(exc.missing, _lang(request)))),
        )
    except DomainError as exc:
        _error(request, exc)
    else:
        if opportunity.status == Status.WON:
            messages.success(request, _("赢单！合同 {number} 已登记").format(number=opportunity.contract.number))
        else:
            messages.success(request, _("已进入：{stage}").format(stage=Stage(opportunity.stage).label))
    return _back(opportunity_id)


@require_POST
def opportunity_lose(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    form = LoseForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return _back(opportunity_id)
    try:
        services.opportunity_lose(actor=request.user, opportunity_id=opportunity_id, **form.cleaned_data)
    except DomainError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已记录丢单"))
    return _back(opportunity_id)


@require_POST
def buying_member_add(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    opportunity = _get(selectors.opportunity_get, request.user, opportunity_id)
    form = BuyingMemberForm(request.POST, contacts=selectors.customer_contacts(opportunity.customer_id))
    if not form.is_valid():
        _form_error(request, form)
        return _back(opportunity_id)
    try:
        services.buying_member_add(actor=request.user, opportunity_id=opportunity_id, **form.cleaned_data)
    except DomainError as exc:
        _error(request, exc)
    return _back(opportunity_id)


@require_POST
def proposal_create(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    form = ProposalForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_error(request, form)
        return _back(opportunity_id)
    try:
        services.proposal_create(actor=request.user, opportunity_id=opportunity_id, **form.cleaned_data)
    except DomainError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("方案已创建"))
    return _back(opportunity_id)


def _proposal_opportunity(request: HttpRequest, proposal_id: int) -> int:
    found = selectors.opportunity_visible(request.user).filter(proposals__pk=proposal_id).values_list("pk", flat=True)
    opportunity_id = next(iter(found), None)
    if opportunity_id is None:
        raise Http404
    return opportunity_id


@require_POST
def proposal_version(request: HttpRequest, proposal_id: int) -> HttpResponse:
    opportunity_id = _proposal_opportunity(request, proposal_id)
    form = ProposalVersionForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_error(request, form)
        return _back(opportunity_id)
    try:
        services.proposal_version_add(actor=request.user, proposal_id=proposal_id, **form.cleaned_data)
    except DomainError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已上传新版本"))
    return _back(opportunity_id)


@require_POST
def proposal_send(request: HttpRequest, proposal_id: int) -> HttpResponse:
    opportunity_id = _proposal_opportunity(request, proposal_id)
    try:
        services.proposal_send(actor=request.user, proposal_id=proposal_id)
    except services.GateError as exc:
        messages.error(
            request, _("还不能提交方案：{items}").format(items="；".join(_gate_labels(exc.missing, _lang(request))))
        )
    except DomainError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("方案已提交客户审核"))
    return _back(opportunity_id)


@require_POST
def proposal_review(request: HttpRequest, proposal_id: int) -> HttpResponse:
    opportunity_id = _proposal_opportunity(request, proposal_id)
    form = ProposalReviewForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return _back(opportunity_id)
    try:
        services.proposal_review(actor=request.user, proposal_id=proposal_id, **form.cleaned_data)
    except DomainError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已记录客户审核"))
    return _back(opportunity_id)


@require_GET
def proposal_document(request: HttpRequest, proposal_id: int, number: int) -> HttpResponse:
    """A proposal version: the uploaded document, else its text as a PDF."""
    version = _get(selectors.proposal_version_get, request.user, proposal_id, number)
    if version.file:
        return FileResponse(version.file.open("rb"), as_attachment=False, filename=version.file.name.rsplit("/", 1)[-1])
    return _pdf(documents.proposal_pdf(version), f"proposal-{proposal_id}-v{number}.pdf")


# ------------------------------------------------------------------------------------------- installations


@require_POST
def installation_new(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    opportunity = _get(selectors.opportunity_get, request.user, opportunity_id)
    if opportunity.contract_id is None:
        messages.error(request, _("商机尚未成交，没有合同"))
        return _back(opportunity_id)
    try:
        installation = services.installation_create(actor=request.user, contract_id=opportunity.contract_id)
    except DomainError as exc:
        _error(request, exc)
        return _back(opportunity_id)
    messages.success(request, _("已创建安装项目 {number}").format(number=installation.number))
    return redirect("sales:installation_detail", installation_id=installation.pk)


@require_GET
def installation_list(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.installation_list(request.user)[:200])
    return render(request, "sales/installation_list.html", {"nav": "installations", "rows": rows})


def _engineers():
    return list(User.objects.filter(is_active=True, role__in=services.ENGINEER_ROLES).order_by("username")[:200])


@require_GET
def installation_detail(request: HttpRequest, installation_id: int) -> HttpResponse:
    installation = _get(selectors.installation_get, request.user, installation_id)
    devices = selectors.installation_devices(installation)
    missing = gates.acceptance_missing(
        services.checklist_lines(installation), accepted=installation.status == InstallationStatus.ACCEPTED
    )
    acceptance = getattr(installation, "acceptance", None)
    return render(
        request,
        "sales/installation_detail.html",
        {
            "nav": "installations",
            "i": installation,
            "lines": list(installation.lines.all()),
            "missing": _gate_labels(missing, _lang(request)),
            "acceptance": acceptance,
            "is_open": installation.status != InstallationStatus.ACCEPTED,
            "warranties": selectors.installation_warranties(installation),
            "can_plan": access.allowed(request.user, "installations.plan", installation_id=installation.pk),
            "can_work": access.allowed(request.user, "installations.work", installation_id=installation.pk),
            "line_form": LineForm(),
            "task_form": TaskForm(engineers=_engineers(), initial={"scheduled_on": clock.today()}),
            "test_form": DeviceTestForm(devices=devices),
            "earliest": schedule.earliest_site_day(clock.today()),
        },
    )


def _to_installation(installation_id: int):
    return redirect("sales:installation_detail", installation_id=installation_id)


@require_POST
def line_add(request: HttpRequest, installation_id: int) -> HttpResponse:
    form = LineForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return _to_installation(installation_id)
    try:
        services.delivery_line_add(actor=request.user, installation_id=installation_id, **form.cleaned_data)
    except DomainError as exc:
        _error(request, exc)
    return _to_installation(installation_id)


@require_POST
def line_count(request: HttpRequest, installation_id: int) -> HttpResponse:
    form = CountForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return _to_installation(installation_id)
    data = dict(form.cleaned_data)
    try:
        services.delivery_line_count(
            actor=request.user, installation_id=installation_id, line_id=data.pop("line"), **data
        )
    except DomainError as exc:
        _error(request, exc)
    return _to_installation(installation_id)


@require_POST
def task_add(request: HttpRequest, installation_id: int) -> HttpResponse:
    form = TaskForm(request.POST, engineers=_engineers())
    if not form.is_valid():
        _form_error(request, form)
        return _to_installation(installation_id)
    try:
        task = services.site_task_schedule(actor=request.user, installation_id=installation_id, **form.cleaned_data)
    except DomainError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已安排并通知客户：{to}").format(to=task.notified_to or "—"))
    return _to_installation(installation_id)


@require_POST
def task_done(request: HttpRequest, installation_id: int, task: int) -> HttpResponse:
    try:
        services.site_task_done(actor=request.user, installation_id=installation_id, task_id=task)
    except DomainError as exc:
        _error(request, exc)
    return _to_installation(installation_id)


@require_POST
def test_add(request: HttpRequest, installation_id: int) -> HttpResponse:
    installation = _get(selectors.installation_get, request.user, installation_id)
    form = DeviceTestForm(request.POST, devices=selectors.installation_devices(installation))
    if not form.is_valid():
        _form_error(request, form)
        return _to_installation(installation_id)
    data = dict(form.cleaned_data)
    try:
        services.device_test_record(
            actor=request.user, installation_id=installation_id, line_id=data.pop("line"), **data
        )
    except DomainError as exc:
        _error(request, exc)
    return _to_installation(installation_id)


def acceptance_sign(request: HttpRequest, installation_id: int) -> HttpResponse:
    """设备验收合格书 on a phone: the date, both signatories and both signatures on the pads."""
    installation = _get(selectors.installation_get, request.user, installation_id)
    if installation.status == InstallationStatus.ACCEPTED:
        return _to_installation(installation_id)
    primary = next(iter(selectors.customer_contacts(installation.customer_id)), None)
    form = AcceptanceForm(
        request.POST or None,
        initial={
            "signed_on": clock.today(),
            "customer_signatory": primary.name if primary else "",
            "engineer_signatory": (request.user.get_full_name() or request.user.username)
            if request.user.role in services.ENGINEER_ROLES
            else "",
        },
    )
    error, status = "", 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.acceptance_sign(actor=request.user, installation_id=installation_id, **form.cleaned_data)
            except services.GateError as exc:
                error, status = "；".join(_gate_labels(exc.missing, _lang(request))), 409
            except DomainError as exc:
                error, status = exc.message(_lang(request)), exc.status
            else:
                messages.success(request, _("设备验收合格书已签署；质保期自次日起算"))
                return _to_installation(installation_id)
        else:
            error, status = _("请检查输入"), 400
    missing = gates.acceptance_missing(services.checklist_lines(installation))
    return render(
        request,
        "sales/acceptance_sign.html",
        {
            "nav": "installations",
            "i": installation,
            "lines": list(installation.lines.all()),
            "form": form,
            "error": error,
            "missing": _gate_labels(missing, _lang(request)),
        },
        status=status,
    )


@require_GET
def acceptance_pdf(request: HttpRequest, installation_id: int) -> HttpResponse:
    installation = _get(selectors.installation_get, request.user, installation_id)
    if getattr(installation, "acceptance", None) is None:
        raise Http404
    return _pdf(documents.acceptance_pdf(installation), f"acceptance-{installation.number}.pdf")


@require_GET
def training_detail(request: HttpRequest, training_id: int) -> HttpResponse:
    training = _get(selectors.training_get, request.user, training_id)
    return render(
        request,
        "sales/training_detail.html",
        {
            "nav": "installations",
            "t": training,
            "topics": selectors.topic_labels(list(training.topics), _lang(request)),
            "attendee_form": AttendeeForm(),
            "held_form": TrainingHeldForm(initial={"held_on": clock.today()}),
            "can_work": access.allowed(request.user, "installations.work", training_id=training.pk),
        },
    )


@require_POST
def training_attendee_add(request: HttpRequest, training_id: int) -> HttpResponse:
    form = AttendeeForm(request.POST)
    if form.is_valid():
        try:
            services.training_attendee_add(actor=request.user, training_id=training_id, **form.cleaned_data)
        except DomainError as exc:
            _error(request, exc)
    else:
        _form_error(request, form)
    return redirect("sales:training_detail", training_id=training_id)


@require_POST
def training_held(request: HttpRequest, training_id: int) -> HttpResponse:
    form = TrainingHeldForm(request.POST)
    if form.is_valid():
        attended = [int(v) for v in request.POST.getlist("attended") if v.isdigit()]
        try:
            services.training_hold(
                actor=request.user, training_id=training_id, held_on=form.cleaned_data["held_on"], attended_ids=attended
            )
        except DomainError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("已记录培训"))
    else:
        _form_error(request, form)
    return redirect("sales:training_detail", training_id=training_id)


@require_GET
def training_sheet(request: HttpRequest, training_id: int) -> HttpResponse:
    training = _get(selectors.training_get, request.user, training_id)
    return _pdf(documents.training_sheet_pdf(training), f"training-sign-in-{training.pk}.pdf")
