"""Every write of callbacks (回访) and survey campaigns (满意度调查) (SPEC §4; 篇1 2.9; 篇7).

- Resolving a request schedules its callback on the next working day (`callback_schedule`, run by
  `on_ticket_resolved`, a receiver of `tickets.events.resolved` connected in `FollowupsConfig.ready`), with a work
  item in the callback specialists' pool.
- The callback's answer is recorded once (`callback_record`): "not resolved" reopens the request, a
  satisfaction of 2 or less opens a complaint, and three unanswered calls close it as unreachable.
- A survey is created with its questions and target filter (`survey_create`), launched into invitations that
  are e-mailed or put on the callback specialists' list for a call (`survey_launch`), and answered once,
  through the signed link (`survey_response_submit`) or by phone entry (`survey_response_record`).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse

from aftersales.accounts import access
from aftersales.accounts.choices import Role
from aftersales.assets.models import Vendor
from aftersales.core import clock
from aftersales.core.errors import conflict, invalid, not_found, stale_version, unknown_reference
from aftersales.customers.models import Customer, Region
from aftersales.followups import links, selectors
from aftersales.followups.choices import (
    COMPLAINT_AT_OR_BELOW,
    DEFAULT_LINK_DAYS,
    MAX_UNREACHABLE_ATTEMPTS,
    REMINDER_AFTER_DAYS,
    CallbackStatus,
    InvitationChannel,
    QuestionKind,
    ResponseChannel,
    SurveyStatus,
)
from aftersales.followups.models import Callback, CallbackAttempt, Question, Survey, SurveyAnswer, SurveyInvitation
from aftersales.notifications import services as notifications
from aftersales.plans import services as plans
from aftersales.plans.models import WorkItem, WorkItemKind
from aftersales.tickets import services as tickets
from aftersales.tickets.choices import Status
from aftersales.tickets.models import Ticket

MAX_TEXT = 2000
MAX_QUESTIONS = 50
MAX_OPTIONS = 20
SCORE_RANGE = range(1, 6)
YES_WORDS = {"yes", "true", "1", "是", "y"}
NO_WORDS = {"no", "false", "0", "否", "n"}


# ------------------------------------------------------------------------------------------------ access


def _check_writer(actor: Any, what_zh: str, what_en: str) -> None:
    """Customer and partner users: 404 (nothing here exists for them). Staff without a writing role: 403."""
    access.require(actor, "followups.write", unseen=not_found(what_zh, what_en))


def _complete_item(source_key: str, *, actor: Any, result: str) -> None:
    """Tick off the work item of `source_key` if it is still open (completing the callback completes its 待办)."""
    item_id = WorkItem.objects.filter(source_key=source_key, done_at__isnull=True).values_list("pk", flat=True).first()
    if item_id is not None:
        plans.work_item_complete(item_id=item_id, actor=actor if getattr(actor, "pk", None) else None, result=result)


# --------------------------------------------------------------------------------------------- callbacks


def _callback_title(ticket: Ticket, customer_name: str) -> str:
    return f"回访 {ticket.number} {customer_name}：{ticket.title}"


def on_ticket_resolved(sender: Any, *, ticket: Ticket, at: dt.datetime, **kwargs: Any) -> None:
    """`tickets.events.resolved`: schedule the callback (回访) on the next working day (篇1 2.9), in the
    resolving transaction."""
    callback_schedule(ticket=ticket, at=at)


@transaction.atomic
def callback_schedule(*, ticket: Ticket, at: dt.datetime | None = None) -> Callback:
    """Schedule the callback of a request's resolution on the next working day of the office calendar (篇1 2.9).

    Idempotent per resolution: calling it again for the same resolution returns the same callback. A request
    reopened and resolved again gets a new one; a callback of the earlier resolution still pending is
    cancelled (its answer would describe a fix that did not hold).
    """
    resolved_at = ticket.resolved_at or at or clock.now()
    existing = Callback.objects.filter(ticket_id=ticket.pk, resolved_at=resolved_at).first()
    if existing is not None:
        return existing
    now = clock.now()
    for old in Callback.objects.select_for_update().filter(ticket_id=ticket.pk, status=CallbackStatus.PENDING):
        old.status, old.done_at, old.version = CallbackStatus.CANCELLED, now, old.version + 1
        old.save(update_fields=["status", "done_at", "version", "updated_at"])
        _complete_item(old.source_key, actor=None, result="请求再次解决，改为新的回访")
    due_on = selectors.next_working_day(clock.local(resolved_at).date())
    try:
        with transaction.atomic():
            callback = Callback.objects.create(
                ticket_id=ticket.pk, customer_id=ticket.customer_id, resolved_at=resolved_at, due_on=due_on
            )
    except IntegrityError:  # scheduled concurrently for the same resolution
        return Callback.objects.get(ticket_id=ticket.pk, resolved_at=resolved_at)
    customer_name = Customer.objects.filter(pk=ticket.customer_id).values_list("name", flat=True).first() or ""
    plans.work_item_create(
        source_key=callback.source_key,
        kind=WorkItemKind.CALLBACK,
        title=_callback_title(ticket, customer_name),
        due_on=due_on,
        role=Role.CALLBACK,
        customer_id=ticket.customer_id,
        ticket_id=ticket.pk,
        link=reverse("followups:callback", args=[callback.pk]),
    )
    return callback


def _lock_callback(callback_id: int) -> Callback:
    """Lock the request first, then the callback: the order resolving uses (request → callback), so a callback
    answered while its request is being resolved again cannot deadlock."""
    ticket_id = Callback.objects.filter(pk=callback_id).values_list("ticket_id", flat=True).first()
    if ticket_id is None:
        raise not_found("回访", "Callback")
    list(Ticket.objects.select_for_update(of=("self",)).filter(pk=ticket_id).values_list("pk", flat=True))
    return Callback.objects.select_for_update(of=("self",)).select_related("ticket").get(pk=callback_id)


def _check_score(name_zh: str, name_en: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in SCORE_RANGE:
        raise invalid(
            "invalid_score", "{name_zh}必须是1到5", "{name_en} must be 1 to 5", name_zh=name_zh, name_en=name_en
        )
    return value


def _summary(callback: Callback) -> str:
    head = "回访已解决" if callback.resolved else "回访未解决"
    parts = [f"满意度 {callback.satisfaction}/5", f"服务态度 {callback.courtesy}/5"]
    if callback.answered_by:
        parts.append(f"接听人 {callback.answered_by}")
    text = f"{head}：{'，'.join(parts)}"
    return f"{text}。{callback.remarks}" if callback.remarks else text


@transaction.atomic
def callback_record(
    *,
    callback_id: int,
    actor: Any,
    resolved: bool | None = None,
    satisfaction: int | None = None,
    courtesy: int | None = None,
    remarks: str = "",
    answered_by: str = "",
    reached: bool = True,
    expected_version: int | None = None,
) -> Callback:
    """Record one call of a callback (回访结果).

    Reached: the answers are stored and the callback is done; "not resolved" reopens the request (when it is
    resolved or closed; otherwise the answer is only noted on its timeline), a satisfaction of 2 or less
    opens a complaint. Not reached: the attempt is counted; the third closes the callback as unreachable.
    Either way its work item is completed when the callback is finished.
    """
    _check_writer(actor, "回访", "Callback")
    callback = _lock_callback(callback_id)
    if expected_version is not None and callback.version != expected_version:
        raise stale_version(expected_version, callback.version)
    if callback.status != CallbackStatus.PENDING:
        raise conflict(
            "callback_finished",
            "该回访已结束（{status_zh}）",
            "This callback is already finished ({status})",
            status_zh=CallbackStatus(callback.status).label,
            status=callback.status,
        )
    remarks, answered_by = remarks.strip()[:MAX_TEXT], answered_by.strip()[:64]
    now = clock.now()
    if not reached:
        return _record_unreachable(callback, actor=actor, at=now, remarks=remarks)
    if resolved is None:
        raise invalid("resolved_required", "请选择问题是否已解决", "Say whether the problem was solved")
    satisfaction = _check_score("满意度", "Satisfaction", satisfaction)
    courtesy = _check_score("服务态度", "Courtesy", courtesy)
    CallbackAttempt.objects.create(callback=callback, at=now, actor=actor, reached=True, note=remarks)
    callback.resolved, callback.satisfaction, callback.courtesy = resolved, satisfaction, courtesy
    callback.remarks, callback.answered_by = remarks, answered_by
    callback.status, callback.done_by, callback.done_at = CallbackStatus.DONE, actor, now
    callback.version += 1
    callback.save()
    summary = _summary(callback)
    _complete_item(callback.source_key, actor=actor, result=summary)
    tickets.ticket_record_event(ticket_id=callback.ticket_id, action="callback", actor=actor, note=summary, at=now)
    if not resolved:
        _reopen(callback, actor=actor)
    if satisfaction <= COMPLAINT_AT_OR_BELOW:
        from aftersales.complaints import services as complaints  # lazy: complaints may look callbacks up

        complaints.complaint_open(
            source="callback",
            customer_id=callback.customer_id,
            ticket_id=callback.ticket_id,
            summary=f"{callback.ticket.number} {summary}",
            actor=actor,
            callback_id=callback.pk,
        )
    return callback


def _record_unreachable(callback: Callback, *, actor: Any, at: dt.datetime, remarks: str) -> Callback:
    CallbackAttempt.objects.create(callback=callback, at=at, actor=actor, reached=False, note=remarks)
    callback.attempts += 1
    if callback.attempts >= MAX_UNREACHABLE_ATTEMPTS:
        callback.status, callback.done_by, callback.done_at = CallbackStatus.UNREACHABLE, actor, at
        if remarks:
            callback.remarks = remarks
    callback.version += 1
    callback.save()
    if callback.status == CallbackStatus.UNREACHABLE:
        note = f"回访{callback.attempts}次未接通，无法联系"
        _complete_item(callback.source_key, actor=actor, result=note)
        tickets.ticket_record_event(ticket_id=callback.ticket_id, action="callback", actor=actor, note=note, at=at)
    return callback


def _reopen(callback: Callback, *, actor: Any) -> None:
    """The customer says the problem is not solved: reopen the request (if it is resolved or closed) and tell
    its assignee."""
    ticket = Ticket.objects.select_related("assignee").get(pk=callback.ticket_id)
    if ticket.status in (Status.RESOLVED, Status.CLOSED):
        ticket = tickets.ticket_apply_action(
            ticket_id=ticket.pk, action="reopen", actor=actor, note="回访未解决", as_part_of="followups.write"
        )
    assignee = ticket.assignee
    if assignee is not None and assignee.is_active:
        notifications.notifications_send(
            [
                notifications.Message(
                    user_id=assignee.pk,
                    email=assignee.email,
                    kind="callback_unresolved",
                    title=f"回访未解决：{ticket.number} {ticket.title}"[:200],
                    body=f"客户回访反馈问题未解决，请求已重新打开。{callback.remarks}".strip(),
                    link=reverse("tickets:detail", args=[ticket.pk]),
                )
            ]
        )


def callbacks_schedule_missing(*, at: dt.datetime | None = None, days: int = 7) -> int:
    """Safety net for the resolve hook: schedule the callback of every resolution of the last `days` days that
    has none (e.g. a request resolved by an import). Idempotent; returns how many were scheduled."""
    at = at or clock.now()
    missing = Ticket.objects.filter(
        resolved_at__gte=at - dt.timedelta(days=days),
        resolved_at__lte=at,
        status__in=(Status.RESOLVED, Status.CLOSED),
    ).filter(~Exists(Callback.objects.filter(ticket=OuterRef("pk"), resolved_at=OuterRef("resolved_at"))))
    count = 0
    for ticket in missing.select_related("customer").order_by("id"):
        callback_schedule(ticket=ticket, at=ticket.resolved_at)
        count += 1
    return count


# ----------------------------------------------------------------------------------------------- surveys


@dataclass(frozen=True)
class QuestionSpec:
    """A question as entered: kind (rating / yes_no / choice / text), text, the options of a choice."""

    kind: str
    text: str
    options: tuple[str, ...] = ()
    is_required: bool = True


def _clean_questions(questions: Sequence[QuestionSpec | Mapping[str, Any]]) -> list[QuestionSpec]:
    cleaned = []
    for index, raw in enumerate(questions, start=1):
        spec = (
            raw
            if isinstance(raw, QuestionSpec)
            else QuestionSpec(
                kind=raw.get("kind", ""),
                text=raw.get("text", ""),
                options=tuple(raw.get("options") or ()),
                is_required=bool(raw.get("is_required", True)),
            )
        )
        text = spec.text.strip()
        if spec.kind not in QuestionKind.values:
            raise invalid(
                "invalid_question_kind",
                "第{n}题的题型无效：{kind}",
                "Question {n} has an unknown kind: {kind}",
                n=index,
                kind=spec.kind,
            )
        if not text or len(text) > 300:
            raise invalid(
                "question_text_required",
                "第{n}题的题目不能为空（最多300字）",
                "Question {n} needs a text (at most 300 characters)",
                n=index,
            )
        options = tuple(dict.fromkeys(o.strip() for o in spec.options if o and o.strip()))
        if spec.kind == QuestionKind.CHOICE:
            if not 2 <= len(options) <= MAX_OPTIONS or any(len(o) > 100 for o in options):
                raise invalid(
                    "question_options",
                    "第{n}题（单选）需要2到20个不同的选项（每项最多100字）",
                    "Question {n} (choice) needs 2 to 20 distinct options (at most 100 characters each)",
                    n=index,
                )
        else:
            options = ()
        cleaned.append(QuestionSpec(kind=spec.kind, text=text, options=options, is_required=spec.is_required))
    if not cleaned:
        raise invalid("questions_required", "调查至少需要一道题", "A survey needs at least one question")
    if len(cleaned) > MAX_QUESTIONS:
        raise invalid("too_many_questions", "调查最多50道题", "A survey has at most 50 questions")
    return cleaned


def _check_target(target: selectors.Target) -> None:
    if target.region_ids and Region.objects.filter(pk__in=target.region_ids).count() != len(set(target.region_ids)):
        raise unknown_reference("地区", "Region")
    if target.asset_vendor_id is not None and not Vendor.objects.filter(pk=target.asset_vendor_id).exists():
        raise unknown_reference("厂商", "Vendor")
    if target.requests_from and target.requests_to and target.requests_from > target.requests_to:
        raise invalid(
            "request_period_order",
            "报修截止日期不能早于起始日期",
            "The end of the request period cannot be before its start",
        )


@transaction.atomic
def survey_create(
    *,
    actor: Any,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    questions: Sequence[QuestionSpec | Mapping[str, Any]],
    target: selectors.Target | None = None,
    description: str = "",
    link_days: int | None = None,
) -> Survey:
    """Create a survey campaign (draft) with its ordered questions and target filter (篇7)."""
    _check_writer(actor, "满意度调查", "Survey")
    name = name.strip()
    if not name or len(name) > 128:
        raise invalid(
            "survey_name_required", "调查名称不能为空（最多128字）", "A survey needs a name (at most 128 characters)"
        )
    if ends_on < starts_on:
        raise invalid("survey_period_order", "结束日期不能早于开始日期", "The end date cannot be before the start date")
    link_days = DEFAULT_LINK_DAYS if link_days is None else link_days
    if not 1 <= link_days <= 365:
        raise invalid("link_days_range", "链接有效天数必须在1到365之间", "Link validity must be 1 to 365 days")
    specs = _clean_questions(questions)
    target = target or selectors.Target()
    _check_target(target)
    survey = Survey.objects.create(
        name=name,
        description=description.strip()[:MAX_TEXT],
        starts_on=starts_on,
        ends_on=ends_on,
        link_days=link_days,
        key_accounts_only=target.key_accounts_only,
        asset_category=target.asset_category.strip(),
        asset_vendor_id=target.asset_vendor_id,
        requests_from=target.requests_from,
        requests_to=target.requests_to,
        created_by=actor,
    )
    if target.region_ids:
        survey.regions.set(sorted(set(target.region_ids)))
    Question.objects.bulk_create(
        [
            Question(
                survey=survey,
                position=position,
                kind=s.kind,
                text=s.text,
                options=list(s.options),
                is_required=s.is_required,
            )
            for position, s in enumerate(specs, start=1)
        ]
    )
    return survey


@dataclass(frozen=True)
class LaunchResult:
    survey: Survey
    invitations: int
    emails: int
    phone_items: int


def _invitations_for(survey: Survey, *, expires_at: dt.datetime) -> list[SurveyInvitation]:
    """One invitation per contact of every target customer; a customer without contacts is invited itself."""
    rows = []
    customers = selectors.survey_target_customers(selectors.Target.of(survey)).prefetch_related("contacts")
    for customer in customers:
        contacts = sorted(customer.contacts.all(), key=lambda c: (not c.is_primary, c.pk))
        people = [(c, c.name, c.email, c.phone or customer.phone) for c in contacts] or [
            (None, customer.name, customer.email, customer.phone)
        ]
        for contact, name, email, phone in people:
            rows.append(
                SurveyInvitation(
                    survey=survey,
                    customer=customer,
                    contact=contact,
                    name=name[:128],
                    email=email,
                    phone=phone,
                    channel=InvitationChannel.EMAIL if email else InvitationChannel.PHONE,
                    nonce=secrets.token_hex(8),
                    expires_at=expires_at,
                )
            )
    return rows


def survey_link(invitation: SurveyInvitation, base_url: str) -> str:
    path = reverse("followups:public_survey", args=[links.survey_token(invitation.pk, invitation.nonce)])
    return f"{base_url.rstrip('/')}{path}"


def _invitation_mail(invitation: SurveyInvitation, survey: Survey, *, reminder: bool = False) -> tuple:
    link = survey_link(invitation, survey.link_base or notifications.base_url())
    until = clock.local(invitation.expires_at).strftime("%Y-%m-%d")
    subject = f"{'【提醒】' if reminder else ''}【满意度调查】{survey.name}"
    body = (
        f"{invitation.name}：您好！\n\n"
        f"感谢您一直以来对我们售后服务的支持。为了不断改进服务，诚邀您花几分钟填写本次满意度调查：\n{link}\n\n"
        f"链接有效期至 {until}，仅可提交一次，无需登录。\n\n"
        f"Dear {invitation.name}, please take a few minutes to answer our service satisfaction survey: {link} "
        f"(valid until {until}, one answer per link, no account needed).\n"
    )
    return subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email]


def _send_after_commit(mails: list[tuple]) -> None:
    if mails:
        transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=True))


@transaction.atomic
def survey_launch(*, survey_id: int, actor: Any, base_url: str = "") -> LaunchResult:
    """Launch a draft survey: resolve its target filter into invitations, e-mail the link to everyone with an
    address (after commit), and put a phone follow-up (kind survey) in the callback specialists' pool for the
    others, due on the first working day from today. A filter that selects nobody is refused (nothing stored).
    """
    _check_writer(actor, "满意度调查", "Survey")
    survey = Survey.objects.select_for_update().filter(pk=survey_id).first()
    if survey is None:
        raise not_found("满意度调查", "Survey")
    if survey.status != SurveyStatus.DRAFT:
        raise conflict(
            "survey_already_launched",
            "该调查已发布（{status_zh}）",
            "This survey was already launched ({status})",
            status_zh=SurveyStatus(survey.status).label,
            status=survey.status,
        )
    now = clock.now()
    rows = _invitations_for(survey, expires_at=now + dt.timedelta(days=survey.link_days))
    if not rows:
        raise invalid(
            "survey_no_targets", "没有符合条件的客户，请调整调查对象", "No customer matches the target filter"
        )
    for row in rows:
        if row.channel == InvitationChannel.EMAIL:
            row.sent_at = now
    invitations = SurveyInvitation.objects.bulk_create(rows, batch_size=500)
    if any(i.pk is None for i in invitations):  # a backend that does not return ids from bulk inserts
        invitations = list(SurveyInvitation.objects.filter(survey=survey).order_by("id"))
    survey.status, survey.launched_at, survey.launched_by = SurveyStatus.LAUNCHED, now, actor
    survey.link_base = (base_url or notifications.base_url())[:200]
    survey.version += 1
    survey.save()
    mails = [_invitation_mail(i, survey) for i in invitations if i.channel == InvitationChannel.EMAIL]
    _send_after_commit(mails)
    due_on = selectors.working_day_from(clock.local(now).date())
    phone = [i for i in invitations if i.channel == InvitationChannel.PHONE]
    customer_names = {i.customer_id: i.customer.name for i in invitations}
    for invitation in phone:
        plans.work_item_create(
            source_key=invitation.source_key,
            kind=WorkItemKind.SURVEY,
            title=f"满意度调查电话：{survey.name} · {customer_names[invitation.customer_id]} {invitation.name}",
            due_on=due_on,
            role=Role.CALLBACK,
            customer_id=invitation.customer_id,
            link=reverse("followups:invitation_answer", args=[invitation.pk]),
        )
    return LaunchResult(survey=survey, invitations=len(invitations), emails=len(mails), phone_items=len(phone))


def _as_yes(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    return None


def _answer_for(question: Question, value: Any) -> SurveyAnswer | None:
    """The answer row for one question's value (None when left empty); 400 for a value the kind does not allow."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    answer = SurveyAnswer(question=question)
    bad = invalid("invalid_answer", "第{n}题的答案无效", "The answer to question {n} is not valid", n=question.position)
    if question.kind == QuestionKind.RATING:
        try:
            rating = int(value) if not isinstance(value, bool) else None
        except (TypeError, ValueError):
            rating = None
        if rating not in SCORE_RANGE:
            raise bad
        answer.rating = rating
    elif question.kind == QuestionKind.YES_NO:
        answer.yes = _as_yes(value)
        if answer.yes is None:
            raise bad
    elif question.kind == QuestionKind.CHOICE:
        if str(value) not in question.options:
            raise bad
        answer.choice = str(value)
    else:
        answer.text = str(value).strip()[:MAX_TEXT]
    return answer


def _store_answers(
    invitation: SurveyInvitation, answers: Mapping[Any, Any], *, channel: str, actor: Any, at: dt.datetime
) -> SurveyInvitation:
    """Check every answer first, then store them all and mark the invitation answered (all or nothing)."""
    questions = {q.pk: q for q in invitation.survey.questions.all()}
    given: dict[int, Any] = {}
    for key, value in answers.items():
        try:
            qid = int(key)
        except (TypeError, ValueError):
            qid = None
        if qid not in questions:
            raise invalid("unknown_question", "题目不存在：{key}", "Unknown question: {key}", key=key)
        given[qid] = value
    rows = []
    for q in sorted(questions.values(), key=lambda q: q.position):
        row = _answer_for(q, given.get(q.pk))
        if row is None:
            if q.is_required:
                raise invalid("answer_required", "请回答第{n}题", "Please answer question {n}", n=q.position)
            continue
        row.invitation = invitation
        rows.append(row)
    SurveyAnswer.objects.bulk_create(rows)
    invitation.responded_at, invitation.response_channel = at, channel
    invitation.entered_by = actor if getattr(actor, "pk", None) else None
    invitation.save(update_fields=["responded_at", "response_channel", "entered_by"])
    result = "电话录入问卷" if channel == ResponseChannel.PHONE else "客户已通过链接答复"
    _complete_item(invitation.source_key, actor=actor, result=result)
    return invitation


def _lock_invitation(invitation_id: int) -> SurveyInvitation:
    return (
        SurveyInvitation.objects.select_for_update(of=("self",))
        .select_related("survey")
        .prefetch_related("survey__questions")
        .get(pk=invitation_id)
    )


@transaction.atomic
def survey_response_submit(*, token: str, answers: Mapping[Any, Any]) -> SurveyInvitation:
    """The customer's answer through the link (no account): a genuine, unused, unexpired link of a running
    survey stores the answers once. Anything else is refused and nothing is stored."""
    found = selectors.invitation_by_token(token)
    invitation = _lock_invitation(found.pk)
    now = clock.now()
    selectors.invitation_open(invitation, at=now, by_link=True)
    return _store_answers(invitation, answers, channel=ResponseChannel.LINK, actor=None, at=now)


@transaction.atomic
def survey_response_record(*, invitation_id: int, actor: Any, answers: Mapping[Any, Any]) -> SurveyInvitation:
    """A callback specialist enters the answers given on the phone (电话录入); allowed while the survey runs."""
    _check_writer(actor, "调查邀请", "Survey invitation")
    if not SurveyInvitation.objects.filter(pk=invitation_id).exists():
        raise not_found("调查邀请", "Survey invitation")
    invitation = _lock_invitation(invitation_id)
    now = clock.now()
    selectors.invitation_open(invitation, at=now, by_link=False)
    return _store_answers(invitation, answers, channel=ResponseChannel.PHONE, actor=actor, at=now)


@transaction.atomic
def survey_close(*, survey_id: int, actor: Any, at: dt.datetime | None = None) -> Survey:
    """End a running survey: its links stop working and its open phone follow-ups are completed."""
    if actor is not None:
        _check_writer(actor, "满意度调查", "Survey")
    survey = Survey.objects.select_for_update().filter(pk=survey_id).first()
    if survey is None:
        raise not_found("满意度调查", "Survey")
    if survey.status != SurveyStatus.LAUNCHED:
        raise conflict("survey_not_running", "该调查未在进行中", "This survey is not running")
    survey.status, survey.closed_at = SurveyStatus.CLOSED, at or clock.now()
    survey.version += 1
    survey.save()
    keys = [
        i.source_key
        for i in SurveyInvitation.objects.filter(
            survey=survey, responded_at__isnull=True, channel=InvitationChannel.PHONE
        )
    ]
    open_items = WorkItem.objects.filter(source_key__in=keys, done_at__isnull=True).values_list("pk", flat=True)
    for item_id in list(open_items):
        plans.work_item_complete(item_id=item_id, actor=actor, result="调查已结束")
    return survey


def surveys_close_finished(*, at: dt.datetime | None = None) -> int:
    """Close every running survey whose last day has passed (China date). Idempotent; returns how many."""
    at = at or clock.now()
    today = clock.local(at).date()
    ids = list(Survey.objects.filter(status=SurveyStatus.LAUNCHED, ends_on__lt=today).values_list("pk", flat=True))
    for survey_id in ids:
        survey_close(survey_id=survey_id, actor=None, at=at)
    return len(ids)


@transaction.atomic
def survey_reminders_send(*, at: dt.datetime | None = None) -> int:
    """E-mail one reminder to every invitee who has not answered `REMINDER_AFTER_DAYS` days after the link was
    sent, while the link and the survey still run. Each invitation is reminded once (marked under a row lock),
    so repeated or overlapping runs send nothing twice. Returns how many were reminded."""
    at = at or clock.now()
    due = (
        SurveyInvitation.objects.select_for_update(of=("self",))
        .select_related("survey")
        .filter(
            channel=InvitationChannel.EMAIL,
            responded_at__isnull=True,
            reminded_at__isnull=True,
            sent_at__lte=at - dt.timedelta(days=REMINDER_AFTER_DAYS),
            expires_at__gt=at,
            survey__status=SurveyStatus.LAUNCHED,
        )
        .exclude(email="")
        .order_by("id")
    )
    rows = list(due)
    if not rows:
        return 0
    SurveyInvitation.objects.filter(pk__in=[r.pk for r in rows]).update(reminded_at=at)
    _send_after_commit([_invitation_mail(r, r.survey, reminder=True) for r in rows])
    return len(rows)


def question_specs(rows: Iterable[Mapping[str, Any]]) -> list[QuestionSpec]:
    """Question rows from a form or an API payload (kind, text, options, is_required) as specs."""
    return [
        QuestionSpec(
            kind=r["kind"],
            text=r["text"],
            options=tuple(r.get("options") or ()),
            is_required=bool(r.get("is_required", True)),
        )
        for r in rows
    ]
