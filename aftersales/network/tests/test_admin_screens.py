"""The dealer network's configuration screens open with the demo's network in them (a superuser)."""

import pytest
from django.contrib import admin

from aftersales.demo import network as network_demo
from aftersales.demo.loader import DemoReport

pytestmark = pytest.mark.django_db
LABELS = ("supplier", "brand", "dealer", "authorisation", "outlet")


@pytest.mark.parametrize("name", LABELS)
def test_each_screen_lists_and_opens_a_row(admin_client, name):
    # given the demo's network
    network_demo.load(DemoReport(password="demo-pass-2026"))
    model = next(m for m in admin.site._registry if m._meta.label_lower == f"network.{name}")
    first = model._default_manager.order_by("pk").first()
    assert first is not None
    base = f"/admin/network/{name}/"
    # when / then
    assert admin_client.get(base, {"q": "合肥"}).status_code == 200
    assert admin_client.get(f"{base}{first.pk}/change/").status_code == 200
