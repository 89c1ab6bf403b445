"""Sign-in limits (issue 9, defect 6): one lockout per username for the login page, the admin login and the API."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import override_settings

pytestmark = pytest.mark.django_db

PASSWORD = "pw-Secret-123"  # the root conftest's make_user password
TOKEN = "/api/v1/auth/token"


def token(client, username, password, **extra):
    return client.post(TOKEN, {"username": username, "password": password}, content_type="application/json", **extra)


def test_twelve_wrong_passwords_on_the_token_endpoint_end_in_429(client, agent):
    answers = [token(client, "agent", f"wrong-{n}").status_code for n in range(12)]
    assert answers[:4] == [401] * 4
    assert set(answers[4:]) == {429}
    refused = token(client, "agent", "wrong")
    assert refused.json()["code"] == "login_throttled"
    assert refused.json()["message_zh"] == "登录失败次数过多，请 15 分钟后再试"


def test_twelve_wrong_passwords_on_the_admin_login_end_in_429(client, admin_user):
    answers = [
        client.post("/admin/login/", {"username": "admin1", "password": f"wrong-{n}"}).status_code for n in range(12)
    ]
    assert answers[:4] == [200] * 4  # the admin's own form with its error
    assert set(answers[4:]) == {429}
    right = client.post("/admin/login/", {"username": "admin1", "password": PASSWORD})
    assert right.status_code == 429
    assert "登录失败次数过多" in right.content.decode()


def test_a_username_locked_on_the_login_page_gets_no_token(client, agent):
    for _ in range(5):
        client.post("/login/", {"username": "agent", "password": "wrong"})
    # the right password, through the API
    answer = token(client, "agent", PASSWORD)
    assert answer.status_code == 429
    assert "token" not in answer.json()


def test_a_username_locked_through_the_api_cannot_sign_in_on_the_page(client, agent):
    for _ in range(5):
        token(client, "Agent ", "wrong")  # case and spaces do not make another username
    page = client.post("/login/", {"username": "agent", "password": PASSWORD})
    assert page.status_code == 429
    assert "_auth_user_id" not in client.session


def test_six_failures_for_one_user_do_not_lock_out_another_on_the_same_address(client, agent, make_user):
    make_user("colleague", "agent")
    for _ in range(6):
        client.post("/login/", {"username": "agent", "password": "wrong"}, REMOTE_ADDR="10.0.0.9")
    other = client.post("/login/", {"username": "colleague", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9")
    api = token(client, "colleague", PASSWORD, REMOTE_ADDR="10.0.0.9")
    assert (other.status_code, other["Location"]) == (302, "/tickets/")
    assert api.status_code == 200


def test_the_lock_lifts_after_the_cool_off_and_success_clears_the_failures(client, agent):
    import datetime as dt

    from django.utils import timezone

    for _ in range(5):
        client.post("/login/", {"username": "agent", "password": "wrong"})
    assert token(client, "agent", PASSWORD).status_code == 429
    # fifteen minutes later (axes keeps the time of the last failure)
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=15, seconds=1))
    assert token(client, "agent", PASSWORD).status_code == 200
    assert not AccessAttempt.objects.filter(username="agent").exists()


@override_settings(AFTERSALES_LOGIN_ADDRESS_RATE="3/10m")
def test_many_usernames_from_one_address_are_refused_there_only(client, agent):
    for name in ("a1", "a2", "a3"):
        assert client.post("/login/", {"username": name, "password": "x"}, REMOTE_ADDR="10.9.8.7").status_code == 401
    refused = client.post("/login/", {"username": "agent", "password": PASSWORD}, REMOTE_ADDR="10.9.8.7")
    api = token(client, "agent", PASSWORD, REMOTE_ADDR="10.9.8.7")
    elsewhere = client.post("/login/", {"username": "agent", "password": PASSWORD}, REMOTE_ADDR="10.9.8.8")
    assert refused.status_code == 429
    assert "此地址登录失败次数过多" in refused.content.decode()
    assert api.status_code == 429
    assert elsewhere.status_code == 302


@override_settings(AFTERSALES_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_is_the_one_the_proxy_saw(rf):
    from aftersales.accounts.addresses import client_address

    forged_then_real = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5")
    missing = rf.get("/", REMOTE_ADDR="10.0.0.1")
    garbage = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="not-an-address")
    assert client_address(forged_then_real) == "203.0.113.5"
    assert client_address(missing) == "10.0.0.1"
    assert client_address(garbage) == "10.0.0.1"
