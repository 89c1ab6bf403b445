"""API schemas of callbacks (回访) and survey campaigns (满意度调查)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from aftersales.core.schemas import ErrorOut, QueryIn, StrictIn

CallbackStatusName = Literal["pending", "done", "unreachable", "cancelled"]
QuestionKindName = Literal["rating", "yes_no", "choice", "text"]
SurveyStatusName = Literal["draft", "launched", "closed"]
AnswerValue = bool | int | str | None


class CallbackOut(Schema):
    id: int
    ticket_id: int
    ticket_number: str
    ticket_title: str
    customer_id: int
    customer_name: str
    resolved_at: dt.datetime = Field(description="the resolution this callback follows")
    due_on: dt.date = Field(description="next working day after the resolution (office calendar)")
    status: CallbackStatusName
    attempts: int = Field(description="calls nobody answered; the third closes the callback as unreachable")
    answered_by: str
    resolved: bool | None
    satisfaction: int | None
    courtesy: int | None
    remarks: str
    done_by: str | None
    done_at: dt.datetime | None
    version: int


class CallbackPage(Schema):
    items: list[CallbackOut]
    next_cursor: str | None


class CallbackQuery(QueryIn):
    status: CallbackStatusName | None = None
    due_before: dt.date | None = Field(None, description="only callbacks due before this date")
    cursor: str | None = None
    limit: int = Field(50, ge=1, le=200)


class CallbackResultIn(StrictIn):
    """The call's outcome. `reached=false` counts an unanswered call (the other fields are then ignored)."""

    reached: bool = True
    resolved: bool | None = Field(None, description="was the problem solved? false reopens the request")
    satisfaction: int | None = Field(None, ge=1, le=5, description="1–5; 2 or less opens a complaint")
    courtesy: int | None = Field(None, ge=1, le=5, description="服务态度 1–5")
    remarks: str = Field("", max_length=2000)
    answered_by: str = Field("", max_length=64, description="who answered the phone")
    version: int | None = Field(None, description="the version you read (409 when it changed)")


class QuestionIn(StrictIn):
    kind: QuestionKindName
    text: str = Field(max_length=300)
    options: list[str] = Field(default_factory=list, max_length=20, description="for kind=choice: 2 to 20 options")
    is_required: bool = True


class QuestionOut(Schema):
    id: int
    position: int
    kind: QuestionKindName
    text: str
    options: list[str]
    is_required: bool


class TargetIn(StrictIn):
    """Which customers are invited; every given condition must hold."""

    region_ids: list[int] = Field(default_factory=list, description="in one of these regions (empty: all)")
    key_accounts_only: bool = False
    asset_category: str = Field("", max_length=32, description="owns an asset of this category")
    asset_vendor_id: int | None = Field(None, description="owns an asset of this vendor")
    requests_from: dt.date | None = Field(None, description="reported a request on or after this date")
    requests_to: dt.date | None = Field(None, description="reported a request on or before this date")


class TargetOut(Schema):
    region_ids: list[int]
    key_accounts_only: bool
    asset_category: str
    asset_vendor_id: int | None
    requests_from: dt.date | None
    requests_to: dt.date | None


class SurveyIn(StrictIn):
    name: str = Field(max_length=128)
    description: str = Field("", max_length=2000)
    starts_on: dt.date
    ends_on: dt.date
    link_days: int = Field(30, ge=1, le=365, description="days the e-mailed link stays valid after launch")
    questions: list[QuestionIn] = Field(max_length=50)
    target: TargetIn = Field(default_factory=TargetIn)


class SurveyOut(Schema):
    id: int
    name: str
    description: str
    starts_on: dt.date
    ends_on: dt.date
    status: SurveyStatusName
    link_days: int
    target: TargetOut
    questions: list[QuestionOut]
    invitations: int
    responses: int
    launched_at: dt.datetime | None
    closed_at: dt.datetime | None
    version: int


class SurveyPage(Schema):
    items: list[SurveyOut]
    next_cursor: str | None


class LaunchOut(Schema):
    survey: SurveyOut
    invitations: int
    emails: int = Field(description="invitations e-mailed with their link")
    phone_items: int = Field(description="work items created for a phone follow-up (no e-mail address)")


class QuestionResultOut(Schema):
    id: int
    position: int
    kind: QuestionKindName
    text: str
    answered: int
    average: float | None = Field(description="rating: the mean, 2 decimals")
    distribution: dict[str, int] = Field(description="rating: count per value 1–5")
    yes: int
    no: int
    yes_rate: float | None
    options: dict[str, int] = Field(description="choice: count per option")
    texts: list[str] = Field(description="text: the latest answers")


class SurveyResultsOut(Schema):
    survey_id: int
    invitations: int
    responses: int
    response_rate: float | None = Field(description="responses / invitations, 4 decimals")
    by_channel: dict[str, int]
    questions: list[QuestionResultOut]


class AnswersIn(StrictIn):
    """Answers by question id: rating 1–5, yes/no as true/false, the chosen option's text, free text."""

    answers: dict[str, AnswerValue]


class PublicSurveyOut(Schema):
    survey_name: str
    description: str
    invitee: str
    expires_at: dt.datetime
    questions: list[QuestionOut]


class AnsweredOut(Schema):
    invitation_id: int
    responded_at: dt.datetime
    response_channel: Literal["link", "phone"]


PUBLIC_ERRORS = {400: ErrorOut, 404: ErrorOut, 410: ErrorOut, 422: ErrorOut}
