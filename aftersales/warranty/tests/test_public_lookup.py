"""The public warranty lookup: no account, no customer data, exact serials, a rate limit per address."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v1/public/warranty"
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def server(make_asset):
    return make_asset("7XK2M93", dt.date(2026, 3, 1), model="PowerEdge R750", category="服务器", site="信息科三楼机房")


def test_lookup_needs_no_account_and_shows_only_the_product_and_its_warranty(client, server, customer, at_time):
    with at_time(2026, 6, 1, 9):
        response = client.get(URL, {"serial": "7XK2M93"})

    assert response.status_code == 200
    assert response.json() == {
        "serial": "7XK2M93",
        "model": "PowerEdge R750",
        "category": "服务器",
        "vendor": "戴尔",
        "on": "2026-06-01",
        "warranty_start": "2026-03-02",
        "covered_until": "2029-03-01",
        "covered_by": "厂商保修（戴尔）",
        "in_warranty": True,
        "remedy": "repair",
        "labour_fee": "free",
        "parts_fee": "free",
        "reasons": [
            {
                "code": "in_warranty",
                "zh": "在保修期内（至2029-03-01），免费维修",
                "en": "In warranty (until 2029-03-01): free repair",
            }
        ],
    }
    text = response.content.decode()
    for secret in (
        customer.name,
        customer.address,
        "合肥",
        "信息科三楼机房",
        "0551",
        "customer",
        "site",
        "purchased_on",
    ):
        assert secret not in text


def test_serial_is_matched_exactly_ignoring_case_and_surrounding_spaces(client, server):
    assert client.get(URL, {"serial": "  7xk2m93 "}).status_code == 200
    for partial in ("7XK2M9", "XK2M93", "7XK2M93X", "7XK2M9%"):
        response = client.get(URL, {"serial": partial})
        assert response.status_code == 404, partial
        assert response.json()["code"] == "not_found"


def test_unknown_serial_is_404_in_both_languages(client, server):
    response = client.get(URL, {"serial": "NOPE-0000"})

    assert response.status_code == 404
    assert response.json()["message_zh"] == "序列号对应的设备不存在"
    assert response.json()["message_en"] == "Device with this serial number not found"


def test_missing_serial_is_422(client):
    assert client.get(URL).status_code == 422


def test_shared_serial_asks_for_the_vendor(client, server, make_asset):
    make_asset("7xk2m93", dt.date(2026, 4, 1), vendor="华为", model="S5735")

    ambiguous = client.get(URL, {"serial": "7XK2M93"})
    chosen = client.get(URL, {"serial": "7XK2M93", "vendor": " 华为 "})

    assert ambiguous.status_code == 409
    assert ambiguous.json()["code"] == "vendor_required"
    assert ambiguous.json()["message_zh"] == "多个厂商的设备使用此序列号，请选择厂商：华为、戴尔"
    assert chosen.status_code == 200
    assert (chosen.json()["vendor"], chosen.json()["model"]) == ("华为", "S5735")


def test_31st_lookup_from_one_address_within_10_minutes_is_refused(client, server, at_time):
    with at_time(2026, 6, 1, 9, 0):
        answers = [
            client.get(URL, {"serial": "7XK2M93" if i % 2 else "NOPE"}, REMOTE_ADDR="10.1.1.1").status_code
            for i in range(30)
        ]
        refused = client.get(URL, {"serial": "7XK2M93"}, REMOTE_ADDR="10.1.1.1")
        elsewhere = client.get(URL, {"serial": "7XK2M93"}, REMOTE_ADDR="10.1.1.2")

    assert answers == [404, 200] * 15
    assert refused.status_code == 429
    # django-ratelimit's windows are 10 minutes long but start at a point of their own for each address
    minutes = int(re.fullmatch(r"查询过于频繁，请 (\d+) 分钟后再试", refused.json()["message_zh"]).group(1))
    assert 1 <= minutes <= 10
    assert refused.json() == {
        "code": "too_many_lookups",
        "message": f"查询过于频繁，请 {minutes} 分钟后再试 / Too many lookups; try again in {minutes} minutes",
        "message_zh": f"查询过于频繁，请 {minutes} 分钟后再试",
        "message_en": f"Too many lookups; try again in {minutes} minutes",
    }
    assert elsewhere.status_code == 200


def test_the_limit_is_shared_by_every_worker(tmp_path):
    """Two processes (as two gunicorn workers) counting in one database cache: 30 lookups in all, not 30 each."""
    import subprocess
    import sys

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "aftersales.config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "AFTERSALES_VAR_DIR": str(tmp_path),
        "AFTERSALES_WARRANTY_LOOKUP_RATE": "30/1d",  # a day's window: the test never straddles two windows
    }
    env.pop("REDIS_URL", None)
    subprocess.run([sys.executable, "manage.py", "createcachetable"], env=env, check=True, cwd=ROOT)
    worker = (
        "import django; django.setup()\n"
        "from django.test import RequestFactory\n"
        "from aftersales.core.errors import DomainError\n"
        "from aftersales.warranty import throttle\n"
        "served = 0\n"
        "for _ in range(20):\n"
        "    try:\n"
        "        throttle.lookup_count(RequestFactory().get('/warranty/lookup/', REMOTE_ADDR='10.7.7.7'))\n"
        "        served += 1\n"
        "    except DomainError:\n"
        "        pass\n"
        "print(served)\n"
    )
    workers = [
        subprocess.Popen([sys.executable, "-c", worker], env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    served = [int(w.communicate(timeout=120)[0].strip().splitlines()[-1]) for w in workers]
    assert sum(served) == 30, served


def test_the_limit_lifts_when_the_window_ends(client, server, at_time, monkeypatch):
    import time

    from django_ratelimit import core

    start = time.time()
    with at_time(2026, 6, 1, 9, 0):
        for _ in range(30):
            client.get(URL, {"serial": "7XK2M93"}, REMOTE_ADDR="10.1.1.3")
        assert client.get(URL, {"serial": "7XK2M93"}, REMOTE_ADDR="10.1.1.3").status_code == 429
        # django-ratelimit reads the wall clock: ten minutes later the address has a new window
        monkeypatch.setattr(core.time, "time", lambda: start + 600)
        assert client.get(URL, {"serial": "7XK2M93"}, REMOTE_ADDR="10.1.1.3").status_code == 200


def test_lookup_page_shows_the_warranty_without_the_customer(client, server, customer, at_time):
    with at_time(2026, 6, 1, 9):
        page = client.get("/warranty/lookup/", {"serial": "7xk2m93"})

    text = page.content.decode()
    assert page.status_code == 200
    assert 'id="lookup-result"' in text
    assert "PowerEdge R750" in text
    assert "2029-03-01" in text  # Dell's 3 years
    assert "免费维修" in text
    assert customer.name not in text
    assert "信息科三楼机房" not in text


def test_lookup_page_form_and_unknown_serial(client, server):
    empty = client.get("/warranty/lookup/")
    unknown = client.get("/warranty/lookup/", {"serial": "NOPE"})

    assert empty.status_code == 200
    assert 'id="warranty-lookup-form"' in empty.content.decode()
    assert unknown.status_code == 404
    assert "序列号对应的设备不存在" in unknown.content.decode()


def test_lookup_page_shares_the_rate_limit(client, server):
    for _ in range(30):
        client.get(URL, {"serial": "7XK2M93"}, REMOTE_ADDR="10.1.1.4")

    page = client.get("/warranty/lookup/", {"serial": "7XK2M93"}, REMOTE_ADDR="10.1.1.4")

    assert page.status_code == 429
    assert "查询过于频繁" in page.content.decode()
