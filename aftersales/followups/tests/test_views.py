"""The callback and survey pages: who may open them, the call script form, survey create / launch / results,
phone entry, and the public survey page with its zh/en refusals."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.followups import services
from aftersales.followups.models import Callback, Survey, SurveyAnswer, SurveyInvitation
from aftersales.followups.reference import STANDARD_QUESTIONS
from aftersales.followups.tests.conftest import NOW, china, token_of

PASSWORD = "pw-Secret-123"


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def launched(make_survey, world, supervisor):
    survey = make_survey()
    services.survey_launch(survey_id=survey.pk, actor=supervisor, base_url="http://testserver/")
    return survey


# --------------------------------------------------------------------------------------------- callbacks


def test_the_callback_list_groups_overdue_today_and_coming(signed_in, specialist, resolve, customer, now):
    # given
    overdue = Callback.objects.get(ticket=resolve(customer, china(2026, 11, 23, 10)))
    today = Callback.objects.get(ticket=resolve(customer, china(2026, 11, 25, 10), title="交换机端口故障"))
    coming = Callback.objects.get(ticket=resolve(customer, china(2026, 11, 27, 10), title="UPS告警"))
    # when
    response = signed_in(specialist).get("/followups/callbacks/")
    # then
    assert response.status_code == 200
    board = response.context["board"]
    assert ([c.pk for c in board.overdue], [c.pk for c in board.due_today], [c.pk for c in board.upcoming]) == (
        [overdue.pk],
        [today.pk],
        [coming.pk],
    )
    assert 'id="nav-followups"' in response.content.decode()


@pytest.mark.parametrize(("role", "status"), [("agent", 200), ("supervisor", 200), ("engineer", 404)])
def test_who_may_open_the_callback_list(signed_in, make_user, db, role, status):
    # when
    response = signed_in(make_user(f"u-{role}", role)).get("/followups/callbacks/")
    # then
    assert response.status_code == status


def test_a_customer_is_sent_to_the_portal(signed_in, customer_user):
    # when
    response = signed_in(customer_user).get("/followups/callbacks/")
    # then
    assert (response.status_code, response["Location"]) == (302, "/portal/")


def test_the_call_script_shows_the_request_and_prefills_the_reporter(signed_in, specialist, pending_callback):
    # when
    response = signed_in(specialist).get(f"/followups/callbacks/{pending_callback.pk}/")
    # then
    page = response.content.decode()
    assert response.status_code == 200
    assert "您好，王主任！我是售后服务中心的回访专员。您在 2026-11-25 报修的“打印服务器无法连接”已处理完毕" in page
    assert response.context["form"].initial["answered_by"] == "王主任"
    assert 'id="callback-save"' in page


def test_recording_a_result_from_the_form(signed_in, specialist, pending_callback):
    # when
    response = signed_in(specialist).post(
        f"/followups/callbacks/{pending_callback.pk}/",
        {
            "outcome": "reached",
            "answered_by": "王主任",
            "resolved": "yes",
            "satisfaction": "4",
            "courtesy": "5",
            "remarks": "处理及时",
        },
    )
    # then
    assert (response.status_code, response["Location"]) == (302, "/followups/callbacks/")
    callback = Callback.objects.get()
    assert (callback.status, callback.resolved, callback.satisfaction, callback.courtesy, callback.remarks) == (
        "done",
        True,
        4,
        5,
        "处理及时",
    )


def test_an_unanswered_call_from_the_form(signed_in, specialist, pending_callback):
    # when
    response = signed_in(specialist).post(f"/followups/callbacks/{pending_callback.pk}/", {"outcome": "unreachable"})
    # then
    assert response.status_code == 302
    assert (Callback.objects.get().attempts, Callback.objects.get().status) == (1, "pending")


def test_a_result_without_scores_is_shown_again_with_errors(signed_in, specialist, pending_callback):
    # when
    response = signed_in(specialist).post(
        f"/followups/callbacks/{pending_callback.pk}/", {"outcome": "reached", "resolved": "yes"}
    )
    # then
    assert response.status_code == 400
    assert sorted(response.context["form"].errors) == ["courtesy", "satisfaction"]
    assert Callback.objects.get().status == "pending"


def test_an_agent_reads_the_call_script_but_cannot_record(signed_in, agent, pending_callback):
    # when
    page = signed_in(agent).get(f"/followups/callbacks/{pending_callback.pk}/")
    posted = signed_in(agent).post(f"/followups/callbacks/{pending_callback.pk}/", {"outcome": "unreachable"})
    # then
    assert (page.status_code, 'id="callback-form"' in page.content.decode(), posted.status_code) == (200, False, 404)
    assert Callback.objects.get().attempts == 0


# ----------------------------------------------------------------------------------------------- surveys


def test_the_new_survey_form_offers_the_standard_questions(signed_in, supervisor, now):
    # when
    response = signed_in(supervisor).get("/followups/surveys/new/")
    # then
    assert response.status_code == 200
    initial = [f.initial.get("text") for f in response.context["questions"].forms[: len(STANDARD_QUESTIONS)]]
    assert initial == [q.text for q in STANDARD_QUESTIONS]
    assert response.context["form"].initial["starts_on"] == "2026-07-01"


def test_creating_and_launching_a_survey_from_the_pages(
    signed_in, supervisor, world, django_capture_on_commit_callbacks
):
    # given
    from django.core import mail

    from aftersales.customers.models import Region

    hefei = Region.objects.get(name="合肥市")
    data = {
        "name": "2026年度客户满意度调查",
        "description": "",
        "starts_on": "2026-07-01",
        "ends_on": "2026-12-31",
        "link_days": "30",
        "regions": [str(hefei.pk)],
        "key_accounts_only": "on",
        "asset_category": "",
        "asset_vendor": "",
        "requests_from": "",
        "requests_to": "",
        "q-TOTAL_FORMS": "3",
        "q-INITIAL_FORMS": "0",
        "q-MIN_NUM_FORMS": "0",
        "q-MAX_NUM_FORMS": "50",
        "q-0-kind": "rating",
        "q-0-text": "总体满意度",
        "q-0-is_required": "on",
        "q-1-kind": "choice",
        "q-1-text": "最希望改进",
        "q-1-options": "响应速度、技术水平；备件供应",
        "q-1-is_required": "on",
        "q-2-kind": "rating",
        "q-2-text": "",
    }
    client = signed_in(supervisor)
    # when
    created = client.post("/followups/surveys/new/", data)
    survey = Survey.objects.get()
    draft = client.get(f"/followups/surveys/{survey.pk}/")
    with django_capture_on_commit_callbacks(execute=True):
        launched = client.post(f"/followups/surveys/{survey.pk}/launch/")
    results = client.get(f"/followups/surveys/{survey.pk}/")
    # then
    assert (created.status_code, created["Location"]) == (302, f"/followups/surveys/{survey.pk}/")
    assert list(survey.questions.values_list("kind", "text", "options")) == [
        ("rating", "总体满意度", []),
        ("choice", "最希望改进", ["响应速度", "技术水平", "备件供应"]),
    ]
    assert [c.name for c in draft.context["targets"]] == ["安徽省立医院", "合肥工业大学网络中心"]
    assert launched.status_code == 302
    assert SurveyInvitation.objects.count() == 3
    assert f"http://testserver/followups/s/{token_of(SurveyInvitation.objects.get(name='赵老师'))}/" in next(
        m.body for m in mail.outbox if m.to == ["zhao@hfut.example.cn"]
    )
    assert (results.context["results"].invitations, len(results.context["invitations"])) == (3, 3)


def test_phone_entry_page(signed_in, specialist, launched):
    # given
    li = SurveyInvitation.objects.get(name="李工")
    q = list(launched.questions.all())
    # when
    page = signed_in(specialist).get(f"/followups/invitations/{li.pk}/answer/")
    posted = signed_in(specialist).post(
        f"/followups/invitations/{li.pk}/answer/",
        {f"q{q[0].pk}": "4", f"q{q[1].pk}": "yes", f"q{q[2].pk}": "技术水平", f"q{q[3].pk}": ""},
    )
    # then
    assert page.status_code == 200
    assert (posted.status_code, posted["Location"]) == (302, f"/followups/surveys/{launched.pk}/")
    assert (SurveyInvitation.objects.get(pk=li.pk).response_channel, SurveyAnswer.objects.count()) == ("phone", 3)


# ------------------------------------------------------------------------------------------- public page


def test_the_public_page_needs_no_account_and_answers_once(client, launched):
    # given
    wang = SurveyInvitation.objects.get(name="王主任")
    q = list(launched.questions.all())
    url = f"/followups/s/{token_of(wang)}/"
    answers = {f"q{q[0].pk}": "5", f"q{q[1].pk}": "yes", f"q{q[2].pk}": "备件供应", f"q{q[3].pk}": "谢谢"}
    # when
    page = client.get(url)
    posted = client.post(url, answers)
    again = client.get(url)
    posted_again = client.post(url, answers)
    # then
    assert page.status_code == 200
    assert "王主任，您好！本问卷无需登录，仅可提交一次，有效期至 2026-12-26。" in page.content.decode()
    assert (posted.status_code, 'data-outcome="thanks"' in posted.content.decode()) == (200, True)
    for response in (again, posted_again):
        text = response.content.decode()
        assert response.status_code == 410
        assert "该问卷已提交，感谢您的参与（每个链接只能使用一次）" in text
        assert "This survey has already been answered, thank you (each link can be used only once)" in text
    assert SurveyAnswer.objects.count() == 4


def test_the_public_page_of_an_expired_link(client, launched, frozen_now):
    # given
    wang = SurveyInvitation.objects.get(name="王主任")
    q = list(launched.questions.all())
    # when
    with frozen_now(NOW + dt.timedelta(days=31)):
        response = client.post(f"/followups/s/{token_of(wang)}/", {f"q{q[0].pk}": "5"})
    # then
    text = response.content.decode()
    assert response.status_code == 410
    assert "该链接已过期（有效期至 2026-12-26）" in text
    assert "This link has expired (it was valid until 2026-12-26)" in text
    assert SurveyAnswer.objects.count() == 0


def test_the_public_page_of_a_tampered_link(client, launched):
    # given
    wang = SurveyInvitation.objects.get(name="王主任")
    # when
    response = client.get(f"/followups/s/{token_of(wang)[:-3]}abc/")
    # then
    assert response.status_code == 404
    assert "链接无效，请检查链接是否完整" in response.content.decode()


def test_a_missing_answer_shows_the_form_again_with_the_message(client, launched):
    # given
    wang = SurveyInvitation.objects.get(name="王主任")
    q = list(launched.questions.all())
    # when
    response = client.post(f"/followups/s/{token_of(wang)}/", {f"q{q[0].pk}": "5", f"q{q[1].pk}": "yes"})
    # then
    text = response.content.decode()
    assert response.status_code == 400
    assert "请回答第3题" in text
    assert "Please answer question 3" in text
    assert f'id="q{q[0].pk}-5" value="5" checked' in text
    assert (SurveyAnswer.objects.count(), SurveyInvitation.objects.get(pk=wang.pk).responded_at) == (0, None)
