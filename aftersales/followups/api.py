"""API: callbacks (回访) and survey campaigns (满意度调查), mounted at /api/v1/ with full paths.

Callback specialists, supervisors and admins write; agents may read; customer and partner users get 404.
`/public/surveys/{token}` needs no account: the signed link's token is the credential.
"""

from __future__ import annotations

from ninja import Query, Router, Status

from aftersales.core import clock
from aftersales.core.schemas import ERRORS, ParamText
from aftersales.followups import selectors, services
from aftersales.followups.models import Callback, Question, Survey, SurveyInvitation
from aftersales.followups.policy.results import QuestionResult
from aftersales.followups.schemas import (
    PUBLIC_ERRORS,
    AnsweredOut,
    AnswersIn,
    CallbackOut,
    CallbackPage,
    CallbackQuery,
    CallbackResultIn,
    LaunchOut,
    PublicSurveyOut,
    SurveyIn,
    SurveyOut,
    SurveyPage,
    SurveyResultsOut,
)

router = Router(tags=["followups"])


def callback_out(c: Callback) -> dict:
    return {
        "id": c.pk,
        "ticket_id": c.ticket_id,
        "ticket_number": c.ticket.number,
        "ticket_title": c.ticket.title,
        "customer_id": c.customer_id,
        "customer_name": c.customer.name,
        "resolved_at": clock.local(c.resolved_at),
        "due_on": c.due_on,
        "status": c.status,
        "attempts": c.attempts,
        "answered_by": c.answered_by,
        "resolved": c.resolved,
        "satisfaction": c.satisfaction,
        "courtesy": c.courtesy,
        "remarks": c.remarks,
        "done_by": c.done_by.username if c.done_by_id else None,
        "done_at": clock.local(c.done_at) if c.done_at else None,
        "version": c.version,
    }


def question_out(q: Question) -> dict:
    return {
        "id": q.pk,
        "position": q.position,
        "kind": q.kind,
        "text": q.text,
        "options": list(q.options),
        "is_required": q.is_required,
    }


def survey_out(s: Survey, *, invitations: int | None = None, responses: int | None = None) -> dict:
    if invitations is None:
        invitations = getattr(s, "invitation_count", None)
        responses = getattr(s, "response_count", None)
    if invitations is None:
        invitations = SurveyInvitation.objects.filter(survey=s).count()
        responses = SurveyInvitation.objects.filter(survey=s, responded_at__isnull=False).count()
    target = selectors.Target.of(s)
    return {
        "id": s.pk,
        "name": s.name,
        "description": s.description,
        "starts_on": s.starts_on,
        "ends_on": s.ends_on,
        "status": s.status,
        "link_days": s.link_days,
        "target": {
            "region_ids": list(target.region_ids),
            "key_accounts_only": target.key_accounts_only,
            "asset_category": target.asset_category,
            "asset_vendor_id": target.asset_vendor_id,
            "requests_from": target.requests_from,
            "requests_to": target.requests_to,
        },
        "questions": [question_out(q) for q in s.questions.all()],
        "invitations": invitations,
        "responses": responses or 0,
        "launched_at": clock.local(s.launched_at) if s.launched_at else None,
        "closed_at": clock.local(s.closed_at) if s.closed_at else None,
        "version": s.version,
    }


def _number(value) -> float | None:
    return float(value) if value is not None else None


def question_result_out(q: Question, r: QuestionResult) -> dict:
    return {
        **{k: v for k, v in question_out(q).items() if k in ("id", "position", "kind", "text")},
        "answered": r.answered,
        "average": _number(r.average),
        "distribution": {str(k): v for k, v in r.distribution.items()},
        "yes": r.yes,
        "no": r.no,
        "yes_rate": _number(r.yes_rate),
        "options": dict(r.options),
        "texts": list(r.texts),
    }


# --------------------------------------------------------------------------------------------- callbacks


@router.get("/callbacks", response={200: CallbackPage, **ERRORS}, operation_id="list_callbacks")
def list_callbacks(request, query: Query[CallbackQuery]):
    """Callbacks by due date, earliest first; filter by status and `due_before` (e.g. today's and overdue ones)."""
    page = selectors.callback_list(
        request.user, status=query.status, due_before=query.due_before, cursor=query.cursor, limit=query.limit
    )
    return {"items": [callback_out(c) for c in page.items], "next_cursor": page.next_cursor}


@router.post(
    "/callbacks/{callback_id}/result", response={200: CallbackOut, **ERRORS}, operation_id="record_callback_result"
)
def record_callback_result(request, callback_id: int, payload: CallbackResultIn):
    """Record a call: the answers (not resolved → the request reopens; satisfaction ≤ 2 → a complaint), or
    `reached=false` for an unanswered call (the third closes the callback as unreachable)."""
    selectors.callback_get(request.user, callback_id)
    data = payload.model_dump()
    services.callback_record(callback_id=callback_id, actor=request.user, expected_version=data.pop("version"), **data)
    return callback_out(selectors.callback_get(request.user, callback_id))


# ----------------------------------------------------------------------------------------------- surveys


@router.get("/surveys", response={200: SurveyPage, **ERRORS}, operation_id="list_surveys")
def list_surveys(request, cursor: ParamText | None = None, limit: int = Query(50, ge=1, le=200)):
    """Survey campaigns, newest first, with their invitation and response counts."""
    page = selectors.survey_list(request.user, cursor=cursor, limit=limit)
    return {"items": [survey_out(s) for s in page.items], "next_cursor": page.next_cursor}


@router.post("/surveys", response={201: SurveyOut, **ERRORS}, operation_id="create_survey")
def create_survey(request, payload: SurveyIn):
    """Create a survey (draft): its ordered questions and the target filter resolved at launch."""
    data = payload.model_dump()
    target = data.pop("target")
    survey = services.survey_create(
        actor=request.user,
        questions=services.question_specs(data.pop("questions")),
        target=selectors.Target(region_ids=tuple(target.pop("region_ids")), **target),
        **data,
    )
    return Status(201, survey_out(selectors.survey_get(request.user, survey.pk)))


@router.get("/surveys/{survey_id}", response={200: SurveyOut, **ERRORS}, operation_id="get_survey")
def get_survey(request, survey_id: int):
    return survey_out(selectors.survey_get(request.user, survey_id))


@router.post("/surveys/{survey_id}/launch", response={200: LaunchOut, **ERRORS}, operation_id="launch_survey")
def launch_survey(request, survey_id: int):
    """Invite the target customers: e-mail the link to contacts with an address, a phone work item for the rest."""
    selectors.survey_get(request.user, survey_id)
    result = services.survey_launch(survey_id=survey_id, actor=request.user, base_url=request.build_absolute_uri("/"))
    return {
        "survey": survey_out(selectors.survey_get(request.user, survey_id)),
        "invitations": result.invitations,
        "emails": result.emails,
        "phone_items": result.phone_items,
    }


@router.get(
    "/surveys/{survey_id}/results", response={200: SurveyResultsOut, **ERRORS}, operation_id="get_survey_results"
)
def get_survey_results(request, survey_id: int):
    """Response rate and, per question, averages and distributions (ratings), yes/no counts, option counts."""
    found = selectors.survey_results(selectors.survey_get(request.user, survey_id))
    return {
        "survey_id": survey_id,
        "invitations": found.invitations,
        "responses": found.responses,
        "response_rate": _number(found.response_rate),
        "by_channel": found.by_channel,
        "questions": [question_result_out(q, r) for q, r in found.questions],
    }


@router.post(
    "/survey-invitations/{invitation_id}/response",
    response={200: AnsweredOut, **ERRORS},
    operation_id="record_survey_response",
)
def record_survey_response(request, invitation_id: int, payload: AnswersIn):
    """Phone entry (电话录入): a callback specialist enters the answers an invitee gave on the phone."""
    selectors.invitation_get(request.user, invitation_id)
    invitation = services.survey_response_record(
        invitation_id=invitation_id, actor=request.user, answers=payload.answers
    )
    return answered_out(invitation)


def answered_out(i: SurveyInvitation) -> dict:
    return {"invitation_id": i.pk, "responded_at": clock.local(i.responded_at), "response_channel": i.response_channel}


# ------------------------------------------------------------------------------------------------ public


@router.get(
    "/public/surveys/{token}",
    auth=None,
    response={200: PublicSurveyOut, **PUBLIC_ERRORS},
    operation_id="get_public_survey",
)
def get_public_survey(request, token: ParamText):
    """The questionnaire behind a survey link (no account). 404: not a genuine link; 410: used, expired or over."""
    invitation = selectors.invitation_by_token(token)
    selectors.invitation_open(invitation, at=clock.now())
    survey = invitation.survey
    return {
        "survey_name": survey.name,
        "description": survey.description,
        "invitee": invitation.name,
        "expires_at": clock.local(invitation.expires_at),
        "questions": [question_out(q) for q in survey.questions.all()],
    }


@router.post(
    "/public/surveys/{token}",
    auth=None,
    response={200: AnsweredOut, **PUBLIC_ERRORS},
    operation_id="answer_public_survey",
)
def answer_public_survey(request, token: ParamText, payload: AnswersIn):
    """Answer through the link, once. A used, expired or tampered link is refused and nothing is stored."""
    return answered_out(services.survey_response_submit(token=token, answers=payload.answers))
