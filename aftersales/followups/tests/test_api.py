"""The published API of callbacks and surveys: shapes, status codes, roles, the public survey endpoint."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.followups import services
from aftersales.followups.models import Callback, SurveyAnswer, SurveyInvitation
from aftersales.followups.tests.conftest import NOW, QUESTIONS, china, token_of
from aftersales.tickets.models import Ticket

SURVEY = {
    "name": "2026年度客户满意度调查",
    "starts_on": "2026-07-01",
    "ends_on": "2026-12-31",
    "questions": QUESTIONS,
    "target": {"key_accounts_only": True},
}


@pytest.fixture
def callbacks(resolve, customer, now):
    """Three callbacks: due 11-24 (overdue), 11-26 (today), 11-30 (Monday)."""
    return [
        Callback.objects.get(ticket=resolve(customer, at))
        for at in (china(2026, 11, 23, 10), china(2026, 11, 25, 10), china(2026, 11, 27, 10))
    ]


# --------------------------------------------------------------------------------------------- callbacks


def test_list_callbacks_due_before_a_date(api_as, agent, callbacks):
    # when
    response = api_as(agent).get("/api/v1/callbacks", {"status": "pending", "due_before": "2026-11-27"})
    # then
    assert response.status_code == 200
    body = response.json()
    assert [(c["id"], c["due_on"], c["status"]) for c in body["items"]] == [
        (callbacks[0].pk, "2026-11-24", "pending"),
        (callbacks[1].pk, "2026-11-26", "pending"),
    ]
    first = body["items"][0]
    ticket = Ticket.objects.get(pk=callbacks[0].ticket_id)
    assert first == {
        "id": callbacks[0].pk,
        "ticket_id": ticket.pk,
        "ticket_number": ticket.number,
        "ticket_title": "打印服务器无法连接",
        "customer_id": ticket.customer_id,
        "customer_name": "合肥市第一人民医院信息科",
        "resolved_at": "2026-11-23T10:00:00+08:00",
        "due_on": "2026-11-24",
        "status": "pending",
        "attempts": 0,
        "answered_by": "",
        "resolved": None,
        "satisfaction": None,
        "courtesy": None,
        "remarks": "",
        "done_by": None,
        "done_at": None,
        "version": 1,
    }
    assert body["next_cursor"] is None


def test_list_callbacks_pages_with_a_cursor(api_as, specialist, callbacks):
    # when
    client = api_as(specialist)
    first = client.get("/api/v1/callbacks", {"limit": 2}).json()
    second = client.get("/api/v1/callbacks", {"limit": 2, "cursor": first["next_cursor"]}).json()
    # then
    assert [c["id"] for c in first["items"] + second["items"]] == [c.pk for c in callbacks]
    assert second["next_cursor"] is None


def test_listing_callbacks_takes_a_fixed_number_of_queries(api_as, agent, callbacks, django_assert_num_queries):
    # given
    client = api_as(agent)
    client.get("/api/v1/callbacks")
    # when / then: the token, one page with its request, customer and callback specialist
    with django_assert_num_queries(2):
        response = client.get("/api/v1/callbacks")
    assert len(response.json()["items"]) == 3


def test_record_a_callback_result(api_as, specialist, callbacks, now):
    # when
    response = api_as(specialist).post(
        f"/api/v1/callbacks/{callbacks[1].pk}/result",
        {"resolved": True, "satisfaction": 5, "courtesy": 4, "answered_by": "王主任", "remarks": "满意", "version": 1},
    )
    # then
    assert response.status_code == 200
    body = response.json()
    assert (
        body["status"],
        body["satisfaction"],
        body["courtesy"],
        body["resolved"],
        body["done_by"],
        body["done_at"],
        body["version"],
    ) == ("done", 5, 4, True, "huifang", "2026-11-26T10:00:00+08:00", 2)


def test_record_an_unanswered_call(api_as, specialist, callbacks, now):
    # when
    response = api_as(specialist).post(f"/api/v1/callbacks/{callbacks[1].pk}/result", {"reached": False})
    # then
    assert (response.status_code, response.json()["attempts"], response.json()["status"]) == (200, 1, "pending")


def test_an_unhappy_answer_through_the_api_reopens_and_complains(api_as, specialist, callbacks, now):
    # when
    response = api_as(specialist).post(
        f"/api/v1/callbacks/{callbacks[1].pk}/result", {"resolved": False, "satisfaction": 1, "courtesy": 2}
    )
    # then
    from aftersales.complaints.models import Complaint

    assert response.status_code == 200
    assert Ticket.objects.get(pk=callbacks[1].ticket_id).status == "reopened"
    assert list(Complaint.objects.values_list("callback_id", "source")) == [(callbacks[1].pk, "callback")]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        pytest.param({"resolved": True, "satisfaction": 6, "courtesy": 5}, 422, "invalid_input", id="score-6"),
        pytest.param({"resolved": True, "courtesy": 5}, 400, "invalid_score", id="no-satisfaction"),
        pytest.param(
            {"resolved": True, "satisfaction": 5, "courtesy": 5, "mood": "ok"}, 422, "invalid_input", id="unknown-field"
        ),
        pytest.param(
            {"resolved": True, "satisfaction": 5, "courtesy": 5, "version": 9}, 409, "stale_version", id="stale"
        ),
    ],
)
def test_a_refused_result_changes_nothing(api_as, specialist, callbacks, now, body, status, code):
    # when
    response = api_as(specialist).post(f"/api/v1/callbacks/{callbacks[1].pk}/result", body)
    # then
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert Callback.objects.get(pk=callbacks[1].pk).status == "pending"


@pytest.mark.parametrize(
    ("role", "list_status", "record_status"),
    [
        ("callback", 200, 200),
        ("supervisor", 200, 200),
        ("admin", 200, 200),
        ("agent", 200, 403),
        ("engineer", 403, 403),
        ("customer", 403, 403),  # the access table: a role not granted is 403 for everyone
    ],
)
def test_callback_roles(api_as, make_user, customer, callbacks, now, role, list_status, record_status):
    # given
    user = make_user(f"u-{role}", role, customer=customer if role == "customer" else None)
    client = api_as(user)
    # when
    listed = client.get("/api/v1/callbacks")
    recorded = client.post(
        f"/api/v1/callbacks/{callbacks[1].pk}/result", {"resolved": True, "satisfaction": 5, "courtesy": 5}
    )
    # then
    assert (listed.status_code, recorded.status_code) == (list_status, record_status)


def test_an_unknown_callback_is_404(api_as, specialist, db):
    # when
    response = api_as(specialist).post("/api/v1/callbacks/999999/result", {"reached": False})
    # then
    assert (response.status_code, response.json()["code"]) == (404, "not_found")


# ----------------------------------------------------------------------------------------------- surveys


def test_create_launch_answer_and_read_results(api_as, supervisor, world, client):
    # given
    staff = api_as(supervisor)
    # when: created (key accounts only) and launched
    created = staff.post("/api/v1/surveys", SURVEY)
    survey_id = created.json()["id"]
    launched = staff.post(f"/api/v1/surveys/{survey_id}/launch")
    # then
    assert created.status_code == 201
    assert created.json()["target"] == {
        "region_ids": [],
        "key_accounts_only": True,
        "asset_category": "",
        "asset_vendor_id": None,
        "requests_from": None,
        "requests_to": None,
    }
    assert [(q["position"], q["kind"]) for q in created.json()["questions"]] == [
        (1, "rating"),
        (2, "yes_no"),
        (3, "choice"),
        (4, "text"),
    ]
    assert launched.status_code == 200
    assert {k: launched.json()[k] for k in ("invitations", "emails", "phone_items")} == {
        "invitations": 3,
        "emails": 2,
        "phone_items": 1,
    }
    assert (launched.json()["survey"]["status"], launched.json()["survey"]["invitations"]) == ("launched", 3)

    # when: 王主任 opens the link and answers, without an account
    wang = SurveyInvitation.objects.get(name="王主任")
    questions = client.get(f"/api/v1/public/surveys/{token_of(wang)}")
    ids = [q["id"] for q in questions.json()["questions"]]
    answered = client.post(
        f"/api/v1/public/surveys/{token_of(wang)}",
        {"answers": {str(ids[0]): 4, str(ids[1]): True, str(ids[2]): "技术水平"}},
        content_type="application/json",
    )
    results = staff.get(f"/api/v1/surveys/{survey_id}/results")
    # then
    assert questions.status_code == 200
    assert (questions.json()["survey_name"], questions.json()["invitee"], questions.json()["expires_at"]) == (
        "2026年度客户满意度调查",
        "王主任",
        "2026-12-26T10:00:00+08:00",
    )
    assert answered.status_code == 200
    assert answered.json() == {
        "invitation_id": wang.pk,
        "responded_at": "2026-11-26T10:00:00+08:00",
        "response_channel": "link",
    }
    body = results.json()
    assert (body["invitations"], body["responses"], body["response_rate"], body["by_channel"]) == (
        3,
        1,
        0.3333,
        {"link": 1, "phone": 0},
    )
    rating = body["questions"][0]
    assert (rating["answered"], rating["average"], rating["distribution"]) == (
        1,
        4.0,
        {"1": 0, "2": 0, "3": 0, "4": 1, "5": 0},
    )
    assert (body["questions"][1]["yes"], body["questions"][1]["yes_rate"]) == (1, 1.0)
    assert body["questions"][2]["options"] == {"响应速度": 0, "技术水平": 1, "备件供应": 0}


def test_the_public_link_refuses_a_second_answer_with_410(api_as, supervisor, world, client):
    # given
    staff = api_as(supervisor)
    survey_id = staff.post("/api/v1/surveys", SURVEY).json()["id"]
    staff.post(f"/api/v1/surveys/{survey_id}/launch")
    wang = SurveyInvitation.objects.get(name="王主任")
    ids = list(wang.survey.questions.values_list("pk", flat=True))
    answers = {"answers": {str(ids[0]): 5, str(ids[1]): "yes", str(ids[2]): "响应速度"}}
    url = f"/api/v1/public/surveys/{token_of(wang)}"
    client.post(url, answers, content_type="application/json")
    # when
    again = client.post(url, answers, content_type="application/json")
    read = client.get(url)
    tampered = client.get(url[:-2] + "xx")
    # then
    assert (again.status_code, again.json()["code"]) == (410, "survey_link_used")
    assert again.json()["message_en"] == (
        "This survey has already been answered, thank you (each link can be used only once)"
    )
    assert (read.status_code, tampered.status_code) == (410, 404)
    assert SurveyAnswer.objects.count() == 3


def test_phone_entry_through_the_api(api_as, supervisor, specialist, world):
    # given
    staff = api_as(supervisor)
    survey_id = staff.post("/api/v1/surveys", SURVEY).json()["id"]
    staff.post(f"/api/v1/surveys/{survey_id}/launch")
    li = SurveyInvitation.objects.get(name="李工")
    ids = list(li.survey.questions.values_list("pk", flat=True))
    # when
    response = api_as(specialist).post(
        f"/api/v1/survey-invitations/{li.pk}/response",
        {"answers": {str(ids[0]): 3, str(ids[1]): False, str(ids[2]): "备件供应"}},
    )
    # then
    assert (response.status_code, response.json()["response_channel"]) == (200, "phone")


def test_a_survey_with_a_bad_period_is_refused(api_as, supervisor, db):
    # when
    response = api_as(supervisor).post("/api/v1/surveys", SURVEY | {"ends_on": "2026-06-30"})
    # then
    assert (response.status_code, response.json()["code"]) == (400, "survey_period_order")


@pytest.mark.parametrize(
    ("role", "read_status", "write_status"),
    [
        ("callback", 200, 201),
        ("supervisor", 200, 201),
        ("agent", 200, 403),
        ("engineer", 403, 403),
        ("customer", 403, 403),  # the access table: a role not granted is 403 for everyone
    ],
)
def test_survey_roles(api_as, make_user, customer, role, read_status, write_status):
    # given
    user = make_user(f"u-{role}", role, customer=customer if role == "customer" else None)
    client = api_as(user)
    # when
    listed = client.get("/api/v1/surveys")
    created = client.post("/api/v1/surveys", SURVEY)
    # then
    assert (listed.status_code, created.status_code) == (read_status, write_status)


def test_a_customer_cannot_see_a_survey_or_its_results(api_as, supervisor, customer_user, world):
    # given
    survey_id = api_as(supervisor).post("/api/v1/surveys", SURVEY).json()["id"]
    client = api_as(customer_user)
    # when
    got, results, launched = (
        client.get(f"/api/v1/surveys/{survey_id}"),
        client.get(f"/api/v1/surveys/{survey_id}/results"),
        client.post(f"/api/v1/surveys/{survey_id}/launch"),
    )
    # then
    assert (got.status_code, results.status_code, launched.status_code) == (403, 403, 403)


def test_listing_surveys_takes_a_fixed_number_of_queries(
    api_as, supervisor, make_survey, world, django_assert_num_queries
):
    # given
    for n in range(3):
        make_survey(name=f"调查{n}")
    client = api_as(supervisor)
    client.get("/api/v1/surveys")
    # when / then: the token, the page with its counts, then its regions and its questions
    with django_assert_num_queries(4):
        response = client.get("/api/v1/surveys")
    assert [s["name"] for s in response.json()["items"]] == ["调查2", "调查1", "调查0"]


def test_the_reminder_job_runs_through_tasks(api_as, supervisor, world, frozen_now):
    # given
    from aftersales.followups import tasks

    staff = api_as(supervisor)
    survey_id = staff.post("/api/v1/surveys", SURVEY).json()["id"]
    staff.post(f"/api/v1/surveys/{survey_id}/launch")
    # when
    counts = (
        tasks.survey_reminders_job(at=NOW + dt.timedelta(days=7)),
        tasks.surveys_close_job(at=NOW),
        tasks.callbacks_schedule_missing_job(at=NOW),
    )
    # then
    assert counts == (2, 0, 0)
    assert services.survey_reminders_send(at=NOW + dt.timedelta(days=8)) == 0
