"""Fixtures shared by every test: users per role, an API client with a bearer token, a frozen clock."""

from __future__ import annotations

import datetime as dt
import faulthandler
import json
import os
import sys

import pytest

# the browser fixtures (browser, new_page, page) for the apps' test_browser.py journeys
pytest_plugins = ["aftersales.core.testing.browser"]


def pytest_configure(config):
    import jieba

    jieba.setLogLevel(60)


# A test that runs longer than this is taken to hang: the stacks of all threads are written to the terminal and
# the run stops (exit status 1), instead of running on until CI's limit with nothing to show. faulthandler's
# own thread does it, so it works when a deadlocked thread holds the GIL, where pytest-timeout's thread or
# signal methods would wait too.
HANG_SECONDS = float(os.environ.get("AFTERSALES_TEST_HANG_SECONDS", "600"))


def _terminal_fd(config) -> int:
    """The terminal's stderr: pytest captures file descriptor 2 during a test and keeps the original."""
    capture = getattr(config.pluginmanager.getplugin("capturemanager"), "_global_capturing", None)
    saved = getattr(getattr(capture, "err", None), "targetfd_save", None)
    return saved if isinstance(saved, int) else sys.__stderr__.fileno()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    if HANG_SECONDS <= 0:
        return (yield)
    terminal = _terminal_fd(item.config)
    os.write(terminal, b"")  # fails here, not in the watchdog, if the descriptor is not open
    faulthandler.dump_traceback_later(HANG_SECONDS, exit=True, file=terminal)
    try:
        return (yield)
    finally:
        faulthandler.cancel_dump_traceback_later()


@pytest.fixture
def make_user(db):
    from aftersales.accounts.models import User

    def make(username: str = "agent", role: str = "agent", customer=None, **extra):
        return User.objects.create_user(
            username=username,
            password="pw-Secret-123",
            role=role,
            customer=customer,
            email=extra.pop("email", f"{username}@example.com"),
            **extra,
        )

    return make


class ApiClient:
    """Django's test client speaking JSON with a bearer token."""

    def __init__(self, client, token: str | None = None):
        self.client = client
        self.token = token

    def _headers(self, headers):
        h = {}
        if self.token:
            h["HTTP_AUTHORIZATION"] = f"Bearer {self.token}"
        for key, value in (headers or {}).items():
            h["HTTP_" + key.upper().replace("-", "_")] = value
        return h

    def get(self, path, params=None, headers=None):
        return self.client.get(path, params or {}, **self._headers(headers))

    def post(self, path, body=None, headers=None):
        return self.client.post(path, json.dumps(body or {}), content_type="application/json", **self._headers(headers))

    def patch(self, path, body=None, headers=None):
        return self.client.patch(
            path, json.dumps(body or {}), content_type="application/json", **self._headers(headers)
        )


@pytest.fixture
def api_as(client, make_user):
    """api_as(user) → an ApiClient authenticated as `user` with a real token from POST /api/v1/auth/token."""

    def login(user):
        response = ApiClient(client).post(
            "/api/v1/auth/token", {"username": user.username, "password": "pw-Secret-123"}
        )
        assert response.status_code == 200, response.content
        return ApiClient(client, response.json()["token"])

    return login


@pytest.fixture
def agent(make_user):
    return make_user("agent", "agent")


@pytest.fixture
def admin_user(make_user):
    return make_user("admin1", "admin", is_staff=True, is_superuser=True)


@pytest.fixture
def customer(db, agent):
    from aftersales.customers import services

    return services.customer_create(
        actor=agent, name="合肥市第一人民医院信息科", address="合肥市庐阳区淮河路390号", phone="0551-62799596"
    )


@pytest.fixture
def province_customer(db, agent):
    from aftersales.customers import services

    return services.customer_create(actor=agent, name="阜阳市国土资源局", address="阜阳市清河路博物馆东")


@pytest.fixture
def asset(customer, agent):
    from aftersales.assets import services

    return services.asset_create(
        actor=agent,
        customer_id=customer.pk,
        vendor="戴尔",
        model="PowerEdge R750",
        serial="7XK2M93",
        purchased_on=dt.date(2026, 3, 1),
        category="服务器",
    )


@pytest.fixture
def frozen_now():
    """Pin the clock: `with frozen_now(at): ...`."""
    from aftersales.core import clock

    return clock.frozen


@pytest.fixture(autouse=True)
def _clear_caches():
    """Forget in-process caches between tests (skipped for pure policy runs without Django)."""
    from django.conf import settings

    if settings.configured:
        from aftersales.api import auth
        from aftersales.sla import selectors

        selectors.clear_cache()
        auth.forget_kept_tokens()
    return
