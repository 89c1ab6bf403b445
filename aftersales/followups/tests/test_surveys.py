"""Survey campaigns (满意度调查, 篇7): targeting, launch, the one-time signed link, phone entry, results."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core import mail

from aftersales.core.errors import DomainError
from aftersales.followups import selectors, services
from aftersales.followups.models import Survey, SurveyAnswer, SurveyInvitation
from aftersales.followups.tests.conftest import NOW, china, token_of
from aftersales.plans.models import WorkItem

ALL = {"安徽省立医院", "阜阳市国土资源局", "蜀山区政务中心", "合肥工业大学网络中心"}


def _targets(**target) -> set[str]:
    return set(selectors.survey_target_customers(selectors.Target(**target)).values_list("name", flat=True))


def _answers(survey: Survey, rating, yes, choice, text="") -> dict[int, object]:
    q = list(survey.questions.all())
    return {q[0].pk: rating, q[1].pk: yes, q[2].pk: choice, q[3].pk: text}


# -------------------------------------------------------------------------------------------- targeting


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        pytest.param({}, ALL, id="everyone"),
        pytest.param({"region": "合肥市"}, {"安徽省立医院", "蜀山区政务中心", "合肥工业大学网络中心"}, id="region"),
        pytest.param({"region": "阜阳市"}, {"阜阳市国土资源局"}, id="other-region"),
        pytest.param({"key_accounts_only": True}, {"安徽省立医院", "合肥工业大学网络中心"}, id="key-accounts"),
        pytest.param({"asset_category": "服务器"}, {"安徽省立医院"}, id="category"),
        pytest.param({"vendor": "戴尔"}, {"安徽省立医院", "蜀山区政务中心"}, id="vendor"),
        pytest.param({"vendor": "华为", "asset_category": "服务器"}, set(), id="category-and-vendor-on-one-asset"),
        pytest.param(
            {"requests_from": dt.date(2026, 1, 1), "requests_to": dt.date(2026, 6, 30)},
            {"安徽省立医院"},
            id="request-in-first-half",
        ),
        pytest.param({"requests_from": dt.date(2026, 3, 11)}, {"蜀山区政务中心"}, id="request-since"),
        pytest.param({"requests_to": dt.date(2026, 3, 10)}, {"安徽省立医院"}, id="request-until-day-included"),
        pytest.param(
            {"region": "合肥市", "key_accounts_only": True},
            {"安徽省立医院", "合肥工业大学网络中心"},
            id="region-and-key",
        ),
    ],
)
def test_the_target_filter_selects_exactly_these_customers(world, target, expected):
    # given
    from aftersales.assets.models import Vendor
    from aftersales.customers.models import Region

    if "region" in target:
        target["region_ids"] = (Region.objects.get(name=target.pop("region")).pk,)
    if "vendor" in target:
        target["asset_vendor_id"] = Vendor.objects.get(name=target.pop("vendor")).pk
    # when
    names = _targets(**target)
    # then
    assert names == expected


def test_a_survey_keeps_its_questions_in_order(make_survey, world):
    # when
    survey = make_survey(key_accounts_only=True, asset_category="服务器")
    # then
    assert list(survey.questions.values_list("position", "kind", "text", "options", "is_required")) == [
        (1, "rating", "您对我们售后服务的总体满意度", [], True),
        (2, "yes_no", "上半年设备运行是否正常", [], True),
        (3, "choice", "您最希望我们改进哪一方面", ["响应速度", "技术水平", "备件供应"], True),
        (4, "text", "其他意见和建议", [], False),
    ]
    assert (survey.status, survey.key_accounts_only, survey.asset_category, survey.link_days) == (
        "draft",
        True,
        "服务器",
        30,
    )


@pytest.mark.parametrize(
    ("questions", "code"),
    [
        pytest.param([], "questions_required", id="none"),
        pytest.param([{"kind": "choice", "text": "选一个", "options": ["甲"]}], "question_options", id="one-option"),
        pytest.param([{"kind": "scale", "text": "打分"}], "invalid_question_kind", id="unknown-kind"),
        pytest.param([{"kind": "rating", "text": "  "}], "question_text_required", id="empty-text"),
    ],
)
def test_a_survey_with_bad_questions_is_refused_and_nothing_is_stored(supervisor, db, questions, code):
    # when
    with pytest.raises(DomainError) as refused:
        services.survey_create(
            actor=supervisor,
            name="调查",
            starts_on=dt.date(2026, 7, 1),
            ends_on=dt.date(2026, 8, 31),
            questions=questions,
        )
    # then
    assert (refused.value.status, refused.value.code, Survey.objects.count()) == (400, code, 0)


# ----------------------------------------------------------------------------------------------- launch


def test_launch_invites_every_contact_mails_the_links_and_queues_phone_calls(
    make_survey, world, supervisor, django_capture_on_commit_callbacks
):
    # given
    survey = make_survey()
    # when
    with django_capture_on_commit_callbacks(execute=True):
        result = services.survey_launch(survey_id=survey.pk, actor=supervisor, base_url="https://fw.example.cn/")
    # then: one invitation per contact; the customer without contacts is invited itself
    invitations = list(
        SurveyInvitation.objects.order_by("customer__name", "name").values_list(
            "customer__name", "name", "channel", "email", "phone"
        )
    )
    assert invitations == [
        ("合肥工业大学网络中心", "赵老师", "email", "zhao@hfut.example.cn", "13905510003"),
        ("安徽省立医院", "李工", "phone", "", "13905510002"),
        ("安徽省立医院", "王主任", "email", "wang@slyy.example.cn", "13905510001"),
        ("蜀山区政务中心", "蜀山区政务中心", "phone", "", "0551-65550000"),
        ("阜阳市国土资源局", "张科长", "email", "zhang@fygt.example.cn", "0558-2211000"),
    ]
    assert (result.invitations, result.emails, result.phone_items) == (5, 3, 2)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "wang@slyy.example.cn",
        "zhang@fygt.example.cn",
        "zhao@hfut.example.cn",
    ]
    wang = SurveyInvitation.objects.get(name="王主任")
    message = next(m for m in mail.outbox if m.to == ["wang@slyy.example.cn"])
    assert message.subject == "【满意度调查】2026年度客户满意度调查"
    assert f"https://fw.example.cn/followups/s/{token_of(wang)}/" in message.body
    assert "链接有效期至 2026-12-26" in message.body
    # the phone follow-ups, due today (a working day) in the callback specialists' pool
    items = list(WorkItem.objects.order_by("id").values_list("kind", "role", "due_on", "customer__name"))
    assert items == [
        ("survey", "callback", dt.date(2026, 11, 26), "安徽省立医院"),
        ("survey", "callback", dt.date(2026, 11, 26), "蜀山区政务中心"),
    ]
    survey.refresh_from_db()
    assert (survey.status, survey.launched_at, survey.launched_by_id) == ("launched", NOW, supervisor.pk)
    assert wang.expires_at == NOW + dt.timedelta(days=30)


def test_phone_follow_ups_of_a_launch_on_a_holiday_are_due_on_the_next_working_day(
    make_survey, world, supervisor, frozen_now
):
    # given
    survey = make_survey()
    # when: launched on National Day
    with frozen_now(china(2026, 10, 2, 10)):
        services.survey_launch(survey_id=survey.pk, actor=supervisor)
    # then
    assert set(WorkItem.objects.values_list("due_on", flat=True)) == {dt.date(2026, 10, 8)}


def test_a_second_launch_is_refused(make_survey, world, supervisor):
    # given
    survey = make_survey()
    services.survey_launch(survey_id=survey.pk, actor=supervisor)
    # when
    with pytest.raises(DomainError) as refused:
        services.survey_launch(survey_id=survey.pk, actor=supervisor)
    # then
    assert (refused.value.status, refused.value.code, SurveyInvitation.objects.count()) == (
        409,
        "survey_already_launched",
        5,
    )


def test_a_launch_that_selects_nobody_is_refused_and_stores_nothing(make_survey, world, supervisor):
    # given
    survey = make_survey(asset_category="打印机")
    # when
    with pytest.raises(DomainError) as refused:
        services.survey_launch(survey_id=survey.pk, actor=supervisor)
    # then
    assert (refused.value.status, refused.value.code) == (400, "survey_no_targets")
    assert (Survey.objects.get().status, SurveyInvitation.objects.count(), WorkItem.objects.count()) == ("draft", 0, 0)


# ---------------------------------------------------------------------------------------------- the link


@pytest.fixture
def launched(make_survey, world, supervisor):
    survey = make_survey()
    services.survey_launch(survey_id=survey.pk, actor=supervisor, base_url="https://fw.example.cn/")
    return survey


def test_the_link_answers_once(launched):
    # given
    wang = SurveyInvitation.objects.get(name="王主任")
    # when
    services.survey_response_submit(token=token_of(wang), answers=_answers(launched, 4, "yes", "备件供应", "很好"))
    # then
    wang.refresh_from_db()
    assert (wang.responded_at, wang.response_channel, wang.entered_by_id) == (NOW, "link", None)
    assert list(SurveyAnswer.objects.order_by("question__position").values_list("rating", "yes", "choice", "text")) == [
        (4, None, "", ""),
        (None, True, "", ""),
        (None, None, "备件供应", ""),
        (None, None, "", "很好"),
    ]

    # when: the same link again
    with pytest.raises(DomainError) as refused:
        services.survey_response_submit(token=token_of(wang), answers=_answers(launched, 1, "no", "响应速度"))
    # then
    assert (refused.value.status, refused.value.code) == (410, "survey_link_used")
    assert refused.value.message_zh == "该问卷已提交，感谢您的参与（每个链接只能使用一次）"
    assert SurveyAnswer.objects.count() == 4


def test_an_expired_link_is_refused_and_stores_nothing(launched, frozen_now):
    # given
    wang = SurveyInvitation.objects.get(name="王主任")
    # when: 30 days after launch
    with frozen_now(NOW + dt.timedelta(days=30)), pytest.raises(DomainError) as refused:
        services.survey_response_submit(token=token_of(wang), answers=_answers(launched, 5, "yes", "技术水平"))
    # then
    assert (refused.value.status, refused.value.code) == (410, "survey_link_expired")
    assert refused.value.message_en == "This link has expired (it was valid until 2026-12-26)"
    assert (SurveyAnswer.objects.count(), SurveyInvitation.objects.get(pk=wang.pk).responded_at) == (0, None)


def test_the_link_still_works_on_its_last_day(launched, frozen_now):
    # given
    wang = SurveyInvitation.objects.get(name="王主任")
    # when
    with frozen_now(NOW + dt.timedelta(days=30) - dt.timedelta(seconds=1)):
        services.survey_response_submit(token=token_of(wang), answers=_answers(launched, 5, "yes", "技术水平"))
    # then
    assert SurveyAnswer.objects.count() == 3


@pytest.mark.parametrize("tamper", ["flip-signature", "other-id", "other-nonce", "garbage", "other-salt"])
def test_a_tampered_link_is_refused_and_stores_nothing(launched, tamper):
    # given
    from django.core import signing

    from aftersales.followups import links

    wang = SurveyInvitation.objects.get(name="王主任")
    zhao = SurveyInvitation.objects.get(name="赵老师")
    token = token_of(wang)
    forged = {
        "flip-signature": token[:-1] + ("A" if token[-1] != "A" else "B"),
        "other-id": token.replace(
            token.split(":")[0], signing.b64_encode(f'{{"i":{zhao.pk},"n":"{wang.nonce}"}}'.encode()).decode()
        ),
        "other-nonce": links.survey_token(wang.pk, "0" * 16),
        "garbage": "not-a-token",
        "other-salt": signing.Signer(salt="something-else").sign_object({"i": wang.pk, "n": wang.nonce}),
    }[tamper]
    # when
    with pytest.raises(DomainError) as refused:
        services.survey_response_submit(token=forged, answers=_answers(launched, 5, "yes", "技术水平"))
    # then
    assert (refused.value.status, refused.value.code) == (404, "survey_link_invalid")
    assert SurveyAnswer.objects.count() == 0
    assert SurveyInvitation.objects.filter(responded_at__isnull=False).count() == 0


@pytest.mark.parametrize(
    ("values", "code"),
    [
        pytest.param((None, "yes", "技术水平"), "answer_required", id="missing-rating"),
        pytest.param((6, "yes", "技术水平"), "invalid_answer", id="rating-6"),
        pytest.param((5, "maybe", "技术水平"), "invalid_answer", id="not-yes-or-no"),
        pytest.param((5, "yes", "价格"), "invalid_answer", id="option-not-offered"),
    ],
)
def test_invalid_answers_are_refused_and_nothing_is_stored(launched, values, code):
    # given
    wang = SurveyInvitation.objects.get(name="王主任")
    # when
    with pytest.raises(DomainError) as refused:
        services.survey_response_submit(token=token_of(wang), answers=_answers(launched, *values))
    # then
    assert (refused.value.status, refused.value.code) == (400, code)
    assert (SurveyAnswer.objects.count(), SurveyInvitation.objects.get(pk=wang.pk).responded_at) == (0, None)


def test_a_closed_survey_takes_no_more_answers(launched, supervisor):
    # given
    services.survey_close(survey_id=launched.pk, actor=supervisor)
    wang = SurveyInvitation.objects.get(name="王主任")
    # when
    with pytest.raises(DomainError) as refused:
        services.survey_response_submit(token=token_of(wang), answers=_answers(launched, 5, "yes", "技术水平"))
    # then
    assert (refused.value.status, refused.value.code, SurveyAnswer.objects.count()) == (410, "survey_closed", 0)
    assert WorkItem.objects.filter(done_at__isnull=True).count() == 0


# ------------------------------------------------------------------------------------------ phone entry


def test_phone_entry_records_the_answers_and_completes_the_work_item(launched, specialist):
    # given
    li = SurveyInvitation.objects.get(name="李工")
    # when
    services.survey_response_record(
        invitation_id=li.pk,
        actor=specialist,
        answers={str(k): v for k, v in _answers(launched, "3", "否", "响应速度").items()},
    )
    # then
    li.refresh_from_db()
    assert (li.responded_at, li.response_channel, li.entered_by_id) == (NOW, "phone", specialist.pk)
    item = WorkItem.objects.get(source_key=f"survey:{launched.pk}:invitation:{li.pk}")
    assert (item.done_at, item.done_by_id, item.result) == (NOW, specialist.pk, "电话录入问卷")
    assert list(
        SurveyAnswer.objects.filter(invitation=li).order_by("question__position").values_list("rating", "yes", "choice")
    ) == [(3, None, ""), (None, False, ""), (None, None, "响应速度")]


@pytest.mark.parametrize(("role", "status"), [("agent", 403), ("engineer", 403), ("customer", 404)])
def test_phone_entry_needs_a_callback_role(launched, make_user, role, status):
    # given
    from aftersales.customers.models import Customer

    user = make_user(f"u-{role}", role, customer=Customer.objects.first() if role == "customer" else None)
    li = SurveyInvitation.objects.get(name="李工")
    # when
    with pytest.raises(DomainError) as refused:
        services.survey_response_record(
            invitation_id=li.pk, actor=user, answers=_answers(launched, 3, "no", "响应速度")
        )
    # then
    assert (refused.value.status, SurveyAnswer.objects.count()) == (status, 0)


# ----------------------------------------------------------------------------------------------- results


def test_response_rate_averages_and_distributions_are_exact(launched, specialist):
    # given: 3 of 5 invitations answered (two by link, one by phone)
    by_name = {i.name: i for i in SurveyInvitation.objects.all()}
    services.survey_response_submit(
        token=token_of(by_name["王主任"]), answers=_answers(launched, 5, True, "备件供应", "备件到货快")
    )
    services.survey_response_submit(token=token_of(by_name["张科长"]), answers=_answers(launched, 4, True, "备件供应"))
    services.survey_response_record(
        invitation_id=by_name["李工"].pk, actor=specialist, answers=_answers(launched, 2, False, "响应速度", "希望更快")
    )
    # when
    found = selectors.survey_results(Survey.objects.get())
    # then
    assert (found.invitations, found.responses, found.response_rate, found.by_channel) == (
        5,
        3,
        Decimal("0.6000"),
        {"link": 2, "phone": 1},
    )
    (_, rating), (_, yes_no), (_, choice), (_, text) = found.questions
    assert (rating.answered, rating.average, rating.distribution) == (
        3,
        Decimal("3.67"),
        {1: 0, 2: 1, 3: 0, 4: 1, 5: 1},
    )
    assert (yes_no.answered, yes_no.yes, yes_no.no, yes_no.yes_rate) == (3, 2, 1, Decimal("0.6667"))
    assert (choice.answered, choice.options) == (3, {"响应速度": 1, "技术水平": 0, "备件供应": 2})
    assert (text.answered, text.texts) == (2, ("希望更快", "备件到货快"))


def test_results_of_a_survey_nobody_answered(launched):
    # when
    found = selectors.survey_results(Survey.objects.get())
    # then
    (_, rating), *_ = found.questions
    assert (found.responses, found.response_rate, rating.answered, rating.average) == (0, Decimal("0.0000"), 0, None)


# --------------------------------------------------------------------------------------------- periodic


def test_a_reminder_goes_once_to_those_who_have_not_answered_after_7_days(
    launched, frozen_now, django_capture_on_commit_callbacks
):
    # given: 王主任 answered; 张科长 and 赵老师 did not
    wang = SurveyInvitation.objects.get(name="王主任")
    services.survey_response_submit(token=token_of(wang), answers=_answers(launched, 5, True, "技术水平"))
    # when: 6 days, then 7 days, then 8 days after launch
    with django_capture_on_commit_callbacks(execute=True):
        early = services.survey_reminders_send(at=NOW + dt.timedelta(days=6))
        due = services.survey_reminders_send(at=NOW + dt.timedelta(days=7))
        again = services.survey_reminders_send(at=NOW + dt.timedelta(days=8))
    # then
    assert (early, due, again) == (0, 2, 0)
    assert sorted(m.to[0] for m in mail.outbox) == ["zhang@fygt.example.cn", "zhao@hfut.example.cn"]
    assert all(m.subject == "【提醒】【满意度调查】2026年度客户满意度调查" for m in mail.outbox)
    assert re.search(r"/followups/s/[^/\s]+/", mail.outbox[0].body)


def test_surveys_close_after_their_last_day(make_survey, world, supervisor, frozen_now):
    # given
    survey = make_survey()
    Survey.objects.filter(pk=survey.pk).update(ends_on=dt.date(2026, 11, 30))
    services.survey_launch(survey_id=survey.pk, actor=supervisor)
    # when
    on_last_day = services.surveys_close_finished(at=china(2026, 11, 30, 23, 59))
    after = services.surveys_close_finished(at=china(2026, 12, 1, 0, 5))
    again = services.surveys_close_finished(at=china(2026, 12, 1, 1, 0))
    # then
    assert (on_last_day, after, again) == (0, 1, 0)
    assert Survey.objects.get().status == "closed"
