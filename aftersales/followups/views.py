"""Pages of callbacks and surveys: the callback specialist's list and call script, survey list / create /
launch / results, phone entry of answers, and the public survey page opened from the e-mailed link.

Thin views: forms validate, selectors read (who may see what included), services write; a DomainError is
shown in the user's language (on the public page in Chinese and English, since its reader has no account).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from aftersales.accounts import access
from aftersales.core import clock
from aftersales.core.errors import DomainError
from aftersales.followups import selectors, services
from aftersales.followups.choices import SurveyStatus
from aftersales.followups.forms import CallbackResultForm, QuestionFormSet, RatedFilterForm, SurveyForm
from aftersales.followups.models import Question, SurveyInvitation
from aftersales.followups.reference import STANDARD_QUESTIONS


def _get(read: Callable, *args):
    try:
        return read(*args)
    except DomainError as exc:
        if exc.status == 404:
            raise Http404(exc.message_en) from None
        raise


def _error_text(request: HttpRequest, exc: DomainError) -> str:
    return exc.message(request.LANGUAGE_CODE)


# --------------------------------------------------------------------------------------------- callbacks


@require_GET
def callback_list(request: HttpRequest) -> HttpResponse:
    """回访: the callback specialist's list — due today, overdue, coming, and recently finished; from the
    dashboard (`rated=1&from=&to=&region_id=&customer_id=`) the scored callbacks its satisfaction point averages."""
    rated = RatedFilterForm(request.GET).rated_filter()
    if rated is not None:
        return _rated_list(request, "callbacks", selectors.rated_callback_list, rated)
    board = selectors.callback_board(request.user, on=clock.today())
    return render(
        request,
        "followups/callback_list.html",
        {
            "nav": "followups",
            "board": board,
            "can_write": access.may(request.user, "followups.write"),
        },
    )


def _rated_list(request: HttpRequest, tab: str, rated_list, rated) -> HttpResponse:
    """The dashboard's drill-down to the scores a satisfaction point averages: `rated_list` (the scored
    callbacks or the survey answers) narrowed by `rated`, a page at a time, under the list's `tab`."""
    page = rated_list(request.user, rated, cursor=request.GET.get("cursor") or None)
    context = {"nav": "followups", "tab": tab, "page": page, "query": request.GET, "more_query": _more(request, page)}
    return render(request, "followups/rated_list.html", context)


def _callback_context(request: HttpRequest, callback, form: CallbackResultForm, error: str = "") -> dict:
    ticket = callback.ticket
    return {
        "nav": "followups",
        "callback": callback,
        "ticket": ticket,
        "form": form,
        "error": error,
        "can_write": access.may(request.user, "followups.write"),
        "is_pending": callback.status == "pending",
        "calls": list(callback.calls.all()),
    }


def callback_detail(request: HttpRequest, callback_id: int) -> HttpResponse:
    """The call script (回访话术): the request in brief, the questions, and the result buttons."""
    callback = _get(selectors.callback_get, request.user, callback_id)
    if request.method != "POST":
        initial = {"answered_by": callback.ticket.contact_name}
        return render(
            request,
            "followups/callback_detail.html",
            _callback_context(request, callback, CallbackResultForm(initial=initial)),
        )
    form = CallbackResultForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "followups/callback_detail.html",
            _callback_context(request, callback, form, _("请检查回访结果")),
            status=400,
        )
    data = form.cleaned_data
    try:
        services.callback_record(
            callback_id=callback.pk,
            actor=request.user,
            reached=form.reached,
            resolved=data["resolved"],
            satisfaction=data["satisfaction"],
            courtesy=data["courtesy"],
            remarks=data["remarks"],
            answered_by=data["answered_by"],
        )
    except DomainError as exc:
        callback = _get(selectors.callback_get, request.user, callback_id)
        return render(
            request,
            "followups/callback_detail.html",
            _callback_context(request, callback, form, _error_text(request, exc)),
            status=exc.status,
        )
    callback = _get(selectors.callback_get, request.user, callback_id)
    if not form.reached:
        if callback.status == "unreachable":
            messages.warning(request, _("已连续%(n)s次未接通，回访结束（无法联系）") % {"n": callback.attempts})
        else:
            messages.info(request, _("已记录未接通（第%(n)s次）") % {"n": callback.attempts})
    else:
        messages.success(request, _("回访结果已保存"))
        if callback.resolved is False:
            messages.warning(request, _("客户反馈问题未解决，请求已重新打开"))
        if callback.satisfaction is not None and callback.satisfaction <= 2:
            messages.warning(request, _("客户不满意，已自动生成投诉"))
    return redirect("followups:callbacks")


# ----------------------------------------------------------------------------------------------- surveys


@require_GET
def _more(request: HttpRequest, page) -> str:
    if not page.next_cursor:
        return ""
    params = request.GET.copy()
    params["cursor"] = page.next_cursor
    return params.urlencode()


def survey_list(request: HttpRequest) -> HttpResponse:
    rated = RatedFilterForm(request.GET).rated_filter()
    if rated is not None:  # the dashboard's drill-down: the survey ratings its satisfaction point averages
        return _rated_list(request, "surveys", selectors.rated_answer_list, rated)
    page = selectors.survey_list(request.user, cursor=request.GET.get("cursor") or None, limit=50)
    return render(
        request,
        "followups/survey_list.html",
        {
            "nav": "followups",
            "page": page,
            "can_write": access.may(request.user, "followups.write"),
        },
    )


def _standard_rows() -> list[dict]:
    return [
        {"kind": q.kind, "text": q.text, "options": "、".join(q.options), "is_required": q.is_required}
        for q in STANDARD_QUESTIONS
    ]


def survey_create(request: HttpRequest) -> HttpResponse:
    """New survey: name, period, target filter, and the questions (pre-filled with the standard set)."""
    error, status = "", 200
    if request.method == "POST":
        form, questions = SurveyForm(request.POST), QuestionFormSet(request.POST, prefix="q")
        if form.is_valid() and questions.is_valid():
            data = form.cleaned_data
            target = selectors.Target(
                region_ids=tuple(r.pk for r in data["regions"]),
                key_accounts_only=data["key_accounts_only"],
                asset_category=data["asset_category"],
                asset_vendor_id=data["asset_vendor"].pk if data["asset_vendor"] else None,
                requests_from=data["requests_from"],
                requests_to=data["requests_to"],
            )
            specs = [spec for f in questions.forms if (spec := f.spec()) is not None]
            try:
                survey = services.survey_create(
                    actor=request.user,
                    name=data["name"],
                    description=data["description"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    link_days=data["link_days"],
                    questions=services.question_specs(specs),
                    target=target,
                )
            except DomainError as exc:
                error, status = _error_text(request, exc), exc.status
            else:
                messages.success(request, _("调查已创建，请核对调查对象后发布"))
                return redirect("followups:survey_detail", survey_id=survey.pk)
        else:
            error, status = _("请检查调查信息"), 400
    else:
        year = clock.today().year
        form = SurveyForm(
            initial={
                "name": _("%(year)s年度客户满意度调查") % {"year": year},
                "starts_on": f"{year}-07-01",
                "ends_on": f"{year}-08-31",
                "requests_from": f"{year}-01-01",
                "requests_to": f"{year}-06-30",
            }
        )
        questions = QuestionFormSet(prefix="q", initial=_standard_rows())
    return render(
        request,
        "followups/survey_form.html",
        {
            "nav": "followups",
            "form": form,
            "questions": questions,
            "error": error,
        },
        status=status,
    )


@require_GET
def survey_detail(request: HttpRequest, survey_id: int) -> HttpResponse:
    """A survey: its questions and target; before launch, who would be invited; after, the response rate,
    the results per question and every invitation (with phone entry for those still to answer)."""
    survey = _get(selectors.survey_get, request.user, survey_id)
    context = {
        "nav": "followups",
        "survey": survey,
        "can_write": access.may(request.user, "followups.write"),
        "questions": list(survey.questions.all()),
    }
    if survey.status == SurveyStatus.DRAFT:
        targets = selectors.survey_target_customers(selectors.Target.of(survey)).prefetch_related("contacts")
        context["targets"] = list(targets[:200])
        context["target_count"] = targets.count()
    else:
        context["results"] = selectors.survey_results(survey)
        context["invitations"] = list(selectors.invitation_list(survey))
    return render(request, "followups/survey_detail.html", context)


@require_POST
def survey_launch(request: HttpRequest, survey_id: int) -> HttpResponse:
    _get(selectors.survey_get, request.user, survey_id)
    try:
        result = services.survey_launch(
            survey_id=survey_id, actor=request.user, base_url=request.build_absolute_uri("/")
        )
    except DomainError as exc:
        messages.error(request, _error_text(request, exc))
    else:
        messages.success(
            request,
            _("已发布：%(n)s份邀请，%(emails)s封邮件，%(calls)s个电话回访待办")
            % {"n": result.invitations, "emails": result.emails, "calls": result.phone_items},
        )
    return redirect("followups:survey_detail", survey_id=survey_id)


@require_POST
def survey_close(request: HttpRequest, survey_id: int) -> HttpResponse:
    _get(selectors.survey_get, request.user, survey_id)
    try:
        services.survey_close(survey_id=survey_id, actor=request.user)
    except DomainError as exc:
        messages.error(request, _error_text(request, exc))
    else:
        messages.success(request, _("调查已结束"))
    return redirect("followups:survey_detail", survey_id=survey_id)


def _answers_from(post, questions: list[Question]) -> dict[int, str]:
    return {q.pk: post.get(f"q{q.pk}", "") for q in questions}


def invitation_answer(request: HttpRequest, invitation_id: int) -> HttpResponse:
    """电话录入: a callback specialist enters the answers an invitee gives on the phone."""
    invitation: SurveyInvitation = _get(selectors.invitation_get, request.user, invitation_id)
    questions = list(invitation.survey.questions.all())
    error, status, values = "", 200, {}
    if request.method == "POST":
        values = _answers_from(request.POST, questions)
        try:
            services.survey_response_record(invitation_id=invitation.pk, actor=request.user, answers=values)
        except DomainError as exc:
            error, status = _error_text(request, exc), exc.status
        else:
            messages.success(request, _("已录入 %(name)s 的答复") % {"name": invitation.name})
            return redirect("followups:survey_detail", survey_id=invitation.survey_id)
    elif invitation.responded_at is not None:
        error = _("该邀请已答复")
    return render(
        request,
        "followups/invitation_answer.html",
        {
            "nav": "followups",
            "invitation": invitation,
            "survey": invitation.survey,
            "rows": _question_rows(questions, values),
            "error": error,
        },
        status=status,
    )


def _question_rows(questions: list[Question], values: dict) -> list[dict]:
    return [{"q": q, "value": str(values.get(q.pk, "") or "")} for q in questions]


# ------------------------------------------------------------------------------------------------ public


@csrf_exempt  # the signed token in the URL is the credential; no session, so nothing for a forged form to ride on
def public_survey(request: HttpRequest, token: str) -> HttpResponse:
    """The survey page a customer opens from the e-mailed link, without an account (phone-sized). A used,
    expired or tampered link shows why in Chinese and English and stores nothing."""
    try:
        invitation = selectors.invitation_by_token(token)
        selectors.invitation_open(invitation, at=clock.now())
    except DomainError as exc:
        return render(request, "followups/public_message.html", {"problem": exc}, status=exc.status)
    questions = list(invitation.survey.questions.all())
    error, values = None, {}
    if request.method == "POST":
        values = _answers_from(request.POST, questions)
        try:
            services.survey_response_submit(token=token, answers=values)
        except DomainError as exc:
            if exc.status == 410:
                return render(request, "followups/public_message.html", {"problem": exc}, status=exc.status)
            error = exc
        else:
            return render(request, "followups/public_message.html", {"thanks": True})
    return render(
        request,
        "followups/public_survey.html",
        {
            "invitation": invitation,
            "survey": invitation.survey,
            "rows": _question_rows(questions, values),
            "error": error,
        },
        status=400 if error else 200,
    )
