"""A request body over DATA_UPLOAD_MAX_MEMORY_SIZE gets the API's bilingual JSON error, as documented (400)."""

from __future__ import annotations

import json

import pytest


@pytest.mark.django_db
def test_an_oversized_body_is_a_json_400(api_as, agent, customer, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = {
        "customer_id": customer.pk,
        "channel": "phone",
        "severity": 3,
        "title": "打印机卡纸",
        "description": "长" * 2000,
    }
    response = api_as(agent).post("/api/v1/tickets", body)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["code"] == "request_too_large"
