"""Reads of callbacks and surveys: the callback specialist's lists, survey targets, invitations and results.

Who may read: callback specialists, supervisors, admins and agents (the access table: followups.read). A customer or
partner user gets a 404, as if nothing existed; other staff a 403.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from aftersales.accounts import access
from aftersales.assets.models import Asset
from aftersales.core import clock
from aftersales.core.drilldown import DrillDown
from aftersales.core.errors import DomainError, invalid, not_found
from aftersales.core.pagination import Page, paginate
from aftersales.customers.models import Customer
from aftersales.followups import links
from aftersales.followups.choices import CallbackStatus, QuestionKind, ResponseChannel, SurveyStatus
from aftersales.followups.models import Callback, Question, Survey, SurveyAnswer, SurveyInvitation
from aftersales.followups.policy import results
from aftersales.sla import models as sla_models
from aftersales.sla import reference
from aftersales.sla import selectors as sla
from aftersales.sla.policy import worktime
from aftersales.tickets.models import Ticket

DONE_SHOWN = 50
TEXTS_SHOWN = 50

# ------------------------------------------------------------------------------------------- calendar

_calendar_lock = threading.Lock()
_calendar: tuple[int, worktime.WorkCalendar] | None = None  # (the SLA configuration generation, the calendar)


def clear_cache() -> None:
    global _calendar
    with _calendar_lock:
        _calendar = None


def office_calendar() -> worktime.WorkCalendar:
    """The office calendar (工作时间, Mon–Fri with China's holidays and make-up workdays) that callbacks and phone
    follow-ups are due on. Without the seeded row, office hours on the holiday table. Cached while the SLA
    configuration generation it was read under is current (`sla.selectors`: every calendar or holiday change, in
    any worker, writes a new one), so every worker sees a change at once."""
    global _calendar
    generation = sla.current_generation()
    cached = _calendar
    if cached is not None and cached[0] == generation:
        return cached[1]
    row = sla_models.Calendar.objects.prefetch_related("hours").filter(name=reference.OFFICE).first()
    if row is not None:
        calendar = sla.work_calendar(row)
    else:
        holidays, workdays, known_years = sla.holiday_table()
        calendar = worktime.office_hours(holidays=holidays, workdays=workdays, known_years=known_years)
    with _calendar_lock:
        _calendar = (generation, calendar)
    return calendar


def next_working_day(on: dt.date) -> dt.date:
    """The first working day after `on` on the office calendar (resolved on Friday → Monday; 9-30 → 10-08)."""
    return worktime.add_working_days(office_calendar(), on, 1).on


def working_day_from(on: dt.date) -> dt.date:
    """`on` itself when it is a working day, else the next one."""
    return worktime.add_working_days(office_calendar(), on, 0).on


# ------------------------------------------------------------------------------------------------ access


def check_reader(user) -> None:
    """404 for customer and partner users (nothing here exists for them), 403 for staff without a reading role."""
    access.require(user, "followups.read", unseen=not_found("回访", "Callback"))


# --------------------------------------------------------------------------------------------- callbacks


def _callbacks() -> QuerySet[Callback]:
    return Callback.objects.select_related("ticket", "customer", "done_by")


def callback_list(
    user, *, status: str | None = None, due_before: dt.date | None = None, cursor: str | None = None, limit: int = 50
) -> Page:
    """Callbacks by due date (earliest first), optionally of one status and due before a date."""
    check_reader(user)
    qs = _callbacks()
    if status:
        if status not in CallbackStatus.values:
            raise invalid("invalid_status", "未知状态：{status}", "Unknown status: {status}", status=status)
        qs = qs.filter(status=status)
    if due_before is not None:
        qs = qs.filter(due_on__lt=due_before)
    return paginate(qs, ordering=("due_on", "id"), cursor=cursor, limit=limit)


def callback_get(user, callback_id: int) -> Callback:
    check_reader(user)
    callback = (
        _callbacks()
        .select_related("ticket__asset__vendor", "ticket__assignee", "ticket__region")
        .prefetch_related("calls__actor")
        .filter(pk=callback_id)
        .first()
    )
    if callback is None:
        raise not_found("回访", "Callback")
    return callback


@dataclass(frozen=True)
class CallbackBoard:
    """The callback specialist's page: due today, overdue, coming, and recently finished."""

    day: dt.date
    due_today: list[Callback]
    overdue: list[Callback]
    upcoming: list[Callback]
    done: list[Callback]


@dataclass(frozen=True)
class Rated(DrillDown):
    """Satisfaction given (满意度): callbacks done in [start, end) with a score, and survey ratings answered in it,
    of the customer and of customers in the region given. The dashboard's satisfaction trend averages what this
    selects and its drill-down lists it (one rule for both)."""

    def callbacks(self, qs: QuerySet[Callback]) -> QuerySet[Callback]:
        rated = qs.filter(satisfaction__isnull=False)
        return self.narrow(rated, at="done_at", customer="customer_id", region="customer__region_id")

    def answers(self, qs: QuerySet[SurveyAnswer]) -> QuerySet[SurveyAnswer]:
        return self.narrow(
            qs.filter(rating__isnull=False),
            at="invitation__responded_at",
            customer="invitation__customer_id",
            region="invitation__customer__region_id",
        )


def rated_callback_list(user, rated: Rated, *, cursor: str | None = None, limit: int = 50) -> Page:
    """The callbacks with a satisfaction score that `rated` selects, newest first."""
    check_reader(user)
    return paginate(rated.callbacks(_callbacks()), ordering=("-id",), cursor=cursor, limit=limit)


def rated_answer_list(user, rated: Rated, *, cursor: str | None = None, limit: int = 50) -> Page:
    """The survey ratings that `rated` selects (one row per rated question answered), newest first."""
    check_reader(user)
    qs = SurveyAnswer.objects.select_related("invitation__survey", "invitation__customer", "question")
    return paginate(rated.answers(qs), ordering=("-id",), cursor=cursor, limit=limit)


def callback_board(user, *, on: dt.date | None = None) -> CallbackBoard:
    check_reader(user)
    on = on or clock.today()
    pending = list(_callbacks().filter(status=CallbackStatus.PENDING).order_by("due_on", "id"))
    done = list(_callbacks().exclude(status=CallbackStatus.PENDING).order_by("-done_at", "-id")[:DONE_SHOWN])
    return CallbackBoard(
        day=on,
        due_today=[c for c in pending if c.due_on == on],
        overdue=[c for c in pending if c.due_on < on],
        upcoming=[c for c in pending if c.due_on > on],
        done=done,
    )


# ----------------------------------------------------------------------------------------------- surveys


def survey_list(user, *, cursor: str | None = None, limit: int = 50) -> Page:
    """Surveys, newest first, with their invitation and response counts."""
    check_reader(user)
    qs = (
        Survey.objects.annotate(
            invitation_count=Count("invitations"),
            response_count=Count("invitations", filter=Q(invitations__responded_at__isnull=False)),
        )
        .select_related("asset_vendor")
        .prefetch_related("regions", "questions")
    )
    return paginate(qs, ordering=("-id",), cursor=cursor, limit=limit)


def survey_get(user, survey_id: int) -> Survey:
    check_reader(user)
    survey = (
        Survey.objects.select_related("asset_vendor", "created_by", "launched_by")
        .prefetch_related("regions", "questions")
        .filter(pk=survey_id)
        .first()
    )
    if survey is None:
        raise not_found("满意度调查", "Survey")
    return survey


@dataclass(frozen=True)
class Target:
    """A survey's target filter as values (all given conditions must hold)."""

    region_ids: tuple[int, ...] = ()
    key_accounts_only: bool = False
    asset_category: str = ""
    asset_vendor_id: int | None = None
    requests_from: dt.date | None = None
    requests_to: dt.date | None = None

    @classmethod
    def of(cls, survey: Survey) -> Target:
        return cls(
            region_ids=tuple(sorted(r.pk for r in survey.regions.all())),
            key_accounts_only=survey.key_accounts_only,
            asset_category=survey.asset_category,
            asset_vendor_id=survey.asset_vendor_id,
            requests_from=survey.requests_from,
            requests_to=survey.requests_to,
        )


def _local_midnight(on: dt.date) -> dt.datetime:
    return dt.datetime.combine(on, dt.time(0), tzinfo=clock.SHANGHAI)


def survey_target_customers(target: Target) -> QuerySet[Customer]:
    """The customers a target filter selects: in one of the regions, key accounts, owning an asset of the
    category and/or vendor, with a request reported between the two dates (China dates, both included)."""
    qs = Customer.objects.all()
    if target.region_ids:
        qs = qs.filter(region_id__in=target.region_ids)
    if target.key_accounts_only:
        qs = qs.filter(is_key_account=True)
    if target.asset_category or target.asset_vendor_id:
        assets = Asset.objects.filter(customer=OuterRef("pk"))
        if target.asset_category:
            assets = assets.filter(category=target.asset_category)
        if target.asset_vendor_id:
            assets = assets.filter(vendor_id=target.asset_vendor_id)
        qs = qs.filter(Exists(assets))
    if target.requests_from or target.requests_to:
        requests = Ticket.objects.filter(customer=OuterRef("pk"))
        if target.requests_from:
            requests = requests.filter(reported_at__gte=_local_midnight(target.requests_from))
        if target.requests_to:
            requests = requests.filter(reported_at__lt=_local_midnight(target.requests_to + dt.timedelta(days=1)))
        qs = qs.filter(Exists(requests))
    return qs.order_by("id")


def invitation_list(survey: Survey, *, responded: bool | None = None) -> QuerySet[SurveyInvitation]:
    qs = SurveyInvitation.objects.filter(survey=survey).select_related("customer", "entered_by")
    if responded is not None:
        qs = qs.filter(responded_at__isnull=not responded)
    return qs.order_by("customer__name", "id")


def invitation_get(user, invitation_id: int) -> SurveyInvitation:
    check_reader(user)
    invitation = (
        SurveyInvitation.objects.select_related("survey", "customer", "contact")
        .prefetch_related("survey__questions")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        raise not_found("调查邀请", "Survey invitation")
    return invitation


def link_invalid() -> DomainError:
    return DomainError(
        "survey_link_invalid",
        "链接无效，请检查链接是否完整",
        "This link is not valid; check that it is complete",
        {},
        404,
    )


def invitation_by_token(token: str) -> SurveyInvitation:
    """The invitation a genuine link names (404 for a tampered, malformed or unknown token). Used or expired
    links are found too: `invitation_open` says whether it may still be answered."""
    decoded = links.survey_token_read(token)
    if decoded is None:
        raise link_invalid()
    invitation_id, nonce = decoded
    invitation = (
        SurveyInvitation.objects.select_related("survey", "customer")
        .prefetch_related("survey__questions")
        .filter(pk=invitation_id, nonce=nonce)
        .first()
    )
    if invitation is None:
        raise link_invalid()
    return invitation


def invitation_open(invitation: SurveyInvitation, *, at: dt.datetime, by_link: bool = True) -> None:
    """Raise 410 when the invitation can no longer be answered: already answered, survey over, link expired."""
    if invitation.responded_at is not None:
        raise DomainError(
            "survey_link_used",
            "该问卷已提交，感谢您的参与（每个链接只能使用一次）",
            "This survey has already been answered, thank you (each link can be used only once)",
            {},
            410,
        )
    if invitation.survey.status != SurveyStatus.LAUNCHED:
        raise DomainError("survey_closed", "本次调查已结束，感谢您的关注", "This survey has ended, thank you", {}, 410)
    if by_link and invitation.expires_at <= at:
        raise DomainError(
            "survey_link_expired",
            "该链接已过期（有效期至 {until}）",
            "This link has expired (it was valid until {until})",
            {"until": clock.local(invitation.expires_at).strftime("%Y-%m-%d")},
            410,
        )


# ----------------------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class SurveyResults:
    """Response rate and the result of every question (篇7: 回访、统计)."""

    survey: Survey
    invitations: int
    responses: int
    response_rate: Decimal | None
    by_channel: dict[str, int]
    questions: list[tuple[Question, results.QuestionResult]] = field(default_factory=list)


def survey_results(survey: Survey) -> SurveyResults:
    """Counted in the database (one query per kind of count), summed up by `policy.results`."""
    counts = SurveyInvitation.objects.filter(survey=survey).aggregate(
        invitations=Count("id"),
        responses=Count("id", filter=Q(responded_at__isnull=False)),
        by_link=Count("id", filter=Q(response_channel=ResponseChannel.LINK)),
        by_phone=Count("id", filter=Q(response_channel=ResponseChannel.PHONE)),
    )
    answers = SurveyAnswer.objects.filter(question__survey=survey)
    ratings: dict[int, dict[int, int]] = defaultdict(dict)
    rating_rows = answers.filter(rating__isnull=False).values_list("question_id", "rating").annotate(n=Count("id"))
    for qid, rating, n in rating_rows:
        ratings[qid][rating] = n
    yes_no: dict[int, dict[bool, int]] = defaultdict(dict)
    for qid, yes, n in answers.filter(yes__isnull=False).values_list("question_id", "yes").annotate(n=Count("id")):
        yes_no[qid][yes] = n
    choices: dict[int, dict[str, int]] = defaultdict(dict)
    for qid, choice, n in answers.exclude(choice="").values_list("question_id", "choice").annotate(n=Count("id")):
        choices[qid][choice] = n
    text_counts = dict(answers.exclude(text="").values_list("question_id").annotate(n=Count("id")))
    questions = list(survey.questions.all())
    per_question = []
    for q in questions:
        if q.kind == QuestionKind.RATING:
            result = results.rating_result(ratings[q.pk])
        elif q.kind == QuestionKind.YES_NO:
            result = results.yes_no_result(yes_no[q.pk].get(True, 0), yes_no[q.pk].get(False, 0))
        elif q.kind == QuestionKind.CHOICE:
            result = results.choice_result(q.options, choices[q.pk])
        else:
            latest = list(
                answers.filter(question=q).exclude(text="").order_by("-id").values_list("text", flat=True)[:TEXTS_SHOWN]
            )
            result = results.text_result(text_counts.get(q.pk, 0), latest)
        per_question.append((q, result))
    return SurveyResults(
        survey=survey,
        invitations=counts["invitations"],
        responses=counts["responses"],
        response_rate=results.rate(counts["responses"], counts["invitations"]),
        by_channel={ResponseChannel.LINK.value: counts["by_link"], ResponseChannel.PHONE.value: counts["by_phone"]},
        questions=per_question,
    )
